// "Rewind: Go to Printed Output…" rows: each printed line's text (one line, long ones cut) and its
// step, stderr marked; the title counts the lines and says when only the first are listed.
import { describe, expect, it } from 'vitest';
import { printedItems, printedItemsOfThreads, printedTitle } from '../../../extension/commands/printedOutputItems';

describe('printed output items', () => {
  it('one row per printed line, in order, with its step; stderr is marked and long text cut', () => {
    const items = printedItems([
      { step: 4, stream: 'stdout', text: 'total is 1\n' },
      { step: 9, stream: 'stderr', text: 'warning\r\n' },
      { step: 12, stream: 'stdout', text: 'two\nlines\n' },
      { step: 15, stream: 'stdout', text: 'x'.repeat(300) },
      { step: 16, stream: 'stdout', text: '\n' },
    ]);
    expect(items.map(({ label, description, step }) => [label, description, step])).toEqual([
      ['total is 1', 'step 4', 4],
      ['warning', 'step 9 · stderr', 9],
      ['two ⏎ lines', 'step 12', 12],
      [`${'x'.repeat(200)}…`, 'step 15', 15],
      ['(empty line)', 'step 16', 16],
    ]);
  });

  it("lists every thread's lines, thread by thread, labelled by thread, each going to its thread", () => {
    const items = printedItemsOfThreads([
      { threadId: 1, name: 'parent.js (pid 10)', messages: [{ step: 40, stream: 'stdout', text: 'child exited\n' }] },
      { threadId: 2, name: 'child.js (pid 11)', messages: [{ step: 3, stream: 'stderr', text: 'child ran\n' }] },
      { threadId: 3, name: 'worker.js (worker 1)', messages: [{ step: 7, stream: 'stdout', text: 'squares\n' }] },
    ]);
    expect(items.map(({ label, description, step, threadId }) => [label, description, step, threadId])).toEqual([
      ['child exited', 'parent.js (pid 10) · step 40', 40, 1],
      ['child ran', 'child.js (pid 11) · step 3 · stderr', 3, 2],
      ['squares', 'worker.js (worker 1) · step 7', 7, 3],
    ]);
  });

  it('one thread: no thread name in the rows', () => {
    const items = printedItemsOfThreads([
      { threadId: 1, name: 'loop.js (pid 10)', messages: [{ step: 4, stream: 'stdout', text: 'total is 1\n' }] },
    ]);
    expect(items.map(({ description, threadId }) => [description, threadId])).toEqual([['step 4', 1]]);
  });

  it('the title counts every line and says when only the first are listed', () => {
    expect(printedTitle(1, 1)).toBe('1 line printed — pick one to travel to the moment it was printed');
    expect(printedTitle(7000, 5000)).toBe(
      '7000 lines printed (first 5000 shown) — pick one to travel to the moment it was printed',
    );
  });
});
