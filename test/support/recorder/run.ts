// Running small programs plain and recorded (node --require <bootloader>) in a temporary folder,
// on Node 20 and, when REWIND_NODE24 names a binary, on Node 24. Returns what a user would see
// (stdout, stderr, status, signal) and the parsed trace. Knows processes, not the encoding.
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readTraceFile, type ParsedTrace } from './trace';

export interface NodeBinary {
  label: string;
  path: string | undefined;
}

/** Node 20 is the machine's node; Node 24 runs when REWIND_NODE24 points at a binary. */
export function nodeBinaries(): NodeBinary[] {
  const node24 = process.env.REWIND_NODE24;
  return [
    { label: `node ${process.version}`, path: process.execPath },
    {
      label: node24 && existsSync(node24) ? 'node 24 (REWIND_NODE24)' : 'node 24 (skipped: REWIND_NODE24 not set)',
      path: node24 && existsSync(node24) ? node24 : undefined,
    },
  ];
}

export function writeProgram(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-program-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
  elapsedMs: number;
}

export interface RunOptions {
  node?: string;
  cwd: string;
  args: string[];
  env?: Record<string, string | undefined>;
  /**
   * Called with everything the process printed so far on stdout (e.g. to send it a signal);
   * `recordingFile` is the trace a recorded run writes (runPlainAndRecorded), absent for a plain run.
   */
  onStdout?: (text: string, child: ReturnType<typeof spawn>, recordingFile?: string) => void;
  timeoutMs?: number;
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

export function runNode(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const env = { ...process.env, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, options.args, spawnOptions);
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(stdout, child);
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status, signal, elapsedMs: Date.now() - started });
    });
  });
}

/** Environment that turns recording on (REWIND_* without NODE_OPTIONS). */
export function recordingEnv(outFile: string, extra: Record<string, string> = {}): Record<string, string> {
  return { REWIND_OUT: outFile, REWIND_SESSION: 'test', REWIND_CACHE_DIR: '', ...extra };
}

export interface RecordedRun {
  plain: RunResult;
  recorded: RunResult;
  trace: ParsedTrace;
  outFile: string;
}

/** Runs `main` plain, then recorded with NODE_OPTIONS=--require bootloader (so children record too). */
export async function runPlainAndRecorded(options: {
  node?: string;
  bootloader: string;
  dir: string;
  main: string;
  args?: string[];
  nodeArgs?: string[];
  env?: Record<string, string>;
  onStdout?: RunOptions['onStdout'];
}): Promise<RecordedRun> {
  const outFile = join(options.dir, `trace-${Math.random().toString(36).slice(2)}.rwd`);
  const args = [...(options.nodeArgs ?? []), options.main, ...(options.args ?? [])];
  const plain = await runNode({
    node: options.node,
    cwd: options.dir,
    args,
    env: { NODE_OPTIONS: undefined },
    onStdout: options.onStdout,
  });
  const recorded = await runNode({
    node: options.node,
    cwd: options.dir,
    args,
    onStdout: options.onStdout && ((text, child) => options.onStdout!(text, child, outFile)),
    env: {
      ...recordingEnv(outFile),
      REWIND_ROOT: options.dir,
      NODE_OPTIONS: `--require ${options.bootloader}`,
      ...options.env,
    },
  });
  return { plain, recorded, trace: readTraceFile(outFile), outFile };
}
