// instrument(): the pure text transform (STYLE.md 4). Early-outs for code already instrumented
// (INS-27) and for code acorn rejects (INS-28), one parse, one walk, magic-string edits, a v3
// source map — for a large file, text and map streamed out as the walk goes (streamedOutput.ts).
// TypeScript is blanked to JavaScript first, keeping every offset (typescript/strip.ts).
import { Parser, type Options as AcornOptions } from 'acorn';
import type * as ESTree from 'estree';
import MagicString, { type SourceMap } from 'magic-string';
import type { FileProbeTable, InstrumentLevel } from '../format/probes';
import { probeTableArray, type StreamedProbeTable } from '../format/probeTable';
import { sourceToken } from '../format/sourceMark';
import { RECORDER_MAP_FIELD } from '../format/recorderMaps';
import { InstrumentError } from './errors';
import { choosePrefix, INSTRUMENTED_MARKER, isInstrumented } from './marker';
import { LineIndex } from './positions';
import { InputMap, MappedLineIndex } from './inputMap';
import { VisitState } from './state';
import { sourceTooLarge, STREAMED_OUTPUT_MIN_CHARS, TooLargeError } from './sizeLimits';
import { StreamedOutput, StreamedOutputError } from './streamedOutput';
import { scanModule, walkStatements, type ModuleFacts } from './largeFile';
import { lowerJsx } from './jsx';
import { LineKeepingEdits, LineStartFinder, type LineStarts } from './lineStarts';
import { accessorInJavaScript } from './jsAccessor';
import { isTsxFile, isTypeScriptFile, stripTypeScript, TsxParser, type TypeScriptOptions } from './typescript/strip';
import { visitProgram } from './visitor';
import { moduleEnterOffset } from './functions';

export interface InstrumentOptions {
  /** Absolute path of the source; names the source map's source and picks TypeScript by extension. */
  filename: string;
  /** How Node will load it. Default 'commonjs'. */
  sourceType?: 'commonjs' | 'module';
  /** Default 'full'. */
  level?: InstrumentLevel;
  /** Hex SHA-256 of `code`, computed by the caller (this module may not use node:crypto). Default ''. */
  sourceHash?: string;
  /** A TypeScript file's tsconfig.json settings that change its JavaScript (decorators). */
  typescript?: TypeScriptOptions;
  /** Source characters from which the output streams (default STREAMED_OUTPUT_MIN_CHARS; tests lower it). */
  streamFromChars?: number;
  /** Regenerable leaves (leafShape.ts, recorder option leafCalls): at `full`, in files not streamed. Default off. */
  leaf?: boolean;
  /**
   * `code` is a tool's JavaScript for the file `filename` (whatever its extension), with this map
   * back to it (inputMap.ts): probes then name the file's own positions.
   * `json`: the map's text; `sourceIndex`: which of its sources is the file.
   */
  inputMap?: { json: string; sourceIndex: number };
}

export interface InstrumentResult {
  code: string;
  map: SourceMap;
  /** The probe table with its probes as streamed text (format/probeTable.ts): what the loader writes. */
  table: StreamedProbeTable;
  /** The same probes as objects, parsed when first read (tests, tools): costly on a huge file. */
  readonly probes: FileProbeTable;
  /** The global alias the loader must define for the recorder (RUNTIME_NAME unless the source used it). */
  runtimeName: string;
}

export type TryInstrumentResult =
  | { ok: true; result: InstrumentResult }
  | {
      ok: false;
      reason: 'already-instrumented' | 'parse-error' | 'unsupported' | 'too-large';
      error: string;
      /** Node cannot run the file either (raw TypeScript, `accessor` in JavaScript): the loader says why. */
      nodeRefuses?: boolean;
    };

function parseOptions(sourceType: 'commonjs' | 'module'): AcornOptions {
  return {
    ecmaVersion: 'latest',
    sourceType: sourceType === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: sourceType === 'commonjs',
    allowAwaitOutsideFunction: sourceType === 'module',
  };
}

function parse(code: string, sourceType: 'commonjs' | 'module', jsx: boolean): ESTree.Program {
  return (jsx ? TsxParser : Parser).parse(code, parseOptions(sourceType)) as unknown as ESTree.Program;
}

/** Like instrument(), but says why nothing was produced (for the loader's log). Throws only InstrumentError. */
export function tryInstrument(code: string, options: InstrumentOptions): TryInstrumentResult {
  if (isInstrumented(code))
    return { ok: false, reason: 'already-instrumented', error: 'already instrumented (by Rewind or istanbul/nyc)' };
  const tooLarge = sourceTooLarge(code);
  if (tooLarge) return { ok: false, reason: 'too-large', error: tooLarge };
  const sourceType = options.sourceType ?? 'commonjs';
  let js = code;
  let insertions: Array<[number, string]> = [];
  let trailers: Array<[number, string]> = [];
  let wraps: Array<[number, string, string]> = [];
  if (isTypeScriptSource(options)) {
    try {
      ({
        code: js,
        insertions,
        trailers,
        wraps,
      } = stripTypeScript(code, options.filename, sourceType, options.typescript));
    } catch (error) {
      if (error instanceof InstrumentError) return { ok: false, reason: 'unsupported', error: error.message };
      return { ok: false, reason: 'parse-error', error: (error as Error).message };
    }
  }
  // A large file is parsed as it is walked (largeFile.ts); this first pass finds its parse errors.
  const streamed = js.length >= (options.streamFromChars ?? STREAMED_OUTPUT_MIN_CHARS) && !isTsxSource(options);
  let syntax: ESTree.Program | ModuleFacts;
  try {
    syntax = streamed
      ? scanModule(js, parseOptions(sourceType), (options.level ?? 'full') === 'full')
      : parse(js, sourceType, isTsxSource(options));
  } catch (error) {
    const refused = isTypeScriptSource(options) ? undefined : accessorInJavaScript(js, error);
    if (refused) return { ok: false, reason: 'unsupported', error: refused.message, nodeRefuses: true };
    return { ok: false, reason: 'parse-error', error: `${(error as Error).message}` };
  }
  const sources = { original: code, js, insertions, trailers, wraps };
  try {
    try {
      return { ok: true, result: transform(sources, syntax, options, sourceType) };
    } catch (error) {
      if (!(error instanceof StreamedOutputError)) throw error;
      // An insertion the streamed output could not take (a bug, not the file's fault): magic-string's way.
      return { ok: true, result: transform(sources, parse(js, sourceType, false), options, sourceType) };
    }
  } catch (error) {
    if (error instanceof TooLargeError) return { ok: false, reason: 'too-large', error: error.message };
    if (error instanceof InstrumentError) return { ok: false, reason: 'unsupported', error: error.message };
    throw error;
  }
}

/** TypeScript by its name, unless the code is a tool's JavaScript for the file (inputMap). */
function isTypeScriptSource(options: InstrumentOptions): boolean {
  return !options.inputMap && isTypeScriptFile(options.filename);
}

function isTsxSource(options: InstrumentOptions): boolean {
  return !options.inputMap && isTsxFile(options.filename);
}

/** The instrumented file, or undefined when it must run untouched (already instrumented, unparsable). */
export function instrument(code: string, options: InstrumentOptions): InstrumentResult | undefined {
  const outcome = tryInstrument(code, options);
  if (outcome.ok) return outcome.result;
  if (outcome.reason === 'unsupported') throw new InstrumentError(outcome.error.replace('[rewind:instrument] ', ''));
  return undefined;
}

function markerOffset(code: string): number {
  const start = code.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!code.startsWith('#!', start)) return start;
  const end = code.slice(0, 4096).search(/[\n\r\u2028\u2029]/);
  return end < 0 ? Math.min(code.length, 4096) : end;
}

interface Sources {
  original: string;
  js: string;
  insertions: Array<[number, string]>;
  trailers: Array<[number, string]>;
  wraps: Array<[number, string, string]>;
}

/** Where TypeScript's lowering inserts before the walk, ascending: no line-starting statement's text moves past. */
function editedOffsets(insertions: Array<[number, string]>, trailers: Array<[number, string]>): number[] {
  return [...insertions, ...trailers].map(([at]) => at).sort((a, b) => a - b);
}

function transform(
  { original, js, insertions, trailers, wraps }: Sources,
  syntax: ESTree.Program | ModuleFacts,
  options: InstrumentOptions,
  sourceType: 'commonjs' | 'module',
): InstrumentResult {
  const prefix = choosePrefix(original);
  const level = options.level ?? 'full';
  const input = options.inputMap
    ? new InputMap(JSON.parse(options.inputMap.json), options.inputMap.sourceIndex)
    : undefined;
  const lines = input ? new MappedLineIndex(js, input) : new LineIndex(js);
  const facts = 'names' in syntax ? syntax : undefined;
  const program = facts ? undefined : (syntax as ESTree.Program);
  const lineStartFinder = new LineStartFinder(
    js,
    facts ? facts.enterAt : moduleEnterOffset((program as ESTree.Program).body),
    editedOffsets(insertions, trailers),
  );
  const output = facts ? new StreamedOutput(js, facts.enterAt) : undefined;
  // The program's own line-starting statements, before anything is inserted (a streamed file's as each
  // comes: largeFile.ts); those of nested lists as the walk reaches them (statements.ts).
  const lineStarts: LineStarts = output ? output.lineStarts : new Map();
  if (program) lineStartFinder.program(program, lineStarts);
  const ms = output ?? new LineKeepingEdits(js, lineStarts);
  const state = new VisitState({
    code: js,
    prefix,
    level,
    sourceType,
    lines,
    ms,
    sourceToken: sourceToken(options.sourceHash ?? ''),
    classWraps: new Map(wraps.map(([end, open, close]) => [end, [open, close]])),
    leaf: options.leaf === true && !facts && level === 'full',
    lineStarts,
    lineStartFinder,
  });
  // JSX first: its edits replace JSX's own characters, and what the walk adds at their edges must stay.
  if (!facts && isTsxSource(options))
    lowerJsx(syntax as ESTree.Program, ms as MagicString, js, lines, options.typescript?.jsx ?? {}, {
      sourceType,
      prefix,
    });
  for (const [at, text] of insertions) ms.appendLeft(at, text); // before the walk: they run first at their offset
  // After all the walk adds at their offset (it inserts on the left only: a right-side insertion
  // follows whatever it adds); backwards, so that several at one offset keep their order.
  const addTrailers = () => {
    for (let i = trailers.length - 1; i >= 0; i--) ms.prependRight(trailers[i][0], trailers[i][1]);
  };
  // The append proof's facts (appendProof.ts): the first pass found them in a large file; else the
  // first append computes them from the whole tree.
  if (facts) state.appendFacts = facts.appendFacts;
  else state.program = syntax as ESTree.Program;
  if (facts && output) {
    addTrailers(); // now, while their offsets are open
    walkStatements(js, parseOptions(sourceType), facts, state, output, lineStartFinder);
  } else {
    visitProgram(syntax as ESTree.Program, state);
    addTrailers();
  }
  ms.prependLeft(markerOffset(js), INSTRUMENTED_MARKER);
  let code: string;
  let map: SourceMap;
  if (output) {
    const streamedOutput = output.finish();
    code = streamedOutput.code;
    map = new MagicString('').generateMap({ source: options.filename, includeContent: true, hires: 'boundary' });
    map.mappings = streamedOutput.mappings;
  } else {
    const edited = ms as LineKeepingEdits;
    edited.settle();
    code = edited.toString();
    map = edited.generateMap({ source: options.filename, includeContent: true, hires: 'boundary' });
  }
  // A tool's code keeps a map to its own text, as V8 positions it: what a plain run's stack shows
  // (Node maps no code compiled by vm), and what the tool's stack mapping expects (inputMap.ts).
  map.sourcesContent = [original];
  // Ours, as stack formatting tells apart from a map the program's loader makes of this code (recorderMaps.ts).
  (map as SourceMap & Record<string, unknown>)[RECORDER_MAP_FIELD] = 1;
  const table: StreamedProbeTable = {
    path: options.filename,
    sourceHash: options.sourceHash ?? '',
    sourceType,
    level,
    probes: state.probes.finish(),
    ...(state.leafFunctions.length ? { leaves: state.leafFunctions } : {}),
  };
  return withParsedProbes({ code, map, table, runtimeName: prefix });
}

/** The result with `probes` parsed from `table` on first read. */
export function withParsedProbes(result: Omit<InstrumentResult, 'probes'>): InstrumentResult {
  let parsed: FileProbeTable | undefined;
  return Object.defineProperty(result, 'probes', {
    enumerable: false,
    get: () => (parsed ??= { ...result.table, probes: probeTableArray(result.table.probes) }),
  }) as InstrumentResult;
}
