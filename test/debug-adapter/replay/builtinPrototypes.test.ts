// A program's own members on builtin prototypes (issue 12, format 3.6 BUILTIN_PROTOTYPE), recorded
// by the real recorder: polyfills (assigned, Object.defineProperty'd, installed by unrecorded code
// in node_modules before recorded code touched the prototype), a replaced builtin, a symbol-keyed
// member — answered from the recording at each moment, by the interpreter and by the sandbox,
// whose copies now stand on copies of their recorded prototype chains. Symbol keys on builtins
// answer truly: a well-known symbol is recorded as such. Before, each of these answered
// `undefined` as fact, "may be inherited", or (sandboxed) ran on a chain the program never had.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { assertBuilt, rewind, scratchDirectory } from '../../cli/harness';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const POLYFILL = `Array.prototype.first = function first() {
  return this[0];
};
`;

const PROGRAM = `require('polyfill');
class Point {
  constructor(x) {
    this.x = x;
  }
  norm() {
    return Math.abs(this.x);
  }
  [Symbol.iterator]() {
    return [this.x][Symbol.iterator]();
  }
}
Point.prototype.unit = 'cm';
const p = new Point(-3);
const base = { greet: 'hi' };
const child = Object.create(base);
const early = [9, 8];
const sym = Symbol('mine');
const fake = Symbol('Symbol.iterator');
const m = new Map([['k', 1]]);
console.log('before');
Array.prototype.last = function last() {
  return this[this.length - 1];
};
Object.defineProperty(String.prototype, 'shout', {
  value: function shout() {
    return this.toUpperCase() + '!';
  },
  configurable: true,
});
Object.prototype.tag = 'everywhere';
Map.prototype[sym] = 5;
Array.prototype.flat = function myFlat() {
  return this;
};
const arr = [1, 2, 3];
const text = 'x';
console.log('end', arr.last(), arr.first(), text.shout(), p.tag, m[sym], arr.flat().length);
`;

let engine: ReplayEngine;
let file: string;
beforeAll(async () => {
  assertBuilt();
  mkdirSync(join(scratch.path, 'node_modules', 'polyfill'), { recursive: true });
  writeFileSync(join(scratch.path, 'node_modules', 'polyfill', 'index.js'), POLYFILL);
  file = join(scratch.path, 'program.js');
  const out = join(scratch.path, 'program.rwd');
  writeFileSync(file, PROGRAM);
  const result = await rewind(['record', '--out', out, '--', file], { cwd: scratch.path });
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('end 3 1 X! everywhere 5 3');
  engine = openRecording(readFileSync(out)).engine;
}, 120_000);

function lineOf(text: string): number {
  return PROGRAM.split('\n').findIndex((line) => line.includes(text)) + 1;
}

/** Moves the engine to the first step of the line containing `text` (forward from the start). */
function stopAt(text: string): void {
  engine.gotoStep(0);
  engine.setBreakpoints(file, [{ line1: lineOf(text) }]);
  engine.continue('forward');
  expect(engine.stackTrace().frames[0].source.line1).toBe(lineOf(text));
}

function answers(expressions: string[]): Record<string, string> {
  return Object.fromEntries(
    expressions.map((expression) => {
      try {
        return [expression, engine.evaluate(expression, undefined, 'watch').result];
      } catch (error) {
        return [expression, `error: ${(error as Error).message.replace('[rewind:replay] ', '')}`];
      }
    }),
  );
}

const CALL_REFUSED = "would run the program's code, which a recording cannot do";

describe("a program's members on builtin prototypes", () => {
  it('are answered after they were added, and not before', () => {
    stopAt("console.log('before')");
    expect(answers(['early.last', 'p.tag', 'child.tag', 'm[sym]', 'typeof early.flat'])).toEqual({
      'early.last': 'undefined',
      'p.tag': 'undefined',
      'child.tag': 'undefined',
      'm[sym]': 'undefined',
      'typeof early.flat': "'function'",
    });
    stopAt("console.log('end'");
    expect(
      answers(['arr.last', 'early.last', 'text.shout', 'p.tag', 'child.tag', 'arr.tag', 'm[sym]', 'arr.flat']),
    ).toEqual({
      'arr.last': 'ƒ last()',
      'early.last': 'ƒ last()',
      'text.shout': 'ƒ shout()',
      'p.tag': "'everywhere'",
      'child.tag': "'everywhere'",
      'arr.tag': "'everywhere'",
      'm[sym]': '5',
      // The program replaced the builtin: its own function, not the language's.
      'arr.flat': 'ƒ myFlat()',
    });
  });

  it('installed by unrecorded code before recorded code touched the prototype, are seen from then on', () => {
    stopAt("console.log('end'");
    expect(answers(['arr.first', 'early.first'])).toEqual({ 'arr.first': 'ƒ first()', 'early.first': 'ƒ first()' });
    // Before that first sight the recording cannot say when the polyfill ran: it says so.
    stopAt("console.log('before')");
    expect(answers(['early.first'])).toEqual({
      'early.first':
        'error: "first" is not an own property and may be inherited: code the recording does not see added it to Array.prototype (the recording first saw it there later), whether before this moment is not known',
    });
  });

  it('symbol keys on builtins answer truly: a well-known symbol, a symbol of the program, a look-alike', () => {
    stopAt("console.log('end'");
    expect(
      answers([
        'typeof arr[Symbol.iterator]',
        'm[Symbol.toStringTag]',
        'p[Symbol.iterator]',
        'arr[sym]',
        'p[sym]',
        'typeof text[Symbol.iterator]',
        'arr[fake]',
      ]),
    ).toEqual({
      'typeof arr[Symbol.iterator]': "'function'",
      'm[Symbol.toStringTag]': "'Map'",
      'p[Symbol.iterator]': 'ƒ [Symbol.iterator]()',
      // No builtin has a symbol of the program's: only the program's members could, and none does.
      'arr[sym]': 'undefined',
      'p[sym]': 'undefined',
      'typeof text[Symbol.iterator]': "'function'",
      // Symbol('Symbol.iterator') is not Symbol.iterator; a trace older than 3.6 could not tell them apart.
      'arr[fake]':
        'error: "Symbol(Symbol.iterator)" is not an own property and may be inherited: the recording does not say whether this symbol is the well-known one Array.prototype has',
    });
  });
});

describe('sandboxed expressions see the recorded prototype chain', () => {
  it("refuses the program's methods, found on its class's prototype or a builtin's, and runs the builtins'", () => {
    stopAt("console.log('end'");
    const refused = answers(['p.norm()', '[...p]', 'arr.last()', 'text.shout()', 'arr.flat()', 'arr.first()']);
    expect(refused).toEqual({
      'p.norm()': `error: calling norm ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
      '[...p]': `error: calling [Symbol.iterator] ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
      'arr.last()': `error: calling last ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
      'text.shout()': `error: calling shout ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
      'arr.flat()': `error: calling myFlat ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
      'arr.first()': `error: calling first ${CALL_REFUSED} (built-ins and functions written in the expression run, on copies of the recorded values)`,
    });
    expect(
      answers([
        'String(p)',
        'p instanceof Object',
        'Object.getPrototypeOf(p).unit + p.x',
        '[p.unit, p.tag, child.greet, child.tag].map(s => s.length)',
        'arr.map(x => x * 2)',
        'Object.keys(p).concat(Object.keys(child))',
        '[...m.keys()].concat(m[sym])',
        'typeof p.constructor',
      ]),
    ).toEqual({
      'String(p)': "'[object Object]'",
      'p instanceof Object': 'true',
      'Object.getPrototypeOf(p).unit + p.x': "'cm-3'",
      '[p.unit, p.tag, child.greet, child.tag].map(s => s.length)': 'Array(4) [2, 10, 2, 10]',
      'arr.map(x => x * 2)': 'Array(3) [2, 4, 6]',
      'Object.keys(p).concat(Object.keys(child))': "Array(1) ['x']",
      '[...m.keys()].concat(m[sym])': "Array(2) ['k', 5]",
      'typeof p.constructor': "'function'",
    });
  });

  it('answers as the program was at the moment: before the polyfills, none of them', () => {
    stopAt("console.log('before')");
    expect(answers(['[early.last, p.tag]', 'early.flat().length', '[early.first]'])).toEqual({
      '[early.last, p.tag]': 'Array(2) [undefined, undefined]',
      'early.flat().length': '2',
      '[early.first]':
        'error: code the recording does not see added "first" to Array.prototype; whether before this moment is not known',
    });
  });
});
