// The one scan loop (STYLE.md 2): every movement — step, next, out, continue, in either direction
// — goes from the cursor toward a natural target (or the edge of the recording), and stops earlier
// at the first breakpoint hit or at the edge of a gap. Knows nothing of how targets or hits are found.
import type { ThreadHistory } from '../trace/history';
import type { Direction, StopReason, StopResult } from './api';
import { NO_TARGET } from './motion';

const START_TEXT = 'Start of the recording.';

export interface BreakpointHit {
  stepIndex: number;
  reason: StopReason;
  ids: number[];
  text?: string;
  /** Not a hit: the search's time ran out here (everything up to this step was searched). */
  searchCut?: boolean;
}

/** Finds the first stopping breakpoint hit strictly beyond `from`, up to `limit` inclusive. */
export interface HitFinder {
  firstHit(from: number, direction: Direction, limit: number): BreakpointHit | undefined;
}

export interface ScanRequest {
  from: number;
  direction: Direction;
  /** The movement's natural stop, or NO_TARGET to run to the edge. */
  target: number;
  /** Stop at breakpoints on the way (continue, next, out); a single step-in does not. */
  breakpoints: boolean;
  threadId: number;
}

export function scan(thread: ThreadHistory, hits: HitFinder, request: ScanRequest): StopResult {
  const { from, direction, target, threadId } = request;
  const forward = direction === 'forward';
  const edge = forward ? thread.endStep - 1 : thread.firstStep;
  let limit = target === NO_TARGET ? edge : target;
  let reason: StopReason = target === NO_TARGET ? (forward ? 'end' : 'start') : 'step';
  let text = target === NO_TARGET ? (forward ? 'End of the recording.' : START_TEXT) : undefined;
  const gap = firstGapCrossed(thread, from, limit, direction);
  if (gap) {
    limit = forward ? gap.stepIndex - 1 : gap.stepIndex;
    reason = 'gap';
    text = `${gap.lostEvents} events were lost here (the recorder's buffer overflowed); history ${forward ? 'after' : 'before'} this step is incomplete.`;
  }
  if (request.breakpoints && limit !== from) {
    // A breakpoint exactly at a step's natural target still counts as a breakpoint stop.
    const hit = hits.firstHit(from, direction, limit);
    if (hit?.searchCut)
      return {
        stepIndex: hit.stepIndex,
        reason: hit.reason,
        hitBreakpointIds: [],
        text: hit.text,
        threadId,
        searchCut: true,
      };
    if (hit)
      return {
        stepIndex: hit.stepIndex,
        reason: hit.reason,
        hitBreakpointIds: hit.ids,
        text: withGapNotes(thread, from, hit.stepIndex, hit.text),
        threadId,
      };
  }
  const stepIndex = Math.max(thread.firstStep, limit);
  return { stepIndex, reason, hitBreakpointIds: [], text: withGapNotes(thread, from, stepIndex, text), threadId };
}

/**
 * Every move that crosses a gap, or ends where the oldest history was lost, says so: a user who
 * sees a loop counter jump must know the steps between were not recorded.
 */
function withGapNotes(thread: ThreadHistory, from: number, to: number, text: string | undefined): string | undefined {
  const notes: string[] = [];
  const low = Math.min(from, to);
  const high = Math.max(from, to);
  for (const gap of thread.gaps) {
    if (gap.stepIndex > low && gap.stepIndex <= high)
      notes.push(`Crossed a gap: ${gap.lostEvents} events were lost between these steps.`);
    else if (gap.stepIndex === thread.firstStep && to === thread.firstStep) {
      // Not "Start of the recording": the recording started earlier, and that part is gone.
      if (text === START_TEXT) text = undefined;
      notes.push(`Start of the kept history: ${gap.lostEvents} events before were dropped.`);
    }
  }
  if (to === thread.firstStep && thread.firstStep > 0)
    notes.push(`The ${thread.firstStep} steps before this one are no longer kept (the recording's window moved on).`);
  if (notes.length === 0) return text;
  return [text, ...notes].filter((part) => part !== undefined).join(' ');
}

/**
 * The first gap the move from → limit would cross. A gap lies between steps g−1 and g; standing
 * on its edge (g−1 going forward, g going backward) lets the next move cross it.
 */
function firstGapCrossed(thread: ThreadHistory, from: number, limit: number, direction: Direction) {
  const gaps = thread.gaps;
  if (direction === 'forward') {
    for (const gap of gaps) if (gap.stepIndex > from + 1 && gap.stepIndex <= limit) return gap;
    return undefined;
  }
  for (let index = gaps.length - 1; index >= 0; index--) {
    const gap = gaps[index];
    if (gap.stepIndex < from && gap.stepIndex > limit) return gap;
  }
  return undefined;
}
