// Issue 14 item 6: a recorded program reads the plain run's process state. Run as a shell would
// start it (argv0 'node'), plain and through the CLI, on each Node binary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

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

  it('the recorder variables leave process.env, yet every child and worker is recorded', () => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURE_DIR, 'ins-26-environment.js'));
    try {
      expect(run.plain.stdout).toContain('worker: ');
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      // Variables of the user's own (the harness's REWIND_CACHE_DIR) stay; the launcher's do not show.
      expect(run.recorded.stdout).not.toMatch(/REWIND_(?:OUT|SESSION|LEVEL|ADDED|USER)|__REWIND|--require/);
      const info = spawnSync(process.execPath, [CLI, 'info', '--json', run.tracePath], { encoding: 'utf8' });
      const summary = JSON.parse(info.stdout) as { complete: boolean; producers: Array<{ threadId: number }> };
      expect(summary.complete).toBe(true);
      // The process, its spawned child, the child a shell started, and the worker thread.
      expect(summary.producers).toHaveLength(4);
      expect(summary.producers.filter((producer) => producer.threadId !== 0)).toHaveLength(1);
    } finally {
      run.cleanup();
    }
  });
});
