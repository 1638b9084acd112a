// Opening a deferred recording for replay: it holds no steps, only what its program read, so it is
// expanded first (re-executed at `full` with its log fed back: recording/reexecute.ts), under a
// progress notification, and the expanded trace is what opens; a second open finds it cached. A
// recording that cannot be expanded fails the launch with the reason. Knows the expander and the
// listener, not how a trace is indexed.
import { expandDeferred, isDeferredTraceFile, RecordingError } from '../recording';
import { DapError, DapErrorId } from './errors';
import { bootloaderPath } from './programLaunch';
import type { RecordingListener } from './recording';

export interface ExpansionOptions {
  /** Aborted when the launch is cancelled or the session ends: the re-execution is killed. */
  signal?: AbortSignal;
  /** `expandUntilMs`: re-execute only the run's first N ms (a partial expansion). */
  untilMs?: number;
}

/** The trace to open for `tracePath`: itself, or the expansion of a deferred recording. */
export async function expandedIfDeferred(
  tracePath: string,
  listener: RecordingListener,
  options: ExpansionOptions = {},
): Promise<string> {
  if (!isDeferredTraceFile(tracePath)) {
    if (options.untilMs !== undefined)
      listener.output(
        'console',
        '[rewind] "expandUntilMs" applies to deferred recordings only: this one opens whole.\n',
      );
    return tracePath;
  }
  listener.task?.(
    'Expanding a deferred recording',
    options.untilMs === undefined
      ? 're-running the program, recorded at full, with its logged values'
      : `re-running the program's first ${options.untilMs} ms, recorded at full, with its logged values`,
    options.signal !== undefined,
  );
  try {
    const outcome = await expandDeferred({
      deferredPath: tracePath,
      bootloaderPath: bootloaderPath(),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.untilMs !== undefined ? { untilMs: options.untilMs } : {}),
    });
    listener.task?.(
      undefined,
      outcome.divergence ? 'expanded up to a divergence' : outcome.partial ? 'expanded in part' : 'expanded',
    );
    for (const left of outcome.processesLeftOut)
      listener.output('console', `[rewind] Not in the expansion: ${left}.\n`);
    return outcome.tracePath;
  } catch (error) {
    listener.task?.(undefined, 'not expanded');
    if (options.signal?.aborted)
      throw new DapError('launch: cancelled while the deferred recording was expanded', DapErrorId.CANCELLED, false);
    if (error instanceof RecordingError) throw new DapError(`launch: ${error.message}`, DapErrorId.LAUNCH_FAILED);
    throw error;
  }
}
