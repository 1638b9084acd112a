// Issue 14 item 6: a recorded program reads the plain run's process state. Run as a shell would
// start it (argv0 'node'), plain and through the CLI, on each Node binary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'ins');

describe.each(nodeBinaries())('process state on $label', ({ path: nodeBinary }) => {
  it("argv0, execArgv and Module._extensions are the plain run's", () => {
    const workDir = mkdtempSync(join(tmpdir(), 'rewind-state-'));
    try {
      const options = {
        cwd: FIXTURE_DIR,
        encoding: 'utf8' as const,
        argv0: 'node',
        env: { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(workDir, 'cache') },
      };
      const plain = spawnSync(nodeBinary, ['ins-26-process-state.js'], options);
      const recorded = spawnSync(
        nodeBinary,
        [CLI, 'record', '--out', join(workDir, 't.rwd'), '--', 'ins-26-process-state.js'],
        options,
      );
      expect(plain.stdout).toContain('argv0 node\n');
      expect(recorded.stderr).toBe(plain.stderr);
      expect(recorded.stdout).toBe(plain.stdout);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
