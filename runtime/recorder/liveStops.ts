// Live stops, the producer's side: the stop-flag table (one byte per producer-scoped probe id, set
// by the drain worker on the adapter's word) and the one check the STEP path makes. On a flagged
// probe the producer publishes its ring, tells the drain where it stopped (Control.LIVE_STOP) and
// waits until the collector resumes it: a debugger stop, so the thread blocks in Atomics.wait.
// A FILTER-flagged probe asks liveFilters.ts first (a rarely true condition stops only when true).
// A live Step Over / Out (issue 13 item 3) resumes with NEXT set and a step mode: frames entered,
// exited, suspended and resumed since are counted, and NEXT stops only once the frame is reached.
// A Step Over whose frame suspends at an await waits for that frame's resume (replay's Step Over).
// An UNCAUGHT-flagged throw stops only when liveUncaught.ts is sure nothing will catch it.
// Calls and writes read the table only while the drain's CHECKS word asks for it (stopTable.ts
// CheckBit), kept here in two booleans read again at every batch boundary and after a stop: a
// call without an ENTRY or NEXT flag anywhere costs one load of a module variable and a branch.
// Knows the control block and the ring's flush; not events, conditions or the adapter.
import { Atomics, B } from './builtins'; // captured: the program may replace Atomics.* (INS-25)
import { Control } from './layout';
import {
  activationEntered,
  activationExited,
  filtersPass,
  refreshFilters,
  useFilterArea,
  watchWrite,
} from './liveFilters';
import { textArea } from './sharedText';
import { throwIsUncaught, useCatchMapArea } from './liveUncaught';
import {
  CATCH_AREA_OFFSET,
  CheckBit,
  FILTER_AREA_OFFSET,
  STEP_AREA_OFFSET,
  STOP_TABLE_BYTES,
  StepMode,
  StepWord,
  StopFlag,
} from './stopTable';
import { flushBatch, setBoundaryListener } from './ring';

export { FILTER_AREA_OFFSET, StopFlag } from './stopTable';

/** The probe ids a live session flags NEXT at its start: the first files' probes (main module first). */
export const START_STOP_PROBES = 1 << 16;

/** One byte per probe id the format allows; pages are committed only where written (like limits.ts). */
export function createStopFlagTable(stopAtStart: boolean): SharedArrayBuffer {
  const table = new B.SharedArrayBuffer(STOP_TABLE_BYTES);
  if (stopAtStart) flagStart(table);
  return table;
}

function flagStart(table: SharedArrayBuffer): void {
  new B.Uint8Array(table).fill(StopFlag.NEXT, 0, START_STOP_PROBES);
  new B.Int32Array(table, STEP_AREA_OFFSET, StepWord.WORDS)[StepWord.CHECKS] = CheckBit.CALLS;
}

/** This thread's stop table (its recorder's): made at the first call, never replaced. */
let threadFlags: Uint8Array<SharedArrayBuffer> | undefined;

/**
 * The one stop table of this thread, the same object at every call: the STEP check (checkedStep)
 * holds it in a `const`, which TurboFan folds into the program's optimized code as a constant
 * address. A second table would leave that check reading the first (test: liveStepCheck.test.ts).
 */
export function threadStopFlags(stopAtStart: boolean): Uint8Array<SharedArrayBuffer> {
  threadFlags ??= new B.Uint8Array(new B.SharedArrayBuffer(STOP_TABLE_BYTES));
  if (stopAtStart) flagStart(threadFlags.buffer);
  return threadFlags;
}

let stopFlags: Uint8Array<ArrayBufferLike> = new Uint8Array(1 << 16);
let control: Int32Array<ArrayBufferLike> = new Int32Array(Control.WORDS);
let stepWords: Int32Array<ArrayBufferLike> = new Int32Array(StepWord.WORDS);

/**
 * The drain's CHECKS word as last read (refreshLiveChecks): the ENTER/EXIT/SUSPEND/RESUME/CATCH
 * checks run only while callChecks, the WRITE check only while watchChecks. Read lazily, so a flag
 * set while the program runs counts from the next batch boundary: an activation entered before is
 * untracked (its writes are unknown: the filter stops, the adapter decides), never wrongly tracked.
 */
// Tested `=== true`, not for truthiness: V8 does not know these slots hold booleans, and a bare
// `if (callChecks)` compiles to a Smi test and compares with false and '' before its branch.
let callChecks = false;
let watchChecks = false;

/** The live step this producer runs (taken from stepWords at the first flagged probe after the drain wrote it). */
let stepGeneration = 0;
let stepMode: number = StepMode.NONE;
let stepDepth = 0;
/** Frames entered minus frames exited or suspended since the stop, counted on flagged probes. */
let depth = 0;
/** The held frame was left (depth went below stepDepth): the next step anywhere is the step's end. */
let leftFrame = false;
/** OVER in a function whose suspends are awaits (not a generator): the frame's resume ends the wait. */
let stepAwaits = false;
/** The recorder's id of the held frame while it awaits (0: not awaiting): no step stops meanwhile. */
let awaitedFrame = 0;

export function useStopFlags(flags: Uint8Array, controlBlock: Int32Array): void {
  stopFlags = flags;
  control = controlBlock;
  useFilterArea(textArea(flags.buffer, FILTER_AREA_OFFSET), entriesTracked);
  useCatchMapArea(textArea(flags.buffer, CATCH_AREA_OFFSET));
  stepWords =
    flags.buffer.byteLength >= STEP_AREA_OFFSET + StepWord.WORDS * 4
      ? new B.Int32Array(flags.buffer, STEP_AREA_OFFSET, StepWord.WORDS)
      : new B.Int32Array(StepWord.WORDS);
  stepGeneration = 0;
  stepMode = StepMode.NONE;
  refreshLiveChecks();
  setBoundaryListener(refreshLiveChecks);
}

/** Every ENTER of this function probe from now on reaches liveFilters.ts (until the flags change again). */
function entriesTracked(functionProbe: number): boolean {
  return callChecks && (stopFlags[functionProbe] & StopFlag.ENTRY) !== 0;
}

/** Reads the drain's CHECKS word (at a batch boundary, after a stop, at the start). */
export function refreshLiveChecks(): void {
  const checks = Atomics.load(stepWords, StepWord.CHECKS);
  callChecks = (checks & CheckBit.CALLS) !== 0;
  watchChecks = (checks & CheckBit.WATCH) !== 0;
}

/** A new resume or stop-next since the last look: frames count from here. */
function takeStep(): void {
  const generation = Atomics.load(stepWords, StepWord.GENERATION);
  if (generation === stepGeneration) return;
  stepGeneration = generation;
  stepMode = Atomics.load(stepWords, StepWord.MODE);
  stepDepth = Atomics.load(stepWords, StepWord.DEPTH);
  stepAwaits = stepMode === StepMode.OVER && Atomics.load(stepWords, StepWord.AWAITS) === 1;
  awaitedFrame = stepMode === StepMode.OVER ? Atomics.load(stepWords, StepWord.RESUME_OF) : 0;
  depth = 0;
  leftFrame = false;
}

/**
 * A live session's STEP call: the step event, then the check against this thread's one stop table.
 * Both are `const`s of this closure, so where the program's optimized code inlines it (the hot path
 * is a frozen object: the closure is a constant there, and so is its context) the table's load,
 * map, bounds and detach checks fold away and, the probe id being a literal, the check is one
 * byte compare at a constant address and a branch (docs/LIVE_SESSIONS.md has V8's code).
 * A module variable (`stopFlags`, replaceable by useStopFlags) compiled to ~14 instructions.
 */
export function checkedStep(step: (probeId: number) => void): (probeId: number) => void {
  const flags = threadStopFlags(false);
  const stepEvent = step;
  return function sChecked(probeId: number): void {
    stepEvent(probeId);
    if (flags[probeId] > 0) stopHere(probeId); // > 0: an id past the table reads undefined
  };
}

/** The STEP path's check (THROW's, and a table a test gives useStopFlags): one load and a branch unless flagged. */
export function checkStop(probeId: number): void {
  if (stopFlags[probeId] > 0) stopHere(probeId); // > 0: an id past a test's small table reads undefined
}

/**
 * The WRITE path's check: keeps the value for a filter only where one reads this binding, with
 * the frame that owns it (`ownerFrame`, from a WRITE that names it; absent: the running frame).
 */
export function checkWatch(probeId: number, value: unknown, ownerFrame?: number): void {
  if (watchChecks === true) watchFlagged(probeId, value, ownerFrame);
}

function watchFlagged(probeId: number, value: unknown, ownerFrame: number | undefined): void {
  if (stopFlags[probeId] > 0) watchWrite(probeId, value, ownerFrame);
}

/**
 * The ENTER path's check: a function whose frames own a watched binding has its activations
 * tracked, and a live step counts the frames (NEXT is set on every probe while it runs).
 */
export function checkEnter(probeId: number, frameId: number): void {
  if (callChecks === true) enterFlagged(probeId, frameId);
}

// Out of line: the inlined part of the check stays one load and a branch.
function enterFlagged(probeId: number, frameId: number): void {
  if (stopFlags[probeId] > 0) entered(probeId, frameId);
}

/** The EXIT path's (every frame's exit runs it, a throw's included). */
export function checkExit(probeId: number, frameId: number): void {
  if (callChecks === true) exitFlagged(probeId, frameId);
}

// Out of line: the inlined part of the check stays one load and a branch.
function exitFlagged(probeId: number, frameId: number): void {
  if (stopFlags[probeId] > 0) exited(probeId, frameId);
}

/** SUSPEND (await, yield): the frame is left until its RESUME. */
export function checkSuspend(probeId: number, frameId: number): void {
  if (callChecks === true && stopFlags[probeId] > 0) suspended(frameId);
}

export function checkResume(probeId: number, frameId: number): void {
  if (callChecks === true && stopFlags[probeId] > 0) resumed(frameId);
}

/** CATCH: a rejection may have resumed the awaited frame (no RESUME then): stop early, the adapter checks. */
export function checkCatch(probeId: number): void {
  if (callChecks === true && stopFlags[probeId] > 0) caught();
}

function caught(): void {
  takeStep();
  if (awaitedFrame !== 0) stopAtNextStep();
}

function suspended(frameId: number): void {
  takeStep();
  // The held frame awaits (depth is its own): the step ends at its resume, not in its caller.
  if (stepAwaits && awaitedFrame === 0 && !leftFrame && depth === stepDepth) awaitedFrame = frameId;
  left();
}

function resumed(frameId: number): void {
  takeStep();
  depth++;
  if (awaitedFrame === 0 || frameId !== awaitedFrame) return;
  // Back in the held frame: its next step ends the step.
  awaitedFrame = 0;
  depth = stepDepth;
  leftFrame = false;
}

/** The wait for the awaited frame is over without its RESUME: the next step anywhere stops (early at worst). */
function stopAtNextStep(): void {
  awaitedFrame = 0;
  leftFrame = true;
}

function entered(probeId: number, frameId: number): void {
  if ((stopFlags[probeId] & StopFlag.ENTRY) !== 0) activationEntered(probeId, frameId);
  takeStep();
  depth++;
}

function exited(probeId: number, frameId: number): void {
  if ((stopFlags[probeId] & StopFlag.ENTRY) !== 0) activationExited(probeId, frameId);
  left();
  if (awaitedFrame !== 0 && frameId === awaitedFrame) stopAtNextStep(); // a rejection ended it
}

function left(): void {
  takeStep();
  if (--depth < stepDepth) leftFrame = true;
}

/**
 * At a NEXT-flagged probe: has the live step arrived? Counting errs only one way: a frame missed
 * (entered before the flags were set, a rejection resuming without RESUME) is an early stop, and
 * the adapter then goes on with another resume.
 */
function stepArrived(): boolean {
  takeStep();
  if (awaitedFrame !== 0) return false;
  if (stepMode === StepMode.NONE || leftFrame) return true;
  return stepMode === StepMode.OVER && depth <= stepDepth;
}

/** Cold: publish what was recorded up to this step, say where we are, wait to be resumed. */
function stopHere(probeId: number): void {
  const flags = stopFlags[probeId];
  const stops =
    (flags & StopFlag.BREAK) !== 0 ||
    ((flags & StopFlag.NEXT) !== 0 && stepArrived()) ||
    ((flags & StopFlag.FILTER) !== 0 && filtersPass(probeId)) ||
    ((flags & StopFlag.UNCAUGHT) !== 0 && throwIsUncaught()); // WATCH alone: a WRITE's id
  if (!stops) return;
  flushBatch();
  Atomics.store(control, Control.PAUSE, 1);
  Atomics.store(control, Control.LIVE_STOP, probeId + 1);
  Atomics.notify(control, Control.DESC_HEAD);
  // The collector resumes us; the drain clears the flag itself when the collector goes away.
  while (Atomics.load(control, Control.PAUSE) !== 0) Atomics.wait(control, Control.PAUSE, 1, 1000);
  refreshLiveChecks(); // a live step from here counts frames from its first call on
  refreshFilters(); // sent while stopped: compiled before the next frame, while the adapter's counts hold
}
