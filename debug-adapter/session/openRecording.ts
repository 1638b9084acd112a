// Chooses how a launch plan becomes a Recording: a saved trace file, or a program recorded live.
// The session sees only the Recording interface, never which kind it got.
import { historyWindowBytes, type LaunchPlan } from './launchConfig';
import { startDeferredRecording } from './deferredRecording';
import { startLiveRecording } from './liveRecording';
import type { Recording, RecordingListener } from './recording';
import { openTraceRecording } from './traceRecording';

/** `signal` aborts a long open (indexing a large trace) when the launch is cancelled or the session ends. */
export function openRecording(plan: LaunchPlan, listener: RecordingListener, signal: AbortSignal): Promise<Recording> {
  if (plan.kind === 'trace')
    return openTraceRecording(plan.tracePath, listener, signal, {
      windowBytes: historyWindowBytes(plan),
      expandUntilMs: plan.attributes.expandUntilMs,
    });
  return plan.deferred ? startDeferredRecording(plan, listener, signal) : startLiveRecording(plan, listener);
}
