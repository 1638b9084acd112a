// An unref'd timer the deferred run never ran (the run ended before it was due) may come due in
// the re-execution, which is slower (recorded at `full`): it is not in the log at all, and was taken
// for a divergence. It keeps nothing alive, so the deferred run really did end first: it is
// dropped, and the expansion prints what the deferred run printed. (Node's own HTTP Date-header
// cache timer did this to deferred recordings of servers, now that they are fed.)
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, assertBuilt, nodeBinaries, rewind, scratchDirectory, expandPrinting } from './harness';

describe.each(nodeBinaries())("an unref'd timer a deferred run never ran, on $label", ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('does not run at re-execution either, and is no divergence', async () => {
    scratch = scratchDirectory();
    const program = join(scratch.path, 'unrefTimer.cjs');
    copyFileSync(join(FIXTURES, 'deferred', 'unrefTimer.cjs'), program);
    const deferred = join(scratch.path, 'd.rwd');
    const recorded = await rewind(
      ['record', '--deferred', '--out', deferred, '--', program],
      { cwd: scratch.path },
      node,
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toBe('done 8999994\n');
    const { outcome, printed: fed } = await expandPrinting(deferred, join(scratch.path, 'f.rwd'), {
      timeoutMs: 60_000,
    });
    expect(outcome.divergence).toBeUndefined();
    expect(fed).toBe(recorded.stdout);
  }, 90_000);
});
