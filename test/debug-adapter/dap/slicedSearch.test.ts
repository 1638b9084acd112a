// continue / reverseContinue searched in time slices (issue 10 item 7): between slices the search
// yields and asks whether a pause, cancel or disconnect came in; past its cost limit it stops with
// a message saying where it got to.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { Dispatcher, type Interruption } from '../../../debug-adapter/session/dispatch';
import { searchInSlices } from '../../../debug-adapter/session/slicedSearch';
import { MAIN, longLoopProgram } from '../replay/programs';

/** 200,000 iterations of `n = …` (line 2) then line 3: 400,000 steps. */
function longLoopEngine() {
  const builder = longLoopProgram(200_000);
  const engine = openRecording(builder.end().bytes()).engine;
  engine.setBreakpoints(MAIN, [{ line1: 2, condition: 'n < 0' }]);
  return engine;
}

describe('searchInSlices', () => {
  it('a pause that arrives during a long search ends it between two slices, the cursor where the search got to', async () => {
    const engine = longLoopEngine();
    let asked = 0;
    const answer = await searchInSlices(
      engine,
      'forward',
      (): Interruption | undefined => (++asked === 3 ? 'stopped' : undefined),
      { sliceMs: 1, costLimitMs: 60_000 },
    );
    expect(answer).toBe('stopped');
    expect(asked).toBe(3);
    expect(engine.currentStep).toBeGreaterThan(0);
    expect(engine.currentStep).toBeLessThan(399_999);
  });

  it('a cancelled search goes back where it started', async () => {
    const engine = longLoopEngine();
    engine.gotoStep(399_999);
    const answer = await searchInSlices(engine, 'backward', () => 'cancelled', { sliceMs: 1, costLimitMs: 60_000 });
    expect(answer).toBe('cancelled');
    expect(engine.currentStep).toBe(399_999);
  });

  it('past its cost limit the search stops with a message naming the steps it searched', async () => {
    const engine = longLoopEngine();
    const answer = await searchInSlices(engine, 'forward', () => undefined, { sliceMs: 1, costLimitMs: 5 });
    expect(typeof answer).toBe('object');
    const stop = answer as Exclude<typeof answer, string>;
    expect(stop.searchCut).toBeUndefined();
    expect(stop.reason).toBe('pause');
    expect(stop.stepIndex).toBeLessThan(399_999);
    expect(stop.text).toMatch(
      new RegExp(`cost limit\\): no breakpoint condition held between steps 0 and ${stop.stepIndex}\\. Continue again`),
    );
  });

  it('with time enough it finds what one unsliced move finds', async () => {
    const engine = longLoopEngine();
    const answer = await searchInSlices(engine, 'forward', () => undefined, { sliceMs: 5, costLimitMs: 120_000 });
    expect(answer).toMatchObject({ reason: 'end', stepIndex: 399_999 });
  });
});

describe('Dispatcher.interrupted', () => {
  it('says a request should stop when its cancel, or a pause/terminate/disconnect sent after it, has arrived', () => {
    const dispatcher = new Dispatcher(new Map([['continue', () => new Promise<never>(() => undefined)]]), {
      sendResponse: () => undefined,
      internalError: () => undefined,
    });
    dispatcher.dispatch({ seq: 5, type: 'request', command: 'continue' });
    expect(dispatcher.interrupted(5)).toBeUndefined();
    dispatcher.dispatch({ seq: 6, type: 'request', command: 'threads' });
    expect(dispatcher.interrupted(5)).toBeUndefined();
    dispatcher.dispatch({ seq: 7, type: 'request', command: 'disconnect' });
    expect(dispatcher.interrupted(5)).toBe('stopped');
    expect(dispatcher.interrupted(8)).toBeUndefined(); // a request sent after the disconnect is not its target
    dispatcher.cancel(5);
    expect(dispatcher.interrupted(5)).toBe('cancelled');
  });
});
