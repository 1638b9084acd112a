// Stack traces of instrumented code as a plain run prints them (INS-19; issue 14 items 1, 2, 5).
// V8 knows only the instrumented code's positions; the recorder turns Node's source maps on so a
// crash's source line is the user's, but Node's mapped formatter then prints every frame of a
// mapped file its own way (`at <anonymous> (f.js:2:5)` for `at f.js:2:5`, `K.get g` for
// `get g [as g]`) and leaves `eval at` origins unmapped. So Node's own `Error.prepareStackTrace`
// (a plain data property both Node 20 and 24 define) is replaced, before user code, by a stand-in
// that looks like it and hands Node's formatter each instrumented frame as the text V8 would print,
// its positions mapped to the user's. CallSite methods cannot be replaced (V8 makes them
// read-only): a program's own Error.prepareStackTrace is handed look-alikes (programFormatter.ts).
// Frames of Rewind's own (hiddenFrames.ts) are left out.
// Knows CallSites, Node's SourceMap and stack text; not recording, not which files are instrumented.
import { B } from './builtins';
import { decimal, disguise } from './functionText';
import { lookAlikes } from './callSiteLookAlike';
import { nodeFormatter, setStandIn } from './nodeStackFormatter';
import { isHiddenFrame, isNativeBoundary, mayHideFramesOf, plainFrameCount } from './hiddenFrames';
import { fastMicrotaskStartedLast, slowPathFramesAt } from './fastMicrotasks';
import { installProgramFormatters } from './programFormatter';

/** The part of Node's `module.SourceMap` used here. */
interface SourceMapEntry {
  originalLine?: number;
  originalColumn?: number;
}
type FindEntry = (line0: number, column0: number) => SourceMapEntry;

export interface StackFormatSources {
  /** Whether `fileName` (a path, or a file: URL for ES modules) is a file the loaders instrumented. */
  isInstrumented(fileName: string): boolean;
  /** Node's `module.findSourceMap`, captured before the program runs. */
  findSourceMap(fileName: string): object | undefined;
  /** Node's `module.SourceMap.prototype.findEntry`. */
  findEntry: FindEntry;
}

type Method = (this: unknown, ...args: never[]) => unknown;
export interface CallSiteMethods {
  getFileName: Method;
  getFunctionName: Method;
  getLineNumber: Method;
  getColumnNumber: Method;
  getEnclosingLineNumber?: Method;
  getEnclosingColumnNumber?: Method;
  getEvalOrigin: Method;
  isEval: Method;
  toString: Method;
}
/** A position as stacks print it: 1-based line and column. */
export interface UserPosition {
  line: number;
  column: number;
}

/**
 * Replaces Node's `Error.prepareStackTrace` with the stand-in. Nothing is done where Node defines
 * none (older versions) or where something else replaced it before the recorder loaded.
 */
export function installStackFormat(sources: StackFormatSources): void {
  const descriptor = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  const original = descriptor?.value as Method | undefined;
  if (
    original !== nodeFormatter ||
    typeof original !== 'function' ||
    !descriptor!.writable ||
    !descriptor!.configurable
  )
    return;
  if (B.stringIndexOf(B.functionToString(original), 'function ErrorPrepareStackTrace(') !== 0) return;
  const callSites = callSitePrototype();
  if (!callSites) return;
  // Captured now: the program may replace the prototype's members' holders later, never the methods.
  const methods = capturedMethods(callSites.methods);
  const frames = frameTexts(methods, sources);
  // A plain function like Node's (it has a prototype); `this` is whatever Node's callback passed.
  function ErrorPrepareStackTrace(this: unknown, error: unknown, trace: unknown): unknown {
    return B.apply(original!, this, [error, frames.printable(trace)] as never[]);
  }
  disguise(ErrorPrepareStackTrace, original);
  setStandIn(ErrorPrepareStackTrace);
  B.defineProperty(B.Error, 'prepareStackTrace', { ...descriptor, value: ErrorPrepareStackTrace });
  installProgramFormatters(ErrorPrepareStackTrace, lookAlikes(callSites.prototype, frames));
}

function capturedMethods(prototype: CallSiteMethods): CallSiteMethods {
  const { getFileName, getFunctionName, getLineNumber, getColumnNumber } = prototype;
  const { getEnclosingLineNumber, getEnclosingColumnNumber, getEvalOrigin, isEval, toString } = prototype;
  return {
    getFileName,
    getFunctionName,
    getLineNumber,
    getColumnNumber,
    getEnclosingLineNumber,
    getEnclosingColumnNumber,
    getEvalOrigin,
    isEval,
    toString,
  };
}

/**
 * The raw CallSites of the current stack from its caller down (at most `limit`), taken with a
 * formatter of ours; the program's prepareStackTrace and stackTraceLimit are put back as they were.
 */
export function rawCallSites(limit: number): object[] | undefined {
  const prepare = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  const limitDescriptor = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
  const holder: { stack?: unknown } = {};
  try {
    B.defineProperty(B.Error, 'prepareStackTrace', {
      value: (_error: unknown, trace: unknown) => trace,
      writable: true,
      configurable: true,
    });
    B.defineProperty(B.Error, 'stackTraceLimit', { value: limit, writable: true, configurable: true });
    // From the caller down: this function's own frame is left out, as it was when each caller took it.
    (B.Error as unknown as { captureStackTrace(target: object, below: unknown): void }).captureStackTrace(
      holder,
      rawCallSites,
    );
    return B.isArray(holder.stack) ? (holder.stack as object[]) : undefined;
  } finally {
    if (prepare) B.defineProperty(B.Error, 'prepareStackTrace', prepare);
    else B.deleteProperty(B.Error, 'prepareStackTrace');
    if (limitDescriptor) B.defineProperty(B.Error, 'stackTraceLimit', limitDescriptor);
    else B.deleteProperty(B.Error, 'stackTraceLimit');
  }
}

/** CallSite.prototype (and so its methods), read from one stack taken with a formatter of ours (before user code). */
function callSitePrototype(): { methods: CallSiteMethods; prototype: object } | undefined {
  try {
    const sites = rawCallSites(1);
    const prototype = sites && sites.length > 0 ? (B.getPrototypeOf(sites[0]) as CallSiteMethods) : undefined;
    if (!prototype) return undefined;
    return { methods: prototype, prototype };
  } catch {
    return undefined;
  }
}

/**
 * What Node's formatters see of an instrumented frame: no file name or eval origin (so Node's
 * mapped formatter finds no source map for it) and, as its string, the text a plain run prints.
 */
class PrintedFrame {
  constructor(private readonly text: string) {}
  getFileName(): undefined {
    return undefined;
  }
  getEvalOrigin(): undefined {
    return undefined;
  }
  toString(): string {
    return this.text;
  }
}
Reflect.setPrototypeOf(PrintedFrame.prototype, null); // module evaluation: before user code

function frameTexts(methods: CallSiteMethods, sources: StackFormatSources) {
  /** File name → its source map when the file is instrumented, else null. */
  const maps = new B.Map<string, object | null>();

  function mapOf(fileName: unknown): object | undefined {
    if (typeof fileName !== 'string') return undefined;
    const known = B.mapGet(maps, fileName) as object | null | undefined;
    if (known !== undefined) return known ?? undefined;
    const map = sources.isInstrumented(fileName) ? sources.findSourceMap(fileName) : undefined;
    B.mapSet(maps, fileName, map ?? null);
    return map;
  }

  /** The user's line and column (1-based, as stacks print them) of an instrumented position, or undefined. */
  function userEntry(map: object, line: unknown, column: unknown): UserPosition | undefined {
    if (typeof line !== 'number' || typeof column !== 'number') return undefined;
    const entry = B.apply(sources.findEntry, map, [line - 1, column - 1]);
    if (!B.hasOwn(entry, 'originalLine') || !B.hasOwn(entry, 'originalColumn')) return undefined;
    const { originalLine, originalColumn } = entry;
    if (typeof originalLine !== 'number' || typeof originalColumn !== 'number') return undefined;
    return { line: originalLine + 1, column: originalColumn + 1 };
  }

  /** `line:column` in the user's source, or undefined. */
  function userPosition(map: object, line: unknown, column: unknown): string | undefined {
    const entry = userEntry(map, line, column);
    return entry && `${entry.line}:${entry.column}`;
  }

  /**
   * An eval origin with its innermost position (the eval call in the file that started the chain:
   * `eval at f (eval at g (/a.js:3:9))`) mapped to the user's, when that file is instrumented.
   */
  function userEvalOrigin(origin: string): string {
    let end = origin.length;
    while (end > 0 && B.stringCharCodeAt(origin, end - 1) === 0x29 /* ) */) end--;
    const columnAt = B.stringLastIndexOf(origin, ':', end - 1);
    const lineAt = columnAt > 0 ? B.stringLastIndexOf(origin, ':', columnAt - 1) : -1;
    const fileAt = lineAt > 0 ? B.stringLastIndexOf(origin, ' (', lineAt - 1) : -1;
    if (fileAt < 0 || end === origin.length) return origin;
    const map = mapOf(B.stringSlice(origin, fileAt + 2, lineAt));
    const line = decimal(B.stringSlice(origin, lineAt + 1, columnAt));
    const column = decimal(B.stringSlice(origin, columnAt + 1, end));
    const position = map && userPosition(map, line, column);
    return position ? B.stringSlice(origin, 0, lineAt + 1) + position + B.stringSlice(origin, end) : origin;
  }

  /** The text a plain run prints for `site`, or undefined when it is not instrumented code's. */
  function instrumentedText(
    site: unknown,
    fileName: unknown = B.apply(methods.getFileName, site, []),
  ): string | undefined {
    let text: string | undefined;
    const map = mapOf(fileName);
    if (map) {
      const line = B.apply(methods.getLineNumber, site, []);
      const column = B.apply(methods.getColumnNumber, site, []);
      const position = userPosition(map, line, column);
      if (position) {
        text = B.apply(methods.toString, site, []) as string;
        // V8 ends the text with `file:line:column`, inside parentheses when the frame has a name.
        const suffix = `:${line as number}:${column as number}`;
        const end = B.stringCharCodeAt(text, text.length - 1) === 0x29 ? text.length - 1 : text.length;
        if (B.stringSlice(text, end - suffix.length, end) === suffix)
          text = `${B.stringSlice(text, 0, end - suffix.length)}:${position}${B.stringSlice(text, end)}`;
      }
    }
    if (B.apply(methods.isEval, site, []) === true) {
      const origin = B.apply(methods.getEvalOrigin, site, []);
      const mapped = typeof origin === 'string' ? userEvalOrigin(origin) : origin;
      if (mapped !== origin) {
        text ??= B.apply(methods.toString, site, []) as string;
        const at = B.stringIndexOf(text, origin as string);
        if (at >= 0)
          text = B.stringSlice(text, 0, at) + (mapped as string) + B.stringSlice(text, at + (origin as string).length);
      }
    }
    return text;
  }

  const fileNameOf = (site: unknown): unknown => B.apply(methods.getFileName, site, []);
  const functionNameOf = (site: unknown): unknown => B.apply(methods.getFunctionName, site, []);

  /** Whether `site` (in `fileName`, when already read) is a frame of ours (hiddenFrames.ts). */
  function isHidden(site: unknown, fileName: unknown = B.apply(methods.getFileName, site, [])): boolean {
    if (!mayHideFramesOf(fileName)) return false;
    const line = B.apply(methods.getLineNumber, site, []);
    const column = B.apply(methods.getColumnNumber, site, []);
    return isHiddenFrame(
      fileName,
      line,
      column,
      methods.getEnclosingLineNumber ? B.apply(methods.getEnclosingLineNumber, site, []) : undefined,
    );
  }

  /** The user's position of `site`'s own (`enclosing` false) or its function's position. */
  function sitePosition(site: unknown, enclosing: boolean): UserPosition | undefined {
    const map = mapOf(B.apply(methods.getFileName, site, []));
    if (!map) return undefined;
    const lineOf = enclosing ? methods.getEnclosingLineNumber : methods.getLineNumber;
    const columnOf = enclosing ? methods.getEnclosingColumnNumber : methods.getColumnNumber;
    if (!lineOf || !columnOf) return undefined;
    return userEntry(map, B.apply(lineOf, site, []), B.apply(columnOf, site, []));
  }

  return {
    sitePosition,
    /** The site's eval origin with the user's position in it (V8's own when nothing is instrumented). */
    evalOrigin(site: unknown): unknown {
      const origin = B.apply(methods.getEvalOrigin, site, []);
      return typeof origin === 'string' ? userEvalOrigin(origin) : origin;
    },
    /** The text a plain run prints for `site`, or undefined when it is not instrumented code's. */
    instrumentedText: (site: unknown): string | undefined => instrumentedText(site),
    /** Whether `site` may show an instrumented position (its own, or its eval origin's): cheap. */
    mayBeInstrumented(site: unknown): boolean {
      return mapOf(B.apply(methods.getFileName, site, [])) !== undefined || B.apply(methods.isEval, site, []) === true;
    },
    /**
     * `trace` itself when no frame is instrumented code's or ours, else a copy with the instrumented
     * frames as PrintedFrames and without ours (hiddenFrames.ts), cut to a plain run's count.
     */
    printable(trace: unknown): unknown {
      if (!B.isArray(trace)) return trace;
      const plainFrames = trace.length === 0 ? 0 : plainFrameCount(trace.length, isHidden(trace[trace.length - 1]));
      let copy: unknown[] | undefined = plainFrames < trace.length ? B.list<unknown>() : undefined;
      // Node's slow-path frames of a microtask a plain run queues on the fast path (fastMicrotasks.ts).
      const slowPathAt = fastMicrotaskStartedLast() ? slowPathFramesAt(trace, fileNameOf, functionNameOf) : -1;
      for (let i = 0; i < trace.length && (copy === undefined || copy.length < plainFrames); i++) {
        const fileName = B.apply(methods.getFileName, trace[i], []);
        const hidden = (slowPathAt !== -1 && i >= slowPathAt && i < slowPathAt + 3) || isHidden(trace[i], fileName);
        const text = hidden ? undefined : instrumentedText(trace[i], fileName);
        if ((hidden || text !== undefined) && copy === undefined) {
          copy = B.list<unknown>();
          for (let j = 0; j < i; j++) B.listPush(copy, trace[j]);
        }
        // A callback Rewind handed the program as Node's native side would: nothing below is a plain run's.
        if (hidden && isNativeBoundary(fileName, functionNameOf(trace[i]))) break;
        if (copy !== undefined && !hidden) B.listPush(copy, text === undefined ? trace[i] : new PrintedFrame(text));
      }
      return copy ?? trace;
    },
  };
}
