// Every breakpoint kind as one thing: a sorted list of candidate steps (hitLists.ts) filtered by a
// condition and a hit condition. Finds the first qualifying hit in either direction for the scan
// loop, and produces logpoint messages for every hit of the recording. A search that evaluates
// conditions can be given a deadline: it then stops where it got to (issue 10 item 7), so the
// session can answer other requests and search on. Knows nothing of DAP.
import type { ConditionFailure, Direction, LogpointMessage, StopReason } from './api';
import { ReplayError } from './errors';
import type { HitCondition } from './hitCondition';
import { countAtOrBefore, neighbour, sortedList, type StepList } from './hitLists';
import type { BreakpointHit, HitFinder } from './scan';

export type BreakpointKind = 'line' | 'function' | 'data' | 'exception';

export interface Breakpoint {
  id: number;
  kind: BreakpointKind;
  condition?: string;
  hitCondition?: HitCondition;
  logMessage?: string;
  /** Candidate steps, rebuilt by the owner when the recording grows. */
  hits: () => StepList;
  /** Extra text for a stop (exception message, "x written here"). */
  describe?: (stepIndex: number) => string | undefined;
}

export interface ConditionEvaluator {
  /** Evaluates at a step's top frame; throws ReplayError when it cannot. */
  isTrue(expression: string, stepIndex: number): boolean;
  interpolate(message: string, stepIndex: number): string;
}

const REASONS: Record<BreakpointKind, StopReason> = {
  line: 'breakpoint',
  function: 'function breakpoint',
  data: 'data breakpoint',
  exception: 'exception',
};
interface QualifiedHits {
  source: StepList;
  /** Qualifying steps among source's first `examined` hits. */
  steps: number[];
  examined: number;
  /** Set once every hit was examined. */
  list?: StepList;
}

const MAX_LOGPOINT_MESSAGES = 100_000;
/** Conditions evaluated between two looks at the clock. */
const EVALUATIONS_PER_CLOCK_CHECK = 64;

export class BreakpointSet implements HitFinder {
  private readonly all = new Map<number, Breakpoint>();
  /**
   * Qualifying hits of breakpoints with both a condition and a hit condition (ordinals need them
   * all): built once per list, resumably — a search out of time keeps what it has and goes on next slice.
   */
  private readonly qualified = new Map<Breakpoint, QualifiedHits>();
  /** Conditions that failed at a hit, each told once per session (keyed by condition and reason). */
  private readonly failuresSeen = new Set<string>();
  private failuresToTell: ConditionFailure[] = [];

  /** Date.now() after which a search stops where it got to; undefined: no deadline. */
  searchUntilMs: number | undefined;
  private evaluations = 0;
  /** Where the last nextHit() ran out of time (its first unexamined hit), if it did. */
  private cutAt: number | undefined;

  /** Hits whose condition a live program's recorder already found false (liveDecided.ts). */
  knownFalse: (bp: Breakpoint, stepIndex: number) => boolean = () => false;

  constructor(private readonly evaluator: ConditionEvaluator) {}

  replace(kind: BreakpointKind, breakpoints: Breakpoint[], owner?: (bp: Breakpoint) => boolean): void {
    for (const [id, bp] of this.all) if (bp.kind === kind && (!owner || owner(bp))) this.all.delete(id);
    for (const bp of breakpoints) this.all.set(bp.id, bp);
    this.qualified.clear();
  }

  list(): Breakpoint[] {
    return [...this.all.values()];
  }

  firstHit(from: number, direction: Direction, limit: number): BreakpointHit | undefined {
    const forward = direction === 'forward';
    let best: BreakpointHit | undefined;
    /** Hits beyond this were not searched by every breakpoint: the result must stop before it. */
    let bound = limit;
    let cut = false;
    for (const bp of this.all.values()) {
      if (bp.logMessage !== undefined) continue;
      // Ordinals not counted yet, and the time ran out counting them: nothing past `from` searched.
      const list = this.hitList(bp);
      const step = list
        ? this.nextHit(bp, list, from, direction, best ? best.stepIndex : bound)
        : this.cutBefore(from, direction);
      if (this.cutAt !== undefined) {
        // Searched strictly before cutAt: no answer may lie at or beyond it.
        bound = this.cutAt + (forward ? -1 : 1);
        this.cutAt = undefined;
        cut = true;
        if (best && (forward ? best.stepIndex > bound : best.stepIndex < bound)) best = undefined;
      }
      if (step < 0) continue;
      if (best && step === best.stepIndex) {
        best.ids.push(bp.id);
        continue;
      }
      best = { stepIndex: step, reason: REASONS[bp.kind], ids: [bp.id], text: bp.describe?.(step) };
    }
    if (best || !cut) return best;
    return {
      stepIndex: bound,
      reason: 'pause',
      ids: [],
      searchCut: true,
      text: 'Still searching: no breakpoint condition held so far.',
    };
  }

  private cutBefore(from: number, direction: Direction): number {
    this.cutAt = from + (direction === 'forward' ? 1 : -1);
    return -1;
  }

  /** The first qualifying hit strictly beyond `from` and not beyond `limit`, or -1 (and `cutAt` when time ran out). */
  private nextHit(bp: Breakpoint, list: StepList, from: number, direction: Direction, limit: number): number {
    const forward = direction === 'forward';
    const useCondition = bp.condition !== undefined && !this.qualified.has(bp);
    // A hit condition alone is cheap, but tens of millions of hits are not: it looks at the clock
    // too, when the search has a deadline (without one, outOfTime() is always false: not called).
    const clocked = (useCondition || bp.hitCondition !== undefined) && this.searchUntilMs !== undefined;
    const hitCondition = bp.hitCondition;
    // With a hit condition, the hits up to `limit` are a range of indexes found once (a binary
    // search): the condition is tested on ordinals alone, and only a hit that passes it has its step
    // read. Without one, the first hit is usually the answer: its step is compared with the limit.
    // Forward: indexes below `stop` hold steps ≤ limit; backward: indexes above it hold steps ≥ limit.
    const stop = hitCondition ? hitsWithin(list, limit, forward) : forward ? list.length : -1;
    for (
      let index = neighbour(list, from, forward);
      forward ? index >= 0 && index < stop : index > stop;
      index += forward ? 1 : -1
    ) {
      let hit = -1;
      if (!hitCondition) {
        hit = list.get(index);
        if (forward ? hit > limit : hit < limit) return -1;
      }
      if (clocked && this.outOfTime()) {
        this.cutAt = hitCondition ? list.get(index) : hit;
        return -1;
      }
      if (hitCondition) {
        if (!hitCondition(index + 1)) continue;
        hit = list.get(index);
      }
      if (useCondition && (this.knownFalse(bp, hit) || !this.conditionHolds(bp, hit))) continue;
      return hit;
    }
    return -1;
  }

  /** Looks at the clock every few evaluations, once the search has a deadline. */
  private outOfTime(): boolean {
    if (this.searchUntilMs === undefined) return false;
    if (++this.evaluations % EVALUATIONS_PER_CLOCK_CHECK !== 0) return false;
    return Date.now() > this.searchUntilMs;
  }

  private conditionHolds(bp: Breakpoint, stepIndex: number): boolean {
    const condition = bp.condition!;
    try {
      return this.evaluator.isTrue(condition, stepIndex);
    } catch (error) {
      if (!(error instanceof ReplayError)) throw error;
      // Not a hit (as when a condition throws in V8), but never silently: the user is told once.
      const key = `${condition}\u0000${error.userMessage}`;
      if (!this.failuresSeen.has(key)) {
        this.failuresSeen.add(key);
        this.failuresToTell.push({ breakpointId: bp.id, condition, stepIndex, message: error.userMessage });
      }
      return false;
    }
  }

  /** Condition failures not told yet (each once); `stepIndex` is the retained window's. */
  takeConditionFailures(): ConditionFailure[] {
    return this.failuresToTell.splice(0);
  }

  /**
   * Hit ordinals count qualifying hits when there is a condition, so those need the whole list;
   * undefined while it is still being counted and the search's time ran out (resumed next call).
   */
  private hitList(bp: Breakpoint): StepList | undefined {
    const source = bp.hits();
    if (!(bp.condition !== undefined && bp.hitCondition)) return source;
    let qualified = this.qualified.get(bp);
    if (!qualified || qualified.source !== source) {
      qualified = { source, steps: [], examined: 0 };
      this.qualified.set(bp, qualified);
    }
    while (!qualified.list) {
      if (qualified.examined === source.length) {
        qualified.list = sortedList(qualified.steps);
        break;
      }
      if (this.outOfTime()) return undefined;
      const step = source.get(qualified.examined++);
      if (!this.knownFalse(bp, step) && this.conditionHolds(bp, step)) qualified.steps.push(step);
    }
    return qualified.list;
  }

  /** Every logpoint message in [startStep, endStep], time order. */
  logMessages(
    startStep: number,
    endStep: number,
    source: (bp: Breakpoint, stepIndex: number) => LogpointMessage['source'],
  ): LogpointMessage[] {
    const messages: LogpointMessage[] = [];
    for (const bp of this.all.values()) {
      if (bp.logMessage === undefined) continue;
      const list = this.hitList(bp)!; // no deadline here: always whole
      const useCondition = bp.condition !== undefined && !this.qualified.has(bp);
      for (
        let index = neighbour(list, startStep - 1, true);
        index >= 0 && index < list.length && messages.length < MAX_LOGPOINT_MESSAGES;
        index++
      ) {
        const step = list.get(index);
        if (step > endStep) break;
        if (bp.hitCondition && !bp.hitCondition(index + 1)) continue;
        if (useCondition && (this.knownFalse(bp, step) || !this.conditionHolds(bp, step))) continue;
        messages.push({
          stepIndex: step,
          breakpointId: bp.id,
          text: this.evaluator.interpolate(bp.logMessage, step),
          source: source(bp, step),
        });
      }
    }
    return messages.sort((a, b) => a.stepIndex - b.stepIndex || a.breakpointId - b.breakpointId);
  }
}

/**
 * Where the hits not beyond `limit` end, as the bound of an index loop: forward, the first index
 * whose step is past it; backward, the last index whose step is before it.
 */
function hitsWithin(list: StepList, limit: number, forward: boolean): number {
  return forward ? countAtOrBefore(list, limit) : countAtOrBefore(list, limit - 1) - 1;
}
