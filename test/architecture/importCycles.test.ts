// Imports point one way (ARCHITECTURE.md §2): no module may reach itself through its imports, so
// each can be read, tested and replaced without its importers. Lint cannot see a cycle spread over
// files; this walks the whole import graph (scripts/importCycles.mjs, also runnable by hand).
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { findCycles, importGraph } from '../../scripts/importCycles.mjs';

describe('import cycles', () => {
  const cycles = (findCycles(importGraph()) as string[][]).map((cycle) => cycle.join(' ⇄ '));

  it('no source file imports itself through others', () => {
    expect(cycles).toEqual([]);
  });

  it('the checker finds a cycle when there is one', () => {
    const graph = new Map([
      ['/r/a.ts', ['/r/b.ts']],
      ['/r/b.ts', ['/r/c.ts']],
      ['/r/c.ts', ['/r/a.ts']],
      ['/r/d.ts', ['/r/a.ts']],
    ]);
    expect(findCycles(graph)).toHaveLength(1);
    expect(
      findCycles(
        new Map([
          ['/r/a.ts', ['/r/b.ts']],
          ['/r/b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});
