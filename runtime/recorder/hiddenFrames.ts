// Which frames of a program's stack are Rewind's own and must not be printed (INS-19): every frame
// of this bundle, and the few calls of ours laid in a file that is not this bundle (the
// EventEmitter emit replacement's hand-over to Node's emit, compiled as `node:events`). The
// stand-in formatter (stackFormat.ts) leaves them out. A call of ours that can run program code or
// make Node's errors raises Error.stackTraceLimit by its frame count meanwhile, so that the
// program's frames below ours still fit; it never catches, so an uncaught error's source line is
// where it was thrown, not ours. Knows call sites by file, line and column, nothing of what runs there.
import { B } from './builtins';

/** This bundle's file: every frame in it is ours. */
const OWN_FILE = __filename;

/** The name of rewindAsNative's frame, below which nothing is the program's. */
const NATIVE_BOUNDARY = 'rewindAsNative';

/**
 * Runs a callback Rewind hands the program where Node's native side would have called it (a
 * re-execution's injected accept, read, connect completion or message: nondeterminismFeed.ts). A
 * plain run's stack ends at the Node function the native side called; here Rewind's own macrotask
 * lies below, so the stand-in formatter prints nothing from this frame down (isNativeBoundary).
 */
export function rewindAsNative(run: (ticket: number) => void, ticket: number): void {
  run(ticket);
}

/** Whether a frame (in `fileName`, named `functionName`) is rewindAsNative's: it and those below are not printed. */
export function isNativeBoundary(fileName: unknown, functionName: unknown): boolean {
  return fileName === OWN_FILE && functionName === NATIVE_BOUNDARY;
}

/** A hand-over call laid outside this bundle: its line and column, and its enclosing function's line (all 1-based). */
interface HandOver {
  line: number;
  column: number;
  enclosingLine: number;
}
/** File name → its hand-over calls (few: a linear scan). */
const handOvers = new B.Map<string, HandOver[]>();

/** Marks the call at `line`:`column` of `fileName`, inside a function starting on `enclosingLine`, as ours. */
export function hideCallSite(fileName: string, line: number, column: number, enclosingLine: number): void {
  let sites = B.mapGet(handOvers, fileName) as HandOver[] | undefined;
  if (sites === undefined) B.mapSet(handOvers, fileName, (sites = B.list<HandOver>()));
  B.listPush(sites, { line, column, enclosingLine });
}

/** Whether a frame in `fileName` may be ours (then isHiddenFrame decides with its position). */
export function mayHideFramesOf(fileName: unknown): boolean {
  return fileName === OWN_FILE || (typeof fileName === 'string' && B.mapGet(handOvers, fileName) !== undefined);
}

/**
 * Whether the frame at `line`:`column` of `fileName` (mayHideFramesOf), in a function starting on `enclosingLine`, is
 * ours.
 */
export function isHiddenFrame(fileName: unknown, line: unknown, column: unknown, enclosingLine: unknown): boolean {
  if (fileName === OWN_FILE) return true;
  const sites = B.mapGet(handOvers, fileName) as HandOver[] | undefined;
  if (sites === undefined) return false;
  for (let at = 0; at < sites.length; at++) {
    const site = sites[at];
    if (site.line === line && site.column === column && site.enclosingLine === enclosingLine) return true;
  }
  return false;
}

/**
 * Error's own stackTraceLimit when it is a plain writable number (assigned, never defined: that is cheap), else
 * undefined.
 */
function plainLimit(): number | undefined {
  const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
  return limit !== undefined && limit.writable === true && typeof limit.value === 'number' ? limit.value : undefined;
}
const errorLimit = B.Error as unknown as { stackTraceLimit: number };

/** Our frames on the stack of the raises under way (their sum), and the limit the innermost set. */
let raisedFrames = 0;
let raisedLimit = 0;

/**
 * The most of `capturedFrames` (ours left out) a plain run would have captured. A raise lets an
 * error made more than the limit's frames above ours be captured with up to the raise's count of
 * frames more than a plain run's, below. That is known while the raise lasts (the stack has the
 * raised limit's length), or when the capture ended among our frames (`endsInOurFrames`: then
 * the plain run's limit, not ours, cut it). An error captured entirely above ours and first
 * formatted after the raise keeps those frames: V8 offers no hook when it captures a stack.
 */
export function plainFrameCount(capturedFrames: number, endsInOurFrames: boolean): number {
  if (raisedFrames > 0 && capturedFrames === raisedLimit && plainLimit() === raisedLimit)
    return capturedFrames - raisedFrames;
  if (!endsInOurFrames) return capturedFrames;
  const limit = plainLimit();
  if (limit === undefined) return capturedFrames;
  return raisedFrames > 0 && limit === raisedLimit ? limit - raisedFrames : limit;
}

/**
 * B.apply(target, self, args) with Error.stackTraceLimit raised by `ownFrames` (our frames on the
 * stack below `target`, this one included) while it runs; put back only if the call left it as
 * raised (a listener may set its own). A limit of 0 stays 0: a plain run captures no frame, and a
 * raised one would capture the frames above ours.
 */
export function applyRaisingLimit(
  target: (...args: never[]) => unknown,
  self: unknown,
  args: readonly unknown[],
  ownFrames: number,
): unknown {
  const limit = plainLimit();
  const raised = limit === undefined || limit === 0 ? undefined : limit + ownFrames;
  if (raised === undefined) return B.apply(target, self, args as unknown[]);
  const outerFrames = raisedFrames;
  const outerLimit = raisedLimit;
  errorLimit.stackTraceLimit = raised;
  raisedFrames += ownFrames;
  raisedLimit = raised;
  try {
    return B.apply(target, self, args as unknown[]);
  } finally {
    raisedFrames = outerFrames;
    raisedLimit = outerLimit;
    if (plainLimit() === raised) errorLimit.stackTraceLimit = limit!;
  }
}
