// Skips over long runs of calls (SKIP_EVERY in threadIndex.ts): a caller that makes many calls
// without a step of its own between them — any `calls`-level caller, a full-level `forEach` —
// records at every SKIP_EVERY-th call its own step before the run and, once known, after it, so
// walks over the run take a few hops instead of one per call. Indexing-time bookkeeping only: the
// columns it fills are read by ThreadIndex.stepBeforeCall/stepAfterCall. Knows nothing of events.
import { NO_OWN_STEP_AFTER, SKIP_EVERY, type ThreadIndex } from './threadIndex';

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
