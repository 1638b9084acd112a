// Every movement in both directions over small recorded programs: step in/over/out, step back
// from a frame's first step, continue to the edges, line granularity, async step-over of await.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder } from '../../support/traceBuilder';
import { MAIN, asyncProgram, loopProgram } from './programs';

function loopEngine() {
  const { builder } = loopProgram();
  return openRecording(builder.end().bytes()).engine;
}

describe('stepping over a loop with calls', () => {
  it('steps in through every step and back', () => {
    const engine = loopEngine();
    expect(engine.open({ stopOnEntry: true })).toMatchObject({ stepIndex: 0, reason: 'entry' });
    const forward = [];
    for (let index = 0; index < 14; index++) forward.push(engine.stepIn('forward').stepIndex);
    expect(forward).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(engine.stepIn('forward')).toMatchObject({ stepIndex: 14, reason: 'end' });
    expect(engine.stepIn('backward').stepIndex).toBe(13);
  });

  it('next skips the call forward and backward', () => {
    const engine = loopEngine();
    engine.gotoStep(2);
    expect(engine.next('forward')).toMatchObject({ stepIndex: 5, reason: 'step' });
    expect(engine.next('backward')).toMatchObject({ stepIndex: 2, reason: 'step' });
    expect(engine.next('backward').stepIndex).toBe(1);
  });

  it('step back from the first step of a frame lands on the caller step that made the call', () => {
    const engine = loopEngine();
    engine.gotoStep(7);
    expect(engine.next('backward')).toMatchObject({ stepIndex: 6 });
    expect(engine.stackTrace().frames.map((frame) => frame.name)).toEqual(['<module>']);
  });

  it('step out goes to the caller in both directions', () => {
    const engine = loopEngine();
    engine.gotoStep(4);
    expect(engine.stepOut('forward').stepIndex).toBe(5);
    engine.gotoStep(4);
    expect(engine.stepOut('backward').stepIndex).toBe(2);
  });

  it('next off the end of a frame returns to the caller', () => {
    const engine = loopEngine();
    engine.gotoStep(4);
    expect(engine.next('forward').stepIndex).toBe(5);
  });

  it('continue runs to the edges and never terminates', () => {
    const engine = loopEngine();
    engine.gotoStep(3);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 14, reason: 'end' });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 14, reason: 'end' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 0, reason: 'start' });
    expect(engine.stepIn('backward')).toMatchObject({ stepIndex: 0, reason: 'start' });
  });

  it('opens at the last step without breakpoints', () => {
    expect(loopEngine().open()).toMatchObject({ stepIndex: 14, reason: 'end' });
  });

  it('line granularity skips steps on the same line of the same frame', () => {
    // 1 a(); b();   2 c();   — two statements on line 1.
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1, endLine: 2 });
    const [first, second, third] = [
      builder.stmt(1, module),
      builder.stmt(1, module, { column: 5 }),
      builder.stmt(2, module),
    ];
    const frame = builder.enter(module);
    builder.step(first).step(second).step(third).exit(frame, module);
    const engine = openRecording(builder.end().bytes()).engine;
    engine.gotoStep(0);
    expect(engine.stepIn('forward', 'line').stepIndex).toBe(2);
    expect(engine.stepIn('backward', 'line').stepIndex).toBe(1);
    engine.gotoStep(0);
    expect(engine.stepIn('forward', 'statement').stepIndex).toBe(1);
    expect(engine.next('forward', 'line').stepIndex).toBe(2);
  });
});

describe('closures', () => {
  it('show the enclosing frame’s variables as a Closure scope', () => {
    const builder = new TraceBuilder().file(MAIN);
    const module = builder.module({ line: 1, endLine: 9 });
    const outer = builder.fn('outer', module, { line: 1, endLine: 8 });
    const inc = builder.fn('inc', outer, { line: 3, endLine: 5 });
    const [s2, s6, s7] = [2, 6, 7].map((line) => builder.stmt(line, outer));
    const s4 = builder.stmt(4, inc);
    const s9 = builder.stmt(9, module);
    const count = builder.writeProbe('count', outer, outer, { line: 2 });
    const countInInc = builder.writeProbe('count', inc, outer, { line: 4 });
    const frame = builder.enter(module);
    builder.step(s9);
    const outerFrame = builder.enter(outer);
    builder.step(s2).write(count, 0, outerFrame).step(s6);
    const incFrame = builder.enter(inc);
    builder.step(s4).write(countInInc, 1, outerFrame).ret(inc).exit(incFrame, inc);
    builder.step(s7).ret(s7, 1).exit(outerFrame, outer).exit(frame, module);
    const engine = openRecording(builder.end().bytes()).engine;
    engine.gotoStep(3);
    const [top] = engine.stackTrace().frames;
    const scopes = engine.scopes(top.id);
    expect(scopes.map((scope) => scope.name)).toEqual(['Local', 'Closure (outer)']);
    expect(
      engine.variables({ variablesReference: scopes[1].variablesReference }).map((row) => `${row.name}=${row.value}`),
    ).toEqual(['count=0']);
    expect(engine.evaluate('count').result).toBe('0');
    engine.gotoStep(4);
    expect(engine.evaluate('count').result).toBe('1');
  });
});

describe('stepping through async functions', () => {
  const open = () => openRecording(asyncProgram().builder.end().bytes()).engine;

  it('next over an await continues in the same frame after it resumes', () => {
    const engine = open();
    engine.gotoStep(3);
    expect(engine.next('forward').stepIndex).toBe(5);
    expect(engine.next('backward').stepIndex).toBe(3);
  });

  it('step out at an await returns to the caller', () => {
    const engine = open();
    engine.gotoStep(3);
    expect(engine.stepOut('forward').stepIndex).toBe(4);
  });

  it('shows the async caller behind a label after a resume', () => {
    const engine = open();
    engine.gotoStep(5);
    const frames = engine.stackTrace().frames;
    expect(frames.map((frame) => `${frame.kind}:${frame.name}`)).toEqual([
      'frame:load',
      'asyncLabel:await',
      'frame:main',
      'frame:<module>',
    ]);
    expect(frames[2].source.line1).toBe(7);
    expect(frames[3].source.line1).toBe(10);
    expect(frames[2].presentationHint).toBe('subtle');
  });

  it('the direct stack before any await has no label', () => {
    const engine = open();
    engine.gotoStep(2);
    expect(engine.stackTrace().frames.map((frame) => frame.name)).toEqual(['load', 'main', '<module>']);
  });
});
