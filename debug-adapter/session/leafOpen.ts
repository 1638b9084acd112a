// Opening a recording made with leaf calls: its calls are regenerated into a full trace first
// (recording/regeneratedTrace.ts), under a task notice, and that trace opens; one that cannot be
// regenerated exactly fails the launch with the reason. Knows the regenerator and the listener.
import { RecordingError, regeneratedIfLeafCalls } from '../recording';
import { DapError, DapErrorId } from './errors';
import type { RecordingListener } from './recording';

/** The trace to open for `tracePath`: itself, or its regeneration when it holds leaf calls. */
export function regeneratedIfLeaf(tracePath: string, listener: RecordingListener): string {
  try {
    const outcome = regeneratedIfLeafCalls(tracePath);
    if (outcome.calls !== undefined)
      listener.task?.(undefined, `regenerated ${outcome.calls} leaf calls (re-run from their recorded arguments)`);
    return outcome.tracePath;
  } catch (error) {
    if (error instanceof RecordingError) throw new DapError(`launch: ${error.message}`, DapErrorId.LAUNCH_FAILED);
    throw error;
  }
}
