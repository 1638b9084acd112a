// The main thread's drain worker, started by the bootloader stub before the recorder's body loads:
// a worker takes ~100 ms to start on Node 22 and 24, and a program shorter than that waited at its
// exit for the drain to exist at all (docs/PERFORMANCE.md, "Session 33"). Started this early it
// boots while the body loads and the program runs; startRecording hands it its ring and ports
// (DrainWorkerData) by message. What happens to it before then (a failed start) is kept for the
// recorder to act on. Knows how the drain is started and reached, nothing of what it does.
import { Worker } from 'node:worker_threads';
import { EARLY_DRAIN_MARK } from './layout';
import { withoutQueuedTicks } from './quietWorkerStart';

export interface EarlyDrain {
  worker: Worker;
  /** Set when the worker failed or ended before the recorder took it over. */
  failure?: Error;
  exited: boolean;
}

/** The options every drain worker starts with (recorder.ts starts the others). */
export function drainWorkerOptions(workerData: unknown): ConstructorParameters<typeof Worker>[1] {
  return {
    workerData,
    execArgv: [],
    env: {},
    // true: Node would otherwise pipe to process.stdout/stderr, creating them early (INS-26); the drain writes
    // its rare messages with fs.writeSync(2) instead.
    stdout: true,
    stderr: true,
  };
}

/** Starts the drain worker now, unref'd (it never keeps the program alive), quietly (quietWorkerStart.ts). */
export function startEarlyDrain(drainWorkerPath: string): EarlyDrain {
  const worker = withoutQueuedTicks(
    () => new Worker(drainWorkerPath, drainWorkerOptions({ [EARLY_DRAIN_MARK]: true })),
  );
  worker.unref();
  const early: EarlyDrain = { worker, exited: false };
  // Until the recorder listens: a worker's 'error' with no listener would throw into the program.
  worker.on('error', (error: Error) => {
    early.failure ??= error;
  });
  worker.on('exit', () => {
    early.exited = true;
  });
  return early;
}
