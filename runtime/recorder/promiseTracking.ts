// Whether the recorder's async_hooks hooks can leave promises to V8 (issue 14 item 3). Any hook with
// an `init` (or `before`, `after`, `destroy`) callback makes Node install its own promise hook, whose
// `before` writes index `n` of an internal array before every promise reaction: a setter on
// `Array.prototype` sees the writes, and a getter-only `Array.prototype[0]` makes the reaction throw.
// A plain run without hooks writes nothing. Node 24 accepts `createHook({ trackPromises: false })`,
// which keeps Node's promise hook off; Node 20 has no public way to (its enable() installs the promise
// hook for every hook). Probed by the option's validation, not by a version number. Knows Node's
// createHook options, nothing of what the hooks record.
import { createHook } from 'node:async_hooks';

/** What a hook that leaves promises alone adds to its callbacks (Node 24's option; absent where unknown). */
interface PromiseTrackingOption {
  trackPromises?: false;
}

/**
 * Whether this Node's createHook knows `trackPromises`: it validates the option as a boolean (a
 * TypeError with code ERR_INVALID_ARG_TYPE for 0), where Node 20 ignores it. Called at boot, before
 * the program's first line (nothing it reads is the program's yet).
 */
function probeTrackPromises(): boolean {
  try {
    createHook({ trackPromises: 0 } as unknown as Parameters<typeof createHook>[0]);
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_INVALID_ARG_TYPE';
  }
}

/** Read once, at the first hook the recorder creates (its boot). */
let supported: boolean | undefined;

/** Whether the recorder's hooks leave promises untracked: then promise origins come from promiseRuns.ts. */
export function promisesLeftUntracked(): boolean {
  if (supported === undefined) supported = probeTrackPromises();
  return supported;
}

/** `{ trackPromises: false }` where Node accepts it, else nothing: spread into a hook's callbacks. */
export function withoutPromiseTracking(): PromiseTrackingOption {
  return promisesLeftUntracked() ? { trackPromises: false } : {};
}
