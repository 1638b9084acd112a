// Every request that moves the cursor: next/stepIn/stepOut/stepBack, continue/reverseContinue,
// goto/gotoTargets, restartFrame. Reverse requests are the forward ones with a direction. Each
// moves only the thread it names (each thread has its own cursor; continue says so with
// allThreadsContinued: false), answers first, then reports the stop (DAP-06). skipFiles: a step
// that lands in a skipped file keeps going the same way (bounded), as a user who skips a file
// expects.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { LiveStep } from '../../../runtime/format/liveControl';
import type { Direction, Granularity, ReplayEngine, SearchBudget, StopResult } from '../../replay/api';
import type { SessionContext } from '../context';
import type { Handler, HandlerResult, Interruption } from '../dispatch';
import { badArguments } from '../errors';
import { DEFAULT_SEARCH_LIMITS, continueInSlices, searchInSlices, type BudgetedMove } from '../slicedSearch';
import { crossIntoLive, messageOf, reachesLivePresent, stopAfterLiveFailure, type LiveMoveKind } from '../liveRun';
import { endWithoutReplay } from '../firstStop';
import { reportStop } from '../stops';
import { onThread } from '../threadFocus';
import { noteUnrecordedStepIn, stepOrigin } from '../unrecorded';

/** A skipped library can be long; past this many repeats we stop where we are rather than hang. */
const MAX_SKIP_REPEATS = 10_000;

type StepKind = 'next' | 'stepIn' | 'stepOut';

export function steppingHandlers(context: SessionContext): Record<string, Handler> {
  const step =
    (kind: StepKind, direction: Direction, command: string): Handler =>
    async (args, request) => {
      const granularity = toGranularity((args as { granularity?: DebugProtocol.SteppingGranularity }).granularity);
      const engine = onThread(context, command, args);
      const origin = kind === 'stepIn' ? stepOrigin(engine) : undefined;
      const startStep = engine.currentStep;
      // Step over/out search breakpoints inside the calls they pass: in slices, like continue.
      const firstSlice = (budget: SearchBudget): StopResult =>
        kind === 'stepIn' ? engine.stepIn(direction, granularity) : engine[kind](direction, granularity, budget);
      const stop = await stepInSlices(context, engine, request.seq, direction, firstSlice);
      // Interrupted: a pause reported its own stop; a cancelled step went back where it started.
      if (typeof stop === 'string') return {};
      // From the live frontier the move goes on in the running program, redone from where it began;
      // Step Over / Out tell the program's recorder which frame's step to run to.
      if (direction === 'forward' && reachesLivePresent(context, stop)) {
        const mode = kind === 'next' ? 'over' : kind === 'stepOut' ? 'out' : undefined;
        const liveStep = (): LiveStep | undefined => (mode ? engine.liveStep(startStep, mode) : undefined);
        return liveAfter(
          context,
          engine,
          'step',
          stop,
          () => {
            engine.gotoStep(startStep);
            return skipping(context, engine, () => engine[kind](direction, granularity));
          },
          liveStep,
        );
      }
      const noted = origin ? noteUnrecordedStepIn(engine, origin, stop) : stop;
      if (noted !== stop && noted.text) context.output.write('console', `[rewind] ${noted.text}\n`);
      return stopAfter(context, noted);
    };
  return {
    next: step('next', 'forward', 'next'),
    stepIn: step('stepIn', 'forward', 'stepIn'),
    stepOut: step('stepOut', 'forward', 'stepOut'),
    // DAP's stepBack is the mirror of `next` (mock-debug, VS Code's Step Back button).
    stepBack: step('next', 'backward', 'stepBack'),
    // Searched in time slices (pause, cancel and disconnect get through a long conditional search);
    // a search that reaches a live program's present resumes it (all threads run again).
    continue: async (args, request) => {
      const engine = onThread(context, 'continue', args);
      const stop = await searchInSlices(engine, 'forward', () => context.interrupted(request.seq));
      if (typeof stop === 'string') return { body: { allThreadsContinued: false } };
      if (reachesLivePresent(context, stop))
        return {
          ...liveAfter(context, engine, 'continue', stop, () => engine.continue('forward')),
          body: { allThreadsContinued: true },
        };
      return { ...stopAfter(context, stop), body: { allThreadsContinued: false } };
    },
    reverseContinue: (args, request) =>
      continueInSlices(context, request.seq, onThread(context, 'reverseContinue', args), 'backward'),
    gotoTargets: (args) => {
      const request = args as unknown as DebugProtocol.GotoTargetsArguments;
      const clientPath = request.source?.path;
      if (typeof clientPath !== 'string' || !Number.isInteger(request.line))
        throw badArguments('gotoTargets', '"source.path" and "line" are required');
      const engine = onThread(context, 'gotoTargets', args);
      const targets = context.sources
        .toRecorded(clientPath, request.line)
        .flatMap((location) => engine.gotoTargets(location.path, location.line1));
      return {
        body: {
          targets: targets.map((target) => ({
            id: target.id,
            label: target.label,
            line: request.line,
            column: context.positions.toClientColumn(target.column0),
          })),
        },
      };
    },
    goto: (args) => {
      const targetId = (args as unknown as DebugProtocol.GotoArguments).targetId;
      if (!Number.isInteger(targetId)) throw badArguments('goto', '"targetId" must come from gotoTargets');
      return stopAfter(context, context.engine().goto(targetId));
    },
    restartFrame: (args) => {
      const frameId = (args as unknown as DebugProtocol.RestartFrameArguments).frameId;
      if (!Number.isInteger(frameId)) throw badArguments('restartFrame', '"frameId" is required');
      // DAP: after restartFrame the stop's reason is 'restart'.
      return stopAfter(context, context.engine().restartFrame(frameId), 'restart');
    },
  };
}

/**
 * Answers first; the stop is reported once the live program stopped again (or ended). A move that
 * fails on the way (the program killed under it, an engine error) is told and still stops, on the
 * latest recorded step; only when even that fails does the session end, saying why — never silence
 * (issue 12 item 11: the failure was printed and no stop ever came).
 */
function liveAfter(
  context: SessionContext,
  engine: ReplayEngine,
  kind: LiveMoveKind,
  stop: StopResult,
  again: () => StopResult,
  liveStep?: () => LiveStep | undefined,
): HandlerResult {
  const run = context.run;
  const current = () => !context.ending && context.run === run;
  return {
    after: () =>
      void crossIntoLive(context, engine, kind, stop, again, liveStep)
        .catch((error: unknown) => (current() ? stopAfterLiveFailure(context, engine, kind, error) : undefined))
        .then((final) => {
          if (final && current()) reportStop(context, final);
        })
        .catch((error: unknown) => {
          if (current()) endWithoutReplay(context, `the live ${kind} could not stop anywhere: ${messageOf(error)}`);
        }),
  };
}

function stopAfter(context: SessionContext, stop: StopResult, reason?: string): HandlerResult {
  return { after: () => reportStop(context, stop, reason) };
}

function toGranularity(granularity: DebugProtocol.SteppingGranularity | undefined): Granularity {
  return granularity === 'line' ? 'line' : 'statement';
}

export function skipping(context: SessionContext, engine: ReplayEngine, move: () => StopResult): StopResult {
  let stop = move();
  for (let repeat = 0; repeat < MAX_SKIP_REPEATS && landedSkipped(context, engine, stop); repeat++) {
    const before = stop.stepIndex;
    stop = move();
    if (stop.stepIndex === before) break;
  }
  return stop;
}

/** A step searched in time slices (slicedSearch.ts), repeated past skipped files; or why it was interrupted. */
export function stepInSlices(
  context: SessionContext,
  engine: ReplayEngine,
  requestSeq: number,
  direction: Direction,
  firstSlice: BudgetedMove,
): Promise<StopResult | Interruption> {
  return skippingInSlices(context, engine, () =>
    searchInSlices(engine, direction, () => context.interrupted(requestSeq), DEFAULT_SEARCH_LIMITS, firstSlice),
  );
}

/** skipping() for a move searched in slices, which an interruption can end between two repeats. */
async function skippingInSlices(
  context: SessionContext,
  engine: ReplayEngine,
  move: () => Promise<StopResult | Interruption>,
): Promise<StopResult | Interruption> {
  let stop = await move();
  for (let repeat = 0; repeat < MAX_SKIP_REPEATS && landedSkipped(context, engine, stop); repeat++) {
    const before = (stop as StopResult).stepIndex;
    stop = await move();
    if (typeof stop !== 'string' && stop.stepIndex === before) break;
  }
  return stop;
}

function landedSkipped(context: SessionContext, engine: ReplayEngine, stop: StopResult | Interruption): boolean {
  return typeof stop !== 'string' && stop.reason === 'step' && inSkippedFile(context, engine);
}

function inSkippedFile(context: SessionContext, engine: ReplayEngine): boolean {
  const top = engine.stackTrace(0, 1).frames[0];
  return (
    top !== undefined &&
    context.sources.isSkipped(
      context.sources.original({ path: top.source.path ?? '', line1: top.source.line1, column0: top.source.column0 })
        .path,
    )
  );
}
