// Searches in time slices (issue 10 item 7): continue/reverseContinue, and step over/out in either
// direction (a breakpoint condition evaluated at every hit inside a call that ran millions of steps).
// A condition that never holds used to freeze the adapter (pause, cancel and disconnect waited for
// it). Each slice searches for at most `sliceMs`, then yields to the event loop, so
// pause/cancel/terminate/disconnect are read and answered; a search longer than `costLimitMs`
// stops with a message saying where it got to. Knows the engine's moves and the dispatcher's verdict.
import type { Direction, ReplayEngine, SearchBudget, StopResult } from '../replay/api';
import type { SessionContext } from './context';
import type { HandlerResult, Interruption } from './dispatch';
import { reportStop } from './stops';

export interface SearchLimits {
  sliceMs: number;
  costLimitMs: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { sliceMs: 100, costLimitMs: 30_000 };

export async function continueInSlices(
  context: SessionContext,
  requestSeq: number,
  engine: ReplayEngine,
  direction: Direction,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<HandlerResult> {
  const stop = await searchInSlices(engine, direction, () => context.interrupted(requestSeq), limits);
  // Interrupted: a pause reported its own stop where the search got to; a cancelled move went back
  // where it started (the client is told `cancelled`); terminate/disconnect end the session.
  if (typeof stop === 'string') return {};
  return { after: () => reportStop(context, stop) };
}

/** A move given a time budget: its first slice (the engine's continue, next or stepOut). */
export type BudgetedMove = (budget: SearchBudget) => StopResult;

/** The search itself: the stop it found, the cost limit's stop, or why it was interrupted. */
export async function searchInSlices(
  engine: ReplayEngine,
  direction: Direction,
  interrupted: () => Interruption | undefined,
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
  firstSlice: BudgetedMove = (budget) => engine.continue(direction, budget),
): Promise<StopResult | Interruption> {
  const from = engine.currentStep;
  const startedMs = Date.now();
  let stop = firstSlice({ untilMs: Date.now() + limits.sliceMs });
  while (stop.searchCut) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const interruption = interrupted();
    if (interruption === 'cancelled') engine.gotoStep(from);
    if (interruption) return interruption;
    if (Date.now() - startedMs >= limits.costLimitMs)
      return costLimitStop(stop, from, direction, Date.now() - startedMs);
    stop = engine.searchOn(direction, stop.searchTarget ?? -1, { untilMs: Date.now() + limits.sliceMs });
  }
  return stop;
}

function costLimitStop(stop: StopResult, from: number, direction: Direction, elapsedMs: number): StopResult {
  const [low, high] = direction === 'forward' ? [from, stop.stepIndex] : [stop.stepIndex, from];
  return {
    ...stop,
    searchCut: undefined,
    searchTarget: undefined,
    reason: 'pause',
    text: `Stopped searching after ${(elapsedMs / 1000).toFixed(1)} s (the search's cost limit): no breakpoint condition held between steps ${low} and ${high}. ${direction === 'forward' ? 'Continue' : 'Reverse continue'} again to search further.`,
  };
}
