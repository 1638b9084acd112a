// A hit-conditioned breakpoint on every kind of move, from every step, both ways (breakpoints.ts
// finds the hits up to a move's target as a range of indexes once and tests ordinals alone): the
// stop must be the first qualifying hit strictly beyond the cursor and not beyond the move's own
// target (the same move without breakpoints), else that target, as a walk over the hits says.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine, type StopResult } from '../../../debug-adapter/replay';
import { MAIN, loopProgram } from './programs';

type Move = (engine: ReplayEngine) => StopResult;

const moves: Record<string, Move> = {
  'next forward': (engine) => engine.next('forward'),
  'next backward': (engine) => engine.next('backward'),
  'stepOut forward': (engine) => engine.stepOut('forward'),
  'stepOut backward': (engine) => engine.stepOut('backward'),
  'continue forward': (engine) => engine.continue('forward'),
  'continue backward': (engine) => engine.continue('backward'),
};

describe('hit conditions within a move', () => {
  it.each(['% 2', '% 3', '>= 3', '< 3', '2'])(
    '%s: the first qualifying hit up to the target, from every step',
    (hit) => {
      const bytes = loopProgram(undefined, { iterations: 9 }).builder.end().bytes();
      const plain = openRecording(bytes).engine;
      const conditioned = openRecording(bytes).engine;
      // Every hit of line 3 (add's `return s`), in order: its ordinal is its position + 1.
      const all = openRecording(bytes).engine;
      all.setBreakpoints(MAIN, [{ line1: 3 }]);
      all.gotoStep(0);
      const hits: number[] = [];
      for (let stop = all.continue('forward'); stop.reason === 'breakpoint'; stop = all.continue('forward'))
        hits.push(stop.stepIndex);
      expect(hits.length).toBe(9);
      conditioned.setBreakpoints(MAIN, [{ line1: 3, hitCondition: hit }]);
      const qualifies = (ordinal: number) => {
        const count = Number(hit.replace(/[^0-9]/g, ''));
        if (hit.startsWith('%')) return ordinal % count === 0;
        if (hit.startsWith('>=')) return ordinal >= count;
        if (hit.startsWith('<')) return ordinal < count;
        return ordinal === count;
      };
      const total = plain.summary().totalSteps;
      let stopsAtHits = 0;
      for (const [name, move] of Object.entries(moves)) {
        const forward = name.endsWith('forward');
        for (let from = 0; from < total; from++) {
          plain.gotoStep(from);
          const target = move(plain).stepIndex;
          const between = hits
            .map((step, index) => ({ step, ordinal: index + 1 }))
            .filter(({ step }) => (forward ? step > from && step <= target : step < from && step >= target))
            .filter(({ ordinal }) => qualifies(ordinal));
          const expected = forward ? between[0]?.step : between.at(-1)?.step;
          conditioned.gotoStep(from);
          const stop = move(conditioned);
          expect(stop.stepIndex, `${name} from ${from}`).toBe(expected ?? target);
          if (expected !== undefined) {
            expect(stop.reason, `${name} from ${from}`).toBe('breakpoint');
            stopsAtHits++;
          }
        }
      }
      expect(stopsAtHits).toBeGreaterThan(10);
    },
  );
});
