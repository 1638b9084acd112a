// The INS fidelity corpus recorded deferred (docs/DEFERRED_RECORDING.md): a deferred run wraps
// Node's clocks, files, timers and async hooks, and must change nothing a program does, so every
// fixture prints the same stdout and stderr and ends the same way as plain, on this Node and on
// Node 24 when REWIND_NODE24 is set. Each recording is expanded too (re-executed by the Node that
// recorded it, as `rewind expand` does): it re-executes without a divergence, or it is refused for a
// reason the deferred run logged (a worker thread, a socket), never expanded wrongly. (Before
// session 25 two fixtures behaved otherwise deferred: the order hook's `before` switched Node's
// callback trampoline on, INS-29, and promise ids showed, INS-13. Before session 26 four differed
// on Node 24: microtask stacks showed Node's slow-path frames, and Node's maps, on with nothing
// instrumented, lost `assert(expr)`'s message; expansions ran on this Node only.)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandDeferred } from '../../debug-adapter/recording';
import { readDeferredContents, readTrace } from '../../runtime/format';
import { assertBuilt, BOOTLOADER } from '../cli/harness';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const FIXTURE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'ins');
/** Entry points are `ins-NN-*.js|cjs|mjs`; files starting with `_` are their helpers and data. */
const ENTRY_POINT = /^ins-\d\d-[\w-]+\.(c|m)?js$/;

function fixtures(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => ENTRY_POINT.test(name))
    .sort();
}

describe.each(nodeBinaries())('INS corpus recorded deferred on $label', ({ path: nodeBinary }) => {
  beforeAll(assertBuilt);

  it.each(fixtures())('%s behaves identically when recorded deferred', async (fixture) => {
    const run = runPlainAndRecorded(nodeBinary, join(FIXTURE_DIR, fixture), [], ['--deferred']);
    try {
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.recorded.stderr).toBe(run.plain.stderr);
      expect({ status: run.recorded.status, signal: run.recorded.signal }).toEqual({
        status: run.plain.status,
        signal: run.plain.signal,
      });
      const { log } = readDeferredContents(readTrace(readFileSync(run.tracePath)).records);
      if (log.unsupported.length > 0) {
        // Refused by `rewind expand`, with these reasons: each says what the deferred run did and why
        // a re-execution cannot do it again (nondeterminismUnsupported.ts).
        for (const reason of log.unsupported) expect(reason).toMatch(/^an? .+: .*(re-execution|not logged)/);
        return;
      }
      const outcome = await expandDeferred({
        deferredPath: run.tracePath,
        outPath: `${run.tracePath}.full.rwd`,
        bootloaderPath: BOOTLOADER,
      });
      expect(outcome.divergence).toBeUndefined();
    } finally {
      run.cleanup();
    }
  });
});
