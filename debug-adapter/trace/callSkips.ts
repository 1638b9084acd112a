// Crossing calls: how a walk through one activation passes over the calls it made. The indexer
// records skips (a caller that makes many calls without a step of its own between them — any
// `calls`-level caller, a full-level `forEach` — gets one every SKIP_EVERY calls, holding its own
// step before the run and, once known, after it), and the walks below use them, so passing a run
// of calls takes a few hops, not one per call. Window (index) steps; knows nothing of events.
import { lowerBound } from './columns';
import type { WindowStep } from './stepBase';
import type { ThreadIndex } from './threadIndex';

/**
 * A caller making many calls without a step of its own between them gets a skip every SKIP_EVERY
 * calls: walking over its calls then costs at most this many hops, not one per call.
 */
const SKIP_EVERY = 16;
/** skipOwnStepAfter when the caller ended without another step of its own (-1: not known yet). */
const NO_OWN_STEP_AFTER = -2;

/**
 * Walking back through `activation` from `step`: its last own step at or before it (calls it made
 * passed over); when it has none there, the step before its start where the walk left it.
 */
export function walkBackWithin(index: ThreadIndex, activation: number, step: WindowStep): WindowStep {
  const start = index.actStartStep.get(activation);
  while (step >= start) {
    const current = index.stepActivation.get(step);
    if (current === activation) return step;
    step = stepBeforeCall(index, activation, current);
  }
  return step;
}

/**
 * The mirror of walkBackWithin: its first own step at or after `step`; else a step past its end
 * (or past the recording's), or -1 when a call it made never returned.
 */
export function walkForwardWithin(index: ThreadIndex, activation: number, step: WindowStep): WindowStep {
  const end = index.actEndStep.get(activation);
  while (step < index.stepCount) {
    const current = index.stepActivation.get(step);
    if (current === activation || (end >= 0 && step > end)) return step;
    step = stepAfterCall(index, activation, current);
    if (step < 0) return -1;
  }
  return step;
}

/**
 * From a step of `current` (a callee of `activation`, at any depth): the next step to look at —
 * its own step before that call (by a skip), or the step before the call. A result before the
 * activation's start means it has no own step before the call.
 */
function stepBeforeCall(index: ThreadIndex, activation: number, current: number): WindowStep {
  const call = callOf(index, activation, current);
  if (call < 0) return index.actStartStep.get(current) - 1;
  const skip = skipOf(index, call);
  if (skip < 0) return index.actStartStep.get(call) - 1;
  const own = index.skipOwnStepBefore.get(skip);
  return own >= 0 ? own : index.actStartStep.get(activation) - 1;
}

/**
 * The mirror of stepBeforeCall: the step after the whole call, or by a skip the activation's own
 * step after its run of calls (past its end when it made none). -1 when the call never returned.
 */
function stepAfterCall(index: ThreadIndex, activation: number, current: number): WindowStep {
  const call = callOf(index, activation, current);
  const skip = call < 0 ? -1 : skipOf(index, call);
  const own = skip < 0 ? -1 : index.skipOwnStepAfter.get(skip);
  if (own >= 0) return own;
  if (own === NO_OWN_STEP_AFTER) return index.actEndStep.get(activation) + 1;
  const end = index.actEndStep.get(call < 0 ? current : call);
  return end < 0 ? -1 : end + 1;
}

/** The call made by `activation` that `current` runs in (itself or a callee of it), or -1. */
function callOf(index: ThreadIndex, activation: number, current: number): number {
  let call = current;
  while (call >= 0 && index.actBelow.get(call) !== activation) call = index.actBelow.get(call);
  return call;
}

function skipOf(index: ThreadIndex, call: number): number {
  const skips = index.skipChild;
  const at = lowerBound(skips.length, call, (position) => skips.get(position));
  return at < skips.length && skips.get(at) === call ? at : -1;
}

/** Indexing-time bookkeeping: fills the index's skip columns as activations open, step and close. */
export class CallSkips {
  // Per stack depth, for the activation open there: its last own step (-1: none yet), the calls
  // it made since, and its skips still waiting for its next own step.
  private readonly lastOwnStep: number[] = [];
  private readonly callsSinceOwnStep: number[] = [];
  private readonly waiting: number[][] = [];

  constructor(private readonly index: ThreadIndex) {}

  /** A step of the activation at `depth`. */
  ownStep(depth: number, stepIndex: number): void {
    this.lastOwnStep[depth] = stepIndex;
    this.callsSinceOwnStep[depth] = 0;
    this.resolve(depth, stepIndex);
  }

  /** An activation opened at `depth`, called (or resumed) by the one below it when depth > 0. */
  opened(depth: number, activation: number): void {
    if (depth > 0) this.called(depth - 1, activation);
    this.resolve(depth, NO_OWN_STEP_AFTER);
    this.lastOwnStep[depth] = -1;
    this.callsSinceOwnStep[depth] = 0;
  }

  /** The activation at `depth` returned, threw or suspended: its waiting skips have no own step after them. */
  closed(depth: number): void {
    this.resolve(depth, NO_OWN_STEP_AFTER);
  }

  private called(depth: number, child: number): void {
    const calls = (this.callsSinceOwnStep[depth] ?? 0) + 1;
    this.callsSinceOwnStep[depth] = calls;
    if (calls % SKIP_EVERY !== 0) return;
    const index = this.index;
    const skip = index.skipChild.push(child);
    index.skipOwnStepBefore.push(this.lastOwnStep[depth] ?? -1);
    index.skipOwnStepAfter.push(-1);
    (this.waiting[depth] ??= []).push(skip);
  }

  private resolve(depth: number, stepIndex: number): void {
    const waiting = this.waiting[depth];
    if (!waiting || waiting.length === 0) return;
    for (const skip of waiting) this.index.skipOwnStepAfter.set(skip, stepIndex);
    waiting.length = 0;
  }
}
