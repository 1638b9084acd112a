// "Show Value History" rows: the value written as the label, its step and file:line (relative to the
// workspace folder) as the description, in the adapter's time order; the title counts the writes.
import { describe, expect, it } from 'vitest';
import { historyItems, historyTitle } from '../../../extension/commands/valueHistoryItems';
import type { ValueHistoryBody, ValueWrite } from '../../../protocol/requests';

const write = (step: number, path: string, line1: number, value: string): ValueWrite => ({
  step,
  source: { path, line1, column0: 0, endLine1: line1, endColumn0: 1 },
  value,
  type: 'number',
});
const body: ValueHistoryBody = {
  description: 'writes to total',
  total: 3,
  writes: [
    write(0, '/ws/src/loop.js', 2, '0'),
    write(5, '/ws/src/loop.js', 4, '1'),
    write(9, '/elsewhere/lib.js', 8, "'x'"),
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
