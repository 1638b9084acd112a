// Test-only fault injection on the paths that must never end in silence (issue 12 item 11: a live
// program killed under the adapter must always reach a stop or an end that says why). A test names
// points in REWIND_ADAPTER_FAULTS (comma-separated) before it starts the adapter, and the adapter
// throws there, rejects a promise nobody awaits, or holds data back; unset — always, outside
// tests — every point is a no-op. Knows nothing of what the points guard.

/** Where a test may make the adapter throw. */
export type FaultPoint =
  /** LiveRecording.onExit: indexing what the program sent last. */
  | 'liveExit.indexTail'
  /** LiveRecording.onExit: closing the store's index (as a torn last batch would make it throw). */
  | 'liveExit.storeFinish'
  /** crossIntoLive: the move redone in the whole recording once the program ended under it. */
  | 'liveMove.programEnded'
  /** LiveRecording: reading the recorded writes that order the pipes' text (from timers, and at the end). */
  | 'liveOutput.recordedWrites'
  /** LiveHolds: telling the engine where a producer stopped. */
  | 'liveStop.heldAt'
  /** reportStop: what prepares a `stopped` event (the output's flush, conditions, lost counts, position). */
  | 'stop.details'
  /** setBreakpoints' `after`: replaying the logpoints of the file (a non-stop hook, after the response). */
  | 'setBreakpoints.after'
  /** A custom move's `before`: the `continued` sent before its response (stops.ts customMove). */
  | 'customMove.before';

/** Where a test may make the adapter reject a promise that nobody awaits. */
export type FaultRejection =
  /** The `threads` request: a rejection left behind while the request itself answers. */
  'threads.unawaited';

/** Where a test may make the adapter throw from a timer: an uncaught exception outside any request. */
export type FaultException =
  /** The `threads` request: a throw from a timer it starts (no request is there to answer it). */
  'threads.timerThrow';

/** Where a test may hold data back, as a slow producer would deliver it. */
export type FaultDelay =
  /** LiveRecording: the recorded writes reach the output's order this late (a program's drain lagging). */
  'liveOutput.lateWrites';

const FAULTS_VARIABLE = 'REWIND_ADAPTER_FAULTS';
/** How late a delayed point delivers: past the 250 ms a pipe's text used to wait for its record. */
const FAULT_DELAY_MS = 600;

const armed = new Set(
  (process.env[FAULTS_VARIABLE] ?? '')
    .split(',')
    .map((point) => point.trim())
    .filter((point) => point.length > 0),
);

function injected(point: string): Error {
  return new Error(`fault injected at ${point} (${FAULTS_VARIABLE})`);
}

/** Throws when a test armed `point`. */
export function faultPoint(point: FaultPoint): void {
  if (armed.has(point)) throw injected(point);
}

/** When a test armed `point`: a rejected promise nobody awaits (an unhandled rejection). */
export function faultRejection(point: FaultRejection): void {
  if (armed.has(point)) void Promise.reject(injected(point));
}

/** When a test armed `point`: a throw from a timer, outside any request (an uncaught exception). */
export function faultException(point: FaultException): void {
  if (armed.has(point))
    setTimeout(() => {
      throw injected(point);
    }, 0);
}

/**
 * What `take` returns, held back FAULT_DELAY_MS when a test armed `point` (in order: an item comes
 * out once it has waited that long); passed straight through otherwise.
 */
export function faultDelayed<T>(point: FaultDelay, take: () => T[], now: () => number = Date.now): () => T[] {
  if (!armed.has(point)) return take;
  const waiting: Array<{ item: T; dueAtMs: number }> = [];
  return () => {
    for (const item of take()) waiting.push({ item, dueAtMs: now() + FAULT_DELAY_MS });
    const due = waiting.findIndex((entry) => entry.dueAtMs > now());
    return waiting.splice(0, due < 0 ? waiting.length : due).map((entry) => entry.item);
  };
}
