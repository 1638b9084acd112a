// Issue 14 item 8 (part): a .ts file with ES import syntax in a folder whose package.json has no
// "type" runs as an ES module — as Node 24 runs it plain — on every Node, recorded whole (Node 20
// used to print nothing, exit 0 and record 0 events). Node 24's own run prints a
// MODULE_TYPELESS_PACKAGE_JSON warning the recorded run does not (README). And an .mts importing a
// .cts, which requires another: on Node 20 the imported file reached Node unstripped (a SyntaxError),
// before Node's ES loader's read of it was given the instrumented code (loaderSourceReads.ts).
// And TypeScript written with ES syntax in a package declared CommonJS fails as Node ≥ 22 fails it
// (types stripped, then a SyntaxError), on every Node: on Node 20 the entry point ended silently
// with exit code 0, and a require() of it failed on the first type annotation.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, nodeBinaries, runPlainAndRecorded, traceSummary } from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-esm');
const CJS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-esm-cjs');
const DECLARED_CJS_DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-declared-commonjs');
/** Node 20 has no type stripping: its plain run fails on the .ts extension, not as Node ≥ 22 does. */
const stripsTypes = (nodeBinary: string) =>
  Number(spawnSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]) >= 22;

describe.each(nodeBinaries())('TypeScript ES module without "type" on $label', ({ path: nodeBinary }) => {
  it('runs and is recorded whole', () => {
    const run = runPlainAndRecorded(nodeBinary, join(DIR, 'main.ts'));
    try {
      expect(run.recorded.stdout).toBe('answer 42\n');
      expect(run.recorded.status).toBe(0);
      if (run.plain.status === 0) expect(run.recorded.stdout).toBe(run.plain.stdout); // Node's own type stripping
      const summary = traceSummary(run.tracePath);
      expect(summary.complete).toBe(true);
      expect(summary.files).toEqual([join(DIR, 'main.ts'), join(DIR, 'helper.ts')]);
      expect(summary.steps).toBeGreaterThan(0);
    } finally {
      run.cleanup();
    }
  });

  it("an ES module importing CommonJS TypeScript that requires more of it: Node's require, types stripped", () => {
    const run = runPlainAndRecorded(nodeBinary, join(CJS_DIR, 'main.mts'));
    try {
      expect(run.recorded.stderr).toBe('');
      expect(run.recorded.stdout).toBe('twice 42 object dep\n');
      expect(run.recorded.status).toBe(0);
      if (run.plain.status === 0) expect(run.recorded.stdout).toBe(run.plain.stdout);
      const summary = traceSummary(run.tracePath);
      expect(summary.complete).toBe(true);
      expect([...summary.files].sort()).toEqual(
        ['dep.cts', 'helper.cts', 'main.mts'].map((name) => join(CJS_DIR, name)),
      );
      expect(summary.steps).toBeGreaterThan(0);
    } finally {
      run.cleanup();
    }
  });

  it('ES syntax in TypeScript declared CommonJS, as the entry point: the SyntaxError Node ≥ 22 gives', () => {
    const run = runPlainAndRecorded(nodeBinary, join(DECLARED_CJS_DIR, 'main.ts'));
    try {
      expect(run.recorded.stdout).toBe('');
      expect(run.recorded.stderr).toContain('SyntaxError: Cannot use import statement outside a module');
      expect(run.recorded.status).toBe(1);
      if (stripsTypes(nodeBinary)) {
        expect(run.plain.stderr).toContain('SyntaxError: Cannot use import statement outside a module');
        expect(run.plain.status).toBe(1);
      }
    } finally {
      run.cleanup();
    }
  });

  it('ES syntax in TypeScript declared CommonJS, required: types stripped, then the export refused', () => {
    const run = runPlainAndRecorded(nodeBinary, join(DECLARED_CJS_DIR, 'requires.js'));
    try {
      expect(run.recorded.stdout).toBe("caught SyntaxError Unexpected token 'export'\n");
      expect(run.recorded.status).toBe(0);
      if (stripsTypes(nodeBinary)) expect(run.recorded.stdout).toBe(run.plain.stdout);
    } finally {
      run.cleanup();
    }
  });
});
