// "Show Value History" rows: the value written as the label, its step and file:line (relative to the
// workspace folder) as the description, in the adapter's time order; the title counts the writes.
import { describe, expect, it } from 'vitest';
import { historyItems, historyTitle, type ValueHistoryBody } from '../../../extension/commands/valueHistoryItems';

const body: ValueHistoryBody = {
  description: 'writes to total',
  total: 3,
  writes: [
    { step: 0, source: { path: '/ws/src/loop.js', line1: 2 }, value: '0' },
    { step: 5, source: { path: '/ws/src/loop.js', line1: 4 }, value: '1' },
    { step: 9, source: { path: '/elsewhere/lib.js', line1: 8 }, value: "'x'" },
  ],
};

describe('value history items', () => {
  it('label each write with its value, then its step and place', () => {
    expect(historyItems(body, '/ws').map(({ label, description, step }) => [label, description, step])).toEqual([
      ['0', 'step 0 · src/loop.js:2', 0],
      ['1', 'step 5 · src/loop.js:4', 5],
      ["'x'", 'step 9 · lib.js:8', 9],
    ]);
  });

  it('title the list with the count, and say when only the first writes are listed', () => {
    expect(historyTitle('total', body)).toBe('Value history of total: 3 writes — pick one to travel there');
    expect(historyTitle('o.y', { ...body, total: 20_000 })).toBe(
      'Value history of o.y: 20000 writes (first 3 shown) — pick one to travel there',
    );
  });
});
