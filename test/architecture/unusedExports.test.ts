// No dead exports (issue 16): every export is named by another file — source, test or script — or
// it is a type naming part of its own file's exported signatures. A value exported for its own file
// alone is an export nobody needs, and one nobody names at all is dead code; both fail here, so new
// ones cannot pile up. The scan is scripts/unusedExports.mjs, also runnable by hand.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { findUnusedExports, projectUnusedExports } from '../../scripts/unusedExports.mjs';

interface Unused {
  file: string;
  name: string;
  kind: 'value' | 'type';
  usedInFile: boolean;
}

const describeEach = (list: Unused[]) => list.map((each) => `${each.file}: ${each.name}`);

describe('unused exports', () => {
  const unused = projectUnusedExports() as Unused[];

  it('no export is dead: every exported name is used somewhere', () => {
    expect(describeEach(unused.filter((each) => !each.usedInFile))).toEqual([]);
  });

  it('no value is exported for its own file alone', () => {
    expect(describeEach(unused.filter((each) => each.kind === 'value'))).toEqual([]);
  });

  it('the scan tells a dead export, an own-file one and a used one apart', () => {
    const texts = new Map([
      [
        '/r/a.ts',
        'export const dead = 1;\nexport const own = 2;\nexport type Shape = { n: number };\nexport const used = own;\nexport function f(s: Shape) { return s; }',
      ],
      ['/r/b.ts', "import { used, f } from './a';\nf({ n: used });"],
    ]);
    const found = (findUnusedExports(texts, ['/r/a.ts']) as Unused[]).map(({ name, kind, usedInFile }) => ({
      name,
      kind,
      usedInFile,
    }));
    expect(found).toEqual([
      { name: 'dead', kind: 'value', usedInFile: false },
      { name: 'own', kind: 'value', usedInFile: true },
      { name: 'Shape', kind: 'type', usedInFile: true },
    ]);
  });
});
