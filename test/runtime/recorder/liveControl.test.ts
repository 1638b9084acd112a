// The live-stop table as the drain worker keeps it (issue 13): breakpoint probes set and cleared
// exactly, stop-next on every allocated probe and off again at resume, the start's range, the stop
// report taken once; and the control lines parsed defensively.
import { describe, expect, it } from 'vitest';
import {
  LIVE_PAUSED_NOTE,
  LIVE_STOP_NOTE,
  isLivePausedNote,
  parseLiveBreakpointsNote,
  parseLiveControl,
  parseLiveStopNote,
} from '../../../runtime/format/liveControl';
import { Control } from '../../../runtime/recorder/layout';
import { LiveControl } from '../../../runtime/recorder/liveControl';
import { START_STOP_PROBES, StopFlag, createStopFlagTable } from '../../../runtime/recorder/liveStops';
import { flagPendingBreakpoints } from '../../../runtime/recorder/livePending';
import { CheckBit, STEP_AREA_OFFSET, StepMode, StepWord } from '../../../runtime/recorder/stopTable';
import type { ProbeInfo } from '../../../runtime/format/probes';

function setup(stopAtStart: boolean, allocatedProbes: number) {
  const flags = createStopFlagTable(stopAtStart);
  const control = new SharedArrayBuffer(Control.WORDS * 4);
  const words = new Int32Array(control);
  words[Control.PROBE_COUNTER] = allocatedProbes;
  return { live: new LiveControl(flags, control, stopAtStart), table: new Uint8Array(flags), words };
}

const flagged = (table: Uint8Array, bit: number) =>
  [...table.subarray(0, 200_000).entries()].filter(([, value]) => (value & bit) !== 0).map(([id]) => id);

describe("the drain's live-stop table", () => {
  it('flags exactly the breakpoint probes it was sent, replacing the previous set', () => {
    const { live, table } = setup(false, 100);
    live.apply({ type: 'breakpoints', probes: [5, 7] });
    expect(flagged(table, StopFlag.BREAK)).toEqual([5, 7]);
    live.apply({ type: 'breakpoints', probes: [7, 90] });
    expect(flagged(table, StopFlag.BREAK)).toEqual([7, 90]);
    live.apply({ type: 'breakpoints', probes: [] });
    expect(flagged(table, StopFlag.BREAK)).toEqual([]);
  });

  it('stop-next covers every allocated probe, and resume clears it without touching breakpoints', () => {
    const { live, table, words } = setup(false, 50);
    live.apply({ type: 'breakpoints', probes: [3] });
    live.apply({ type: 'stopNext' });
    expect(flagged(table, StopFlag.NEXT)).toHaveLength(50);
    words[Control.PAUSE] = 1;
    live.apply({ type: 'resume' });
    expect(words[Control.PAUSE]).toBe(0);
    expect(flagged(table, StopFlag.NEXT)).toEqual([]);
    expect(flagged(table, StopFlag.BREAK)).toEqual([3]);
    live.apply({ type: 'resume', next: true }); // live stepping: the next step anywhere stops again
    expect(flagged(table, StopFlag.NEXT)).toHaveLength(50);
  });

  it('keeps the CHECKS word: calls are checked only while an ENTRY or NEXT flag is set, writes only while one is WATCH-flagged', () => {
    const { live, table, words } = setup(true, 10);
    const checks = () => new Int32Array(table.buffer, STEP_AREA_OFFSET, StepWord.WORDS)[StepWord.CHECKS];
    expect(checks()).toBe(CheckBit.CALLS); // the start's NEXT flags
    live.apply({ type: 'resume' });
    expect(checks()).toBe(0); // breakpoints elsewhere only: a call never reads the table
    live.apply({ type: 'breakpoints', probes: [3] });
    expect(checks()).toBe(0);
    const moduleFilter = { breakpointId: 1, probes: [4], bindings: [[6]], owners: [-1] };
    const condition: ['binary', '===', ['binding', 0], ['value', 2]] = ['binary', '===', ['binding', 0], ['value', 2]];
    live.apply({ type: 'breakpoints', probes: [], filters: [{ ...moduleFilter, condition }] });
    expect(checks()).toBe(CheckBit.WATCH); // a module binding: no activations to track
    live.apply({ type: 'breakpoints', probes: [], filters: [{ ...moduleFilter, owners: [8], condition }] });
    expect(checks()).toBe(CheckBit.CALLS | CheckBit.WATCH);
    words[Control.PAUSE] = 1;
    live.apply({ type: 'resume', next: true, step: { mode: 'over', depth: 0 } });
    live.apply({ type: 'breakpoints', probes: [] });
    expect(checks()).toBe(CheckBit.CALLS); // the live step counts frames
    live.apply({ type: 'resume' });
    expect(checks()).toBe(0);
  });

  it('a live session starts with the first probes flagged (its first step stops), cleared at the first resume', () => {
    const { live, table } = setup(true, 10);
    expect(flagged(table, StopFlag.NEXT)).toHaveLength(START_STOP_PROBES);
    live.apply({ type: 'resume' });
    expect(flagged(table, StopFlag.NEXT)).toEqual([]);
    // a recording without a session stops nowhere
    expect(flagged(new Uint8Array(createStopFlagTable(false)), 0xff)).toEqual([]);
  });

  it("answers a 'pause' once, only when its ring is drained, and never after a resume", () => {
    const { live, words } = setup(false, 10);
    expect(live.takePauseAnswer(true)).toBeUndefined(); // nothing asked
    live.apply({ type: 'pause' });
    expect(words[Control.PAUSE]).toBe(1);
    expect(live.takePauseAnswer(false)).toBeUndefined(); // records still in the ring: they go first
    expect(live.takePauseAnswer(true)?.message).toBe(LIVE_PAUSED_NOTE);
    expect(isLivePausedNote(LIVE_PAUSED_NOTE)).toBe(true);
    expect(live.takePauseAnswer(true)).toBeUndefined();
    live.apply({ type: 'pause' });
    live.apply({ type: 'resume' });
    expect(live.takePauseAnswer(true)).toBeUndefined();
  });

  it("answers a 'breakpoints' line that asks for it once its flags are set, naming its generation", () => {
    const { live, table } = setup(false, 10);
    live.apply({ type: 'breakpoints', probes: [4] });
    expect(live.takeBreakpointsAnswer()).toBeUndefined(); // not asked: an older adapter's line
    live.apply({ type: 'breakpoints', probes: [5], generation: 3 });
    expect(flagged(table, StopFlag.BREAK)).toEqual([5]);
    live.apply({ type: 'breakpoints', probes: [6], generation: 4 });
    expect(parseLiveBreakpointsNote(live.takeBreakpointsAnswer()?.message)).toBe(4); // the latest covers both
    expect(live.takeBreakpointsAnswer()).toBeUndefined();
    expect(parseLiveBreakpointsNote(LIVE_PAUSED_NOTE)).toBeUndefined();
    expect(parseLiveControl('{"type":"breakpoints","probes":[1],"generation":7}')).toEqual({
      type: 'breakpoints',
      probes: [1],
      generation: 7,
    });
    expect(parseLiveControl('{"type":"breakpoints","probes":[1],"generation":-1}')).toEqual({
      type: 'breakpoints',
      probes: [1],
    });
  });

  it('reports a stop once, as a note naming the probe', () => {
    const { live, words } = setup(false, 10);
    expect(live.takeStop()).toBeUndefined();
    words[Control.LIVE_STOP] = 42 + 1;
    const note = live.takeStop();
    expect(parseLiveStopNote(note?.message)).toBe(42);
    expect(live.takeStop()).toBeUndefined();
    expect(parseLiveStopNote('instrumentation cache: 3 hits')).toBeUndefined();
    expect(parseLiveStopNote(`${LIVE_STOP_NOTE}x`)).toBeUndefined();
  });

  it('parses only well-formed control lines', () => {
    expect(parseLiveControl('{"type":"resume","next":true}')).toEqual({ type: 'resume', next: true });
    expect(parseLiveControl('{"type":"breakpoints","probes":[1,2]}')).toEqual({ type: 'breakpoints', probes: [1, 2] });
    expect(parseLiveControl('{"type":"pause"}')).toEqual({ type: 'pause' });
    for (const line of [
      '',
      'nonsense',
      '{"type":"breakpoints","probes":[1.5]}',
      '{"type":"breakpoints","probes":"1"}',
      '{"type":"explode"}',
      'null',
    ]) {
      expect(parseLiveControl(line), line).toBeUndefined();
    }
  });

  it('a live step and the uncaught filter: step words written before the resume, UNCAUGHT flags only with a catch map', () => {
    const { live, table } = setup(false, 20);
    const step = parseLiveControl('{"type":"resume","next":true,"step":{"mode":"over","depth":-2}}');
    expect(step).toEqual({ type: 'resume', next: true, step: { mode: 'over', depth: -2 } });
    // A step deeper than the held frame, or without next, is not one.
    expect(parseLiveControl('{"type":"resume","next":true,"step":{"mode":"over","depth":1}}')).toEqual({
      type: 'resume',
      next: true,
    });
    expect(parseLiveControl('{"type":"resume","step":{"mode":"out","depth":0}}')).toEqual({
      type: 'resume',
      next: false,
    });
    // A Step Over that waits for an awaiting frame's resume: its words reach the producer's table.
    const awaiting = parseLiveControl(
      '{"type":"resume","next":true,"step":{"mode":"over","depth":0,"awaits":true,"resumeOf":77}}',
    );
    expect(awaiting).toEqual({
      type: 'resume',
      next: true,
      step: { mode: 'over', depth: 0, awaits: true, resumeOf: 77 },
    });
    live.apply(awaiting!);
    const words = new Int32Array(table.buffer, STEP_AREA_OFFSET, StepWord.WORDS);
    expect([words[StepWord.MODE], words[StepWord.AWAITS], words[StepWord.RESUME_OF]]).toEqual([StepMode.OVER, 1, 77]);
    expect(words[StepWord.GENERATION]).toBe(1);
    live.apply({ type: 'stopNext' }); // a pause forgets the step: it stops at the next step anywhere
    expect([words[StepWord.MODE], words[StepWord.AWAITS], words[StepWord.RESUME_OF]]).toEqual([StepMode.NONE, 0, 0]);
    expect(parseLiveControl('{"type":"resume","next":true,"step":{"mode":"over","depth":0,"resumeOf":-1}}')).toEqual({
      type: 'resume',
      next: true,
    });
    const uncaught = { probes: [4, 9], files: [{ path: '/a.js', fns: [[1, 0, 3, 1, 0]], tries: [] }] };
    const line = parseLiveControl(JSON.stringify({ type: 'breakpoints', probes: [], uncaught }));
    expect(line).toEqual({ type: 'breakpoints', probes: [], uncaught });
    live.apply(line!);
    expect(flagged(table, StopFlag.UNCAUGHT)).toEqual([4, 9]);
    live.apply({ type: 'breakpoints', probes: [] });
    expect(flagged(table, StopFlag.UNCAUGHT)).toEqual([]);
  });

  it('a file registered later gets the pending breakpoints of its path, snapped to its first line with steps', () => {
    const { live, table } = setup(false, 10);
    const at = (kind: ProbeInfo['kind'], line1: number): ProbeInfo => ({
      kind,
      range: { start: { line1, column0: 0 }, end: { line1, column0: 9 } },
      functionProbe: 0,
    });
    const probes = [at('module', 1), at('statement', 2), at('write', 4), at('statement', 5), at('loopHead', 5)];
    live.apply({ type: 'breakpoints', probes: [], pending: [{ path: 'C:\\app\\late.js', lines: [2, 3] }] });
    flagPendingBreakpoints(table, 'c:/app/other.js', probes, 100);
    expect(flagged(table, StopFlag.BREAK)).toEqual([]);
    flagPendingBreakpoints(table, 'c:/app/late.js', probes, 100);
    // Line 2 has a step; line 3 has none and snaps to line 5 (both of its steps); never the write.
    expect(flagged(table, StopFlag.BREAK)).toEqual([101, 103, 104]);
  });
});
