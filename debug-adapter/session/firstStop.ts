// The moment a recording becomes replayable: bind every breakpoint set so far (announcing the
// result with `breakpoint` events), print retroactive logpoint messages, and make the first stop
// (ARCHITECTURE.md §4: first breakpoint, else the uncaught throw, else the last step; or the first
// step with stopOnEntry; or the latest step after a pause). Happens once per session.
import type { ReplayEngine, StopResult } from '../replay/api';
import type { SessionContext } from './context';
import { replayLogpoints } from './logpoints';
import { nothingRecordedMessage } from './nothingRecorded';
import { reportStop } from './stops';

export type FirstStopKind = 'open' | 'pause';

/** Waits for configurationDone and the recording, then stops once. Safe to call twice. */
export async function makeFirstStop(context: SessionContext, kind: FirstStopKind, engine?: ReplayEngine): Promise<void> {
  await context.configurationDone.wait();
  const ready = engine ?? (await context.recording?.ready);
  if (!ready || context.firstStopReported || context.ending) return;
  if (context.plan?.noDebug) {
    context.ending = true;
    context.output.flush();
    context.event('terminated');
    return;
  }
  const summary = ready.summary();
  for (const note of summary.notes) context.output.write('console', `[rewind] ${note}\n`);
  if (summary.totalSteps === 0) {
    endWithoutReplay(context, nothingRecordedMessage(summary, ready.loadedSources().length));
    return;
  }
  context.sources.learn(ready.loadedSources());
  bindEverything(context, ready);
  let stop: StopResult = ready.open({ stopOnEntry: kind === 'open' ? context.plan?.stopOnEntry ?? false : true });
  if (kind === 'pause') stop = ready.pauseAtLatest();
  context.firstStopReported = true;
  replayLogpoints(context, ready);
  reportStop(context, stop);
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
