// A mocha suite recorded as users run it: mocha (the pinned devDependency, run from this
// repository's node_modules, so a tool installed outside the suite's folder) over a CommonJS spec
// and an ES module spec that imports CommonJS code requiring a package; serial and --parallel
// (spec files in mocha's worker processes); Node 20, 22 and 24. Before, the recording root was
// mocha's own bin folder, inside node_modules and so excluded: nothing of the suite was recorded
// (debug-adapter/recording/plan.ts, recordingRoot). And on Node 20 CommonJS an ES module imports ran
// with Node's ES loader's stand-in `require` (no require.cache: stats.spec.mjs's second test failed
// when recorded), whose reads a deferred expansion took for the program's (loaderSourceReads.ts).
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  REPO,
  assertBuilt,
  expandPrinting,
  infoJson,
  nodeBinaries,
  plainNode,
  rewind,
  scratchDirectory,
} from './harness';

const MOCHA = join(REPO, 'node_modules', 'mocha', 'bin', 'mocha.js');
const SPECS = ['arith.spec.js', 'stats.spec.mjs'];
/** The suite's own files, each recorded; tiny-sum (node_modules) is not. */
const SUITE_FILES = ['arith.js', 'arith.spec.js', 'stats.js', 'stats.spec.mjs'];

/** Output with mocha's timings masked: each run takes its own time. */
function untimed(output: string): string {
  return output.replace(/\(\d+ms\)/g, '(ms)');
}

describe.each(nodeBinaries({ node22: true }))('a mocha suite recorded, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  function copySuite(): string {
    scratch = scratchDirectory();
    cpSync(join(FIXTURES, 'mochaSuite'), scratch.path, { recursive: true });
    return scratch.path;
  }

  it("prints what mocha prints plain, failures included, and records the suite's files", async () => {
    const cwd = copySuite();
    const plain = await plainNode([MOCHA, ...SPECS], { cwd }, node);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('4 passing');
    const trace = join(cwd, 'full.rwd');
    const recorded = await rewind(['record', '--out', trace, '--', MOCHA, ...SPECS], { cwd }, node);
    expect(recorded.code, recorded.stderr).toBe(1);
    expect(untimed(recorded.stdout)).toBe(untimed(plain.stdout));
    const info = await infoJson(trace);
    expect([...info.files].sort()).toEqual(SUITE_FILES.map((name) => join(cwd, name)));
    expect(info.steps).toBeGreaterThan(0);
  });

  it.each([[[]], [['--parallel']]])(
    'recorded deferred (mocha %j), it expands with no divergence, every spec file recorded',
    async (mode: string[]) => {
      const cwd = copySuite();
      const deferred = join(cwd, 'deferred.rwd');
      const recorded = await rewind(
        ['record', '--deferred', '--out', deferred, '--', MOCHA, ...mode, ...SPECS],
        {
          cwd,
        },
        node,
      );
      expect(recorded.code, recorded.stderr).toBe(1);
      const expanded = join(cwd, 'expanded.rwd');
      const { outcome } = await expandPrinting(deferred, expanded);
      const divergences = outcome.divergence ? [outcome.divergence, ...outcome.otherDivergences] : [];
      expect(divergences).toEqual([]);
      expect(outcome.processesLeftOut).toEqual([]);
      const info = await infoJson(expanded);
      expect([...info.files].sort()).toEqual(SUITE_FILES.map((name) => join(cwd, name)));
    },
  );
});
