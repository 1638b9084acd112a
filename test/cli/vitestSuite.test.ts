// A vitest suite recorded as users run it (`rewind record -- node_modules/vitest/vitest.mjs run`):
// vitest (the repository's own, 4.x) evaluates each test file and each file it imports itself —
// vite transforms it, and vm.runInThisContext compiles it under the file's name, past every module
// hook — so before loader/vmModules.ts a vitest run recorded none of the suite. Now the suite's
// files are recorded at their own (TypeScript) positions, what vitest prints is what it prints
// plain (failure locations and code frames, a thrown error's stack, fn.toString()), and the
// default pool (forks, whose worker vitest ends with SIGTERM) loses none of the tests' steps
// (recorder/ipcFlush.ts): it records exactly what the threads pool records. Node 20, 22 and 24.
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUITE_FILES, TESTS, VITEST, VITEST_ENV, writeVitestSuite } from '../support/vitestSuite';
import { assertBuilt, infoJson, nodeBinaries, plainNode, rewind, scratchDirectory } from './harness';

/** What vitest prints, with what differs from run to run (durations, the start time) masked. */
function untimed(output: string): string {
  return output
    .replace(/\d+(\.\d+)?m?s\b/g, 'T')
    .replace(/Start at .*/, 'Start at T')
    .replace(/\(transform .*\)/, '(…)');
}

/** Each recorded function's name → where the trace says it starts (`rewind export`'s slices). */
async function functionLocations(trace: string, node: string): Promise<Map<string, string[]>> {
  const exported = await rewind(['export', trace, '--format', 'chrome-trace'], {}, node);
  expect(exported.code).toBe(0);
  const events = (
    JSON.parse(exported.stdout) as { traceEvents: Array<{ ph: string; name: string; args?: { location?: string } }> }
  ).traceEvents;
  const locations = new Map<string, string[]>();
  for (const event of events) {
    const location = event.args?.location;
    if (event.ph !== 'B' || !location) continue;
    const seen = locations.get(event.name) ?? [];
    if (!seen.includes(location)) locations.set(event.name, [...seen, location].sort());
  }
  return locations;
}

describe.each(nodeBinaries({ node22: true }))('a vitest suite recorded, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('prints what vitest prints plain, and records every statement of the suite at its own position', async () => {
    scratch = scratchDirectory();
    const cwd = scratch.path;
    writeVitestSuite(cwd);
    const plain = await plainNode([VITEST, 'run'], { cwd, env: VITEST_ENV, timeoutMs: 60_000 }, node);
    expect(plain.code, plain.stderr).toBe(1);
    expect(plain.stdout).toContain('2 failed | 2 passed');
    // The failure's location and a thrown error's frame, as vitest maps them from its own map.
    expect(plain.stderr).toContain('shapes.test.ts:12:16');
    expect(plain.stderr).toContain('area shapes.ts:8:26');
    expect(plain.stdout).toContain(`${join(cwd, 'shapes.test.ts')}:22:15`);

    const steps: Record<string, number> = {};
    for (const pool of ['forks', 'threads']) {
      const trace = join(cwd, `${pool}.rwd`);
      const recorded = await rewind(
        ['record', '--out', trace, '--', VITEST, 'run', `--pool=${pool}`],
        { cwd, env: VITEST_ENV, timeoutMs: 90_000 },
        node,
      );
      expect(recorded.code, recorded.stderr).toBe(1);
      expect(untimed(recorded.stdout)).toBe(untimed(plain.stdout));
      expect(untimed(recorded.stderr)).toBe(untimed(plain.stderr));
      const info = await infoJson(trace);
      expect([...info.files].sort()).toEqual(SUITE_FILES.map((name) => join(cwd, name)));
      steps[pool] = info.steps;
      // TypeScript positions: vite's code is mapped back to the file (instrument/inputMap.ts).
      const locations = await functionLocations(trace, node);
      expect(locations.get('area')).toEqual([`${join(cwd, 'shapes.ts')}:6:8`]);
      expect(locations.get('label')).toEqual([`${join(cwd, 'format.js')}:1:8`]);
      // Each test's function where its text starts, though esbuild maps no arrow's `(`.
      const testFunctions = TESTS.flatMap((text, index) =>
        text.startsWith('test(')
          ? [`${join(cwd, 'shapes.test.ts')}:${index + 1}:${text.search(/(async )?\(\) =>/) + 1}`]
          : [],
      );
      expect(testFunctions).toHaveLength(4);
      expect(locations.get('<anonymous>')).toEqual(expect.arrayContaining(testFunctions));
    }
    // vitest ends a forks worker with SIGTERM once it has reported; every step up to the report
    // was published before it (ipcFlush.ts): the forks pool loses nothing the threads pool has.
    // Every statement once: the test file's 3 imports (vite's `await __vite_ssr_import__` each) and
    // 4 test() calls; the tests' 2 + 2 + 1 + 3 statements; area's 3 statements in each of its 3
    // calls; label's 2. What vite wrote itself (each module's export statement on its first line,
    // the getter behind each exported name) runs unrecorded (instrument/visitor.ts writtenByTool).
    expect(steps).toEqual({ forks: 26, threads: 26 });
  });
});
