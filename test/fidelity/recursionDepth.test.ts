// INS-20: a recorded program still recurses deep — at least 80% of the plain depth before its
// RangeError — on this Node and on Node 24 (REWIND_NODE24), through the real CLI.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBinaries, runPlainAndRecorded, REPO_ROOT } from './runBoth';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'ins', 'ins-20-recursion.js');
const depthOf = (stderr: string): number => Number(/depth=(\d+)/.exec(stderr)?.[1]);

describe.each(nodeBinaries())('INS-20 on $label', ({ path: nodeBinary }) => {
  it('reaches at least 80% of the plain recursion depth', () => {
    process.env.INS20_PRINT_DEPTH = '1';
    const run = runPlainAndRecorded(nodeBinary, FIXTURE);
    delete process.env.INS20_PRINT_DEPTH;
    try {
      const plain = depthOf(run.plain.stderr);
      const recorded = depthOf(run.recorded.stderr);
      expect(plain).toBeGreaterThan(1000);
      expect(recorded / plain).toBeGreaterThanOrEqual(0.8);
    } finally {
      run.cleanup();
    }
  });
});
