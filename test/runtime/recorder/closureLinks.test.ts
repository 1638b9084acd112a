// What a nested function's entry writes about its creator (runtime/recorder/closureScopes.ts): a
// link in no loop iteration is the four-word CLOSURE_LINK (format 3.11), a link with an iteration
// stays the six-word CLOSURE_SCOPE, a loop iteration is a CLOSURE_SCOPE, and a link equal to the
// last one written (of either kind) is left out.
import { afterEach, describe, expect, it } from 'vitest';
import { ClosureScopeWhat, EventKind, Ext } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { closedBy, li, resetClosureScopes } from '../../../runtime/recorder/closureScopes';
import { recordInThread } from '../../support/recorder/memory';
import { walkEvents } from '../../support/recorder/trace';

afterEach(() => resetClosureScopes());

/** The closure events a run of `body` writes, as [subkind, …words after the length word]. */
function closureEvents(body: () => void): number[][] {
  resetClosureScopes();
  const recording = recordInThread();
  body();
  const words = recording.finish().main.words;
  return walkEvents(words)
    .filter(
      (event) =>
        event.kind === EventKind.EXT && (event.probe === Ext.CLOSURE_LINK || event.probe === Ext.CLOSURE_SCOPE),
    )
    .map((event) => {
      expect(words[event.offset + 1]).toBe(event.end - event.offset - 2); // a sized EXT: its length word
      return [event.probe, ...words.subarray(event.offset + 2, event.end)];
    });
}

describe('closure links', () => {
  it('writes a link in no iteration as a four-word CLOSURE_LINK', () => {
    let creator = 0;
    let inner = 0;
    const events = closureEvents(() => {
      creator = hot.e(1);
      inner = closedBy(hot.e(2), creator, 0);
    });
    expect(events).toEqual([[Ext.CLOSURE_LINK, inner, creator]]);
  });

  it('keeps a link with an iteration, and the iteration, as CLOSURE_SCOPE', () => {
    let creator = 0;
    let inner = 0;
    let iteration = 0;
    const events = closureEvents(() => {
      creator = hot.e(1);
      iteration = li(creator, 5);
      inner = closedBy(hot.e(2), creator, iteration);
    });
    expect(events).toEqual([
      [Ext.CLOSURE_SCOPE, ClosureScopeWhat.LOOP_ITERATION, iteration, creator, 5],
      [Ext.CLOSURE_SCOPE, ClosureScopeWhat.CLOSURE_LINK, inner, creator, iteration],
    ]);
  });

  it('leaves out a link equal to the last one written, of either kind', () => {
    let first = 0;
    let second = 0;
    const entered: number[] = [];
    const events = closureEvents(() => {
      first = hot.e(1);
      second = hot.e(1);
      entered.push(closedBy(hot.e(2), first, 0));
      entered.push(closedBy(hot.e(2), first, 0)); // the same creator: left out
      entered.push(closedBy(hot.e(2), second, 0));
      entered.push(closedBy(hot.e(2), second, 7));
      entered.push(closedBy(hot.e(2), second, 7)); // left out
      entered.push(closedBy(hot.e(2), second, 0));
    });
    expect(events).toEqual([
      [Ext.CLOSURE_LINK, entered[0], first],
      [Ext.CLOSURE_LINK, entered[2], second],
      [Ext.CLOSURE_SCOPE, ClosureScopeWhat.CLOSURE_LINK, entered[3], second, 7],
      [Ext.CLOSURE_LINK, entered[5], second],
    ]);
  });
});
