// One file through the loader, whichever module system asked: filter, ask the planner for its
// level, cache or instrument, take a probe base from the shared counter, bind it, append the source
// map (after a CommonJS file's lexer epilogue, kept in its cache entry), register the probe table
// with the drain (a FILE record, with the level and why) and set per-probe flags. Shared by the
// CJS hook, the in-thread ESM hooks and the off-thread ESM loader, so it takes everything it
// touches as a context.
import { Atomics, B } from '../recorder/builtins';
import { writeSync } from 'node:fs';
import type { RecorderSettings } from '../format/environment';
import { MAX_PROBE_ID } from '../format/events';
import { MAX_RECORD_PAYLOAD } from '../format/records';
import { sourceToken } from '../format/sourceMark';
import { RUNTIME_NAME } from '../format/hotPath';
import type { NoteInfo, RegisteredFile } from '../format';
import type { InstrumentLevel, ProbeInfo, ProbeKind } from '../format/probes';
import { probeTableArray, type StreamedProbeTable } from '../format/probeTable';
import type { FlagFields } from '../format/probeFields';
import { packedProbeRecords, packedProbesHeader } from '../format/packedProbes';
import type { RecordLevel } from '../format/plan';
// The instrumenter's small text helpers by their own files, not its index: the index brings acorn
// and the whole transform, which the loader's realm must not carry (they run in instrumentRealm.ts).
import type { InstrumentOptions, InstrumentedWithParts } from '../instrument';
import { cacheableParts } from '../instrument/cacheable';
import { INSTRUMENTED_MARKER, bindAtOffsets, bindProbeBase } from '../instrument/marker';
import { isTsxFileName, isTypeScriptFile } from '../instrument/typescript/fileNames';
import { Control } from '../recorder/layout';
import { flagPendingBreakpoints } from '../recorder/livePending';
import { ProbeFlag, REDACTED_KEY } from '../recorder/limits';
import type { DrainMessage } from '../recorder/drainWorker';
import { base64Text, encodeUtf8Into, latin1Text, utf8Bytes, utf8Length } from '../capturedText';
import { InstrumentCache, MAP_FILE_MIN_LENGTH, sha256, type CachedInstrumentation } from './cache';
import { fileLexerEpilogue } from './cjsLexerEpilogue';
import type { FileFilter } from './globs';
import { createLevelChooser, describeReason, type LevelChooser } from './planner';
import { stripTypeScriptPrivately } from './instrumentRealm';
import { typeScriptOptions, typeScriptVariant } from './tsconfig';
import type { TypeScriptOptions } from '../instrument/typescript/strip';

/**
 * tryInstrument, or the private realm's (instrumentRealm.ts), whose result also carries the cache
 * entry's code and map, made in that realm (`parts`; else the loader makes them from the result).
 */
export type Instrumenter = (code: string, options: InstrumentOptions) => InstrumentedWithParts;

export interface LoaderContext {
  settings: Pick<RecorderSettings, 'level' | 'redact'> &
    Partial<Pick<RecorderSettings, 'plan' | 'root' | 'deferred' | 'live' | 'attributes'>>;
  filter: FileFilter;
  /** The planner: each file's level and why. Built from settings on first use when absent. */
  chooseLevel?: LevelChooser;
  cache: InstrumentCache;
  /** The control block: PROBE_COUNTER is taken with Atomics.add (shared across loader threads). */
  control: Int32Array;
  probeFlags: Uint8Array;
  /** Live sessions: the stop table, where breakpoints pending in a file are flagged as it registers. */
  stopFlags?: Uint8Array;
  post(message: DrainMessage): void;
  instrument: Instrumenter;
  /** In-thread loaders define the alias directly; off-thread ones get it written into the code. */
  defineAlias?: (name: string) => void;
  /** Tells Function.prototype.toString where a source mark's token points (loader/sourceTexts.ts). */
  registerSource?: (token: string, path: string, sourceType: 'commonjs' | 'module', text?: string) => void;
  /** Files instrumented fresh (not from the cache), for tests and the end-of-run note. */
  instrumented: number;
  /**
   * True when the bootloader turned Node's source maps on itself (so crash messages and stacks of
   * instrumented files show the user's own lines): files we do NOT instrument must then keep their
   * plain-run positions, so their own sourceMappingURL comments are neutralized (plainSource).
   */
  hideForeignSourceMaps?: boolean;
}

/** An instrumented file's map as the loader has it: its JSON (text or UTF-8 bytes), or its cached file's URL. */
export type InstrumentedMap = { json: string | Uint8Array } | { fileUrl: string };

/** Code a tool made of the file (a test runner's module), with its source map back to the file. */
export interface TransformedSource {
  inputMap: { json: string; sourceIndex: number };
  /** Given the instrumented code's map: Node keeps none of code compiled by vm. */
  takeMap(map: InstrumentedMap): void;
}

/**
 * A PACKED_PROBES record is closed once it holds this much (plus at most a chunk of probes): each
 * buffer the loader encodes and hands to the drain stays about this small, whatever the file.
 * ~130,000 probes.
 */
const TABLE_RECORD_BYTES = 1 << 20;

/** Node's test for a file's map comment (source_map_cache.js): the last match anywhere in the text. */
const NODE_MAP_COMMENT = /\/[*/]#\s+sourceMappingURL=[^\s]+/g;
/** What may follow a map comment's URL on its line: the end of a block comment, blanks. */
const REST_OF_COMMENT_LINE = /[ \t]*(?:\*\/[ \t]*)?(?:[\n\r\u2028\u2029]|$)/y;
/** A quote in what Node takes for the URL: the "comment" is inside a string. */
const QUOTE = /["'`]/;

/**
 * An uninstrumented file's source as Node should compile it: same length, positions unchanged.
 * Its map comment, the last one Node would read, is made one Node does not read. Text that only
 * looks like one, inside a string (a string constant of tsx or a bundler that writes such comments
 * into its output: a quote, or code after it on its line), is the program's and stays as it is.
 */
export function plainSource(context: Pick<LoaderContext, 'hideForeignSourceMaps'>, source: string): string {
  if (!context.hideForeignSourceMaps || B.stringIndexOf(source, 'sourceMappingURL=') < 0) return source;
  const comment = mapComment(source);
  if (comment === null) return source;
  const at = comment.index;
  // '//# sourceMappingURL=' → '//  sourceMappingURL=': a plain comment, in the same columns.
  return `${B.stringSlice(source, 0, at + 2)} ${B.stringSlice(source, at + 3)}`;
}

/** The URL of the map comment Node would read in `source`, when it is a comment (vmModules.ts). */
export function mapCommentUrl(source: string): string | undefined {
  const comment = mapComment(source);
  return comment === null ? undefined : B.stringSlice(comment[0], B.stringIndexOf(comment[0], '=') + 1);
}

/** The map comment Node would read, when it is a comment; else null. */
function mapComment(source: string): RegExpExecArray | null {
  NODE_MAP_COMMENT.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (
    let match = B.regexpExec(NODE_MAP_COMMENT, source);
    match !== null;
    match = B.regexpExec(NODE_MAP_COMMENT, source)
  )
    last = match;
  if (last === null || B.regexpExec(QUOTE, last[0]) !== null) return null;
  REST_OF_COMMENT_LINE.lastIndex = last.index + last[0].length;
  return B.regexpExec(REST_OF_COMMENT_LINE, source) === null ? null : last;
}

/**
 * What runs of a recorded file instrumentFile left untouched (a parse error, too large, probe ids
 * exhausted): JavaScript as plainSource; TypeScript with its types stripped (offsets kept), as Node
 * ≥ 22.6 runs it, so the program runs, or fails, as it would there, not on its first annotation.
 * Not .tsx, which no Node runs: it fails as Node fails it.
 */
export function uninstrumentedSource(
  context: Pick<LoaderContext, 'hideForeignSourceMaps'>,
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
): string {
  if (!isTypeScriptFile(filename) || isTsxFileName(filename)) return plainSource(context, source);
  try {
    return plainSource(context, stripTypeScriptPrivately(source, filename, sourceType, typeScriptOptions(filename)));
  } catch {
    return source; // the stripper refuses it too: Node's own error, on the file as written
  }
}

const REORDERING = new Set(['sort', 'reverse', 'splice', 'fill', 'copyWithin']);
const NO_ARGUMENT_METHODS = new Set(['pop', 'shift', 'clear']);

export function note(context: LoaderContext, level: NoteInfo['level'], message: string, path?: string): void {
  context.post({ type: 'note', note: { level, message, path } });
}

/** Files outside the recording already registered by a deferred recording in this process. */
const hashedOutside = new B.Set<string>();

/**
 * A file that runs untouched, registered without probes (base 0 resolves nothing) so replay and
 * `info` can say it ran unrecorded; not even hashed, since `none` is meant to cost nothing — except
 * in a deferred recording, whose re-execution refuses code that changed since.
 */
function registerUnrecorded(
  context: LoaderContext,
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  reason: string,
): void {
  context.post({
    type: 'file',
    json: B.JSONStringify({
      path: filename,
      sourceHash: context.settings.deferred ? sha256(source) : '',
      sourceType,
      level: 'none',
      probes: [],
      probeBase: 0,
      reason,
    } satisfies RegisteredFile),
  });
}

/**
 * The code Node should run for this file, or undefined to run it untouched. `keepSourceText`: the
 * FILE record carries the text too (code no reader could read back from `filename`).
 */
export function instrumentFile(
  context: LoaderContext,
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  keepSourceText = false,
  transformed?: TransformedSource,
): string | undefined {
  // A tool's output is JavaScript whatever the file's name (vmModules.ts).
  const typescript = !transformed && isTypeScriptFile(filename);
  if (!typescript && !context.filter(filename)) {
    // Outside the recording (node_modules…): a deferred recording still names it by hash, since its
    // re-execution must refuse dependency code that changed too (once per file and process).
    if (context.settings.deferred && !B.setHas(hashedOutside, filename)) {
      B.setAdd(hashedOutside, filename);
      registerUnrecorded(context, source, filename, sourceType, 'outside the recording (hashed: deferred)');
    }
    return undefined;
  }
  const { level, reason } = plannedLevel(context, filename, typescript);
  if (level === 'none') {
    registerUnrecorded(context, source, filename, sourceType, reason);
    return undefined;
  }
  const sourceHash = sha256(source);
  const tsOptions = typescript ? typeScriptOptions(filename) : undefined;
  const leaf = leafCalls(context, level);
  const variant = `${tsOptions ? typeScriptVariant(tsOptions) : 'js'}${leaf ? '+leaf' : ''}${transformed ? '+mapped' : ''}`;
  const key = context.cache.key(sourceHash, { level, variant, sourceType, path: filename });
  const cached = context.cache.get(key);
  const refusal = context.cache.takeRefusal();
  if (refusal) {
    // Once per process, on stderr too: the user should know someone may have tried to plant code.
    try {
      writeSync(2, `[rewind] ${refusal}\n`);
    } catch {
      // stderr closed
    }
    note(context, 'warning', refusal);
  }
  const sweepReport = context.cache.takeSweepReport();
  if (sweepReport) note(context, 'info', sweepReport);
  Atomics.add(context.control, cached ? Control.CACHE_HITS : Control.CACHE_MISSES, 1);
  const entry =
    cached ?? fresh(context, source, filename, sourceType, sourceHash, key, level, tsOptions, leaf, transformed);
  if (!entry) return undefined;
  const count = entry.table.probes.count;
  const base = Atomics.add(context.control, Control.PROBE_COUNTER, count);
  if (base + count > MAX_PROBE_ID) {
    note(context, 'warning', 'probe ids exhausted: file runs unrecorded', filename);
    return undefined;
  }
  let code = boundCode(entry, base);
  if (entry.runtimeName !== RUNTIME_NAME) code = withAlias(context, code, entry.runtimeName);
  const refused = postProbeTable(context, entry.table, {
    path: filename,
    sourceHash,
    probeBase: base,
    reason,
    ...(keepSourceText ? { sourceText: source } : {}),
  });
  // A chunk of probes no record can hold (probes with megabytes of names): the file runs untouched, and says so.
  if (refused !== undefined) {
    note(context, 'warning', `runs uninstrumented (too large): ${refused}`, filename);
    return undefined;
  }
  context.registerSource?.(sourceToken(sourceHash), filename, sourceType, transformed && source);
  setFlags(context, entry.table, base);
  if (context.stopFlags)
    flagPendingBreakpoints(context.stopFlags, filename, probeTableArray(entry.table.probes, B.JSONParse), base);
  // CommonJS: Node lexes the source it compiles for the names an ES module may import, and our
  // probes hide them; the epilogue (from the entry: a hit never lexes) lists the original's. It
  // starts on a new line after the code, so mapped lines stay put; the map comment stays last.
  const epilogue =
    sourceType === 'commonjs' ? (entry.lexerEpilogue ?? fileLexerEpilogue(source, filename, tsOptions)) : '';
  const mapUrl = sourceMapUrl(context, key, entry);
  transformed?.takeMap(B.stringSlice(mapUrl, 0, 5) === 'data:' ? { json: entry.map } : { fileUrl: mapUrl });
  return `${code}${epilogue}\n//# sourceMappingURL=${mapUrl}\n`;
}

/** Where Node finds the entry's map: a file in the cache folder when large (MAP_FILE_MIN_LENGTH), else a data URL. */
function sourceMapUrl(context: LoaderContext, key: string, entry: CachedInstrumentation): string {
  const { map } = entry;
  const file = entry.mapFile ?? (map.length >= MAP_FILE_MIN_LENGTH ? context.cache.mapUrl(key, map) : undefined);
  if (file) return file;
  // Captured leaves (capturedText.ts), as everywhere on a program's require(): no Buffer method it can patch.
  return `data:application/json;charset=utf-8;base64,${base64Text(typeof map === 'string' ? utf8Bytes(map) : map)}`;
}

/**
 * Regenerable leaves (recorder attribute leafCalls, issue 9 §2; default off): at `full` only, and
 * never in a live session, whose breakpoints and filters are checked on the steps a leaf skips.
 */
function leafCalls(context: LoaderContext, level: RecordLevel): boolean {
  return level === 'full' && context.settings.live !== true && context.settings.attributes?.leafCalls === true;
}

/**
 * The planner's choice for this file, and why. TypeScript must be transformed whatever the plan
 * says (the instrumenter strips its types), so `none` becomes `calls` there, and the reason says so.
 */
function plannedLevel(
  context: LoaderContext,
  filename: string,
  typescript: boolean,
): { level: RecordLevel; reason: string } {
  context.chooseLevel ??= createLevelChooser({
    level: context.settings.level,
    plan: context.settings.plan,
    root: context.settings.root ?? '',
  });
  const planned = context.chooseLevel(filename);
  if (typescript && planned.level === 'none')
    return { level: 'calls', reason: `${describeReason(planned)}; none → calls: TypeScript is always transformed` };
  return { level: planned.level, reason: describeReason(planned) };
}

function fresh(
  context: LoaderContext,
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  sourceHash: string,
  key: string,
  level: InstrumentLevel,
  typescript: TypeScriptOptions | undefined,
  leaf: boolean,
  transformed: TransformedSource | undefined,
): CachedInstrumentation | undefined {
  let outcome: ReturnType<Instrumenter>;
  try {
    outcome = context.instrument(source, {
      filename,
      sourceType,
      level,
      sourceHash,
      typescript,
      leaf,
      ...(transformed ? { inputMap: transformed.inputMap } : {}),
    });
  } catch (error) {
    note(context, 'warning', `not instrumented: ${(error as Error).message}`, filename);
    return undefined;
  }
  if (!outcome.ok) {
    // Too large: a warning (shown by `info` too), since the user expected this file recorded.
    if (outcome.reason !== 'already-instrumented')
      note(
        context,
        outcome.reason === 'too-large' ? 'warning' : 'info',
        `runs uninstrumented (${outcome.reason}): ${outcome.error}`,
        filename,
      );
    // TypeScript that needs code generation Rewind does not do, which Node cannot run either: say
    // so before Node's own SyntaxError about raw TypeScript (issue 14 item 8).
    if (
      (outcome.reason === 'unsupported' || outcome.reason === 'too-large') &&
      (isTypeScriptFile(filename) || outcome.nodeRefuses === true)
    ) {
      try {
        writeSync(
          2,
          `[rewind] ${filename}: ${B.stringSlice(outcome.error, B.stringIndexOf(outcome.error, '] ') + 2)}; it runs uninstrumented\n`,
        );
      } catch {
        // stderr closed
      }
    }
    return undefined;
  }
  context.instrumented++;
  const { result } = outcome;
  const parts = outcome.parts ?? cacheableParts(result);
  const entry: CachedInstrumentation = {
    code: parts.code,
    map: parts.map,
    table: { ...result.table, sourceHash },
    runtimeName: result.runtimeName,
    // Lexed once here, whichever path made the entry, so any later hit (any Node version) has it.
    ...(sourceType === 'commonjs' ? { lexerEpilogue: fileLexerEpilogue(source, filename, typescript) } : {}),
  };
  context.cache.set(key, entry);
  return entry;
}

/** The entry's code with its probe ids made global from `base`. */
function boundCode(entry: CachedInstrumentation, base: number): string {
  const { code } = entry;
  if (typeof code === 'string') return bindProbeBase(code, base, entry.runtimeName);
  const bound = bindAtOffsets(code, base);
  // ASCII, so Latin-1 is the same text (decoded without a copy; a UTF-8 decoder took ~70 ms for typescript.js).
  if (bound) return latin1Text(bound);
  // Offsets that are not this code's fields (never from a signed entry of this layout): search it.
  return bindProbeBase(latin1Text(code.bytes), base, entry.runtimeName);
}

function withAlias(context: LoaderContext, code: string, name: string): string {
  if (context.defineAlias) {
    context.defineAlias(name);
    return code;
  }
  // Off-thread (ESM only, always strict, no directive to displace): define it on the marker line.
  const at = code.indexOf(INSTRUMENTED_MARKER);
  // The recorder is a global binding, not a property of globalThis (recorder/globalBinding.ts).
  const statement = `Object.defineProperty(globalThis,${B.JSONStringify(name)},{value:${RUNTIME_NAME},configurable:true});`;
  return at < 0
    ? code
    : code.slice(0, at + INSTRUMENTED_MARKER.length) + statement + code.slice(at + INSTRUMENTED_MARKER.length);
}

/**
 * Posts the probe table as records (format 3.11): the FILE record's JSON with the table's header
 * (counts and the strings its fields name), then PACKED_PROBES records of binary probes
 * (packedProbes.ts), each in a buffer of its own that the post transfers to the drain before the
 * next is made — one bounded record's bytes alive here at a time, whatever the file's size.
 * Posts nothing, and says why, when the header fits no record.
 */
function postProbeTable(
  context: LoaderContext,
  table: StreamedProbeTable,
  fields: Omit<RegisteredFile, 'sourceType' | 'level' | 'probes'>,
): string | undefined {
  const { probes, ...header } = table;
  const json = B.JSONStringify({ ...header, ...fields, probes: [], packedProbes: packedProbesHeader(probes) });
  const jsonBytes = utf8Length(json);
  if (jsonBytes > MAX_RECORD_PAYLOAD)
    return `its probe table's names need ${jsonBytes} bytes, more than a trace record holds (${MAX_RECORD_PAYLOAD})`;
  // Bytes of their own, transferred to the drain (not a pooled Buffer, whose memory is shared).
  const bytes = new Uint8Array(jsonBytes);
  encodeUtf8Into(json, bytes);
  context.post({ type: 'file', json: bytes });
  packedProbeRecords(probes, fields.probeBase, TABLE_RECORD_BYTES, (payload) =>
    context.post({ type: 'file', json: payload, packed: true }),
  );
  return undefined;
}

/**
 * Per-probe flags: they depend on a probe's kind and named fields alone, so each shape is judged
 * once, from its binary code (a large file has a distinct shape per binding: parsing each one's
 * JSON cost typescript.js ~180 ms of every load), and only for the kinds that can have flags.
 */
function setFlags(context: LoaderContext, table: StreamedProbeTable, base: number): void {
  const levelFlags = table.level === 'calls' ? ProbeFlag.IDS_ONLY : 0;
  const probes = table.probes;
  // Each shape's flags, -1 until judged: shapes are small numbers (probeTable.ts shapeOf).
  const byShape = new Int16Array(probes.shapeCount).fill(-1);
  const limit = B.MathMin(probes.count, context.probeFlags.length - base);
  for (let index = 0; index < limit; index++) {
    const shape = probes.shapeOf(index);
    let flags = byShape[shape];
    if (flags < 0) {
      const kind = probes.kindOf(index);
      flags = levelFlags;
      if (B.setHas(FLAGGED_KINDS, kind))
        flags |= probeFlagsFor({ kind, ...probes.shapeFlagFields(shape) }, context.settings.redact);
      byShape[shape] = flags;
    }
    if (flags !== 0) context.probeFlags[base + index] = flags;
  }
}

/** The probe kinds probeFlagsFor can flag: the others' flags are the level's alone. */
const FLAGGED_KINDS: ReadonlySet<ProbeKind> = new Set<ProbeKind>(['write', 'property', 'mutatorCall']);

/** A probe's flags from its kind and the fields that name things (never its range or scope). */
export function probeFlagsFor(probe: FlagFields & Pick<ProbeInfo, 'kind'>, redact: boolean): number {
  let flags = 0;
  // B.regexpExec, not .test(): test() calls the program's RegExp.prototype.exec (and is itself patchable).
  if (redact && probe.kind === 'write' && probe.varName !== undefined && B.regexpExec(REDACTED_KEY, probe.varName))
    flags |= ProbeFlag.REDACT;
  if (probe.kind === 'property') {
    if (probe.propertyKey === undefined) flags |= redact ? ProbeFlag.DYNAMIC_KEY : 0;
    else if (redact && B.regexpExec(REDACTED_KEY, probe.propertyKey)) flags |= ProbeFlag.REDACT;
  }
  if (probe.kind === 'mutatorCall' && probe.operation !== undefined) {
    if (
      B.setHas(REORDERING, probe.operation) ||
      (probe.argumentCount === 0 && !B.setHas(NO_ARGUMENT_METHODS, probe.operation))
    )
      flags |= ProbeFlag.RESNAPSHOT;
  }
  return flags;
}
