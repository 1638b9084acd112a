// The INS fidelity corpus (RELIABILITY.md): every fixture in test/fixtures/ins runs plain and
// recorded; stdout, stderr and the exit status must be identical, on this Node, on Node 22 when
// REWIND_NODE22 is set and on Node 24 when REWIND_NODE24 is (CI sets both). The recording must also
// be a complete, readable trace (read here by `rewind info`'s own reader: test/cli covers the command).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeTraceFile } from '../../debug-adapter/cli/info';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'ins');
/** Entry points are `ins-NN-*.js|cjs|mjs`; files starting with `_` are their helpers and data. */
const ENTRY_POINT = /^ins-\d\d-[\w-]+\.(c|m)?js$/;

function fixtures(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => ENTRY_POINT.test(name))
    .sort();
}

describe.each(nodeBinaries({ node22: true }))('INS corpus on $label', ({ path: nodeBinary }) => {
  it.each(fixtures())('%s behaves identically when recorded', (fixture) => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURE_DIR, fixture));
    try {
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.recorded.stderr).toBe(run.plain.stderr);
      expect({ status: run.recorded.status, signal: run.recorded.signal }).toEqual({
        status: run.plain.status,
        signal: run.plain.signal,
      });
      const { summary } = summarizeTraceFile(run.tracePath);
      expect(summary.error).toBeUndefined();
      expect(summary.warnings).toEqual([]);
      expect(summary.complete).toBe(true);
      expect(summary.lost).toBe(0);
      // The recorder's own END, not a stand-in: the program's exit code and every event it emitted.
      expect(summary.end.exitCode).toBe(run.recorded.status);
      expect(summary.emitted).toBe(summary.events);
    } finally {
      run.cleanup();
    }
  });
});
