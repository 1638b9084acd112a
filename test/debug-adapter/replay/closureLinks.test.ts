// ClosureScopes reads a closure's link from both kinds of link event: CLOSURE_LINK (format 3.11,
// a link in no loop iteration) and CLOSURE_SCOPE's CLOSURE_LINK (3.7–3.10 traces write every link
// so, 3.11 only the ones with an iteration). A frame without a link of its own has the latest link
// of either kind before its entry. A fake history with hand-placed events: the recorded programs in
// test/debug-adapter/dap/capturedScopes.test.ts cover the recorder's side.
import { describe, expect, it } from 'vitest';
import { ClosureScopeWhat } from '../../../runtime/format';
import type { ExtEventList, ThreadHistory } from '../../../debug-adapter/trace/history';
import { ClosureScopes } from '../../../debug-adapter/replay/closureScopes';
import type { Bindings } from '../../../debug-adapter/replay/bindings';
import type { Recorded } from '../../../debug-adapter/replay/recorded';
import type { ProbeTable } from '../../../debug-adapter/trace/history';

type Fields = Record<string, number>;
interface Placed {
  offset: number;
  step: number;
  fields: Fields;
}

function list(events: Placed[]): ExtEventList<never> {
  return {
    get length() {
      return events.length;
    },
    stepOf: (at: number) => events[at].step,
    offsetOf: (at: number) => events[at].offset,
    field: (at: number, name: string) => events[at].fields[name],
  } as unknown as ExtEventList<never>;
}

/** Frames by recorder id = frame index; frame f entered at step `entrySteps[f]`, of function probe `probes[f]`. */
function history(scopes: Placed[], links: Placed[], entrySteps: number[], probes: number[]): ThreadHistory {
  const lists: Record<string, ExtEventList<never>> = { CLOSURE_SCOPE: list(scopes), CLOSURE_LINK: list(links) };
  return {
    extEvents: (name: string) => lists[name],
    frameOfRecorderId: (id: number) => (id < entrySteps.length ? id : -1),
    frameEntryStep: (frame: number) => entrySteps[frame],
    frameProbe: (frame: number) => probes[frame],
  } as unknown as ThreadHistory;
}

function scopesOf(thread: ThreadHistory): ClosureScopes {
  return new ClosureScopes(thread, {} as ProbeTable, {} as Recorded, {} as Bindings);
}

const longLink = (offset: number, step: number, id: number, creator: number, iteration = 0): Placed => ({
  offset,
  step,
  fields: { what: ClosureScopeWhat.CLOSURE_LINK, id, frameId: creator, other: iteration },
});
const shortLink = (offset: number, step: number, id: number, creator: number): Placed => ({
  offset,
  step,
  fields: { id, frameId: creator },
});
const loopIteration = (offset: number, step: number, iteration: number, frame: number, loopProbe: number): Placed => ({
  offset,
  step,
  fields: { what: ClosureScopeWhat.LOOP_ITERATION, id: iteration, frameId: frame, other: loopProbe },
});

describe('closure links of both kinds', () => {
  // Frames 0 and 1: two activations of the outer function (probe 7); 2…5: activations of the inner (probe 9).
  const entrySteps = [0, 10, 20, 30, 40, 50];
  const probes = [7, 7, 9, 9, 9, 9];

  it('reads a 3.10 trace, where every link is a CLOSURE_SCOPE', () => {
    const thread = history([longLink(100, 20, 2, 0), longLink(300, 40, 4, 1)], [], entrySteps, probes);
    const scopes = scopesOf(thread);
    expect(scopes.linkOf(2, 7)).toEqual({ creator: 0, iteration: -1 });
    expect(scopes.linkOf(3, 7)).toEqual({ creator: 0, iteration: -1 }); // no link of its own: the latest before
    expect(scopes.linkOf(5, 7)).toEqual({ creator: 1, iteration: -1 });
  });

  it('merges the two kinds in event order for a frame without a link of its own', () => {
    // Frame 2: a short link to 0; frame 3: a long link to 1 in iteration 5; frame 4: a short link to 0.
    const thread = history(
      [loopIteration(150, 25, 5, 1, 11), longLink(200, 30, 3, 1, 5)],
      [shortLink(100, 20, 2, 0), shortLink(300, 40, 4, 0)],
      entrySteps,
      probes,
    );
    const scopes = scopesOf(thread);
    expect(scopes.linkOf(2, 7)).toEqual({ creator: 0, iteration: -1 });
    expect(scopes.linkOf(3, 7)).toEqual({ creator: 1, iteration: 0 }); // the loop iteration is event 0
    expect(scopes.linkOf(4, 7)).toEqual({ creator: 0, iteration: -1 });
    // Frame 5 has none: the latest before step 50 is frame 4's short link.
    expect(scopes.linkOf(5, 7)).toEqual({ creator: 0, iteration: -1 });
    // A creator that is not of the outer function named: not this frame's link.
    expect(scopes.linkOf(5, 9)).toBeUndefined();
  });

  it('takes in events recorded after the first question (a live recording grows)', () => {
    const scopeEvents: Placed[] = [];
    const linkEvents: Placed[] = [shortLink(100, 20, 2, 0)];
    const scopes = scopesOf(history(scopeEvents, linkEvents, entrySteps, probes));
    expect(scopes.linkOf(3, 7)).toEqual({ creator: 0, iteration: -1 });
    scopeEvents.push(loopIteration(150, 25, 8, 1, 11), longLink(200, 30, 3, 1, 8));
    linkEvents.push(shortLink(300, 40, 4, 1));
    expect(scopes.linkOf(3, 7)).toEqual({ creator: 1, iteration: 0 });
    expect(scopes.linkOf(5, 7)).toEqual({ creator: 1, iteration: -1 });
  });
});
