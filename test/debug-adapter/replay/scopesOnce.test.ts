// A moment works out a row's scopes once (moment.ts) and hands the same answer to every later
// request at that stop. Each row's scopes, asked again and after name lookups, must equal those of a
// moment asked once for that row alone (the uncached path); and the engine's Scopes and Variables
// answers, after evaluations and a first Scopes request, must equal a fresh engine's at every step.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { Locations } from '../../../debug-adapter/replay/locations';
import { Moment, ThreadContext } from '../../../debug-adapter/replay/moment';
import { asyncProgram, loopProgram, objectsProgram } from './programs';

type Engine = ReturnType<typeof openRecording>['engine'];

/** Every frame's scopes and their rows (one level of children), as text. */
function scopesText(engine: Engine): string[] {
  const lines: string[] = [];
  for (const frame of engine.stackTrace().frames) {
    if (frame.kind !== 'frame') continue;
    for (const scope of engine.scopes(frame.id)) {
      lines.push(`${frame.name} ${scope.name} (${scope.namedVariables})`);
      for (const row of engine.variables({ variablesReference: scope.variablesReference })) {
        lines.push(`  ${row.name} = ${row.value} : ${row.type}`);
        if (row.variablesReference)
          for (const child of engine.variables({ variablesReference: row.variablesReference }))
            lines.push(`    ${child.name} = ${child.value}`);
      }
    }
  }
  return lines;
}

const programs = {
  loop: () => loopProgram(undefined, { iterations: 4 }).builder.end().bytes(),
  async: () => asyncProgram().builder.end().bytes(),
  objects: () => objectsProgram().builder.end().bytes(),
};

describe('scopes worked out once per row of a moment', () => {
  for (const [name, bytes] of Object.entries(programs)) {
    it(`${name}: each row's scopes, asked again and after lookups, equal a moment that is asked once`, () => {
      const { store } = openRecording(bytes());
      const thread = store.threads.get(store.mainThreadId()!)!;
      const context = new ThreadContext(thread.history, thread.probes, new Locations(thread.probes));
      let rowsCompared = 0;
      for (let step = thread.history.firstStep; step < thread.history.endStep; step++) {
        const moment = new Moment(context, step);
        const rows = moment.stack();
        for (const row of rows) for (const name of ['total', 'i', 'a', 'nothingHere']) moment.lookup(name, row);
        rows.forEach((row, at) => {
          if (row.kind !== 'frame') return;
          // Uncached: a moment of its own for this one row, asked once.
          const alone = new Moment(context, step);
          const expected = alone.scopes(alone.stack()[at]);
          expect(moment.scopes(row), `step ${step} row ${at}`).toEqual(expected);
          expect(moment.scopes(row), `step ${step} row ${at}, again`).toEqual(expected);
          rowsCompared++;
        });
      }
      expect(rowsCompared).toBeGreaterThanOrEqual(thread.history.endStep - thread.history.firstStep);
    });
  }

  for (const [name, bytes] of Object.entries(programs)) {
    it(`${name}: every step's answers equal a fresh engine's, after evaluations and a first Scopes request`, () => {
      const recording = bytes();
      const cached = openRecording(recording).engine;
      const fresh = openRecording(recording).engine;
      const stepCount = cached.summary().totalSteps;
      let compared = 0;
      // Backward then forward: a moment is never reused for another step.
      const steps = [...Array.from({ length: stepCount }, (_, step) => stepCount - 1 - step), 0, 1, 2];
      for (const step of steps) {
        cached.gotoStep(step);
        for (const expression of ['total', 'i', 'list', 'a + b', 'nothingHere']) {
          try {
            cached.evaluate(expression);
          } catch {
            /* not defined at this step */
          }
        }
        const first = scopesText(cached);
        const again = scopesText(cached);
        fresh.gotoStep(step);
        const expected = scopesText(fresh);
        expect(first, `step ${step}`).toEqual(expected);
        expect(again, `step ${step}, asked again`).toEqual(expected);
        compared += expected.length;
      }
      expect(compared).toBeGreaterThan(stepCount);
    });
  }
});
