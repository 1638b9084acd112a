// The per-file visit state (istanbul's VisitState): the text being edited (magic-string or streamed), the probe table
// being packed (format/probeTable.ts: no object nor text kept per probe), the stack of function
// frames and scopes, and the helpers that spell hot-path calls. Handlers read and edit through it;
// it knows no node types beyond positions.
import { MAX_PROBES_PER_FILE, tooManyProbes } from './sizeLimits';
import type { Node, Program } from 'estree';
import type { NestedWrites } from './appendProof';
import type { RecorderHotPath } from '../format/hotPath';
import type { InstrumentLevel, LeafFunction, ProbeInfo, ProbeKind } from '../format/probes';
import { ProbeTableWriter } from '../format/probeTable';
import { probeIdField } from './marker';
import type { LineIndex } from './positions';
import type { LineStartFinder, LineStarts } from './lineStarts';
import type { Scope } from './scope';

/** A character that continues an identifier or keyword (what a following identifier would merge with). */
const IDENTIFIER_CHAR = /[\p{ID_Continue}$\u200c\u200d]/u;

export interface FunctionFrame {
  /** 0 for the module, 1 for a top-level function… names the frame variable `<prefix>f<depth>`. */
  depth: number;
  probeId: number;
  isAsync: boolean;
  isGenerator: boolean;
  /** > 0 while visiting parameters: the body's frame variable is not visible there. */
  noFrame: number;
  /** > 0 where no `var` temp can be declared (parameters, class field initializers). */
  noTemps: number;
  tempsInUse: number;
  tempsMax: number;
  /** A non-arrow function: `this` inside it (outside nested functions) is its own. */
  ownsThis: boolean;
  /**
   * A plain function (not a method, accessor, class constructor, async or generator function): run
   * by `new` (new.target defined), its `this` is the ordinary object [[Construct]] made for the call.
   */
  constructsThis: boolean;
  /** Some `this.p = v` in it caches `this`'s identity entry in `<prefix>o<depth>` (thisEntryCache). */
  cachesThis: boolean;
}

/** The edits the walk makes: insertions only (magic-string, or streamedOutput.ts for a large file). */
export interface TextEdits {
  appendLeft(offset: number, text: string): unknown;
  prependLeft(offset: number, text: string): unknown;
  prependRight(offset: number, text: string): unknown;
  /** Whether anything was inserted or edited at `offset` yet. */
  touched(offset: number): boolean;
  /** Source start..end, on one line, to `index` before it (async.ts: a line-starting `await`, to the line before). */
  move(start: number, end: number, index: number): unknown;
}

export interface StateOptions {
  code: string;
  prefix: string;
  level: InstrumentLevel;
  sourceType: 'commonjs' | 'module';
  lines: LineIndex;
  ms: TextEdits;
  /** Names the file's source in source marks (sourceMarks.ts); '' puts none. */
  sourceToken?: string;
  /** TypeScript's code around a class, by the class's end offset (typescript/strip.ts `wraps`). */
  classWraps?: ReadonlyMap<number, readonly [string, string]>;
  /** Instrument regenerable leaves (leafShape.ts): at `full`, on a file not streamed out. */
  leaf?: boolean;
  /**
   * The statements that start their line (lineStarts.ts), each known before the walk inserts in it: what is
   * inserted at their start lands before the line break.
   */
  lineStarts?: LineStarts;
  /** Registers the statements of nested lists in `lineStarts` as the walk reaches them (statements.ts). */
  lineStartFinder?: LineStartFinder;
}

export class VisitState {
  readonly probes = new ProbeTableWriter();
  readonly frames: FunctionFrame[] = [];
  scope: Scope | undefined;
  /** Class display names, innermost last, for "Class.method" function names. */
  readonly classNames: string[] = [];
  /** for-await loop → its 'await' probe, shared by the code before, inside and after the loop. */
  readonly forAwaitProbes = new Map<Node, number>();
  /** A statement → its STEP probe (whose range is the statement), for the loops closureScopes.ts marks. */
  readonly statementProbes = new Map<Node, number>();
  /**
   * A loop → its hidden iteration binding (closureScopes.ts), for the closures made in it: in a
   * `for (let …)` head (seen from its test, update and body), or at the start of its body.
   */
  readonly loopTokens = new Map<Node, { name: string; bodyOnly: boolean }>();
  /** The nodes being visited, outermost first (estree-walker only hands out the parent). */
  readonly ancestors: Node[] = [];
  /** Hot-path functions the file calls, for its alias declaration (CommonJS and scripts). */
  readonly usedMethods = new Set<keyof RecorderHotPath>();
  /** The file's regenerable leaves (FileProbeTable.leaves), as their functions are left. */
  readonly leafFunctions: LeafFunction[] = [];
  /** Module-level constants with a literal value (leafShape.ts), set by the Program handler when leaves are on. */
  leafConstants: ModuleConstants | undefined;
  /** The whole file's syntax (instrument.ts; a large file streamed out has none). */
  program: Program | undefined;
  /** What appendProof.ts learnt of the file's writes: a large file's first pass, else computed at the first append. */
  appendFacts: NestedWrites | undefined;

  constructor(readonly options: StateOptions) {}

  get code(): string {
    return this.options.code;
  }
  get prefix(): string {
    return this.options.prefix;
  }
  get full(): boolean {
    return this.options.level === 'full';
  }
  get fn(): FunctionFrame {
    return this.frames[this.frames.length - 1];
  }

  probe(kind: ProbeKind, start: number, end: number, extra: Partial<ProbeInfo> = {}): number {
    const functionProbe = this.frames.length ? this.fn.probeId : -1;
    if (this.probes.count >= MAX_PROBES_PER_FILE) throw tooManyProbes();
    return this.probes.add(kind, this.options.lines.range(start, end), functionProbe, extra);
  }

  /** The fixed-width literal the loader turns into the global probe id (marker.ts bindProbeBase). */
  id(probeId: number): string {
    return probeIdField(probeId);
  }

  /** Module-local aliases are safe only where nothing can run before the module body (hotPath.ts). */
  get usesAliases(): boolean {
    return this.options.sourceType !== 'module';
  }

  /** `<prefix><method>(` (alias) or `<rt>.<method>(` in ES modules — a hot-path call's opening; callers close it. */
  open(method: keyof RecorderHotPath): string {
    if (!this.usesAliases) return `${this.prefix}.${method}(`;
    this.usedMethods.add(method);
    return `${this.prefix}${method}(`;
  }

  /** `var <prefix>s=<prefix>.s,…;` for the methods used: what the module must run first ('' for ES modules). */
  aliasDeclaration(): string {
    if (!this.usesAliases || this.usedMethods.size === 0) return '';
    return `var ${[...this.usedMethods].map((method) => `${this.prefix}${method}=${this.prefix}.${method}`).join(',')};`;
  }

  /** The node `levels` above the one being visited (1 = its parent). */
  ancestor(levels: number): Node | undefined {
    return this.ancestors[this.ancestors.length - 1 - levels];
  }

  frameVar(depth: number): string {
    return `${this.prefix}f${depth}`;
  }

  /**
   * The frame id expression for a binding owned by the function at `depth`, from here: '-1'
   * (unknown) while inside that function's parameters, where its frame variable is not in scope.
   */
  frameRef(depth: number): string {
    return (this.frames[depth]?.noFrame ?? 0) > 0 ? '-1' : this.frameVar(depth);
  }

  insert(pos: number, text: string): void {
    // Minified code puts a keyword right against its operand (`return(a&b)`, `throw(e)`): text
    // starting with an identifier there would merge into `return$rw$…`. A space keeps the tokens
    // apart (it only lands where the output was broken; columns are mapped by the source map).
    if (pos > 0 && IDENTIFIER_CHAR.test(text[0] ?? '') && IDENTIFIER_CHAR.test(this.code[pos - 1])) text = ` ${text}`;
    this.options.ms.appendLeft(pos, text);
  }

  /** Reserves `count` temps for the node being entered; release them when it is left. */
  takeTemps(count: number): string[] | undefined {
    const fn = this.fn;
    if (fn.noTemps > 0) return undefined;
    const names: string[] = [];
    for (let i = 0; i < count; i++) names.push(`${this.prefix}t${fn.tempsInUse + i}`);
    fn.tempsInUse += count;
    fn.tempsMax = Math.max(fn.tempsMax, fn.tempsInUse);
    return names;
  }

  releaseTemps(count: number): void {
    this.fn.tempsInUse -= count;
  }

  /**
   * The frame variable caching this function's `this` identity entry for its PROP_SETs
   * (`<prefix>o<depth>`, undefined until the first), or undefined where `this` is not the running
   * function's own (arrows, the module, class fields) or no `var` is visible (parameters).
   */
  thisEntryCache(): string | undefined {
    const fn = this.fn;
    if (!fn.ownsThis || fn.noTemps > 0 || fn.noFrame > 0) return undefined;
    fn.cachesThis = true;
    return `${this.prefix}o${fn.depth}`;
  }

  /** Whether the function thisEntryCache() named is a plain one, whose `new.target` says how `this` was made. */
  constructsThis(): boolean {
    return this.fn.constructsThis;
  }

  /**
   * `;var <prefix>t0,…` (and the this-entry cache) for the frame being closed ('' when it used none). Hoisted, so it
   * can go last.
   */
  tempDeclaration(frame: FunctionFrame): string {
    const names: string[] = [];
    for (let i = 0; i < frame.tempsMax; i++) names.push(`${this.prefix}t${i}`);
    if (frame.cachesThis) names.push(`${this.prefix}o${frame.depth}`);
    return names.length === 0 ? '' : `;var ${names.join(',')}`;
  }
}

/** A module binding a leaf may read as a constant (leafShape.ts moduleConstants). */
export interface ModuleConstant {
  value: LeafFunction['constants'][string];
  /** A `var`: undefined before its declaration runs. */
  hoisted: boolean;
}

/** The module's constants; `dynamic`: it has `eval` or `with`, so it has none, and leaves read no binding outside. */
export interface ModuleConstants {
  constants: Map<string, ModuleConstant>;
  dynamic: boolean;
}
