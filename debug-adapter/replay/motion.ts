// Where each movement would naturally land, in either direction, using the activation index
// (whole calls are skipped by jumping over their step spans, never by visiting their steps).
// Breakpoints and gaps are not checked here: scan.ts applies them to every movement alike.
import { ActivationEnd, type ThreadHistory } from '../trace/history';
import type { Direction, Granularity } from './api';
import type { Locations } from './locations';

/** -1 means "no natural stop before the edge of the recording in that direction". */
export const NO_TARGET = -1;

export class Motion {
  /**
   * `growing`: the thread is still being recorded (a live program), so a frame suspended at an
   * await may yet resume: Step Over has not reached its target in what was recorded so far.
   */
  constructor(
    private readonly thread: ThreadHistory,
    private readonly locations: Locations,
    private readonly growing = false,
  ) {}

  private act(stepIndex: number): number {
    return this.thread.activationAt(stepIndex);
  }

  /** Did this activation end by `await` (resumed later in the same frame), rather than return/throw/yield? */
  private suspendedByAwait(activation: number): boolean {
    const thread = this.thread;
    if (thread.activationEndKind(activation) !== ActivationEnd.SUSPEND) return false;
    const probe = this.locations.probes.resolve(thread.probeOfEvent(thread.activationEndOffset(activation)));
    if (probe) return probe.info.kind === 'await';
    return !this.locations.isGeneratorFunction(thread.frameProbe(thread.frameOf(activation)));
  }

  /** The last activation of `activation`'s frame, when it ended at an await not resumed yet; else -1. */
  awaitingActivation(activation: number): number {
    const thread = this.thread;
    let last = activation;
    for (let next = thread.nextActivationOfFrame(last); next >= 0; next = thread.nextActivationOfFrame(next))
      last = next;
    return this.suspendedByAwait(last) ? last : -1;
  }

  stepIn(from: number, direction: Direction): number {
    const target = direction === 'forward' ? from + 1 : from - 1;
    return target >= this.thread.firstStep && target < this.thread.endStep ? target : NO_TARGET;
  }

  /** Step over: the next step of this frame; calls skipped; out to the caller when the frame ends. */
  next(from: number, direction: Direction): number {
    return direction === 'forward'
      ? this.nextForward(from, this.act(from))
      : this.nextBackward(from - 1, this.act(from));
  }

  private nextForward(start: number, startActivation: number): number {
    const thread = this.thread;
    let activation = startActivation;
    let step = start + 1;
    while (step < thread.endStep) {
      step = thread.walkForwardWithin(activation, step);
      if (step < 0) return NO_TARGET; // a call that never returned within the recording
      if (step >= thread.endStep) break;
      const end = thread.activationEnd(activation);
      if (end < 0 || step <= end) return step;
      // The activation is over: an await continues in the frame's next activation; anything else returns.
      const awaited = this.suspendedByAwait(activation);
      const resumed = awaited ? thread.nextActivationOfFrame(activation) : -1;
      if (resumed < 0) return awaited && this.growing ? NO_TARGET : step;
      activation = resumed;
      step = Math.max(step, thread.activationStart(resumed));
    }
    return NO_TARGET;
  }

  /** `step` is the first candidate (from − 1); the loop mirrors nextForward. */
  private nextBackward(step: number, startActivation: number): number {
    const thread = this.thread;
    let activation = startActivation;
    while (step >= thread.firstStep) {
      step = thread.walkBackWithin(activation, step);
      if (step >= thread.activationStart(activation)) return step;
      if (step < thread.firstStep) break;
      // Before this activation began: after an await, the frame's previous activation; else the caller.
      const previous = thread.previousActivationOfFrame(activation);
      if (previous >= 0 && this.suspendedByAwait(previous)) {
        activation = previous;
        step = Math.min(step, thread.activationEnd(previous));
        continue;
      }
      const below = thread.callerOf(activation);
      if (below < 0) return step;
      activation = below;
    }
    return NO_TARGET;
  }

  /** Forward: the first step after this activation ends. Backward: the caller's step that made the call. */
  stepOut(from: number, direction: Direction): number {
    const thread = this.thread;
    const activation = this.act(from);
    if (direction === 'forward') {
      const end = thread.activationEnd(activation);
      return end >= 0 && end + 1 < thread.endStep ? end + 1 : NO_TARGET;
    }
    const first = thread.frameFirstActivation(thread.frameOf(activation));
    const below = thread.callerOf(first);
    const before = thread.activationStart(first) - 1;
    if (before < thread.firstStep) return NO_TARGET;
    return below < 0 ? before : this.nextBackward(before, below);
  }

  /** Line granularity: repeats a statement-level move while it stays on the same line of the same frame. */
  byLine(from: number, granularity: Granularity | undefined, move: (step: number) => number): number {
    let target = move(from);
    if (granularity !== 'line') return target;
    const thread = this.thread;
    const frame = thread.frameAt(from);
    const line = this.locations.lineKey(thread.probeAt(from));
    while (
      target !== NO_TARGET &&
      thread.frameAt(target) === frame &&
      this.locations.lineKey(thread.probeAt(target)) === line
    ) {
      target = move(target);
    }
    return target;
  }

  /** The first step of a frame's first activation (its entry), or NO_TARGET. */
  frameEntry(frameIndex: number): number {
    return this.thread.frameEntryStep(frameIndex);
  }
}
