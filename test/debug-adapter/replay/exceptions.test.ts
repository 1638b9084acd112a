// Exceptions caught and uncaught, generators (yield returns to the caller), and gaps (TR-01:
// stepping stops at a gap's edge with a message, then crosses it).
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { exceptionProgram, gapProgram, generatorProgram } from './programs';

describe('exceptions', () => {
  const open = () => openRecording(exceptionProgram().builder.bytes()).engine;

  it('a session opens at the throw of an uncaught exception', () => {
    const engine = open();
    expect(engine.open()).toMatchObject({ stepIndex: 7, reason: 'exception' });
    expect(engine.exceptionInfo()).toMatchObject({
      exceptionId: 'TypeError', breakMode: 'unhandled',
      details: { typeName: 'TypeError', message: "Cannot read properties of null (reading 'x')", stackTrace: expect.stringContaining('main.js:11') },
    });
  });

  it('"all" stops at every throw in both directions, with the thrown value', () => {
    const engine = open();
    engine.setExceptionBreakpoints(['all']);
    expect(engine.open()).toMatchObject({ stepIndex: 5, reason: 'exception', text: 'Error: too big' });
    expect(engine.exceptionInfo()).toMatchObject({ exceptionId: 'Error', breakMode: 'always', details: { message: 'too big', stackTrace: expect.stringContaining('at risky') } });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 7, reason: 'exception' });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 7, reason: 'end' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 5, reason: 'exception' });
  });

  it('"uncaught" skips caught throws', () => {
    const engine = open();
    engine.setExceptionBreakpoints(['uncaught']);
    engine.gotoStep(0);
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 7, reason: 'exception' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 0, reason: 'start' });
  });

  it('the caught error is visible after the catch', () => {
    const engine = open();
    engine.gotoStep(6);
    expect(engine.evaluate('e.message').result).toBe("'too big'");
  });
});

describe('generators', () => {
  const open = () => openRecording(generatorProgram().builder.bytes()).engine;

  it('a resumed generator shows its caller below it (no async label)', () => {
    const engine = open();
    engine.gotoStep(4);
    expect(engine.stackTrace().frames.map((frame) => `${frame.name}:${frame.source.line1}`)).toEqual(['gen:3', '<module>:7']);
  });

  it('next over a yield returns to the caller; back from a resume goes to the caller', () => {
    const engine = open();
    engine.gotoStep(2);
    expect(engine.next('forward').stepIndex).toBe(3);
    engine.gotoStep(4);
    expect(engine.next('backward').stepIndex).toBe(3);
    expect(engine.stepIn('forward').stepIndex).toBe(4);
    expect(engine.stepOut('forward').stepIndex).toBe(5);
  });
});

describe('gaps (TR-01)', () => {
  const open = () => openRecording(gapProgram().builder.bytes()).engine;

  it('stop at the edge of a gap with a message in both directions, then cross it', () => {
    const engine = open();
    engine.gotoStep(0);
    const stop = engine.continue('forward');
    expect(stop).toMatchObject({ stepIndex: 4, reason: 'gap' });
    expect(stop.text).toMatch(/5 events were lost/);
    expect(engine.next('forward')).toMatchObject({ stepIndex: 5, reason: 'step' });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 9, reason: 'end' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 5, reason: 'gap' });
    expect(engine.stepIn('backward')).toMatchObject({ stepIndex: 4, reason: 'step' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 0, reason: 'start' });
  });

  it('are shown as timeline markers and in the summary', () => {
    const engine = open();
    expect(engine.timeline(0, 9, 10).markers).toContainEqual({ step: 5, kind: 'gap', text: '5 events lost' });
    expect(engine.summary().notes.join(' ')).toMatch(/5 events were lost in 1 gap/);
  });
});
