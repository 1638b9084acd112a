// The recorder's live breakpoint filters (issue 13 item 1): published by the drain, read by the
// producer; a condition over watched bindings' latest writes says "no stop" only when sure (an
// unwritten binding or an object operand means stop, and no program code runs); hit counts go on
// from the recorded count; a frame's binding counts only in the activation that wrote it (issue 13
// item 2); filters too large for the shared area fall back to plain breakpoints.
import { describe, expect, it } from 'vitest';
import { parseLiveControl } from '../../../runtime/format/liveControl';
import type { FilterExpr, LiveFilter } from '../../../runtime/format/liveFilter';
import { Control } from '../../../runtime/recorder/layout';
import { LiveControl } from '../../../runtime/recorder/liveControl';
import { lastFrameId, newFrame } from '../../../runtime/recorder/frameIds';
import { filtersPass, refreshFilters } from '../../../runtime/recorder/liveFilters';
import {
  StopFlag,
  checkEnter,
  checkExit,
  checkWatch,
  createStopFlagTable,
  refreshLiveChecks,
  useStopFlags,
} from '../../../runtime/recorder/liveStops';

function setup(filters: LiveFilter[], probes: number[] = []) {
  const flags = createStopFlagTable(false);
  const control = new SharedArrayBuffer(Control.WORDS * 4);
  const live = new LiveControl(flags, control, false);
  const table = new Uint8Array(flags);
  useStopFlags(table, new Int32Array(control));
  live.apply({ type: 'breakpoints', probes, filters });
  refreshLiveChecks(); // as the producer does at its next batch boundary
  return { live, table };
}

const I_EQUALS_3: LiveFilter = {
  breakpointId: 1,
  probes: [20],
  bindings: [[5, 6]],
  owners: [-1],
  condition: ['binary', '===', ['binding', 0], ['value', 3]],
};

/** `n === 0` at probe 60 of function probe 50, whose frames own `n` (write probes 51, 52). */
const N_IS_ZERO: LiveFilter = {
  breakpointId: 3,
  probes: [60],
  bindings: [[51, 52]],
  owners: [50],
  condition: ['binary', '===', ['binding', 0], ['value', 0]],
};

/**
 * `seen === 5` at probe 80 of a closure inside function probe 70, whose frames own `seen` (written
 * by 70's own code at probe 71, by the closure at 81 naming 70's frame): the adapter had indexed
 * `activations` of function 70 among `framesSeen` frames.
 */
const seenIsFive = (activations: number, framesSeen: number): LiveFilter => ({
  breakpointId: 4,
  probes: [80],
  bindings: [[71, 81]],
  owners: [70],
  enclosing: [activations],
  framesSeen,
  condition: ['binary', '===', ['binding', 0], ['value', 5]],
});

/** As the producer does after the stop the breakpoints were sent at: CHECKS first, then the filters. */
function resumeAfterStop(): void {
  refreshLiveChecks();
  refreshFilters();
}

describe('live breakpoint filters in the recorder', () => {
  it('decide over the latest value written by any of the binding’s write probes; unwritten means stop', () => {
    const { table } = setup([I_EQUALS_3]);
    expect(table[20]).toBe(StopFlag.FILTER);
    expect([table[5], table[6]]).toEqual([StopFlag.WATCH, StopFlag.WATCH]);
    expect(filtersPass(20)).toBe(true); // nothing written yet: the adapter decides
    checkWatch(5, 0);
    expect(filtersPass(20)).toBe(false);
    checkWatch(6, 3);
    expect(filtersPass(20)).toBe(true);
    checkWatch(6, 4);
    expect(filtersPass(20)).toBe(false);
    checkWatch(7, 3); // not the binding's probe
    expect(filtersPass(20)).toBe(false);
    expect(filtersPass(21)).toBe(true); // a probe without a filter stops
  });

  it("a frame's binding is read only in the activation that wrote it: a re-entered call's value means stop", () => {
    const { table } = setup([N_IS_ZERO]);
    expect(table[50]).toBe(StopFlag.ENTRY);
    checkEnter(50, 7); // walk(0)
    checkWatch(51, 0);
    expect(filtersPass(60)).toBe(true);
    checkEnter(50, 8); // walk(1), re-entered before walk(0) reached the probe
    expect(filtersPass(60)).toBe(true); // walk(1) has not written n: not walk(0)'s value to use
    checkWatch(51, 1);
    expect(filtersPass(60)).toBe(false);
    checkExit(50, 8);
    // Back in walk(0): the latest write (1) is walk(1)'s; before item 2 this said "no stop".
    expect(filtersPass(60)).toBe(true);
    checkWatch(52, 5);
    expect(filtersPass(60)).toBe(false); // walk(0)'s own write again
    checkExit(50, 7);
    checkEnter(50, 9); // a later call: walk(0)'s value is not its own
    expect(filtersPass(60)).toBe(true);
    // A closure's write names the owning frame: walk(0)'s closure called within walk(2).
    checkEnter(50, 10);
    checkWatch(52, 0, 9);
    expect(filtersPass(60)).toBe(true);
    checkWatch(52, 3, 10);
    expect(filtersPass(60)).toBe(false);
  });

  it('a frame entered before its function was tracked has unknown writes; a resend keeps the activations', () => {
    const { live } = setup([]);
    checkEnter(50, 4); // not tracked yet
    live.apply({ type: 'breakpoints', probes: [], filters: [N_IS_ZERO] });
    refreshLiveChecks();
    checkWatch(51, 1);
    expect(filtersPass(60)).toBe(true); // which activation wrote it is not known
    checkEnter(50, 5);
    checkWatch(51, 1);
    expect(filtersPass(60)).toBe(false);
    live.apply({ type: 'breakpoints', probes: [], filters: [N_IS_ZERO] }); // sent again while it runs
    expect(filtersPass(60)).toBe(false);
    checkExit(50, 5);
    expect(filtersPass(60)).toBe(true); // back in the untracked frame 4
  });

  it('calls and writes skip the table until the producer reads the CHECKS word (at a batch boundary): a frame entered before is untracked', () => {
    const { live } = setup([]);
    live.apply({ type: 'breakpoints', probes: [], filters: [N_IS_ZERO] }); // not read by the producer yet
    checkEnter(50, 4);
    checkWatch(51, 0);
    expect(filtersPass(60)).toBe(true); // neither the frame nor the write was seen: the adapter decides
    refreshLiveChecks();
    checkWatch(51, 0);
    expect(filtersPass(60)).toBe(true); // still frame 4, entered untracked
    checkEnter(50, 5);
    checkWatch(51, 0);
    expect(filtersPass(60)).toBe(true); // n === 0: a hit
    checkWatch(51, 2);
    expect(filtersPass(60)).toBe(false);
    live.apply({ type: 'breakpoints', probes: [] });
    refreshLiveChecks();
    checkExit(50, 5);
  });

  it('never runs program code: an object operand of a comparison means stop; identity needs no conversion', () => {
    let called = 0;
    const tricky = {
      valueOf() {
        called++;
        return 100;
      },
    };
    setup([{ ...I_EQUALS_3, condition: ['binary', '>', ['binding', 0], ['value', 1]] }]);
    checkWatch(5, tricky);
    expect(filtersPass(20)).toBe(true);
    setup([I_EQUALS_3]);
    checkWatch(5, tricky);
    expect(filtersPass(20)).toBe(false);
    expect(called).toBe(0);
  });

  it('reads data properties of the values the program holds, never a getter or a Proxy trap', () => {
    let called = 0;
    const count = () => {
      called++;
      return 3;
    };
    const limitIs3 = (object: FilterExpr) =>
      setup([
        { ...I_EQUALS_3, condition: ['binary', '===', ['member', object, ['value', 'limit'], false], ['value', 3]] },
      ]);
    limitIs3(['binding', 0]);
    checkWatch(5, { limit: 4 });
    expect(filtersPass(20)).toBe(false); // decided: no round trip
    checkWatch(5, { limit: 3 });
    expect(filtersPass(20)).toBe(true);
    checkWatch(5, Object.create({ limit: 4 }));
    expect(filtersPass(20)).toBe(false); // inherited data property
    checkWatch(5, {});
    expect(filtersPass(20)).toBe(false); // absent from the whole chain: undefined
    checkWatch(5, {
      get limit() {
        return count();
      },
    });
    expect(filtersPass(20)).toBe(true); // a getter is not run: the adapter decides
    checkWatch(
      5,
      Object.create({
        get limit() {
          return count();
        },
      }),
    );
    expect(filtersPass(20)).toBe(true);
    const trap = (): never => {
      called++;
      throw new Error('a trap ran');
    };
    checkWatch(5, new Proxy({ limit: 4 }, { get: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap }));
    expect(filtersPass(20)).toBe(true);
    checkWatch(5, null);
    expect(filtersPass(20)).toBe(true); // a TypeError in the program's own evaluation: the adapter says so
    expect(called).toBe(0);
    // a?.limit, list[1], list.length and a string's characters
    setup([
      {
        ...I_EQUALS_3,
        condition: ['binary', '===', ['member', ['binding', 0], ['value', 'limit'], true], ['undefined']],
      },
    ]);
    checkWatch(5, null);
    expect(filtersPass(20)).toBe(true);
    checkWatch(5, { limit: 1 });
    expect(filtersPass(20)).toBe(false);
    setup([
      { ...I_EQUALS_3, condition: ['binary', '===', ['member', ['binding', 0], ['value', 1], false], ['value', 'b']] },
    ]);
    checkWatch(5, ['a', 'c']);
    expect(filtersPass(20)).toBe(false);
    checkWatch(5, 'abc');
    expect(filtersPass(20)).toBe(true);
    setup([
      {
        ...I_EQUALS_3,
        condition: ['binary', '>', ['member', ['binding', 0], ['value', 'length'], false], ['value', 2]],
      },
    ]);
    checkWatch(5, [1, 2]);
    expect(filtersPass(20)).toBe(false);
    checkWatch(5, 'abc');
    expect(filtersPass(20)).toBe(true);
  });

  it("calls only a string's builtin methods (those the adapter's evaluator runs), on primitive arguments", () => {
    const call = (receiver: FilterExpr, method: string, args: FilterExpr[]): FilterExpr => [
      'call',
      receiver,
      method,
      args,
    ];
    setup([{ ...I_EQUALS_3, condition: call(['binding', 0], 'startsWith', [['value', 'req-']]) }]);
    checkWatch(5, 'res-1');
    expect(filtersPass(20)).toBe(false); // decided: no round trip
    checkWatch(5, 'req-1');
    expect(filtersPass(20)).toBe(true);
    let called = 0;
    checkWatch(5, {
      startsWith: () => {
        called++;
        return false;
      },
    }); // the program's own method: never called
    expect(filtersPass(20)).toBe(true);
    setup([{ ...I_EQUALS_3, condition: call(['binding', 0], 'includes', [['binding', 0]]) }]);
    checkWatch(5, 'abc');
    expect(filtersPass(20)).toBe(true);
    setup([{ ...I_EQUALS_3, condition: call(['binding', 0], 'endsWith', [['value', 'x']]) }]);
    checkWatch(5, 'abc');
    expect(filtersPass(20)).toBe(false);
    setup([
      { ...I_EQUALS_3, condition: call(['binding', 0], 'includes', [['member', ['binding', 0], ['value', 0], false]]) },
    ]);
    checkWatch(5, [1, 2]); // an array's includes: not the evaluator's either
    expect(filtersPass(20)).toBe(true);
    // A builtin the program replaced is its code: not called.
    const original = String.prototype.startsWith;
    try {
      String.prototype.startsWith = function () {
        called++;
        return false;
      };
      setup([{ ...I_EQUALS_3, condition: call(['binding', 0], 'startsWith', [['value', 'req-']]) }]);
      checkWatch(5, 'res-1');
      expect(filtersPass(20)).toBe(true);
    } finally {
      String.prototype.startsWith = original;
    }
    expect(called).toBe(0);
    // .size of a genuine Map or Set (a builtin getter), not of a subclass's own getter
    setup([
      { ...I_EQUALS_3, condition: ['binary', '>', ['member', ['binding', 0], ['value', 'size'], false], ['value', 1]] },
    ]);
    checkWatch(5, new Map([[1, 1]]));
    expect(filtersPass(20)).toBe(false);
    checkWatch(5, new Set([1, 2]));
    expect(filtersPass(20)).toBe(true);
    class Counted extends Map {
      override get size() {
        called++;
        return 0;
      }
    }
    checkWatch(5, new Counted());
    expect(filtersPass(20)).toBe(true);
    expect(called).toBe(0);
  });

  it('forgets a latest value across a publish it never compiled (the binding may have been unwatched in between)', () => {
    const { live } = setup([I_EQUALS_3]);
    checkWatch(5, 4);
    expect(filtersPass(20)).toBe(false);
    live.apply({ type: 'breakpoints', probes: [] }); // removed while the program runs
    checkWatch(5, 3); // i = 3, not watched now (its flag is clear)
    live.apply({ type: 'breakpoints', probes: [], filters: [I_EQUALS_3] }); // added back
    expect(filtersPass(20)).toBe(true); // the 4 it saw is stale: the adapter decides
  });

  it('decides typeof itself, of objects and Proxies too, running no trap (issue 13: a round trip per hit before)', () => {
    let trapped = 0;
    const proxy = new Proxy(
      {},
      {
        get() {
          trapped++;
          return undefined;
        },
        getPrototypeOf() {
          trapped++;
          return null;
        },
      },
    );
    // typeof x === 'object'
    setup([{ ...I_EQUALS_3, condition: ['binary', '===', ['unary', 'typeof', ['binding', 0]], ['value', 'object']] }]);
    expect(filtersPass(20)).toBe(true); // unwritten: the adapter decides
    checkWatch(5, 7);
    expect(filtersPass(20)).toBe(false);
    checkWatch(5, proxy);
    expect(filtersPass(20)).toBe(true);
    checkWatch(5, () => 1);
    expect(filtersPass(20)).toBe(false);
    checkWatch(5, null);
    expect(filtersPass(20)).toBe(true);
    expect(trapped).toBe(0);
    expect(
      parseLiveControl(
        JSON.stringify({
          type: 'breakpoints',
          probes: [],
          filters: [{ ...I_EQUALS_3, condition: ['unary', 'typeof', ['binding', 0]] }],
        }),
      ),
    ).toMatchObject({ filters: [{ condition: ['unary', 'typeof', ['binding', 0]] }] });
  });

  it('combines with && / || / ! and arithmetic over primitives, as JavaScript does', () => {
    // i % 2 === 0 && !(s === 'x') || n < -1
    const condition: LiveFilter['condition'] = [
      'logical',
      '||',
      [
        'logical',
        '&&',
        ['binary', '===', ['binary', '%', ['binding', 0], ['value', 2]], ['value', 0]],
        ['unary', '!', ['binary', '===', ['binding', 1], ['value', 'x']]],
      ],
      ['binary', '<', ['binding', 2], ['unary', '-', ['value', 1]]],
    ];
    setup([{ breakpointId: 2, probes: [30], bindings: [[1], [2], [3]], owners: [-1, -1, -1], condition }]);
    checkWatch(1, 4);
    checkWatch(2, 'y');
    expect(filtersPass(30)).toBe(true);
    checkWatch(2, 'x');
    checkWatch(3, 0);
    expect(filtersPass(30)).toBe(false);
    checkWatch(3, -5);
    expect(filtersPass(30)).toBe(true);
  });

  it('counts hits on from the recorded count, and a resend never counts backwards', () => {
    const every3: LiveFilter = {
      breakpointId: 9,
      probes: [40, 41],
      bindings: [],
      owners: [],
      hit: { op: '%', count: 3, hitsSoFar: 1 },
    };
    const { live } = setup([every3]);
    expect([filtersPass(40), filtersPass(41), filtersPass(40), filtersPass(40), filtersPass(41)]).toEqual([
      false, // 2nd hit
      true, // 3rd
      false,
      false,
      true, // 6th
    ]);
    // Sent again while running from a recording that is behind (2 hits indexed): the count stays at 6.
    live.apply({ type: 'breakpoints', probes: [], filters: [{ ...every3, hit: { ...every3.hit!, hitsSoFar: 2 } }] });
    expect([filtersPass(40), filtersPass(40), filtersPass(40)]).toEqual([false, false, true]);
  });

  it('filters too large for the shared area make plain breakpoints; removed filters clear their flags', () => {
    const huge = 'x'.repeat(600_000);
    const { live, table } = setup([{ ...I_EQUALS_3, condition: ['binary', '===', ['binding', 0], ['value', huge]] }]);
    expect(table[20]).toBe(StopFlag.BREAK);
    expect(table[5]).toBe(0);
    live.apply({ type: 'breakpoints', probes: [], filters: [I_EQUALS_3] });
    expect([table[20], table[5]]).toEqual([StopFlag.FILTER, StopFlag.WATCH]);
    live.apply({ type: 'breakpoints', probes: [] });
    expect([table[20], table[5], table[6]]).toEqual([0, 0, 0]);
  });

  it("reads a closure's variable while its owner has had one activation; a second one means stop", () => {
    const { live, table } = setup([]);
    live.apply({ type: 'breakpoints', probes: [], filters: [seenIsFive(0, lastFrameId())] });
    resumeAfterStop();
    expect(table[70]).toBe(StopFlag.ENTRY);
    const counter = newFrame();
    checkEnter(70, counter); // counter(): the only activation so far
    checkWatch(71, 0);
    expect(filtersPass(80)).toBe(false); // seen === 0, in the closure: decided here
    checkWatch(81, 5, counter);
    expect(filtersPass(80)).toBe(true);
    checkWatch(81, 6, counter);
    expect(filtersPass(80)).toBe(false);
    checkExit(70, counter); // its closures live on: still the only activation
    expect(filtersPass(80)).toBe(false);
    const second = newFrame();
    checkEnter(70, second); // counter() again: which one a closure belongs to is not known here
    checkWatch(71, 0);
    expect(filtersPass(80)).toBe(true);
    checkWatch(81, 6, counter);
    expect(filtersPass(80)).toBe(true); // 6 !== 5 for `counter`'s closure, but not known whose this is
  });

  it("counts a closure owner's activations on from the adapter's, only if the adapter had seen every frame", () => {
    // The adapter had seen counter() run once: its count holds, writes from now on are that one's.
    const { live } = setup([]);
    live.apply({ type: 'breakpoints', probes: [], filters: [seenIsFive(1, lastFrameId())] });
    resumeAfterStop();
    checkWatch(81, 4, 3);
    expect(filtersPass(80)).toBe(false);
    // Sent again while the program runs (the adapter's view is behind): the count goes on.
    live.apply({ type: 'breakpoints', probes: [], filters: [seenIsFive(1, lastFrameId() - 7)] });
    expect(filtersPass(80)).toBe(false);
    checkEnter(70, newFrame());
    expect(filtersPass(80)).toBe(true);

    // A frame made after the adapter's count (the program ran on): the count may miss one.
    live.apply({ type: 'breakpoints', probes: [] });
    refreshFilters();
    live.apply({ type: 'breakpoints', probes: [], filters: [seenIsFive(1, lastFrameId())] });
    newFrame();
    resumeAfterStop();
    checkWatch(81, 4, 3);
    expect(filtersPass(80)).toBe(true);
  });

  it("a closure owner's count needs its entries seen from the compile on (CHECKS read first)", () => {
    const { live } = setup([]);
    live.apply({ type: 'breakpoints', probes: [], filters: [seenIsFive(0, lastFrameId())] });
    refreshFilters(); // compiled before the producer read CHECKS: counter()'s entries are not seen yet
    refreshLiveChecks();
    checkEnter(70, newFrame());
    checkWatch(71, 0);
    expect(filtersPass(80)).toBe(true);
  });

  it('control lines keep only well-formed filters', () => {
    const line = (filters: unknown) => JSON.stringify({ type: 'breakpoints', probes: [1], filters });
    expect(parseLiveControl(line([I_EQUALS_3]))).toEqual({ type: 'breakpoints', probes: [1], filters: [I_EQUALS_3] });
    for (const bad of [
      { ...I_EQUALS_3, condition: ['binding', 1] }, // no such binding
      { ...I_EQUALS_3, condition: ['binary', 'in', ['value', 1], ['value', 2]] },
      { ...I_EQUALS_3, condition: ['call', 'f'] },
      { ...I_EQUALS_3, condition: undefined }, // neither a condition nor a hit count
      { ...I_EQUALS_3, probes: 'all' },
      { ...I_EQUALS_3, owners: [] }, // an owner per binding
      { ...I_EQUALS_3, owners: [-2] },
      { ...I_EQUALS_3, enclosing: [] }, // a count or null per binding
      { ...I_EQUALS_3, enclosing: [-1] },
      { ...I_EQUALS_3, framesSeen: 1.5 },
    ])
      expect(parseLiveControl(line([bad])), JSON.stringify(bad)).toEqual({
        type: 'breakpoints',
        probes: [1],
        filters: [],
      });
  });
});
