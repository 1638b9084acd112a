// Issue 14 items 6/14: a worker given its own `env` (a copy of process.env or a few variables) or
// its own `execArgv` is recorded like any other worker, while reading exactly the environment and
// execArgv of a plain run (test/fixtures/ins/ins-26-worker-env.js; the INS corpus compares output).
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const PROGRAM = join(REPO_ROOT, 'test', 'fixtures', 'ins', 'ins-26-worker-env.js');
const WORKERS = 5;

describe.each(nodeBinaries())('workers with an environment of their own on $label', ({ path: nodeBinary }) => {
  it('are each recorded as a thread, their environment as in a plain run', () => {
    const run = runPlainAndRecorded(nodeBinary, PROGRAM);
    try {
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.plain.stdout.split('\n').filter((line) => line.includes('NODE_OPTIONS='))).toHaveLength(WORKERS);
      const info = spawnSync(process.execPath, [CLI, 'info', '--json', run.tracePath], { encoding: 'utf8' });
      const summary = JSON.parse(info.stdout) as { complete: boolean; producers: Array<{ threadId: number }> };
      expect(summary.complete).toBe(true);
      expect(summary.producers.filter((producer) => producer.threadId !== 0)).toHaveLength(WORKERS);
    } finally {
      run.cleanup();
    }
  });
});
