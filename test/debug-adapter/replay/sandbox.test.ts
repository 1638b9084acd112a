// Evaluation with calls over copies of the recorded values: builtins and lambdas written in the
// expression run in a vm realm with a time limit; the program's functions, getters, anything not
// recorded and anything that would change a recorded value are refused with a clear message, and
// the recording reads the same afterwards.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder, obj } from '../../support/traceBuilder';
import { MAIN, objectsProgram } from './programs';

describe('evaluate with calls, in the sandbox', () => {
  const engine = openRecording(objectsProgram().builder.end().bytes()).engine;
  engine.gotoStep(18);

  it.each([
    ['list.map(x => x * 2)', 'Array(3) [0, 20, 40]'],
    ['list.filter(x => x > 5).length', '2'],
    ['Math.max(list[1], list[2])', '20'],
    ['JSON.stringify(list)', "'[0,10,20]'"],
    ['Object.keys(o)', "Array(3) ['g', 'long', 'y']"],
    ['[...m.keys()]', "Array(1) ['b']"],
    ['m.get("b") + i', '5'],
    ['String(i).padStart(3, "0")', "'003'"],
    ['list.reduce((sum, x) => sum + x, 0)', '30'],
    ['({ first: list[0], count: list.length })', '{first: 0, count: 3}'],
    ['new Set(list).has(10)', 'true'],
    ['[...list].reverse()', 'Array(3) [20, 10, 0]'],
    ['list instanceof Array', 'true'],
    ['big.slice(0, 3)', 'Array(3) [7, 8, 9]'],
    ['new Map([[1, "one"]])', "Map(1) {1 => 'one'}"],
    ['(() => 1)', 'ƒ anonymous()'],
    ['/x+/g', '/x+/g'],
    ['[1, 2, 3].map(n => { let square = n * n; square += 1; return square })', 'Array(3) [2, 5, 10]'],
  ])('%s → %s', (expression, expected) => {
    expect(engine.evaluate(expression).result).toBe(expected);
  });

  it.each([
    ['list.push(1)', /object is not extensible.*a recording cannot be changed/],
    ['list.sort((a, b) => b - a)', /read[- ]only.*a recording cannot be changed/],
    ['m.set("c", 3)', /a recording cannot be changed/],
    ['Object.assign(o, { y: 5 })', /a recording cannot be changed/],
    ['[1].forEach(() => { i = 9 })', /`i = 9` would change i/],
    ['list.forEach((x) => o.y = x)', /`o.y = x` would change o/],
    ['Object.values(o)', /reading "g" would run the program's getter/],
    ['o.long.toUpperCase()', /only the first 4 of its 5000 characters were recorded/],
    ['big.slice(0, 4)', /element 3 was not recorded/],
    ['(() => { while (true); })()', /ran longer than 250 ms/],
    ['eval("1")', /eval and new Function are not available/],
    ['(() => { throw new RangeError("mine") })()', /RangeError: mine/],
    ['process.exit(1)', /ReferenceError: process is not defined/],
    ['list.constructor.constructor("return process")()', /eval and new Function are not available/],
  ])('refuses %s', (expression, message) => {
    expect(() => engine.evaluate(expression)).toThrow(message);
  });

  it('leaves the recording as it was after an expression tried to change it', () => {
    expect(() => engine.evaluate('list.push(1)')).toThrow();
    expect(() => engine.evaluate('m.clear()')).toThrow();
    expect(engine.evaluate('list').result).toBe('Array(3) [0, 10, 20]');
    expect(engine.evaluate('m.size').result).toBe('1');
  });

  it('expands an object the expression made, like a recorded one', () => {
    const made = engine.evaluate('({ doubled: list.map(x => x * 2), when: "now" })');
    const rows = engine.variables({ variablesReference: made.variablesReference });
    expect(rows.map((row) => `${row.name}=${row.value}`)).toEqual(['doubled=Array(3) [0, 20, 40]', "when='now'"]);
    const doubled = rows.find((row) => row.name === 'doubled')!;
    const items = engine.variables({ variablesReference: doubled.variablesReference, filter: 'indexed' });
    expect(items.map((row) => row.value)).toEqual(['0', '20', '40']);
  });
});

/**
 * 1 function scale(x) { … }
 * 2 const point = new Point(); point.x = 3;
 * 3 const when = new Date(86400000);
 * 4 (end)
 */
function functionsProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 4 });
  const [s2, s3, s4] = [2, 3, 4].map((line) => b.stmt(line, module));
  const write = (name: string, line: number) => b.writeProbe(name, module, module, { line, declarationKind: 'const' });
  const [wScale, wPoint, wWhen] = [write('scale', 1), write('point', 2), write('when', 3)];
  const frame = b.enter(module);
  b.step(s2).snapshot(1, { type: 'FUNCTION', extra: 'scale' }).write(wScale, obj(1), 0);
  // As a writer older than 3.5 recorded it: its prototype (Point.prototype) is not known.
  b.snapshot(2, { type: 'OBJECT', className: 'Point', entries: [{ key: 'x', value: 3 }], prototypeRecorded: false });
  b.write(wPoint, obj(2), 0);
  b.step(s3).snapshot(3, { type: 'DATE', extra: 86_400_000 }).write(wWhen, obj(3), 0);
  b.step(s4);
  b.ret(module).exit(frame, module);
  return b;
}

describe('the program’s own code is never run by an expression', () => {
  const engine = openRecording(functionsProgram().end().bytes()).engine;
  engine.gotoStep(2);

  it('refuses a call of the program’s function by name', () => {
    expect(() => engine.evaluate('scale(2)')).toThrow(
      /calling scale would run the program's code, which a recording cannot do/,
    );
    expect(() => engine.evaluate('[1, 2].map(scale)')).toThrow(/calling scale would run the program's code/);
    expect(engine.evaluate('typeof scale === "function" && scale.name').result).toBe("'scale'");
  });

  it('refuses a method a class instance would find on its unrecorded prototype, and its toString', () => {
    expect(engine.evaluate('Object.entries(point).flat()').result).toBe("Array(2) ['x', 3]");
    expect(() => engine.evaluate('point.norm()')).toThrow(
      /"norm" is not a recorded property of this Point: its class's methods are the program's code/,
    );
    expect(() => engine.evaluate('String(point)')).toThrow(
      /"(Symbol\(Symbol.toPrimitive\)|toString)" is not a recorded property of this Point/,
    );
  });

  it('runs builtins on copies of recorded builtins', () => {
    expect(engine.evaluate('when.toISOString()').result).toBe("'1970-01-02T00:00:00.000Z'");
  });
});
