// Replaying a `calls`-level recording (no STEP events): function entries and returns are the time
// axis, so the engine stops, steps both ways, shows the stack with parameters, snaps breakpoints to
// function starts and returns, and stops at a frame leaving by an uncaught throw.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { MAIN, callsBytes, roomsProgram } from './callsPrograms';

function open(options: { throwing?: boolean } = {}): ReplayEngine {
  return openRecording(callsBytes(roomsProgram(options).builder)).engine;
}

function where(engine: ReplayEngine): string {
  return engine
    .stackTrace()
    .frames.map((frame) => `${frame.name}@${frame.source.line1}`)
    .join(' < ');
}

function locals(engine: ReplayEngine): Record<string, string> {
  const local = engine.scopes(engine.stackTrace().frames[0].id).find((scope) => scope.name === 'Local')!;
  return Object.fromEntries(
    engine
      .variables({ variablesReference: local.variablesReference })
      .map((variable) => [variable.name, variable.value]),
  );
}

describe('a calls-level recording', () => {
  it('has a step per function entry and return, and opens at the last one', () => {
    const engine = open();
    expect(engine.summary().totalSteps).toBe(9);
    expect(engine.open()).toMatchObject({ stepIndex: 8, reason: 'end' });
    const path = [];
    for (let step = 0; step < 9; step++) {
      engine.gotoStep(step);
      path.push(where(engine));
    }
    expect(path).toEqual([
      '<module>@1',
      'room@4 < <module>@1',
      'area@1 < room@4 < <module>@1',
      'area@2 < room@4 < <module>@1',
      'room@6 < <module>@1',
      'room@4 < <module>@1',
      'area@1 < room@4 < <module>@1',
      'area@2 < room@4 < <module>@1',
      'room@6 < <module>@1',
    ]);
  });

  it("shows the parameters from the entry step on, and the callee's return value after it returns", () => {
    const engine = open();
    engine.gotoStep(2);
    expect(locals(engine)).toEqual({ w: '3', h: '4' });
    engine.gotoStep(1);
    expect(locals(engine)).toEqual({ name: "'kitchen'", w: '3', h: '4' });
    engine.gotoStep(4);
    const [returned] = engine.scopes(engine.stackTrace().frames[0].id);
    expect(returned.name).toBe('Return value');
    expect(engine.variables({ variablesReference: returned.variablesReference })).toMatchObject([
      { name: 'area()', value: '12' },
    ]);
    expect(engine.evaluate('name + w').result).toBe("'kitchen3'");
  });

  it('steps in, over and out in both directions; back from an entry lands on the caller', () => {
    const engine = open();
    engine.gotoStep(1);
    expect(engine.next('forward').stepIndex).toBe(4);
    expect(engine.next('backward').stepIndex).toBe(1);
    expect(engine.stepIn('forward').stepIndex).toBe(2);
    expect(engine.stepOut('forward').stepIndex).toBe(4);
    engine.gotoStep(2);
    expect(engine.next('backward').stepIndex).toBe(1);
    engine.gotoStep(3);
    expect(engine.stepOut('backward').stepIndex).toBe(1);
    engine.gotoStep(5);
    expect(engine.next('backward').stepIndex).toBe(0);
  });

  it('snaps line breakpoints to function starts and returns, in both directions', () => {
    const engine = open();
    expect(engine.breakpointLocations(MAIN, 1, 3)).toEqual([
      { line1: 1, column0: 0 },
      { line1: 2, column0: 2, endLine1: 2, endColumn0: 80 },
    ]);
    expect(engine.setBreakpoints(MAIN, [{ line1: 1 }, { line1: 5 }])).toMatchObject([
      { verified: true, line1: 1, column0: 0 },
      { verified: true, line1: 6, column0: 2 },
    ]);
    engine.gotoStep(0);
    // Line 1 holds both the module's and area's start: both entries hit.
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 2, reason: 'breakpoint' });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 4, reason: 'breakpoint' });
    expect(engine.continue('forward')).toMatchObject({ stepIndex: 6, reason: 'breakpoint' });
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 4, reason: 'breakpoint' });
    expect(engine.gotoTargets(MAIN, 6).map((target) => target.stepIndex)).toEqual([4, 8]);
  });

  it('conditions and function breakpoints see the parameters', () => {
    const engine = open();
    engine.setBreakpoints(MAIN, [{ line1: 4, condition: "name === 'hall'" }]);
    expect(engine.open()).toMatchObject({ stepIndex: 5, reason: 'breakpoint' });
    engine.setBreakpoints(MAIN, []);
    engine.setFunctionBreakpoints([{ name: 'area' }]);
    engine.gotoStep(8);
    expect(engine.continue('backward')).toMatchObject({ stepIndex: 6, reason: 'function breakpoint' });
    expect(locals(engine)).toEqual({ w: '2', h: '5' });
  });

  it("an uncaught throw stops at the exit of the frame it left, with the END record's error", () => {
    const engine = open({ throwing: true });
    expect(engine.summary().totalSteps).toBe(9);
    expect(engine.open()).toMatchObject({ stepIndex: 7, reason: 'exception', text: 'RangeError: too small' });
    expect(where(engine)).toBe('area@1 < room@4 < <module>@1');
    expect(locals(engine)).toEqual({ w: '2', h: '5' });
    expect(engine.stepIn('forward')).toMatchObject({ stepIndex: 8 });
    expect(where(engine)).toBe('room@4 < <module>@1');
    // A line breakpoint on area's line means its entries, not its exit by throw.
    engine.setBreakpoints(MAIN, [{ line1: 1, column0: 0 }]);
    expect(engine.gotoTargets(MAIN, 1).map((target) => target.stepIndex)).toEqual([0, 2, 6]);
  });

  it('has a timeline and a function search', () => {
    const engine = open();
    const timeline = engine.timeline(0, 8, 9);
    expect(timeline.buckets.map((bucket) => bucket.maxDepth)).toEqual([0, 1, 2, 2, 1, 1, 2, 2, 1]);
    expect(timeline.functions.map((fn) => fn.name).sort()).toEqual(['<module>', 'area', 'room']);
    expect(engine.search('are').matches.map((match) => match.step)).toEqual([2, 6]);
  });
});
