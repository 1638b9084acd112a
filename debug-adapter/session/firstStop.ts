// The moment a recording becomes replayable: bind every breakpoint set so far (announcing the
// result with `breakpoint` events), print retroactive logpoint messages, and make the first stop
// (ARCHITECTURE.md §4: first breakpoint, else the uncaught throw, else the last step; or the first
// step with stopOnEntry; or the latest step after a pause). Happens once per session.
import type { ReplayEngine, StopResult } from '../replay/api';
import type { SessionContext } from './context';
import { crossIntoLive, sendStopProbes, stopAfterLiveFailure } from './liveRun';
import { replayLogpoints } from './logpoints';
import { nothingRecordedMessage } from './nothingRecorded';
import { replayRecordedOutput } from './recordedOutput';
import { reportStop } from './stops';

export type FirstStopKind = 'open' | 'pause';

/**
 * Notes about Rewind itself, not the recording: shown only with `"verbose": true` (issue 15 §3),
 * while damage, lost events and other notes about what the user sees are always shown.
 */
const DIAGNOSTIC_NOTES = [/^instrumentation cache: /];

function isDiagnostic(note: string): boolean {
  return DIAGNOSTIC_NOTES.some((pattern) => pattern.test(note));
}

/** Waits for configurationDone and the recording, then stops once. Safe to call twice. */
export async function makeFirstStop(
  context: SessionContext,
  kind: FirstStopKind,
  engine?: ReplayEngine,
): Promise<void> {
  const run = context.run;
  await context.configurationDone.wait();
  const live = context.recording?.live;
  // A live program waits at its first step: bind there, then run it to its first stop.
  if (kind === 'open' && !engine && live && (await live.firstHold()))
    return context.run === run ? makeLiveFirstStop(context, live.engineNow()) : undefined;
  const ready = engine ?? (await context.recording?.ready);
  // A restart while this waited: the run it was for is gone.
  if (!ready || context.firstStopReported || context.ending || context.run !== run) return;
  if (context.plan?.noDebug) {
    context.ending = true;
    context.output.flush();
    context.event('terminated');
    return;
  }
  const summary = ready.summary();
  for (const note of summary.notes) {
    // Rewind's own notes go to the Debug Console only when asked (js-debug's `trace`; ours names a recording).
    if (context.plan?.attributes.verbose || !isDiagnostic(note)) context.output.write('console', `[rewind] ${note}\n`);
  }
  if (summary.totalSteps === 0) {
    endWithoutReplay(context, nothingRecordedMessage(summary, ready.loadedSources().length));
    return;
  }
  context.sources.learn(ready.loadedSources());
  bindEverything(context, ready);
  let stop: StopResult = ready.open({ stopOnEntry: kind === 'open' ? (context.plan?.stopOnEntry ?? false) : true });
  if (kind === 'pause') stop = ready.pauseAtLatest();
  context.firstStopReported = true;
  // A live program printed as it ran; a saved recording prints what its program printed now.
  if (context.plan?.kind === 'trace') replayRecordedOutput(context, ready);
  replayLogpoints(context, ready);
  reportStop(context, stop);
}

async function makeLiveFirstStop(context: SessionContext, engine: ReplayEngine): Promise<void> {
  if (context.firstStopReported || context.ending) return;
  context.sources.learn(engine.loadedSources());
  bindEverything(context, engine);
  context.firstStopReported = true;
  const opened = engine.open({ stopOnEntry: context.plan?.stopOnEntry ?? false });
  context.liveLogpointsPrintedTo = engine.summary().totalSteps - 1;
  // A module loaded later brings its probes: breakpoints in it bind for the running program then.
  context.recording?.live?.onNewFiles(() => void sendStopProbes(context, engine));
  replayLogpoints(context, engine);
  // Not awaited: the held program's resume line follows it, applied in order by the same drain.
  void sendStopProbes(context, engine);
  // While held, on from the last frontier; once the program ended, the first stop of the whole
  // recording as a saved one would have it (first hit, else the uncaught throw, else the end).
  const live = context.recording?.live;
  const again = () => (live?.held() ? engine.continue('forward') : engine.open({}));
  const run = context.run;
  // A failure on the way is told, and the session still stops on what was recorded (issue 12 item 11).
  const stop =
    opened.reason === 'entry'
      ? opened
      : await crossIntoLive(context, engine, 'continue', opened, again).catch((error: unknown) =>
          context.ending || context.run !== run ? opened : stopAfterLiveFailure(context, engine, 'continue', error),
        );
  if (!context.ending && context.run === run) reportStop(context, stop);
}

/**
 * A recording that cannot be replayed (empty, or the engine refused it) leaves nothing to stop
 * at: say why and end the session, rather than leave the client waiting for a stop forever.
 */
export function endWithoutReplay(context: SessionContext, message: string): void {
  if (context.ending) return;
  context.ending = true;
  context.output.write('important', `${message.startsWith('[rewind') ? message : `[rewind:dap] ${message}`}\n`);
  context.output.flush();
  context.event('terminated');
}

function bindEverything(context: SessionContext, engine: ReplayEngine): void {
  const { lines, functions } = context.breakpoints.applyAll(engine, context.sources);
  for (const breakpoint of [...lines, ...functions]) context.event('breakpoint', { reason: 'changed', breakpoint });
}
