// node:test suites recorded print what they print plain. node:test names where each test was declared
// from V8's position of the call (`getCallerLocation()`), which no source map reaches: before the
// instrumenter kept a line-starting statement's line as written (runtime/instrument/lineStarts.ts),
// a failing test was reported at the instrumented column (`arithmetic.test.cjs:16:18` for 16:1), in a
// full recording, and a deferred recording of a suite diverged at the first report. Each test file
// alone and `node --test` over two files; Node 20, 22 and 24 (whose reporters differ).
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FIXTURES,
  assertBuilt,
  expandPrinting,
  infoJson,
  nodeBinaries,
  plainNode,
  rewind,
  scratchDirectory,
} from './harness';

const SUITE = join(FIXTURES, 'nodeTest');

/** Output with the timings masked: each run takes its own time. */
function untimed(output: string): string {
  return output.replace(/duration_ms.*$/gm, 'duration_ms').replace(/\d+(?:\.\d+)?ms\b/g, 'ms');
}

describe.each(nodeBinaries({ node22: true }))('a node:test suite recorded, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  /** A scratch copy of a fixture folder: recordings are written beside the test files. */
  function copySuite(folder = SUITE): string {
    scratch = scratchDirectory();
    for (const name of readdirSync(folder)) copyFileSync(join(folder, name), join(scratch.path, name));
    return scratch.path;
  }

  /** `rewind record [--deferred] --node-arg=--test -- files…` in cwd: Node's runner over the files. */
  function recordTestRunner(cwd: string, out: string, files: string[], how: { deferred: boolean }) {
    const level = how.deferred ? ['--deferred'] : [];
    return rewind(['record', ...level, '--out', out, '--node-arg=--test', '--', ...files], { cwd }, node);
  }

  it('a test file run as a program reports each failing test where it is declared', async () => {
    const cwd = copySuite();
    const plain = await plainNode(['arithmetic.test.cjs'], { cwd }, node);
    expect(plain.code).toBe(1);
    // The reporters (TAP on Node 20 and 22, spec on 24) name each failing test's line and column.
    for (const at of ['arithmetic.test.cjs:16:1', 'arithmetic.test.cjs:25:3', 'arithmetic.test.cjs:34:11'])
      expect(plain.stdout).toContain(at);
    const recorded = await rewind(
      ['record', '--out', join(cwd, 'full.rwd'), '--', 'arithmetic.test.cjs'],
      { cwd },
      node,
    );
    expect(recorded.code, recorded.stderr).toBe(1);
    expect(untimed(recorded.stdout)).toBe(untimed(plain.stdout));
  });

  it("a test file's deferred recording expands with no divergence", async () => {
    const cwd = copySuite();
    const deferred = join(cwd, 'deferred.rwd');
    const recorded = await rewind(
      ['record', '--deferred', '--out', deferred, '--', 'arithmetic.test.cjs'],
      { cwd },
      node,
    );
    expect(recorded.code, recorded.stderr).toBe(1);
    const { outcome, printed } = await expandPrinting(deferred, join(cwd, 'full.rwd'));
    expect(outcome.divergence, outcome.divergence).toBeUndefined();
    // The re-execution is fed the deferred run's clock: the same timings, to the digit.
    expect(printed).toBe(recorded.stdout);
  });

  it("node --test: each test file's process prints as plain, and expands with no divergence", async () => {
    const cwd = copySuite();
    const files = ['arithmetic.test.cjs', 'strings.test.cjs'];
    const plain = await plainNode(['--test', ...files], { cwd }, node);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('strings.test.cjs:10:1');
    const recorded = await recordTestRunner(cwd, join(cwd, 'full.rwd'), files, { deferred: false });
    expect(recorded.code, recorded.stderr).toBe(1);
    expect(untimed(recorded.stdout)).toBe(untimed(plain.stdout));

    const deferred = join(cwd, 'deferred.rwd');
    const deferredRun = await recordTestRunner(cwd, deferred, files, { deferred: true });
    expect(deferredRun.code, deferredRun.stderr).toBe(1);
    const expanded = join(cwd, 'expanded.rwd');
    const { outcome } = await expandPrinting(deferred, expanded);
    const divergences = outcome.divergence ? [outcome.divergence, ...outcome.otherDivergences] : [];
    // The runner is Node's code only; it times the whole run with a clock Node took before Rewind
    // loads (unfed), so its own summary's duration may differ. No test file's process diverges.
    expect(
      divergences.filter((note) => note.startsWith('In process')),
      divergences.join('\n'),
    ).toEqual([]);
    for (const note of divergences) expect(note).toMatch(/duration_ms/);
    expect(outcome.processesLeftOut).toEqual([]);
    const info = await infoJson(expanded);
    expect(info.producers).toHaveLength(3);
    expect([...info.files].sort()).toEqual(files.map((file) => join(cwd, file)).sort());
  });

  it('rewind expand names every process that diverged, one line each', async () => {
    const cwd = copySuite(join(FIXTURES, 'nodeTestMidLine'));
    const files = ['atLineStart.test.cjs', 'midLine.test.cjs'];
    const deferred = join(cwd, 'deferred.rwd');
    const recorded = await recordTestRunner(cwd, deferred, files, { deferred: true });
    expect(recorded.code, recorded.stderr).toBe(0);
    const expanded = await rewind(['expand', deferred, '-o', join(cwd, 'expanded.rwd')], { cwd }, node);
    expect(expanded.code).toBe(3);
    const lines = expanded.stderr.split('\n').filter((line) => line.includes('diverged'));
    // The file whose test is declared mid-line diverges at its report of where; the other does not.
    const children = lines.filter((line) => line.startsWith('[rewind] In process'));
    expect(children, expanded.stderr).toHaveLength(1);
    expect(children[0]).toContain('midLine.test.cjs');
    for (const line of lines) expect(line).not.toContain('atLineStart.test.cjs');
  });
});
