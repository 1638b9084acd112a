// Issue 14 item 5, pinned: the crash-printing differences left documented (README, Fidelity), each
// compared raw, plain vs recorded through the real CLI, on this Node and on Node 24 (REWIND_NODE24).
// Each is Node's own source-mapped formatting, out of the recorder's reach (the README says why).
// runBoth.ts removes Node 20's caret line before every other comparison (test/support/node20Caret.ts):
// this test keeps that allowance honest. If one of these starts to match the plain run, drop it
// from the README.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries } from './runBoth';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'crash-caret');
const TIMEOUT_MS = 60_000;

interface Crash {
  plain: { stderr: string; status: number | null };
  recorded: { stderr: string; status: number | null };
  major: number;
}

function crashBoth(nodeBinary: string, fixture: string): Crash {
  const program = join(FIXTURES, fixture);
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-crash-'));
  try {
    const env = { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(workDir, 'cache') };
    const options = { env, encoding: 'utf8' as const, timeout: TIMEOUT_MS, cwd: workDir };
    const plain = spawnSync(nodeBinary, [program], options);
    const recorded = spawnSync(nodeBinary, [CLI, 'record', '--out', join(workDir, 't.rwd'), '--', program], options);
    const version = spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout;
    return {
      plain: { stderr: plain.stderr, status: plain.status },
      recorded: { stderr: recorded.stderr, status: recorded.status },
      major: Number(version.split('.')[0]),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Node 20 only: one more blank line after the caret of a source-mapped location. */
function withNode20Blank(stderr: string, major: number): string {
  return major === 20 ? stderr.replace(/^( +\^\n)/m, '$1\n') : stderr;
}

describe.each(nodeBinaries())('crash printing on $label', ({ path: nodeBinary }) => {
  it('a timer-callback crash prints as plain, but for Node 20 one blank line after the caret', () => {
    const { plain, recorded, major } = crashBoth(nodeBinary, 'timer-crash.js');
    expect(plain.status).toBe(1);
    expect(recorded.status).toBe(1);
    expect(plain.stderr).toMatch(/^ +\^\n\nError: exploded: in a timer\n/m);
    expect(recorded.stderr).toBe(withNode20Blank(plain.stderr, major));
  });

  it("an ES module's crash header names the file by path where plain names its URL", () => {
    const { plain, recorded, major } = crashBoth(nodeBinary, 'esm-crash.mjs');
    expect(plain.status).toBe(1);
    expect(recorded.status).toBe(1);
    const url = `file://${join(FIXTURES, 'esm-crash.mjs')}:`;
    expect(plain.stderr.startsWith(url)).toBe(true);
    const asPath = plain.stderr.replace(url, `${join(FIXTURES, 'esm-crash.mjs')}:`);
    expect(recorded.stderr).toBe(withNode20Blank(asPath, major));
  });
});
