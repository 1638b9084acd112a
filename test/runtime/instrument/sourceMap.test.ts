// The source map: every original token the output still contains maps back to its own line and
// column in the original (what stack traces and breakpoints need, INS-19), for JavaScript and for
// TypeScript (where the original is the .ts text).
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length };
}

/** Names that occur exactly once in the source and are never re-read by inserted code (calls). */
function expectMapped(source: string, filename: string, names: string[]): void {
  const result = instrument(source, { filename, sourceType: 'module' })!;
  const map = new TraceMap(result.map as unknown as ConstructorParameters<typeof TraceMap>[0]);
  for (const name of names) {
    const pattern = new RegExp(`\\b${name}\\b`, 'g');
    expect([...source.matchAll(pattern)], name).toHaveLength(1);
    expect([...result.code.matchAll(pattern)], name).toHaveLength(1);
    const generated = position(result.code, result.code.search(pattern));
    const original = originalPositionFor(map, generated);
    expect({ name, source: original.source, line: original.line, column: original.column }).toEqual({
      name,
      source: filename,
      ...position(source, source.search(pattern)),
    });
  }
}

describe('source map', () => {
  it('maps JavaScript tokens back through every kind of insertion', () => {
    const source = [
      'export function outer(list) {',
      '  first(); if (cond) { second(); } else third();',
      '  for (const k of list) fourth(k);',
      '  obj.prop = fifth(); arr.push(sixth());',
      '  return seventh(await eighth());',
      '}',
      'const arrow = () => ninth();',
    ]
      .join('\n')
      .replace('export function outer(list) {', 'export async function outer(list) {');
    expectMapped(source, '/src/a.mjs', [
      'outer',
      'first',
      'second',
      'third',
      'fourth',
      'fifth',
      'sixth',
      'seventh',
      'eighth',
      'ninth',
    ]);
  });

  it('maps TypeScript tokens back to the .ts file', () => {
    const source = [
      'interface Shape { area(): number }',
      'export function measure(s: Shape, scale?: number): number {',
      '  const result = compute<number>(s as Shape) * (scale ?? one());',
      '  return result satisfies number;',
      '}',
    ].join('\n');
    expectMapped(source, '/src/b.mts', ['measure', 'compute', 'one']);
    expect(instrument(source, { filename: '/src/b.mts', sourceType: 'module' })!.map.sourcesContent).toEqual([source]);
  });
});
