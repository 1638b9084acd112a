// Live stops, the producer's side: the stop-flag table (one byte per producer-scoped probe id, set
// by the drain worker on the adapter's word) and the one check the STEP path makes. On a flagged
// probe the producer publishes its ring, tells the drain where it stopped (Control.LIVE_STOP) and
// waits until the collector resumes it: a debugger stop, so the thread blocks in Atomics.wait.
// A FILTER-flagged probe asks liveFilters.ts first (a rarely true condition stops only when true).
// Knows the control block and the ring's flush; not events, conditions or the adapter.
import { Atomics, B } from './builtins'; // captured: the program may replace Atomics.* (INS-25)
import { Control } from './layout';
import { activationEntered, activationExited, filtersPass, useFilterArea, watchWrite } from './liveFilters';
import { textArea } from './sharedText';
import { FILTER_AREA_OFFSET, STOP_TABLE_BYTES, StopFlag } from './stopTable';
import { flushBatch } from './ring';

export { FILTER_AREA_OFFSET, StopFlag } from './stopTable';

/** The probe ids a live session flags NEXT at its start: the first files' probes (main module first). */
export const START_STOP_PROBES = 1 << 16;

/** One byte per probe id the format allows; pages are committed only where written (like limits.ts). */
export function createStopFlagTable(stopAtStart: boolean): SharedArrayBuffer {
  const table = new B.SharedArrayBuffer(STOP_TABLE_BYTES);
  if (stopAtStart) new B.Uint8Array(table).fill(StopFlag.NEXT, 0, START_STOP_PROBES);
  return table;
}

let stopFlags: Uint8Array<ArrayBufferLike> = new Uint8Array(1 << 16);
let control: Int32Array<ArrayBufferLike> = new Int32Array(Control.WORDS);

export function useStopFlags(flags: Uint8Array, controlBlock: Int32Array): void {
  stopFlags = flags;
  control = controlBlock;
  useFilterArea(textArea(flags.buffer, FILTER_AREA_OFFSET));
}

/** The STEP path's check: one load and a branch unless the adapter flagged this probe. */
export function checkStop(probeId: number): void {
  if (stopFlags[probeId] > 0) stopHere(probeId); // > 0: an id past a test's small table reads undefined
}

/**
 * The WRITE path's check: keeps the value for a filter only where one reads this binding, with
 * the frame that owns it (`ownerFrame`, from a WRITE that names it; absent: the running frame).
 */
export function checkWatch(probeId: number, value: unknown, ownerFrame?: number): void {
  if (stopFlags[probeId] > 0) watchWrite(probeId, value, ownerFrame);
}

/** The ENTER path's check: a function whose frames own a watched binding has its activations tracked. */
export function checkEnter(probeId: number, frameId: number): void {
  if ((stopFlags[probeId] & StopFlag.ENTRY) !== 0) activationEntered(probeId, frameId);
}

/** The EXIT path's (every frame's exit runs it, a throw's included). */
export function checkExit(probeId: number, frameId: number): void {
  if ((stopFlags[probeId] & StopFlag.ENTRY) !== 0) activationExited(probeId, frameId);
}

/** Cold: publish what was recorded up to this step, say where we are, wait to be resumed. */
function stopHere(probeId: number): void {
  if ((stopFlags[probeId] & (StopFlag.BREAK | StopFlag.NEXT)) === 0) {
    if ((stopFlags[probeId] & StopFlag.FILTER) === 0 || !filtersPass(probeId)) return; // WATCH alone: a WRITE's id
  }
  flushBatch();
  Atomics.store(control, Control.PAUSE, 1);
  Atomics.store(control, Control.LIVE_STOP, probeId + 1);
  Atomics.notify(control, Control.DESC_HEAD);
  // The collector resumes us; the drain clears the flag itself when the collector goes away.
  while (Atomics.load(control, Control.PAUSE) !== 0) Atomics.wait(control, Control.PAUSE, 1, 1000);
}
