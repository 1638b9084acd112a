// Exceptions caught and uncaught, generators (yield returns to the caller), and gaps (TR-01:
// stepping stops at a gap's edge with a message, then crosses it).
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder, obj } from '../../support/traceBuilder';
import { MAIN, exceptionProgram, gapProgram, generatorProgram } from './programs';

/**
 * 1 function read(settings) {
 * 2   try { return settings.theme.x; }       (the engine throws a TypeError here)
 * 3   catch (e) { throw e; }                 (caught and rethrown: a value never snapshotted)
 * 4 }
 * 5 read({});
 */
function unrecordedErrorProgram(options: { caughtOnly?: boolean } = {}) {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 5 });
  const read = b.fn('read', module, { line: 1, endLine: 4 });
  const [s2, s3] = [2, 3].map((line) => b.stmt(line, read, { column: 8 }));
  const s5 = b.stmt(5, module);
  const catchProbe = b.probe('catch', { line: 3, functionProbe: read });
  const throwProbe = b.probe('throw', { line: 3, functionProbe: read });
  const frame = b.enter(module);
  b.step(s5);
  const call = b.enter(read);
  b.step(s2).catch(catchProbe, obj(2)).step(s3).throw(throwProbe, obj(2)).exit(call, read);
  if (options.caughtOnly) return b.exit(frame, module).end();
  const stack = "TypeError: Cannot read properties of undefined (reading 'x')\n    at read (main.js:2:31)";
  return b.end({
    reason: 'uncaught-exception',
    exitCode: 1,
    error: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'x')", stack },
  });
}

describe('exceptions', () => {
  const open = () => openRecording(exceptionProgram().builder.bytes()).engine;

  it('a session opens at the throw of an uncaught exception', () => {
    const engine = open();
    expect(engine.open()).toMatchObject({ stepIndex: 7, reason: 'exception' });
    expect(engine.exceptionInfo()).toMatchObject({
      exceptionId: 'TypeError',
      breakMode: 'unhandled',
      details: {
        typeName: 'TypeError',
        message: "Cannot read properties of null (reading 'x')",
        stackTrace: expect.stringContaining('main.js:11'),
      },
    });
  });

  it('"all" stops at every throw in both directions, with the thrown value', () => {
    const engine = open();
    engine.setExceptionBreakpoints(['all']);
    expect(engine.open()).toMatchObject({ stepIndex: 5, reason: 'exception', text: 'Error: too big' });
    expect(engine.exceptionInfo()).toMatchObject({
      exceptionId: 'Error',
      breakMode: 'always',
      details: { message: 'too big', stackTrace: expect.stringContaining('at risky') },
    });
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

describe('an uncaught error whose value was never recorded (thrown by the engine)', () => {
  it("stops and describes it with the END record's name, message and stack, not an unrecorded object", () => {
    const engine = openRecording(unrecordedErrorProgram().bytes()).engine;
    const stop = engine.open();
    expect(stop).toMatchObject({
      stepIndex: 2,
      reason: 'exception',
      text: "TypeError: Cannot read properties of undefined (reading 'x')",
    });
    expect(engine.exceptionInfo()).toEqual({
      exceptionId: 'TypeError',
      description: "Cannot read properties of undefined (reading 'x')",
      breakMode: 'unhandled',
      details: {
        typeName: 'TypeError',
        message: "Cannot read properties of undefined (reading 'x')",
        stackTrace: expect.stringContaining('at read (main.js:2:31)'),
      },
    });
  });

  it('a caught throw of an unrecorded value says so, without an object id', () => {
    const engine = openRecording(unrecordedErrorProgram({ caughtOnly: true }).bytes()).engine;
    engine.setExceptionBreakpoints(['all']);
    const stop = engine.open();
    expect(stop.reason).toBe('exception');
    expect(stop.text).not.toMatch(/Object #|not recorded at this moment/);
    expect(engine.exceptionInfo()?.description).toMatch(/not recorded/);
  });
});

describe('generators', () => {
  const open = () => openRecording(generatorProgram().builder.bytes()).engine;

  it('a resumed generator shows its caller below it (no async label)', () => {
    const engine = open();
    engine.gotoStep(4);
    expect(engine.stackTrace().frames.map((frame) => `${frame.name}:${frame.source.line1}`)).toEqual([
      'gen:3',
      '<module>:7',
    ]);
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
