// An expression's text is parsed once, however many steps evaluate it: a watch is evaluated at every
// stop and a condition at every hit, and evaluate checks for the sandbox before interpreting — two
// parses per request doubled evaluate's latency in replayBench. Counts acorn's parses (work, not time).
import { describe, expect, it, vi } from 'vitest';

vi.mock('acorn', async (importOriginal) => {
  const acorn = await importOriginal<typeof import('acorn')>();
  return { ...acorn, parse: vi.fn(acorn.parse) };
});

const { parse } = await import('acorn');
const { openRecording } = await import('../../../debug-adapter/replay');
const { loopProgram } = await import('./programs');

/** acorn parses of this expression (the evaluator wraps it as `(text\n)`). */
const parsesOf = (text: string) => vi.mocked(parse).mock.calls.filter(([source]) => source === `(${text}\n)`).length;

describe('parsing an evaluated expression', () => {
  it('evaluate at many steps parses the text once, and answers each step its own value', () => {
    const { engine } = openRecording(loopProgram(undefined, { iterations: 8 }).builder.end().bytes());
    const expression = 'total + i * 1000';
    const answers = new Set<string>();
    for (let step = 4; step < 40; step += 3) {
      engine.gotoStep(step);
      try {
        answers.add(engine.evaluate(expression).result);
      } catch {
        /* before `i` is declared */
      }
    }
    expect(answers.size).toBeGreaterThan(3);
    expect(parsesOf(expression)).toBe(1);
  });

  it('a syntax error is still reported each time', () => {
    const { engine } = openRecording(loopProgram().builder.end().bytes());
    engine.gotoStep(3);
    expect(() => engine.evaluate('total +')).toThrow(/cannot parse "total \+"/);
    expect(() => engine.evaluate('total +')).toThrow(/cannot parse "total \+"/);
  });
});
