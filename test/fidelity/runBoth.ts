// Runs one program twice — plain `node` and recorded through the real CLI (`rewind record`) — on a
// given Node binary, and returns what each printed and how it ended. The fidelity corpus compares
// the two. Knows nothing about which fixtures exist or what they test.
export { nodeBinaries } from '../support/nodeBinaries';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { afterAll, expect } from 'vitest';
import { summarizeTraceFile } from '../../debug-adapter/cli/info';
import type { TraceSummary } from '../../debug-adapter/cli/traceSummary';
import { withoutNode20MappedCaretBlank } from '../support/node20Caret';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

/**
 * REWIND_TEST_LEAF_CALLS=1 records every fixture with `--leaf-calls` (issue 9 §2: regenerable leaves,
 * default off), so the corpus can prove they change nothing the program does.
 */
const RECORD_OPTIONS = process.env.REWIND_TEST_LEAF_CALLS === '1' ? ['--leaf-calls'] : [];

export interface RunOutcome {
  stdout: string;
  stderr: string;
  status: number | null;
  signal: NodeJS.Signals | null;
}

export interface BothOutcomes {
  plain: RunOutcome;
  recorded: RunOutcome;
  tracePath: string;
  cleanup(): void;
}

const TIMEOUT_MS = 30_000;

function outcome(result: ReturnType<typeof spawnSync>): RunOutcome {
  return { stdout: String(result.stdout), stderr: String(result.stderr), status: result.status, signal: result.signal };
}

/** By binary: asked once (a spawn for each of the corpus's hundreds of runs cost seconds of CI). */
const nodeMajors = new Map<string, number>();

function nodeMajorOf(nodeBinary: string): number {
  let major = nodeMajors.get(nodeBinary);
  if (major === undefined) {
    const version = spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout;
    major = Number(version.split('.')[0]);
    nodeMajors.set(nodeBinary, major);
  }
  return major;
}

/**
 * One cache folder for a test file's runs, as a user's runs share theirs: its first recorded run
 * compiles the CLI and recorder bodies and instruments cold, later ones load them from the cache
 * (the path users take every day). A folder per run made every run pay the cold start again.
 */
let sharedCacheDir: string | undefined;
afterAll(() => {
  if (sharedCacheDir !== undefined) rmSync(sharedCacheDir, { recursive: true, force: true });
  sharedCacheDir = undefined;
});

function cacheDir(): string {
  sharedCacheDir ??= mkdtempSync(join(tmpdir(), 'rewind-fidelity-cache-'));
  return sharedCacheDir;
}

/**
 * Both runs use the fixture's folder as cwd, so relative paths and default include globs agree.
 * `recordOptions`: more options for `rewind record` (`--deferred`).
 */
export function runPlainAndRecorded(
  nodeBinary: string,
  program: string,
  args: string[] = [],
  recordOptions: string[] = [],
): BothOutcomes {
  const cwd = dirname(program);
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-fidelity-'));
  const tracePath = join(workDir, 'trace.rwd');
  const env = { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: cacheDir() };
  const plain = spawnSync(nodeBinary, [program, ...args], { cwd, env, encoding: 'utf8', timeout: TIMEOUT_MS });
  const recorded = spawnSync(
    nodeBinary,
    [CLI, 'record', ...RECORD_OPTIONS, ...recordOptions, '--out', tracePath, '--', program, ...args],
    {
      cwd,
      env,
      encoding: 'utf8',
      timeout: TIMEOUT_MS,
    },
  );
  const recordedOutcome = outcome(recorded);
  recordedOutcome.stderr = withoutNode20MappedCaretBlank(recordedOutcome.stderr, nodeMajorOf(nodeBinary));
  return {
    plain: outcome(plain),
    recorded: recordedOutcome,
    tracePath,
    cleanup: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/** What `rewind info` says of a trace (its reader, in this process). */
export function traceSummary(tracePath: string): TraceSummary {
  return summarizeTraceFile(tracePath).summary;
}

/**
 * A TypeScript program Node cannot run itself: recorded, it prints exactly what `expected` (its
 * compiler's output, run plain) printed, and the complete trace holds `files` with over `minSteps` steps.
 */
export function expectRecordedAsCompiled(
  nodeBinary: string,
  program: string,
  expected: { stdout: string; status: number | null; stderr: string },
  files: string[],
  minSteps: number,
): void {
  expect(expected.status, expected.stderr).toBe(0);
  const run = runPlainAndRecorded(nodeBinary, program);
  try {
    expect(run.recorded.stderr).toBe('');
    expect(run.recorded.stdout).toBe(expected.stdout);
    expect(run.recorded.status).toBe(0);
    expect(run.plain.status).not.toBe(0); // Node's own type stripping refuses these constructs
    const summary = traceSummary(run.tracePath);
    expect(summary.complete).toBe(true);
    expect(summary.files).toEqual(files);
    expect(summary.steps).toBeGreaterThan(minSteps);
  } finally {
    run.cleanup();
  }
}

/** Runs what `compile` writes into a fresh temporary folder (it returns the entry point), plain. */
export function runCompiled(
  nodeBinary: string,
  compile: (folder: string) => string,
): { stdout: string; status: number | null; stderr: string } {
  const folder = mkdtempSync(join(tmpdir(), 'rewind-compiled-'));
  try {
    const run = spawnSync(nodeBinary, [compile(folder)], { encoding: 'utf8' });
    return { stdout: run.stdout, status: run.status, stderr: run.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * A program Rewind refuses to instrument: the recorded run fails as the plain one does, and the
 * first line of its stderr is `firstLine`. Returns the rest of that stderr.
 */
export function expectRefused(
  nodeBinary: string,
  program: string,
  firstLine: string,
): BothOutcomes['plain'] & { rest: string } {
  const run = runPlainAndRecorded(nodeBinary, program);
  try {
    expect(run.plain.status).not.toBe(0);
    expect(run.recorded.status).toBe(run.plain.status);
    const [first, ...rest] = run.recorded.stderr.split('\n');
    expect(first).toBe(firstLine);
    return { ...run.plain, rest: rest.join('\n') };
  } finally {
    run.cleanup();
  }
}
