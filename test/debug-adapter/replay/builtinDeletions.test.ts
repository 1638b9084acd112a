// Builtin members the program deleted (issue 12: `delete Array.prototype.x` was not reflected),
// recorded by the real recorder: after the delete the member is gone, for the interpreter and for
// the sandbox, and a name the language also has further up the chain answers from there; a
// polyfill deleted is gone too; a member put back by a recorded write answers again; one put back
// the way a snapshot cannot show (the language's own value, through Object.defineProperty) is
// "not known" rather than a guess. Before, every deleted builtin member still answered as present.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { assertBuilt, rewind, scratchDirectory } from '../../cli/harness';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const PROGRAM = `const arr = [3, 1, 2];
Array.prototype.last = function last() {
  return this[this.length - 1];
};
console.log('added', typeof arr.last, typeof arr.includes);
delete Array.prototype.last;
const includes = Array.prototype.includes;
delete Array.prototype.includes;
const flat = Array.prototype.flat;
delete Array.prototype.flat;
console.log('deleted', typeof arr.last, typeof arr.includes, typeof arr.flat);
Object.prototype.includes = 'from Object';
console.log('inherited', arr.includes);
Array.prototype.flat = flat;
console.log('assigned back', typeof arr.flat);
Object.defineProperty(Array.prototype, 'includes', { value: includes, writable: true, configurable: true });
console.log('defined back', typeof arr.includes);
`;

let engine: ReplayEngine;
let file: string;
beforeAll(async () => {
  assertBuilt();
  file = join(scratch.path, 'program.js');
  const out = join(scratch.path, 'program.rwd');
  writeFileSync(file, PROGRAM);
  const result = await rewind(['record', '--out', out, '--', file], { cwd: scratch.path });
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('deleted undefined undefined undefined');
  expect(result.stdout).toContain('inherited from Object');
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

describe('builtin members the program deleted', () => {
  it('are there before the delete', () => {
    stopAt("console.log('added'");
    expect(answers(['arr.last', 'typeof arr.includes', 'typeof arr.flat'])).toEqual({
      'arr.last': 'ƒ last()',
      'typeof arr.includes': "'function'",
      'typeof arr.flat': "'function'",
    });
  });

  it('are gone after it, for the interpreter and the sandbox', () => {
    stopAt("console.log('deleted'");
    expect(
      answers(['arr.last', 'arr.includes', 'arr.flat', 'typeof arr.includes', "'includes' in arr", 'arr.map(x => x)']),
    ).toEqual({
      'arr.last': 'undefined',
      'arr.includes': 'undefined',
      'arr.flat': 'undefined',
      'typeof arr.includes': "'undefined'",
      // Sandboxed (`in`, a call): the copy's chain lacks them too; other builtins still run.
      "'includes' in arr": 'false',
      'arr.map(x => x)': 'Array(3) [3, 1, 2]',
    });
  });

  it('let the chain answer further up, and answer again once a recorded write puts them back', () => {
    stopAt("console.log('inherited'");
    expect(answers(['arr.includes'])).toEqual({ 'arr.includes': "'from Object'" });
    stopAt("console.log('assigned back'");
    expect(answers(['typeof arr.flat'])).toEqual({ 'typeof arr.flat': "'function'" });
  });

  it("are not known once a snapshot cannot tell whether the language's own value was put back", () => {
    stopAt("console.log('defined back'");
    const reason = 'the program deleted it from Array.prototype, and whether it was put back since is not known';
    expect(answers(['arr.includes'])).toEqual({
      'arr.includes': `error: "includes" is not an own property and may be inherited: ${reason}`,
    });
  });
});
