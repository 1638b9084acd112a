// DAP-07: the state at step N is identical whichever path reached it. Random walks of every
// movement command (both directions, breakpoints set) are compared, stop by stop, with the state
// a fresh engine shows after a plain goto to the same step.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { MAIN, asyncProgram, exceptionProgram, generatorProgram, loopProgram, objectsProgram } from './programs';

/** Stack, scopes and variables (objects expanded two levels) as plain data, without handles. */
function snapshot(engine: ReplayEngine): unknown {
  const expand = (reference: number, depth: number): unknown =>
    engine.variables({ variablesReference: reference }).map((variable) => ({
      name: variable.name,
      value: variable.value,
      type: variable.type,
      children: variable.variablesReference && depth > 0 ? expand(variable.variablesReference, depth - 1) : undefined,
    }));
  return engine.stackTrace().frames.map((frame) => ({
    name: frame.name,
    source: frame.source,
    kind: frame.kind,
    scopes:
      frame.kind === 'frame'
        ? engine.scopes(frame.id).map((scope) => ({ name: scope.name, variables: expand(scope.variablesReference, 2) }))
        : [],
  }));
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

const programs = {
  loop: () => loopProgram().builder.end().bytes(),
  async: () => asyncProgram().builder.end().bytes(),
  objects: () => objectsProgram().builder.end().bytes(),
  exceptions: () => exceptionProgram().builder.bytes(),
  generator: () => generatorProgram().builder.bytes(),
};

describe('path independence (DAP-07)', () => {
  it.each(Object.keys(programs))('random walks over the %s program match a plain goto', (name) => {
    const bytes = programs[name as keyof typeof programs]();
    const reference = openRecording(bytes).engine;
    const expected = new Map<number, unknown>();
    const total = reference.summary().totalSteps;
    for (let step = 0; step < total; step++) {
      reference.gotoStep(step);
      expected.set(step, snapshot(reference));
    }

    const engine = openRecording(bytes).engine;
    engine.setBreakpoints(MAIN, [{ line1: 3 }, { line1: 7, logMessage: 'x' }]);
    engine.setExceptionBreakpoints(['all']);
    engine.open();
    const next = random(name.length * 7919);
    const commands: Array<() => unknown> = [
      () => engine.stepIn('forward'),
      () => engine.stepIn('backward'),
      () => engine.next('forward'),
      () => engine.next('backward'),
      () => engine.next('forward', 'line'),
      () => engine.next('backward', 'line'),
      () => engine.stepOut('forward'),
      () => engine.stepOut('backward'),
      () => engine.continue('forward'),
      () => engine.continue('backward'),
      () => engine.gotoStep(Math.floor(next() * total)),
    ];
    for (let move = 0; move < 150; move++) {
      commands[Math.floor(next() * commands.length)]();
      expect(snapshot(engine), `after move ${move} at step ${engine.currentStep}`).toEqual(
        expected.get(engine.currentStep),
      );
    }
  });
});
