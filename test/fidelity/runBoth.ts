// Runs one program twice — plain `node` and recorded through the real CLI (`rewind record`) — on a
// given Node binary, and returns what each printed and how it ended. The fidelity corpus compares
// the two. Knows nothing about which fixtures exist or what they test.
export { nodeBinaries } from '../support/nodeBinaries';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { withoutNode20MappedCaretBlank } from '../support/node20Caret';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');

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

function nodeMajorOf(nodeBinary: string): number {
  const version = spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout;
  return Number(version.split('.')[0]);
}

/** Both runs use the fixture's folder as cwd, so relative paths and default include globs agree. */
export function runPlainAndRecorded(nodeBinary: string, program: string, args: string[] = []): BothOutcomes {
  const cwd = dirname(program);
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-fidelity-'));
  const tracePath = join(workDir, 'trace.rwd');
  const env = { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(workDir, 'cache') };
  const plain = spawnSync(nodeBinary, [program, ...args], { cwd, env, encoding: 'utf8', timeout: TIMEOUT_MS });
  const recorded = spawnSync(nodeBinary, [CLI, 'record', '--out', tracePath, '--', program, ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  const recordedOutcome = outcome(recorded);
  recordedOutcome.stderr = withoutNode20MappedCaretBlank(recordedOutcome.stderr, nodeMajorOf(nodeBinary));
  return {
    plain: outcome(plain),
    recorded: recordedOutcome,
    tracePath,
    cleanup: () => rmSync(workDir, { recursive: true, force: true }),
  };
}
