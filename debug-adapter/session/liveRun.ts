// Crossing into the live present: a forward move (continue, next, stepIn, stepOut) that reaches
// the end of what was recorded while the program is held resumes the program and tries again at
// its next stop, with replay's own semantics — breakpoint conditions, hit counts and logpoints are
// decided by the engine over the recorded state, never in the program. Also the first stop of a
// live session (the program waits at its first step until configured) and pause while it runs.
// Knows the session context and the engine's moves; not the collector or the recorder.
import type { ReplayEngine, StopResult } from '../replay/api';
import type { OutputStepData } from '../customProtocol';
import type { SessionContext } from './context';
import { tellConditionFailures } from './logpoints';
import type { LiveStep } from '../../runtime/format/liveControl';
import type { LiveProgram } from './recording';
import { faultPoint } from './faultPoints';

export type LiveMoveKind = 'continue' | 'step';

/** The live program, when the session has one. */
export function liveProgram(context: SessionContext): LiveProgram | undefined {
  return context.recording?.running() ? context.recording.live : undefined;
}

/** True when this stop is the recorded frontier of a held live program: the move goes on live. */
export function reachesLivePresent(context: SessionContext, stop: StopResult): boolean {
  return stop.reason === 'end' && liveProgram(context)?.held() === true;
}

/**
 * Every producer's breakpoint probes, sent now (breakpoints set while stopped or running apply at
 * once); resolves once the program's recorders have them (a breakpoint request answers only then).
 */
export async function sendStopProbes(context: SessionContext, engine: ReplayEngine): Promise<void> {
  await liveProgram(context)?.setStopProbes(engine.liveStops(), engine.livePendingBreakpoints());
}

/**
 * Goes on from `stop` (the frontier) live: resume, and at each stop redo the move (`again`) until
 * it stops short of the frontier, a pause was asked, or the program ended. A step may say where
 * the program's recorder should stop next (`liveStep`, asked at each frontier: Step Over / Out
 * run in the program until the frame's next step, issue 13 item 3), else it stops at every step.
 */
export async function crossIntoLive(
  context: SessionContext,
  engine: ReplayEngine,
  kind: LiveMoveKind,
  stop: StopResult,
  again: () => StopResult,
  liveStep?: () => LiveStep | undefined,
): Promise<StopResult> {
  const live = liveProgram(context);
  if (!live) return stop;
  const run = context.run;
  context.liveRunning = true;
  let resumed = false;
  try {
    while (reachesLivePresent(context, stop) && !context.ending && context.run === run) {
      // Not awaited: the resume line that follows is applied after it, in order, by the same drain.
      void sendStopProbes(context, engine);
      engine.liveResumed(live.heldProducers());
      resumed = true;
      const step = kind === 'step' && !context.livePauseRequested ? liveStep?.() : undefined;
      const held = await live.resume({
        next: kind === 'step' || context.livePauseRequested,
        step: step && { ...step, threadId: stop.threadId },
      });
      printLiveLogpoints(context, engine);
      if (!held) {
        faultPoint('liveMove.programEnded');
        stop = endedUnder(live, again()); // the program ended: the move finishes in the complete recording
        break;
      }
      if (context.livePauseRequested) {
        context.livePauseRequested = false;
        const producer = live.stoppedProducer();
        if (producer !== undefined) engine.selectThread(producer);
        stop = engine.pauseAtLatest();
        break;
      }
      // Continue: the thread that stopped (a worker's, a child's) is where the move goes on.
      const producer = live.stoppedProducer();
      if (kind === 'continue' && producer !== undefined) engine.selectThread(producer);
      if (kind === 'continue' && context.liveBreakpointsChangedWhileRunning) startAtLiveStop(context, engine);
      stop = again();
    }
    // What the program printed before this stop reaches the console before the stop does.
    if (resumed) await live.outputSettled();
    return stop;
  } finally {
    // A restart meanwhile began another run: its flags are not this move's to clear.
    if (context.run === run) {
      context.liveRunning = false;
      context.livePauseRequested = false;
    }
  }
}

/** A move that reached the end of a program killed under it says how it ended and what is missing. */
function endedUnder(live: LiveProgram, stop: StopResult): StopResult {
  const signal = live.endedBySignal();
  if (signal === undefined || stop.reason !== 'end') return stop;
  const edge = (stop.text ?? 'End of the recording').replace(/\.?$/, '.');
  return { ...stop, text: `${edge} The program was ended by ${signal}: what it had not sent yet is not recorded.` };
}

/**
 * A live move failed on the way (the program killed under it, an engine error): say so, and stop
 * where the recording ends, so the user is never left without a stop (issue 12 item 11).
 */
export function stopAfterLiveFailure(
  context: SessionContext,
  engine: ReplayEngine,
  kind: LiveMoveKind,
  error: unknown,
): StopResult {
  const problem = `the live ${kind} failed: ${messageOf(error)}`;
  context.output.write('important', `[rewind:dap] ${problem}\n`);
  return { ...engine.pauseAtLatest(), text: `Stopped at the latest recorded step: ${problem}.` };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A breakpoint set while the program ran must not "hit" in what ran before it existed (a server's
 * earlier requests): the program stopped at its first real hit, the latest step of the thread that
 * stopped (the recorder holds after writing it), so the move searches on from just before it.
 */
function startAtLiveStop(context: SessionContext, engine: ReplayEngine): void {
  context.liveBreakpointsChangedWhileRunning = false;
  const latest = engine.pauseAtLatest().stepIndex;
  if (latest > 0) engine.gotoStep(latest - 1);
}

/** Pause while a live move runs: the program stops at its current statement, the move reports it. */
export function requestLivePause(context: SessionContext): boolean {
  const live = liveProgram(context);
  if (!live) return false;
  // Before the first stop (configuring, or the program not at its first step yet): the first
  // move resumes it only to its next step, and reports that as the pause.
  if (!context.firstStopReported) {
    context.livePauseRequested = true;
    return true;
  }
  if (!context.liveRunning) return false;
  context.livePauseRequested = true;
  live.requestStop();
  return true;
}

/** Logpoint messages of the steps recorded since the last print (the program printed them live). */
function printLiveLogpoints(context: SessionContext, engine: ReplayEngine): void {
  const frontier = engine.summary().totalSteps - 1;
  const from = context.liveLogpointsPrintedTo + 1;
  context.liveLogpointsPrintedTo = Math.max(context.liveLogpointsPrintedTo, frontier);
  if (frontier < from) return;
  context.output.flush();
  tellConditionFailures(context, engine);
  for (const message of engine.logpointMessages(from, frontier)) {
    const span = context.sources.toClient(message.source);
    const data: OutputStepData = { step: message.stepIndex };
    context.event('output', {
      category: 'console',
      output: `${message.text}\n`,
      source: span.source,
      line: span.line,
      column: span.column,
      data,
    });
  }
}
