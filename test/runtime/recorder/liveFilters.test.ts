// The recorder's live breakpoint filters (issue 13 item 1): published by the drain, read by the
// producer; a condition over watched bindings' latest writes says "no stop" only when sure (an
// unwritten binding or an object operand means stop, and no program code runs); hit counts go on
// from the recorded count; filters too large for the shared area fall back to plain breakpoints.
import { describe, expect, it } from 'vitest';
import { parseLiveControl } from '../../../runtime/format/liveControl';
import type { LiveFilter } from '../../../runtime/format/liveFilter';
import { Control } from '../../../runtime/recorder/layout';
import { LiveControl } from '../../../runtime/recorder/liveControl';
import { filtersPass } from '../../../runtime/recorder/liveFilters';
import { StopFlag, checkWatch, createStopFlagTable, useStopFlags } from '../../../runtime/recorder/liveStops';

function setup(filters: LiveFilter[], probes: number[] = []) {
  const flags = createStopFlagTable(false);
  const control = new SharedArrayBuffer(Control.WORDS * 4);
  const live = new LiveControl(flags, control, false);
  const table = new Uint8Array(flags);
  useStopFlags(table, new Int32Array(control));
  live.apply({ type: 'breakpoints', probes, filters });
  return { live, table };
}

const I_EQUALS_3: LiveFilter = {
  breakpointId: 1,
  probes: [20],
  bindings: [[5, 6]],
  condition: ['binary', '===', ['binding', 0], ['value', 3]],
};

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
    setup([{ breakpointId: 2, probes: [30], bindings: [[1], [2], [3]], condition }]);
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

  it('control lines keep only well-formed filters', () => {
    const line = (filters: unknown) => JSON.stringify({ type: 'breakpoints', probes: [1], filters });
    expect(parseLiveControl(line([I_EQUALS_3]))).toEqual({ type: 'breakpoints', probes: [1], filters: [I_EQUALS_3] });
    for (const bad of [
      { ...I_EQUALS_3, condition: ['binding', 1] }, // no such binding
      { ...I_EQUALS_3, condition: ['binary', 'in', ['value', 1], ['value', 2]] },
      { ...I_EQUALS_3, condition: ['call', 'f'] },
      { ...I_EQUALS_3, condition: undefined }, // neither a condition nor a hit count
      { ...I_EQUALS_3, probes: 'all' },
    ])
      expect(parseLiveControl(line([bad])), JSON.stringify(bad)).toEqual({
        type: 'breakpoints',
        probes: [1],
        filters: [],
      });
  });
});
