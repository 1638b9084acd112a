// Live "uncaught" exception stops, the producer's side (issue 13 item 1): at a throw probe flagged
// UNCAUGHT, decide whether the exception will be caught, from the stack (its text, as Node formats
// it with the instrumented files' source maps: original positions) and the catch map the adapter
// published (format/liveUncaught.ts: per file, its functions and its try-with-catch blocks). Says
// "uncaught" only when sure: every frame down to the event loop is an instrumented frame outside any
// try block of its own function and not async, or a Node frame known to catch nothing (module
// loading, timers, events) or a builtin that catches nothing. Anything else is "not sure", and the
// stop waits for the complete recording, as before. Knows stack text and the map; not the ring.
import type { CatchMapFile } from '../format/liveUncaught';
import { B } from './builtins';
import { nodeFormatsStacks } from './nodeStackFormatter';
import { readText, textGeneration, type TextArea } from './sharedText';

// Captured as the recorder loads, before any program code (INS-25).
const create = Object.create;
const decode = decodeURIComponent;
const INFINITE = Infinity;
/** This bundle: its frames (the recorder's) are skipped, at the top of the stack and below it. */
const OWN_FILE = `${__filename}:`;

/** Node's modules whose frames pass an exception on (they catch nothing on the way to the event loop). */
const PASSING_NODE_MODULES = [
  'node:internal/modules/cjs/',
  'node:internal/modules/run_main',
  'node:internal/main/',
  'node:internal/timers',
  'node:events',
];

let area: TextArea | undefined;
let readGeneration = -1;
let byPath: Record<string, CatchMapFile> = create(null) as Record<string, CatchMapFile>;

export function useCatchMapArea(shared: TextArea | undefined): void {
  area = shared;
  readGeneration = -1;
  byPath = create(null) as Record<string, CatchMapFile>;
}

/** At a throw: true only when sure that nothing on the stack will catch the exception. */
export function throwIsUncaught(): boolean {
  if (!refresh()) return false;
  const stack = stackText();
  if (stack === undefined) return false;
  let start = B.stringIndexOf(stack, '\n    at ');
  let own = true;
  while (start >= 0) {
    const end = B.stringIndexOf(stack, '\n', start + 1);
    const line = B.stringSlice(stack, start + 8, end < 0 ? stack.length : end);
    start = end < 0 ? -1 : B.stringIndexOf(stack, '\n    at ', end);
    // The recorder's frames: on top, its own; below, its wrappers (EventEmitter's emit, stdio writes),
    // which catch nothing they do not rethrow (ownFrames.ts).
    if (B.stringIndexOf(line, OWN_FILE) >= 0) continue;
    own = false;
    if (!framePasses(line)) return false;
  }
  return !own;
}

/** One "at …" line: does an exception pass through this frame uncaught? */
function framePasses(line: string): boolean {
  if (B.stringSlice(line, 0, 6) === 'async ') return false; // it becomes a rejection
  const open = line[line.length - 1] === ')' ? B.stringLastIndexOf(line, '(') : -1;
  const location = open < 0 ? line : B.stringSlice(line, open + 1, line.length - 1);
  const name = open < 0 ? '' : B.stringSlice(line, 0, open);
  if (location === '<anonymous>' || location === 'native') {
    // A builtin: the Promise constructor and its kin turn a throw into a rejection.
    return B.stringIndexOf(name, 'Promise') < 0 && B.stringIndexOf(name, 'async') < 0;
  }
  if (B.stringSlice(location, 0, 5) === 'node:') {
    for (let index = 0; index < PASSING_NODE_MODULES.length; index++) {
      const prefix = PASSING_NODE_MODULES[index];
      if (B.stringSlice(location, 0, prefix.length) === prefix) return true;
    }
    return false;
  }
  const columnAt = B.stringLastIndexOf(location, ':');
  const lineAt = B.stringLastIndexOf(location, ':', columnAt - 1);
  if (lineAt <= 0) return false;
  let path = B.stringSlice(location, 0, lineAt);
  if (B.stringSlice(path, 0, 7) === 'file://') path = decode(B.stringSlice(path, 7));
  const file = byPath[path];
  if (file === undefined) return false; // not instrumented here (a library, eval): not sure
  const line1 = +B.stringSlice(location, lineAt + 1, columnAt);
  const column0 = +B.stringSlice(location, columnAt + 1) - 1;
  return passesIn(file, line1, column0);
}

/** At (line1, column0) of an instrumented file: not in a try block of its own function, not async. */
function passesIn(file: CatchMapFile, line1: number, column0: number): boolean {
  const fn = innermostFunction(file, line1, column0);
  if (fn < 0) return file.module !== true; // module code: an ES module's top level evaluates in a promise
  if (file.fns[fn][4] === 1) return false;
  for (let index = 0; index < file.tries.length; index++) {
    const region = file.tries[index];
    if (region[4] === fn && within(region, line1, column0, false)) return false;
  }
  return true;
}

function innermostFunction(file: CatchMapFile, line1: number, column0: number): number {
  let found = -1;
  for (let index = 0; index < file.fns.length; index++) {
    const fn = file.fns[index];
    if (!within(fn, line1, column0, true)) continue;
    if (found < 0 || before(file.fns[found], fn)) found = index;
  }
  return found;
}

/** [startLine1, startColumn0, endLine1, endColumn0, …] contains the position (end inclusive or not). */
function within(range: number[], line1: number, column0: number, endInclusive: boolean): boolean {
  if (line1 < range[0] || (line1 === range[0] && column0 < range[1])) return false;
  if (line1 > range[2]) return false;
  return line1 < range[2] || column0 < range[3] || (endInclusive && column0 === range[3]);
}

/** a starts before b (b is nested in a when both contain a position). */
function before(a: number[], b: number[]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** The stack here, in full, formatted by Node (never by a user's Error.prepareStackTrace). */
function stackText(): string | undefined {
  if (!nodeFormatsStacks()) return undefined;
  const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
  if (limit === undefined || limit.writable !== true || limit.configurable !== true || !B.hasOwn(limit, 'value'))
    return undefined;
  B.defineProperty(B.Error, 'stackTraceLimit', { ...limit, value: INFINITE });
  try {
    const error = new B.Error();
    const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
    const stack: unknown = descriptor?.get ? B.apply(descriptor.get, error, []) : descriptor?.value;
    return typeof stack === 'string' ? stack : undefined;
  } finally {
    B.defineProperty(B.Error, 'stackTraceLimit', limit);
  }
}

/** Reads the map again when the drain published a new one; false while it is being rewritten or empty. */
function refresh(): boolean {
  if (area === undefined) return false;
  const generation = textGeneration(area);
  if (generation !== readGeneration) {
    const text = readText(area, generation);
    if (text === undefined) return false;
    const files = text ? (B.JSONParse(text) as CatchMapFile[]) : B.list<CatchMapFile>();
    byPath = create(null) as Record<string, CatchMapFile>;
    for (let index = 0; index < files.length; index++) byPath[files[index].path] = files[index];
    readGeneration = generation;
  }
  return true;
}
