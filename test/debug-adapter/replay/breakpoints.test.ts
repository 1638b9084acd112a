// Every breakpoint kind in both directions over the loop program: line (snapped), conditions,
// hit counts, retroactive logpoints, function, data (reverse = last write), exceptions, and
// goto targets. Step numbers refer to the table in programs.ts.
import { describe, expect, it } from 'vitest';
import { openRecording, type StopResult } from '../../../debug-adapter/replay';
import { MAIN, longLoopProgram, loopProgram } from './programs';

function loopEngine() {
  return openRecording(loopProgram().builder.end().bytes()).engine;
}

describe('line breakpoints', () => {
  it('stop in both directions and snap to a real statement', () => {
    const engine = loopEngine();
    const [result] = engine.setBreakpoints(MAIN, [{ line1: 3 }]);
    expect(result).toMatchObject({ verified: true, line1: 3 });
    expect(engine.open()).toMatchObject({ stepIndex: 4, reason: 'breakpoint', hitBreakpointIds: [result.id] });
    expect(engine.continue('forward').stepIndex).toBe(8);
    expect(engine.continue('forward').stepIndex).toBe(12);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 14, reason: 'end' });
    expect(engine.continue('backward').stepIndex).toBe(12);
    expect(engine.continue('backward').stepIndex).toBe(8);
  });

  it('snap a line without statements to the next one', () => {
    const engine = loopEngine();
    expect(engine.setBreakpoints(MAIN, [{ line1: 4 }])[0]).toMatchObject({ verified: true, line1: 5 });
    expect(engine.breakpointLocations(MAIN, 1, 4).map((location) => location.line1)).toEqual([2, 3]);
  });

  it('stop on a next that would skip over a call containing a breakpoint', () => {
    const engine = loopEngine();
    engine.setBreakpoints(MAIN, [{ line1: 2 }]);
    engine.gotoStep(6);
    expect(engine.next('forward')).toMatchObject({ stepIndex: 7, reason: 'breakpoint' });
  });

  it('apply conditions against the recorded state', () => {
    const engine = loopEngine();
    engine.setBreakpoints(MAIN, [{ line1: 3, condition: 's > 1' }]);
    expect(engine.open().stepIndex).toBe(12);
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 0, reason: 'start' });
  });

  it.each([
    ['2', [8]],
    ['>= 2', [8, 12]],
    ['% 2', [8]],
    ['< 2', [4]],
  ])('apply hit condition %s', (hitCondition, expected) => {
    const engine = loopEngine();
    engine.setBreakpoints(MAIN, [{ line1: 3, hitCondition }]);
    engine.gotoStep(0);
    const stops: number[] = [];
    for (let stop = engine.continue('forward'); stop.reason === 'breakpoint'; stop = engine.continue('forward'))
      stops.push(stop.stepIndex);
    expect(stops).toEqual(expected);
    // Backward finds the same hits: hit numbers count from the start of the recording, not from the cursor.
    const back: number[] = [];
    for (let stop = engine.continue('backward'); stop.reason === 'breakpoint'; stop = engine.continue('backward'))
      back.push(stop.stepIndex);
    expect(back).toEqual([...expected].reverse());
  });
});

describe('logpoints', () => {
  it('yield a message for every hit of the whole recording, in time order, and never stop', () => {
    const engine = loopEngine();
    engine.setBreakpoints(MAIN, [
      { line1: 3, logMessage: 'sum is {s} from {a} + {b}' },
      { line1: 9, logMessage: 'total {total}' },
    ]);
    expect(engine.logpointMessages().map((message) => [message.stepIndex, message.text])).toEqual([
      [4, 'sum is 0 from 0 + 0'],
      [8, 'sum is 1 from 0 + 1'],
      [12, 'sum is 3 from 1 + 2'],
      [14, 'total 3'],
    ]);
    engine.gotoStep(0);
    expect(engine.continue('forward').reason).toBe('end');
  });

  it('show evaluation errors inline', () => {
    const engine = loopEngine();
    engine.setBreakpoints(MAIN, [{ line1: 2, logMessage: 'x={nope}' }]);
    expect(engine.logpointMessages()[0].text).toBe('x={nope is not defined at this moment}');
  });
});

describe('function breakpoints', () => {
  it('stop at the first step of each call in both directions', () => {
    const engine = loopEngine();
    const [result] = engine.setFunctionBreakpoints([{ name: 'add' }]);
    expect(result.verified).toBe(true);
    expect(engine.open()).toMatchObject({ stepIndex: 3, reason: 'function breakpoint' });
    expect(engine.continue('forward').stepIndex).toBe(7);
    engine.gotoStep(14);
    expect(engine.continue('backward').stepIndex).toBe(11);
    expect(engine.setFunctionBreakpoints([{ name: 'nothing' }])[0].verified).toBe(false);
  });
});

describe('data breakpoints', () => {
  function watchTotal() {
    const engine = loopEngine();
    engine.gotoStep(14);
    const frame = engine.stackTrace().frames[0];
    const module = engine.scopes(frame.id).find((scope) => scope.name === 'Module')!;
    const info = engine.dataBreakpointInfo(module.variablesReference, 'total');
    expect(info.dataId).not.toBeNull();
    engine.setDataBreakpoints([{ dataId: info.dataId! }]);
    return engine;
  }

  it('reverse-continue finds the last write: where the value came from', () => {
    const engine = watchTotal();
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 10, reason: 'data breakpoint' });
    expect(engine.continue('backward').stepIndex).toBe(6);
    expect(engine.continue('backward').stepIndex).toBe(2);
    expect(engine.continue('backward').stepIndex).toBe(0);
  });

  it('continue forward stops at each writing statement', () => {
    const engine = watchTotal();
    engine.gotoStep(3);
    expect(engine.continue('forward').stepIndex).toBe(6);
  });

  it('watch an object property', () => {
    const { builder } = loopProgram((b, module) => {
      const prop = b.probe('property', { line: 9, functionProbe: module, propertyKey: 'n' });
      b.snapshot(50, { type: 'OBJECT', entries: [{ key: 'n', value: 1 }] });
      const wO = b.writeProbe('o', module, module, { line: 9 });
      b.write(wO, { $object: 50 }, 0);
      const s10 = b.stmt(10, module);
      b.step(s10).propSet(prop, { $object: 50 }, 'n', 2);
      b.step(s10).propSet(prop, { $object: 50 }, 'm', 9);
      b.step(s10);
    });
    const engine = openRecording(builder.end().bytes()).engine;
    engine.gotoStep(17);
    const local = engine.scopes(engine.stackTrace().frames[0].id).find((scope) => scope.name === 'Module')!;
    const o = engine
      .variables({ variablesReference: local.variablesReference })
      .find((variable) => variable.name === 'o')!;
    expect(o.value).toBe('{n: 2, m: 9}');
    const info = engine.dataBreakpointInfo(o.variablesReference, 'n');
    engine.setDataBreakpoints([{ dataId: info.dataId! }]);
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 15, reason: 'data breakpoint' });
  });
});

describe('goto targets', () => {
  it('list one target per execution of a line and jump there', () => {
    const engine = loopEngine();
    const targets = engine.gotoTargets(MAIN, 3);
    expect(targets.map((target) => target.label)).toEqual([
      'hit 1 of 3 (step 4)',
      'hit 2 of 3 (step 8)',
      'hit 3 of 3 (step 12)',
    ]);
    expect(engine.goto(targets[1].id)).toMatchObject({ stepIndex: 8, reason: 'goto' });
  });
});

describe('restart frame', () => {
  it('goes back to the entry of the frame', () => {
    const engine = loopEngine();
    engine.gotoStep(8);
    const [top, caller] = engine.stackTrace().frames;
    expect(engine.restartFrame(top.id).stepIndex).toBe(7);
    expect(() => engine.restartFrame(caller.id)).toThrow(/earlier stop/);
  });
});

describe('a search with a deadline (issue 10 item 7)', () => {
  /** 20,000 iterations of `n = …` (line 2) then line 3: 40,000 steps, 20,000 hits of line 2. */
  function longLoopEngine() {
    const builder = longLoopProgram(20_000);
    return openRecording(builder.end().bytes()).engine;
  }

  /** Continues with an expired deadline until a stop is found: every slice searches a little. */
  function sliced(
    engine: ReturnType<typeof longLoopEngine>,
    direction: 'forward' | 'backward',
  ): { stop: StopResult; slices: number } {
    let slices = 0;
    let stop = engine.continue(direction, { untilMs: 0 });
    while (stop.searchCut) {
      slices++;
      const before = stop.stepIndex;
      stop = engine.continue(direction, { untilMs: 0 });
      expect(direction === 'forward' ? stop.stepIndex >= before : stop.stepIndex <= before).toBe(true);
    }
    return { stop, slices };
  }

  it('stops where its time ran out, says so, and the same move searches on to the same answer', () => {
    for (const condition of ['n === 15000', 'n < 0']) {
      const whole = longLoopEngine();
      whole.setBreakpoints(MAIN, [{ line1: 2, condition }]);
      const expected = whole.continue('forward');
      const engine = longLoopEngine();
      engine.setBreakpoints(MAIN, [{ line1: 2, condition }]);
      const first = engine.continue('forward', { untilMs: 0 });
      expect(first).toMatchObject({ searchCut: true, reason: 'pause', hitBreakpointIds: [] });
      expect(first.stepIndex).toBeGreaterThan(0);
      expect(first.stepIndex).toBeLessThan(expected.stepIndex);
      const { stop, slices } = sliced(engine, 'forward');
      expect(slices).toBeGreaterThan(10);
      expect({ ...stop, text: undefined }).toEqual({ ...expected, text: undefined });
      // and back again, in slices, to the first hit that holds (or the start)
      const back = sliced(engine, 'backward').stop;
      const wholeBack = whole.continue('backward');
      expect(back.stepIndex).toBe(wholeBack.stepIndex);
      expect(back.reason).toBe(wholeBack.reason);
    }
  });

  it('without a deadline searches to the end in one move, as before', () => {
    const engine = longLoopEngine();
    engine.setBreakpoints(MAIN, [{ line1: 2, condition: 'n < 0' }]);
    expect(engine.continue('forward')).toMatchObject({ reason: 'end', stepIndex: 39_999 });
  });
});
