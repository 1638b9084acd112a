// Runs a deferred recording's program again for its expansion (reexecute.ts): the same Node, file,
// arguments, options, working directory and environment the deferred run logged (variables the
// expanding process has and the run did not are removed), recorded at `full` over the same files,
// with the log fed back. Its output is the caller's to keep or drop; its stdin is closed (what it
// read there was logged). Knows the launcher and the collector, not the log.
import { recorderSettings } from './settings';
import { launchIntoCollector } from './recordProgram';
import type { TraceCollector } from './collector';
import { RecordingError } from './errors';

/** What a deferred run left for its re-execution: its program, how it was started, and its scope. */
export interface DeferredStart {
  nodePath: string;
  nodeVersion: string;
  program: string;
  args: string[];
  execArgv: string[];
  cwd: string;
  env: Record<string, string>;
  root: string;
  include: string[];
  exclude: string[];
  /** A forked process's channel to its parent (its serialization): the re-execution gets one too. */
  channel?: 'json' | 'advanced';
}

interface ReexecutionTarget {
  deferredPath: string;
  /** Whose log is fed: a child process's producer id; the root's (0) when absent. */
  producerId?: number;
  /** A partial expansion: the logged callback it stops before. */
  stopBefore?: number;
  bootloaderPath: string;
  onOutput?: (text: string) => void;
  /** Kills the re-execution's process tree (its own process group) when aborted. */
  signal?: AbortSignal;
}

/** After the program exits, how long its drain may still be writing before the trace is taken as it is. */
const IDLE_WAIT_MS = 2000;

/**
 * Runs one process of the deferred run again into `collector` (the caller finishes it once every
 * process it re-executes has run: each is a producer of the one trace).
 */
export async function recordProgramTo(
  collector: TraceCollector,
  start: DeferredStart,
  request: ReexecutionTarget,
): Promise<void> {
  const settings = {
    ...recorderSettings({
      root: start.root,
      level: 'full',
      ...(start.include.length ? { include: start.include } : {}),
      ...(start.exclude.length ? { exclude: start.exclude } : {}),
    }),
    feedFrom: request.deferredPath,
    ...(request.producerId ? { feedProducer: request.producerId } : {}),
    ...(request.stopBefore !== undefined ? { feedUntil: request.stopBefore } : {}),
  };
  const env: Record<string, string | null> = {};
  for (const name of Object.keys(process.env)) if (!(name in start.env)) env[name] = null;
  Object.assign(env, start.env);
  const program = launchIntoCollector(collector, {
    program: start.program,
    args: start.args,
    cwd: start.cwd,
    env,
    runtimeExecutable: start.nodePath,
    runtimeArgs: start.execArgv,
    settings,
    bootloaderPath: request.bootloaderPath,
    stdio: 'pipe',
    // Only the logged messages reach the program; what it sends this way is compared, then dropped here.
    ...(start.channel ? { channel: start.channel } : {}),
  });
  program.child.stdin?.end();
  const forward = (chunk: Buffer) => request.onOutput?.(chunk.toString('utf8'));
  program.child.stdout?.on('data', forward);
  program.child.stderr?.on('data', forward);
  const abort = () => program.killTree('SIGKILL');
  request.signal?.addEventListener('abort', abort, { once: true });
  if (request.signal?.aborted) abort();
  let exit: Awaited<typeof program.exited>;
  try {
    exit = await program.exited;
  } finally {
    request.signal?.removeEventListener('abort', abort);
  }
  if (request.signal?.aborted) {
    await collector.finish();
    throw new RecordingError('the expansion was cancelled: its re-execution was stopped');
  }
  await collector.waitForIdle(IDLE_WAIT_MS);
  if (exit.spawnError) throw new Error(`could not start ${start.nodePath}: ${exit.spawnError}`);
}
