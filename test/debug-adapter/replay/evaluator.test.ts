// The evaluator's safe subset over recorded state (as a table: expression → result) and its
// refusals: nothing that could assign is ever run (calls run sandboxed on copies: sandbox.test.ts).
import { describe, expect, it } from 'vitest';
import type { DecodedValue } from '../../../runtime/format';
import { openRecording } from '../../../debug-adapter/replay';
import { checkExpression, evaluateExpression, type EvalScope } from '../../../debug-adapter/replay/evaluator';
import { loopProgram, objectsProgram } from './programs';

describe('evaluate over the recorded state', () => {
  const engine = openRecording(objectsProgram().builder.end().bytes()).engine;
  engine.gotoStep(18);

  it.each([
    ['list', 'Array(3) [0, 10, 20]'],
    ['list.length', '3'],
    ['list[1] + list[2]', '30'],
    ['list["0"]', '0'],
    ['m.size', '1'],
    ['s.size', '0'],
    ['o.y * 2 - 1', '3'],
    ['o.x', 'undefined'],
    ['o?.y', '2'],
    ['typeof o', "'object'"],
    ['typeof o.y', "'number'"],
    ['!o', 'false'],
    ['-o.y', '-2'],
    ['o.y > 1 && o.y < 3', 'true'],
    ['o.y === 2 ? "two" : "other"', "'two'"],
    ['o.nothing ?? "fallback"', "'fallback'"],
    ['i + 0.5', '3.5'],
    ['`i is ${i}`', "'i is 3'"],
    ['o.long.length', '5000'],
    ['big.length', '1000'],
    ['list === list', 'true'],
    ['10n', '10n'],
    ['2n ** 64n', '18446744073709551616n'],
    ['1n ** 1000000000000n', '1n'],
    // A string's pure methods run in the interpreter itself (conditions such as $request.url.includes('/orders')).
    ['`list ${i}`.includes("st 3")', 'true'],
    ['`abc`.startsWith("b")', 'false'],
    ['`abc`.endsWith(`c`)', 'true'],
    ['`Abc`.toLowerCase().indexOf("b")', '1'],
    ['`abc`.slice(1)', "'bc'"],
  ])('%s → %s', (expression, expected) => {
    expect(engine.evaluate(expression).result).toBe(expected);
  });

  it.each([
    // What changes state is refused before anything runs (calls and the like run sandboxed: sandbox.test.ts).
    [
      'list.push(1)',
      /object is not extensible: the expression would change a recorded value, and a recording cannot be changed/,
    ],
    ['i = 5', /`i = 5` would change i, and a recording cannot be changed/],
    ['i++', /`i\+\+` would change i/],
    ['delete o.y', /`delete o.y` would change o/],
    ['o.y += 1', /`o.y \+= 1` would change o/],
    ['o + 1', /would call valueOf\/toString/],
    ['o.g', /getter/],
    ['nope', /nope is not defined/],
    ['1 +', /cannot parse/],
    ['i; i = 2', /cannot parse/],
  ])('refuses %s', (expression, message) => {
    expect(() => engine.evaluate(expression)).toThrow(message);
  });

  it.each([['2n ** 1000000000n'], ['10n ** 10n ** 10n'], ['(2n ** 999999n) * (2n ** 999999n)']])(
    'refuses %s at the evaluation cost limit, at once (issue 10 item 7)',
    (expression) => {
      const startedMs = Date.now();
      expect(() => engine.evaluate(expression)).toThrow(/past the evaluation cost limit of 1,000,000 bits/);
      expect(Date.now() - startedMs).toBeLessThan(1000);
    },
  );

  it("runs a string's pure methods itself where no sandbox runs (breakpoint conditions), on whole strings only", () => {
    expect(() => checkExpression("url.includes('/orders') && n > 0")).not.toThrow();
    expect(() => checkExpression('Math.abs(n) > 1')).toThrow(/calling a function/);
    const values: Record<string, DecodedValue> = {
      url: { type: 'string', value: '/orders/7', length: 9, truncated: false },
      cut: { type: 'string', value: '/ord', length: 5000, truncated: true },
      n: { type: 'number', value: 1 },
    };
    const scope: EvalScope = {
      lookup: (name) => values[name],
      object: () => {
        throw new Error('no objects here');
      },
      builtinPrototype: () => undefined,
    };
    expect(evaluateExpression("url.includes('/orders')", scope)).toEqual({ type: 'boolean', value: true });
    expect(evaluateExpression("url.toUpperCase().startsWith('/ORDERS')", scope)).toEqual({
      type: 'boolean',
      value: true,
    });
    expect(() => evaluateExpression("cut.includes('x')", scope)).toThrow(/recorded only in part/);
    expect(() => evaluateExpression('n.includes(1)', scope)).toThrow(/calling includes on a number/);
  });

  it('leaves the recording unchanged after refused expressions', () => {
    expect(() => engine.evaluate('o.y = 9')).toThrow(/would change o/);
    expect(engine.evaluate('o.y').result).toBe('2');
  });
});

describe('evaluate in a chosen frame', () => {
  it('sees that frame’s locals', () => {
    const engine = openRecording(loopProgram().builder.end().bytes()).engine;
    engine.gotoStep(12);
    const [add, module] = engine.stackTrace().frames;
    expect(engine.evaluate('a + b', add.id).result).toBe('3');
    expect(() => engine.evaluate('a', module.id)).toThrow(/not defined/);
    expect(engine.evaluate('total', module.id).result).toBe('1');
  });
});
