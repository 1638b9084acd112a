// Microtasks a plain run would have queued on Node's fast path (issue 11). Node 24's
// queueMicrotask queues the callback as it is unless an async hook is enabled or an
// AsyncLocalStorage context is set; the recorder's own hook (callbackOrigins.ts) makes every call
// take the slow path, which runs the callback through an AsyncResource. The program would see
// that: three frames of Node's below the callback (`node:internal/process/task_queues`,
// `AsyncResource.runInAsyncScope`, `AsyncResource.runMicrotask`) and the resource's ids in
// executionAsyncId(), triggerAsyncId() and executionAsyncResource(), where a plain run shows no
// frame and ids 0. This file decides, when Node announces each microtask, whether a plain run
// would have taken the fast path, and says so while its callback runs (told by callbackRuns.ts,
// or read from executionAsyncId(): no `before` hook, see there): stackFormat.ts leaves the frames
// out, hiddenAsyncResources.ts answers 0. Node 20 (no fast path) is left as it is.
// Knows Node's queueMicrotask and its frames; not how stacks are formatted or ids are shown.
import { B } from './builtins';
import { symbolNamed } from './channelReads';
import { notePromiseId } from './hiddenAsyncResources';
import { currentAsyncId } from './promiseRuns';

/** Node's queueMicrotask has a fast path (Node 24): its text checks for enabled hooks. Read at install. */
let fastPathExists = false;
/**
 * Whether the program has (or had) a hook of its own, or an AsyncLocalStorage that uses one (hiddenAsyncResources.ts).
 */
let programHooksNow: () => boolean = () => true;
/** The AsyncResource's own key holding the AsyncLocalStorage context it was made in (Node 24: `context_frame`). */
let contextFrameKey: symbol | undefined;
/**
 * Microtasks announced that a plain run would have queued on the fast path, until their callback
 * is seen running. One whose callback runs unseen (no frame of the program's, nothing that asks)
 * stays: past MAX_WAITING the set starts over (a stack such a callback captures much later would
 * keep Node's frames).
 */
let plainFast = new B.Set<number>();
const MAX_WAITING = 1 << 16;
/** plainFast's size, counted here: Set.prototype.size is a getter the program may replace (INS-25). */
let plainFastCount = 0;
/** The microtask whose callback started last, when a plain run would have queued it on the fast path; else -1. */
let runningFastId = -1;

/**
 * Called before user code: whether Node's queueMicrotask has the fast path at all, and who knows of the program's
 * hooks.
 */
export function installFastMicrotasks(programHooks: () => boolean): void {
  const queueMicrotask = (globalThis as { queueMicrotask?: unknown }).queueMicrotask;
  if (typeof queueMicrotask !== 'function') return;
  fastPathExists = B.stringIndexOf(B.functionToString(queueMicrotask), 'enabledHooksExist()') >= 0;
  programHooksNow = programHooks;
}

/**
 * The symbol key of `resource` described `context_frame`, looked up once (Node 24 defines it on every AsyncResource).
 */
function contextFrameOf(resource: object): unknown {
  if (contextFrameKey === undefined) {
    contextFrameKey = symbolNamed(resource, 'context_frame');
    if (contextFrameKey === undefined) return true; // not Node 24's resource: assume a context, show all
  }
  return (resource as Record<symbol, unknown>)[contextFrameKey];
}

/**
 * async_hooks init of a `Microtask` resource: whether a plain run would have taken the fast path. If
 * so it is noted here, and its id hidden like a promise's (hiddenAsyncResources.ts), as a plain run has none.
 */
export function noteMicrotask(asyncId: number, resource: object): boolean {
  if (!fastPathExists || programHooksNow() || contextFrameOf(resource) !== undefined) return false;
  notePromiseId(asyncId);
  if (plainFastCount >= MAX_WAITING) {
    plainFast = new B.Set<number>();
    plainFastCount = 0;
  }
  B.setAdd(plainFast, asyncId);
  plainFastCount++;
  return true;
}

/**
 * For a run with no callback runs of its own (a deferred run, callbackRuns.ts is off): a fast-path
 * microtask's resource (noted by noteMicrotask) tells when its callback starts. Node's runMicrotask
 * reads the resource's `callback` right before calling it, inside the resource's scope; an error
 * the callback throws is formatted once that scope has ended, when executionAsyncId() no longer
 * names it. The resource is Node's own: a program without hooks of its own never sees it.
 */
export function watchMicrotaskStart(asyncId: number, resource: object): void {
  let callback: unknown;
  B.defineProperty(resource, 'callback', {
    configurable: true,
    enumerable: true,
    get(): unknown {
      noteCallbackRunning(asyncId);
      return callback;
    },
    set(value: unknown): void {
      callback = value;
    },
  });
}

/**
 * The callback of `asyncId` (executionAsyncId()) runs: callbackRuns.ts as it writes its run, or a
 * reader below. 0 is no callback (Node's uncaught handler after a callback's scope ended): the
 * last one stays.
 */
export function noteCallbackRunning(asyncId: number): void {
  if (asyncId === 0 || asyncId === runningFastId) return;
  if (plainFastCount > 0 && B.setDelete(plainFast, asyncId)) {
    plainFastCount--;
    runningFastId = asyncId;
  } else runningFastId = -1;
}

/**
 * Whether the callback running now, or the last one seen running, is a fast-path microtask's. It
 * stays so after that callback returns, until another is seen: an error thrown by the callback
 * reaches Node's uncaught handler (which formats its stack) once the callback's scope has ended.
 */
export function fastMicrotaskStartedLast(): boolean {
  noteCallbackRunning(currentAsyncId());
  return runningFastId !== -1;
}

const TASK_QUEUES = 'node:internal/process/task_queues';

/**
 * Index of the first of Node's three slow-path frames in `trace` (V8 CallSites, innermost first),
 * or -1: `<anonymous> (task_queues)`, `AsyncResource.runInAsyncScope (node:async_hooks)`,
 * `AsyncResource.runMicrotask (task_queues)`, found by file and function name.
 */
export function slowPathFramesAt(
  trace: readonly unknown[],
  fileName: (site: unknown) => unknown,
  functionName: (site: unknown) => unknown,
): number {
  for (let i = 1; i + 1 < trace.length; i++) {
    if (fileName(trace[i]) !== 'node:async_hooks' || functionName(trace[i]) !== 'runInAsyncScope') continue;
    if (fileName(trace[i + 1]) !== TASK_QUEUES || functionName(trace[i + 1]) !== 'runMicrotask') continue;
    if (fileName(trace[i - 1]) !== TASK_QUEUES) continue;
    return i - 1;
  }
  return -1;
}
