// Test-only fault injection on the paths that must never end in silence (issue 12 item 11: a live
// program killed under the adapter must always reach a stop or an end that says why). A test names
// points in REWIND_ADAPTER_FAULTS (comma-separated) before it starts the adapter, and the adapter
// throws there; unset — always, outside tests — every point is a no-op. Knows nothing of what the
// points guard.

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
  | 'stop.details';

const FAULTS_VARIABLE = 'REWIND_ADAPTER_FAULTS';

const armed = new Set(
  (process.env[FAULTS_VARIABLE] ?? '')
    .split(',')
    .map((point) => point.trim())
    .filter((point) => point.length > 0),
);

/** Throws when a test armed `point`. */
export function faultPoint(point: FaultPoint): void {
  if (armed.has(point)) throw new Error(`fault injected at ${point} (${FAULTS_VARIABLE})`);
}
