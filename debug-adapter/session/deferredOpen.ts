// Opening a deferred recording for replay: it holds no steps, only what its program read, so it is
// expanded first (re-executed at `full` with its log fed back: recording/reexecute.ts), under a
// progress notification, and the expanded trace is what opens; a second open finds it cached. A
// recording that cannot be expanded fails the launch with the reason. Knows the expander and the
// listener, not how a trace is indexed.
import { expandDeferred, isDeferredTraceFile, RecordingError } from '../recording';
import { DapError, DapErrorId } from './errors';
import { bootloaderPath } from './programLaunch';
import type { RecordingListener } from './recording';

/** The trace to open for `tracePath`: itself, or the expansion of a deferred recording. */
export async function expandedIfDeferred(tracePath: string, listener: RecordingListener): Promise<string> {
  if (!isDeferredTraceFile(tracePath)) return tracePath;
  listener.task?.('Expanding a deferred recording', 're-running the program, recorded at full, with its logged values');
  try {
    const outcome = await expandDeferred({ deferredPath: tracePath, bootloaderPath: bootloaderPath() });
    listener.task?.(undefined, outcome.divergence ? 'expanded up to a divergence' : 'expanded');
    return outcome.tracePath;
  } catch (error) {
    listener.task?.(undefined, 'not expanded');
    if (error instanceof RecordingError) throw new DapError(`launch: ${error.message}`, DapErrorId.LAUNCH_FAILED);
    throw error;
  }
}
