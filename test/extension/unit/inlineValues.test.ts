// Inline values: which names on which lines VS Code looks up while stopped — the plain identifiers
// of the current function up to the stopped line; not properties, calls, keywords, strings or
// comments, and nothing below the stop (those lines have not run yet at this moment).
import { describe, expect, it } from 'vitest';
import { functionStart, inlineLookups } from '../../../extension/inlineValues/lookups';

const SOURCE = [
  'const limit = 3; // module', // 0
  'function sum(values) {', // 1
  '  let total = 0;', // 2
  '  for (const value of values) {', // 3
  "    total += value * limit; // 'x' is not a name", // 4
  "    console.log('total is', total, values.length);", // 5
  '  }', // 6
  '  return total;', // 7
  '}', // 8
];

const names = (line0: number, stop: number): string[] =>
  inlineLookups(SOURCE, stop, 0, SOURCE.length - 1)
    .filter((l) => l.line0 === line0)
    .map((l) => l.name);

describe('inline value lookups', () => {
  it('start at the header of the function around the stop, end at the stopped line', () => {
    expect(functionStart(SOURCE, 5)).toBe(1);
    const lines = new Set(inlineLookups(SOURCE, 5, 0, SOURCE.length - 1).map((lookup) => lookup.line0));
    expect([...lines].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('name variables only: no keywords, properties, calls, strings or comments', () => {
    expect(names(1, 5)).toEqual(['values']);
    expect(names(2, 5)).toEqual(['total']);
    expect(names(3, 5)).toEqual(['value', 'values']);
    expect(names(4, 5)).toEqual(['total', 'value', 'limit']);
    expect(names(5, 5)).toEqual(['console', 'total', 'values']);
  });

  it('columns point at the names themselves', () => {
    const lookup = inlineLookups(SOURCE, 4, 0, SOURCE.length - 1).find((l) => l.line0 === 4 && l.name === 'limit');
    expect(SOURCE[4].slice(lookup?.startColumn0, lookup?.endColumn0)).toBe('limit');
  });

  it('at module level the whole file above the stop, within the viewport', () => {
    const module = ['let a = 1;', 'let b = a + 1;', 'console.log(b);'];
    expect(inlineLookups(module, 2, 1, 2).map((l) => `${l.line0}:${l.name}`)).toEqual([
      '1:b',
      '1:a',
      '2:console',
      '2:b',
    ]);
  });
});
