// Probe tables: the side table that maps a small integer probe id to a source location and meaning.
// The instrumenter allocates file-local ids 0..n-1 and emits this table; the recorder writes only
// ids; the adapter resolves them. Knows nothing about how ids are encoded in events.

/** 1-based line and 0-based column, as acorn reports them (STYLE.md 6: named bases). */
export interface SourcePosition {
  line1: number;
  column0: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/**
 * What a probe marks. Every event names the probe that produced it; the probe's kind says how to
 * read the event (see events.ts for which event kinds each probe kind emits).
 */
export type ProbeKind =
  | 'module' // a module's top-level body (ENTER/EXIT/SUSPEND/RESUME for top-level await)
  | 'function' // a function, method, arrow, getter/setter, static block, class-field function
  | 'statement' // one executed statement: one STEP
  | 'loopHead' // a loop test/update/iteration: one STEP per evaluation
  | 'return' // a return site (RETURN), including the implicit one at the end of a body
  | 'write' // a variable binding written: declaration, assignment, update, param, loop or catch binding
  | 'property' // o.p = v, o[k] op= v, o.p++ (PROP_SET) or delete o.p (PROP_DELETE)
  | 'mutatorCall' // arr.push(…), map.set(…), set.add(…)… (MUTATOR)
  | 'await' // an await (SUSPEND before, RESUME after)
  | 'yield' // a yield / yield* (SUSPEND before, RESUME after)
  | 'throw' // a throw statement (THROW)
  | 'catch'; // a catch clause entered (CATCH)

export type DeclarationKind =
  'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'import' | 'implicit';

export interface ProbeInfo {
  kind: ProbeKind;
  /** Where the probe's construct starts and ends in the ORIGINAL source (the user's .js or .ts). */
  range: SourceRange;
  /** Local id of the enclosing function/module probe; -1 only for the module probe itself. */
  functionProbe: number;
  /** 'function'/'module': display name ("Foo.bar", "<anonymous>", "<module>"). */
  functionName?: string;
  /** 'function': parameter names in order (destructured params show as their bound names). */
  paramNames?: string[];
  /** 'function': true for async functions, generators and async generators. */
  isAsync?: boolean;
  isGenerator?: boolean;
  /**
   * 'write': the variable's name, how it was declared, and the scope that owns the binding.
   * A function DECLARATION's 'function' probe has them too (varName, 'function', scopeRange): its
   * binding is hoisted to the start of that block, and no event records it. A 'write' WITHOUT
   * varName names no variable: a bindingless `catch {}` writes it only to say which frame resumed.
   */
  varName?: string;
  declarationKind?: DeclarationKind;
  /**
   * 'write': local id of the function probe whose frame owns the binding, or for module scope
   * ModuleScope.functionProbe; the event carries the owning frame's id (ModuleScope.frameId for
   * module scope, -1 if unknown).
   */
  scopeFunctionProbe?: number;
  /** 'write': the block the binding is visible in (shadowing is resolved by this range). */
  scopeRange?: SourceRange;
  /** 'property': the key when it is static (o.p, o["p"]); absent for computed keys. */
  propertyKey?: string;
  /**
   * 'property': 'set' | 'delete'; 'mutatorCall': the method name (push, set, add…), or for a
   * builtin writing through an argument (`<rt>.mb`, re-snapshot after it) the callee's text
   * (`Object.assign`, `Array.prototype.push.call`).
   */
  operation?: string;
  /** 'mutatorCall': how many arguments the event carries (0 when not simple; then a re-snapshot). */
  argumentCount?: number;
  /**
   * 'return': no code can run between this RETURN and its frame's exit (no enclosing `finally`,
   * `for…of` iterator close or `using` disposal in its function), so the recorder writes no EXIT
   * after it (format 3): the RETURN itself ends the frame. Absent: an EXIT follows, as before.
   */
  endsFrame?: boolean;
}

/**
 * Probe ids come in two scopes, and neither is global to a recording:
 * - a FILE-LOCAL id indexes one file's `probes` (0..n-1), as the instrumenter allocates them;
 * - a PRODUCER-SCOPED id is what events carry: the file's `probeBase` + its local id. Bases are
 *   assigned by each producer's loader as it loads files, so they are unique only within that
 *   producer (one process or thread): every producer starts from the same base, and the same id in
 *   two producers names different code. A reader resolves an event's probe with the FILE records
 *   of the event's own producer (the record header's producerId), never with another's.
 * Both are plain numbers on the hot path; these aliases name which one a signature means.
 */
export type LocalProbeId = number;
export type ProducerProbeId = number & { readonly __probeScope: 'producer' };

/** The producer-scoped id of a file's local probe (its FILE record's probeBase + the local id). */
export function producerProbeId(probeBase: number, localId: LocalProbeId): ProducerProbeId {
  return (probeBase + localId) as ProducerProbeId;
}

/** One instrumented file's probes. Producer-scoped probe id = the file's base (assigned at load) + local id. */
export interface FileProbeTable {
  /** Absolute path of the original source file. */
  path: string;
  /** Hex SHA-256 of the original source text (identifies the version that was run). */
  sourceHash: string;
  /** 'commonjs' | 'module' as instrumented. */
  sourceType: 'commonjs' | 'module';
  /** The level it was instrumented at. */
  level: InstrumentLevel;
  probes: ProbeInfo[];
  /**
   * Functions instrumented as regenerable leaves (recorder option leafCalls, issue 9 §2): a call
   * whose arguments pass the entry guard writes one EXT LEAF_CALL event instead of its steps, and
   * readers re-run `source` to make them (debug-adapter/trace/regenerate*.ts). Absent: none.
   */
  leaves?: LeafFunction[];
}

/** One regenerable leaf of a file (FileProbeTable.leaves). */
export interface LeafFunction {
  /** Local id of its 'function' probe. */
  probe: number;
  /** Its code as instrumented at `full`, local probe ids unbound: an expression once parenthesised. */
  source: string;
  /** The runtime name its code calls the recorder by (`<prefix>s(…)` or `<prefix>.s(…)`). */
  prefix: string;
  /** The module constants it reads, by name, with their literal values. */
  constants: Record<string, number | boolean | null>;
  /**
   * Bindings outside it whose properties it reads (`Direction.FORWARD`, format 3.6): a reader
   * answers those reads, like its `this`'s and its object arguments', from the call's LEAF_READS.
   */
  receivers?: string[];
}

export type InstrumentLevel = 'full' | 'calls';

/**
 * A probe table placed in a recording by one producer (its FILE record): with its base, so that
 * producer's ids resolve to (file, probe). Another producer loading the same file sends its own.
 * A file planned at level `none` is registered too (no probes, base 0) so readers can say it ran
 * unrecorded; `reason` says why the plan gave the file its level (absent in older traces).
 */
export interface RegisteredFile extends Omit<FileProbeTable, 'level'> {
  level: InstrumentLevel | 'none';
  /** The producer-scoped id of local probe 0 (producerProbeId() adds a local id to it). */
  probeBase: number;
  reason?: string;
  /** The text itself, for code no path can be read back from (an eval worker's: `[worker eval]`). */
  sourceText?: string;
  /**
   * The whole table's probe count when it is larger than `probes` (format 3.3): the rest follows
   * in PROBES records (records.ts), joined by readers (fileParts.ts). Absent when `probes` is all.
   */
  probeCount?: number;
  /**
   * Format 3.11: the table is in PACKED_PROBES records (packedProbes.ts), `probes` is [] in the
   * FILE record; readers fill it from them (fileParts.ts). Absent in older traces.
   */
  packedProbes?: PackedProbesHeader;
}

/** The FILE record's field for a binary table (format 3.11, packedProbes.ts). */
export interface PackedProbesHeader {
  probeCount: number;
  /** Distinct sets of other fields, numbered 1…fieldSets (0: none). */
  fieldSets: number;
  strings: string[];
}

/** A PROBES record's payload: probes `from`… of the FILE with this probeBase (same producer). */
export interface ProbesPart {
  probeBase: number;
  from: number;
  probes: ProbeInfo[];
}
