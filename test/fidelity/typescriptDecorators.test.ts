// Issue 14 item 8: TypeScript decorators. Legacy decorators (tsconfig.json's experimentalDecorators)
// recorded through the real CLI print what the same program bundled by esbuild (tsx's transform)
// prints, on this Node and Node 24, and the trace holds both files (TC39 decorators:
// typescriptTc39Decorators.test.ts).
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, expectRecordedAsCompiled, nodeBinaries, runCompiled } from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-decorators');

/** The program as tsx runs it: esbuild reads the same tsconfig.json (one bundle, ES module). */
function tsxOutput(nodeBinary: string): { stdout: string; status: number | null; stderr: string } {
  return runCompiled(nodeBinary, (folder) => {
    const bundle = join(folder, 'main.mjs');
    buildSync({ entryPoints: [join(DIR, 'main.mts')], bundle: true, format: 'esm', platform: 'node', outfile: bundle });
    return bundle;
  });
}

describe.each(nodeBinaries())('TypeScript legacy decorators on $label', ({ path: nodeBinary }) => {
  it('records and prints what tsx (esbuild) prints', () => {
    const expected = tsxOutput(nodeBinary);
    expect(expected.stdout.split('\n')).toHaveLength(15);
    expectRecordedAsCompiled(
      nodeBinary,
      join(DIR, 'main.mts'),
      expected,
      [join(DIR, 'main.mts'), join(DIR, 'services.mts')],
      30,
    );
  });
});
