// Launching a program under the recorder, for the CLI and the debug adapter alike:
// `node [runtimeArgs] <program> [args]` with the bootloader in NODE_OPTIONS and the typed
// environment contract (toEnvironment) pointing at a collector. Owns spawning, the exit promise
// and killing the whole tree; knows nothing of the collector beyond its socket path.
import { isNodeBinary, stackBudgetArgument } from './stackBudget';
import { spawn, type ChildProcess } from 'node:child_process';
import { ENV, toEnvironment, type RecorderSettings } from '../../runtime/format';
import { nodeOptionsWithBootloader } from './nodeOptions';
import { guardAgainstOrphans } from './orphanGuard';
import { killProcessTree } from './processTree';

export interface RecordedLaunch {
  program: string;
  args?: readonly string[];
  cwd?: string;
  /** Added to this process's environment; null removes a variable. */
  env?: Readonly<Record<string, string | null | undefined>>;
  /** Default: the Node that runs this process (process.execPath). */
  runtimeExecutable?: string;
  runtimeArgs?: readonly string[];
  /** The recorder's settings; socketPath (a collector) or outFile names the sink. */
  settings: RecorderSettings;
  /** Absolute path of dist/bootloader.js. */
  bootloaderPath: string;
  /** The program's process.argv0 (the CLI passes its own, so `node x` reads 'node' as in a plain run). */
  argv0?: string;
  /** 'inherit': the program owns this terminal (CLI). 'pipe': stdio comes back as streams (adapter). */
  stdio: 'inherit' | 'pipe';
  /** An IPC channel to this process after the three stdio streams, with this serialization (fork's). */
  channel?: 'json' | 'advanced';
  /**
   * Spawn in its own process group so killTree() reaches every descendant (DAP-10). Default: true
   * with 'pipe'; false with 'inherit', where the program must stay in the terminal's foreground
   * group to read stdin and receive Ctrl+C.
   */
  ownProcessGroup?: boolean;
}

export interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started (e.g. runtimeExecutable not found). */
  spawnError?: string;
}

export interface LaunchedProgram {
  child: ChildProcess;
  /** Settles once, when the program exits or fails to start. Never rejects. */
  exited: Promise<ProgramExit>;
  /** Signals the program and everything it started (default SIGKILL). */
  killTree(signal?: NodeJS.Signals): void;
}

export function recordedEnvironment(
  launch: RecordedLaunch,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(launch.env ?? {})) {
    if (value === null || value === undefined) delete env[name];
    else env[name] = value;
  }
  // The program's own environment, the launch's `env` included (a re-execution's is the deferred
  // run's, which may hold the user's REWIND_CACHE_DIR): what is not in it is ours to hide again.
  const programEnv = { ...env };
  Object.assign(env, toEnvironment(launch.settings));
  // An unfocused launch sets no plan: one inherited from an outer recorded run must not apply.
  if (!launch.settings.plan) delete env[ENV.PLAN];
  // The bootloader takes out of process.env what is added here and puts the program's own NODE_OPTIONS
  // back (issue 14 item 6); variables the user set themselves (in the base or the launch's env) stay,
  // as in a plain run.
  const added = Object.keys(env).filter((name) => name.startsWith('REWIND_') && env[name] !== programEnv[name]);
  env[ENV.ADDED_VARIABLES] = added.join(',');
  if (env.NODE_OPTIONS === undefined) delete env[ENV.USER_NODE_OPTIONS];
  else env[ENV.USER_NODE_OPTIONS] = env.NODE_OPTIONS;
  env.NODE_OPTIONS = nodeOptionsWithBootloader(env.NODE_OPTIONS, launch.bootloaderPath);
  return env;
}

export function launchRecorded(launch: RecordedLaunch): LaunchedProgram {
  const ownGroup = launch.ownProcessGroup ?? launch.stdio === 'pipe';
  // Only when it is Node that runs the program (another runtimeExecutable may not take V8 flags).
  const stackBudget = isNodeBinary(launch.runtimeExecutable)
    ? stackBudgetArgument(launch.runtimeArgs ?? [])
    : undefined;
  const child = spawn(
    launch.runtimeExecutable ?? process.execPath,
    [...(stackBudget ? [stackBudget] : []), ...(launch.runtimeArgs ?? []), launch.program, ...(launch.args ?? [])],
    {
      cwd: launch.cwd,
      env: { ...recordedEnvironment(launch), ...(stackBudget ? { [ENV.ADDED_EXEC_ARG]: stackBudget } : {}) },
      stdio: launch.channel ? [launch.stdio, launch.stdio, launch.stdio, 'ipc'] : launch.stdio,
      ...(launch.channel ? { serialization: launch.channel } : {}),
      ...(launch.argv0 === undefined ? {} : { argv0: launch.argv0 }),
      detached: ownGroup,
      windowsHide: true,
    },
  );
  const exited = new Promise<ProgramExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, spawnError: error.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // A program in its own group is the adapter's (stdio 'pipe'): if the adapter dies, even by
  // SIGKILL, the watcher ends the tree (DAP-10). The CLI's program shares rewind's terminal group.
  const guard = ownGroup && child.pid !== undefined ? guardAgainstOrphans(child.pid) : undefined;
  return {
    child,
    exited,
    killTree: (signal = 'SIGKILL') => {
      if (child.pid === undefined) return;
      killProcessTree(child.pid, signal, ownGroup);
      if (signal === 'SIGKILL') guard?.release();
    },
  };
}
