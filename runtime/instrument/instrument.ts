// instrument(): the pure text transform (STYLE.md 4). Early-outs for code already instrumented
// (INS-27) and for code acorn rejects (INS-28), one parse, one walk, magic-string edits, a v3
// source map. TypeScript is blanked to JavaScript first, keeping every offset (typescript/strip.ts).
import { Parser, type Options as AcornOptions } from 'acorn';
import type * as ESTree from 'estree';
import MagicString, { type SourceMap } from 'magic-string';
import type { FileProbeTable, InstrumentLevel } from '../format/probes';
import { probeTableArray, type StreamedProbeTable } from '../format/probeTable';
import { sourceToken } from '../format/sourceMark';
import { InstrumentError } from './errors';
import { choosePrefix, INSTRUMENTED_MARKER, isInstrumented } from './marker';
import { LineIndex } from './positions';
import { VisitState } from './state';
import { sourceTooLarge, TooLargeError } from './sizeLimits';
import { lowerJsx } from './jsx';
import { accessorInJavaScript } from './jsAccessor';
import { isTsxFile, isTypeScriptFile, stripTypeScript, TsxParser, type TypeScriptOptions } from './typescript/strip';
import { visitProgram } from './visitor';

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

function parse(code: string, sourceType: 'commonjs' | 'module', jsx: boolean): ESTree.Program {
  const options: AcornOptions = {
    ecmaVersion: 'latest',
    sourceType: sourceType === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: sourceType === 'commonjs',
    allowAwaitOutsideFunction: sourceType === 'module',
  };
  return (jsx ? TsxParser : Parser).parse(code, options) as unknown as ESTree.Program;
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
  if (isTypeScriptFile(options.filename)) {
    try {
      ({ code: js, insertions, trailers } = stripTypeScript(code, options.filename, sourceType, options.typescript));
    } catch (error) {
      if (error instanceof InstrumentError) return { ok: false, reason: 'unsupported', error: error.message };
      return { ok: false, reason: 'parse-error', error: (error as Error).message };
    }
  }
  let ast: ESTree.Program;
  try {
    ast = parse(js, sourceType, isTsxFile(options.filename));
  } catch (error) {
    const refused = isTypeScriptFile(options.filename) ? undefined : accessorInJavaScript(js, error);
    if (refused) return { ok: false, reason: 'unsupported', error: refused.message, nodeRefuses: true };
    return { ok: false, reason: 'parse-error', error: `${(error as Error).message}` };
  }
  try {
    return { ok: true, result: transform({ original: code, js, insertions, trailers }, ast, options, sourceType) };
  } catch (error) {
    if (error instanceof TooLargeError) return { ok: false, reason: 'too-large', error: error.message };
    if (error instanceof InstrumentError) return { ok: false, reason: 'unsupported', error: error.message };
    throw error;
  }
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
}

function transform(
  { original, js, insertions, trailers }: Sources,
  ast: ESTree.Program,
  options: InstrumentOptions,
  sourceType: 'commonjs' | 'module',
): InstrumentResult {
  const prefix = choosePrefix(original);
  const level = options.level ?? 'full';
  const lines = new LineIndex(js);
  const ms = new MagicString(js);
  const state = new VisitState({
    code: js,
    prefix,
    level,
    sourceType,
    lines,
    ms,
    sourceToken: sourceToken(options.sourceHash ?? ''),
  });
  // JSX first: its edits replace JSX's own characters, and what the walk adds at their edges must stay.
  if (isTsxFile(options.filename)) lowerJsx(ast, ms, js, lines, options.typescript?.jsx ?? {}, { sourceType, prefix });
  for (const [at, text] of insertions) ms.appendLeft(at, text); // before the walk: they run first at their offset
  visitProgram(ast, state);
  // After all the walk added at their offset; backwards, so that several at one offset keep their order.
  for (let i = trailers.length - 1; i >= 0; i--) ms.prependRight(trailers[i][0], trailers[i][1]);
  ms.prependLeft(markerOffset(js), INSTRUMENTED_MARKER);
  const map = ms.generateMap({ source: options.filename, includeContent: true, hires: 'boundary' });
  map.sourcesContent = [original];
  const table: StreamedProbeTable = {
    path: options.filename,
    sourceHash: options.sourceHash ?? '',
    sourceType,
    level,
    probes: state.probes.finish(),
  };
  return withParsedProbes({ code: ms.toString(), map, table, runtimeName: prefix });
}

/** The result with `probes` parsed from `table` on first read. */
export function withParsedProbes(result: Omit<InstrumentResult, 'probes'>): InstrumentResult {
  let parsed: FileProbeTable | undefined;
  return Object.defineProperty(result, 'probes', {
    enumerable: false,
    get: () => (parsed ??= { ...result.table, probes: probeTableArray(result.table.probes) }),
  }) as InstrumentResult;
}
