// Value history: every write of a variable or a property over the whole recording, each with the
// step that writes (where a data breakpoint on it stops), its statement and the value written.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { loopProgram, objectsProgram } from './programs';

function scopeNamed(engine: ReplayEngine, name: string): number {
  const frame = engine.stackTrace().frames[0];
  return engine.scopes(frame.id).find((scope) => scope.name === name)!.variablesReference;
}

function rowOf(engine: ReplayEngine, container: number, name: string) {
  return engine.variables({ variablesReference: container }).find((row) => row.name === name)!;
}

describe('value history', () => {
  it('lists each write of a variable with its step, line and value, wherever the cursor is', () => {
    const engine = openRecording(loopProgram().builder.end().bytes()).engine;
    engine.gotoStep(4);
    const history = engine.valueHistory(scopeNamed(engine, 'Module'), 'total');
    expect(history.description).toBe('writes to total');
    expect(history.total).toBe(4);
    expect(history.writes.map(({ step, source, value }) => `${step} L${source.line1} ${value}`)).toEqual([
      '0 L5 0',
      '2 L7 0',
      '6 L7 1',
      '10 L7 3',
    ]);
  });

  it('travels: each listed step is where a data breakpoint on the variable stops', () => {
    const engine = openRecording(loopProgram().builder.end().bytes()).engine;
    engine.gotoStep(14);
    const history = engine.valueHistory(scopeNamed(engine, 'Module'), 'total');
    const dataId = engine.dataBreakpointInfo(scopeNamed(engine, 'Module'), 'total').dataId!;
    engine.setDataBreakpoints([{ dataId }]);
    engine.gotoStep(0);
    const stops: number[] = [];
    for (let stop = engine.continue('forward'); stop.reason === 'data breakpoint'; stop = engine.continue('forward'))
      stops.push(stop.stepIndex);
    expect(history.writes.slice(1).map((write) => write.step)).toEqual(stops);
    // The value listed for a write is the one the variable holds once that statement has run.
    engine.setDataBreakpoints([]);
    engine.gotoStep(history.writes[3].step);
    engine.next('forward');
    expect(engine.evaluate('total').result).toBe(history.writes[3].value);
  });

  it('lists a property’s sets and deletes, and an array element’s builtin writes', () => {
    const engine = openRecording(objectsProgram().builder.end().bytes()).engine;
    engine.gotoStep(18);
    const module = scopeNamed(engine, 'Module');
    const o = rowOf(engine, module, 'o');
    expect(engine.valueHistory(o.variablesReference, 'y').writes.map(({ value }) => value)).toEqual(['2']);
    const list = rowOf(engine, module, 'list');
    const element = engine.valueHistory(list.variablesReference, '1');
    expect(element.writes.map(({ step, value }) => `${step} ${value}`)).toEqual(['4 10']);
    engine.gotoStep(15);
    const before = rowOf(engine, scopeNamed(engine, 'Module'), 'o');
    expect(
      engine.valueHistory(before.variablesReference, 'x').writes.map(({ step, value }) => `${step} ${value}`),
    ).toEqual(['14 1', '16 (deleted)']);
  });

  it('says why a row has no history', () => {
    const engine = openRecording(objectsProgram().builder.end().bytes()).engine;
    engine.gotoStep(18);
    const module = scopeNamed(engine, 'Module');
    expect(() => engine.valueHistory(rowOf(engine, module, 'o').variablesReference, 'x')).toThrow(
      /has no recorded property x/,
    );
  });
});
