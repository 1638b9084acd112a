// Running the real CLI (dist/cli.js, built by `npm run build`) and plain node side by side, with
// captured stdio, exit code and signal; scratch directories; reading `rewind info --json`.
// Knows nothing of what the programs do.
export { nodeBinaries } from '../support/nodeBinaries';
import type { TraceSummary } from '../../debug-adapter/cli/traceSummary';
import { expandDeferred, type ExpandOutcome } from '../../debug-adapter/recording';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../..');
export const CLI = join(REPO, 'dist/cli.js');
export const BOOTLOADER = join(REPO, 'dist/bootloader.js');
export const EXAMPLES = join(REPO, 'examples');
export const FIXTURES = join(__dirname, 'fixtures');

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  input?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Called once the process is spawned (e.g. to signal it later). */
  started?: (child: ChildProcess) => void;
  timeoutMs?: number;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      stdio: 'pipe',
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        stdout: Buffer.concat(stdout).toString(),
        stderr: Buffer.concat(stderr).toString(),
        code,
        signal,
      });
    });
    child.stdin.end(options.input ?? '');
    options.started?.(child);
  });
}

/** `rewind <args>` through the built CLI, on the Node running the tests (or `node`). */
export function rewind(args: readonly string[], options?: RunOptions, node = process.execPath): Promise<RunResult> {
  return run(node, [CLI, ...args], options);
}

/** `rewind record --deferred --out <trace> -- <command…>` run in `cwd`, on `node`. */
export function recordDeferred(
  trace: string,
  command: readonly string[],
  cwd: string,
  node = process.execPath,
): Promise<RunResult> {
  return rewind(['record', '--deferred', '--out', trace, '--', ...command], { cwd }, node);
}

/** `node <args>`: the plain run a recorded run must match. */
export function plainNode(args: readonly string[], options?: RunOptions, node = process.execPath): Promise<RunResult> {
  return run(node, args, options);
}

/** `rewind info --json`: the CLI's own summary type. */
export type InfoJson = TraceSummary;

/** `timeoutMs`: for a big trace on a loaded machine (the default is rewind()'s). */
export async function infoJson(tracePath: string, timeoutMs?: number): Promise<InfoJson> {
  const result = await rewind(['info', tracePath, '--json'], timeoutMs === undefined ? {} : { timeoutMs });
  if (result.code !== 0 && result.code !== 2) throw new Error(`rewind info failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as InfoJson;
}

export function scratchDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'rewind-cli-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A clear failure instead of a confusing one when the build has not run. */
export function assertBuilt(): void {
  for (const file of [CLI, BOOTLOADER]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
}

/**
 * Expands a deferred trace into `outPath` as `rewind expand` does, keeping what the re-execution
 * printed. `timeoutMs`: a re-execution left waiting for what nothing sends never ends — stopped then.
 */
export async function expandPrinting(
  deferredPath: string,
  outPath: string,
  options: { timeoutMs?: number; untilMs?: number } = {},
): Promise<{ outcome: ExpandOutcome; printed: string }> {
  let printed = '';
  const outcome = await expandDeferred({
    deferredPath,
    outPath,
    bootloaderPath: BOOTLOADER,
    onOutput: (text) => (printed += text),
    ...(options.untilMs === undefined ? {} : { untilMs: options.untilMs }),
    ...(options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) }),
  });
  return { outcome, printed };
}
