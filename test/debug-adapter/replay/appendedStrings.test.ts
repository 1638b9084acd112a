// Strings built by `+=` (issue 9): the recorder writes an APPEND (the part and the new length)
// instead of the whole string, and replay rebuilds the value from the binding's last WRITE and
// the APPENDs after it. Recorded for real (dist/bootloader.js), then checked against a plain
// WRITE of the same string (`copy = s` right after each append): the two must show the same at
// every step, forward and backward, past the 1024 characters a WRITE captures.
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { EventKind, Ext, holdsEvents, decodeEventWords, eventEnd, readTrace } from '../../../runtime/format';
import { recordSourceBytes } from '../../support/recordSource';
import { shownValues } from './shownValues';

const record = (source: string): Promise<Uint8Array> => recordSourceBytes(source);

/** How many APPEND events producer 0 wrote. */
function appendCount(bytes: Uint8Array): number {
  let count = 0;
  const header = (Ext.APPEND << 4) | EventKind.EXT;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) if (words[at] === header) count++;
  }
  return count;
}

/** The steps at line `line1`, in order. */
function stepsAtLine(engine: ReplayEngine, line1: number): number[] {
  const steps: number[] = [];
  const total = engine.summary().totalSteps;
  for (let step = 0; step < total; step++) {
    engine.gotoStep(step);
    if (engine.stackTrace().frames[0].source.line1 === line1) steps.push(step);
  }
  return steps;
}

/** At each step, `name` and `copy` (a WRITE of it made just before) show the same. */
function expectSameAsCopy(engine: ReplayEngine, steps: number[], name: string, copy: string): string[] {
  const seen: string[] = [];
  for (const step of steps) {
    engine.gotoStep(step);
    const values = shownValues(engine);
    expect(values.get(name), `${name} at step ${step}`).toBe(values.get(copy));
    seen.push(values.get(name)!);
  }
  return seen;
}

describe('strings built by appending', () => {
  it('shows the exact string at every step, forward and back, past 1024 characters', async () => {
    const bytes = await record(
      [
        "let s = 'start';",
        'let copy = s;',
        'for (let i = 0; i < 150; i++) {',
        "  s += 'abcdefghijklmnopqrstuvw' + i;", // line 4
        '  copy = s;',
        '}', // 150 × ~25 characters: about 3,700
        'console.log(s.length);',
      ].join('\n'),
    );
    expect(appendCount(bytes)).toBe(150);
    const forward = openRecording(bytes).engine;
    // Line 4's steps: before each append, after the previous one's copy.
    const steps = stepsAtLine(forward, 4);
    expect(steps).toHaveLength(150);
    const seen = expectSameAsCopy(forward, steps, 's', 'copy');
    expect(seen[2]).toBe("'startabcdefghijklmnopqrstuvw0abcdefghijklmnopqrstuvw1'");
    // Past 1024 characters: the first 1024 and the exact length (149 appends: 5 + 149 × 23 + 315 digits).
    expect(seen.at(-1)).toMatch(
      /^'startabcdefghijklmnopqrstuvw0abcdefghijklmnopqrstuvw1.*' \(truncated: 3769 chars\)$/,
    );
    // A fresh engine walking backwards builds each value from the other end.
    const backward = openRecording(bytes).engine;
    expect(expectSameAsCopy(backward, [...steps].reverse(), 's', 'copy')).toEqual([...seen].reverse());
    // The step after the last append and copy: evaluate sees the same string.
    backward.gotoStep(steps.at(-1)! + 2);
    expect(backward.evaluate('s.length').result).toBe('3795');
  });

  it('covers an append after a non-string write, plain writes between appends, and a closure’s binding', async () => {
    const bytes = await record(
      [
        'function build() {',
        '  let n = 5;',
        "  n += 'x';", // a number + a string: a WRITE (the old value was not a string)
        '  let copy = n;',
        "  n += 'y';", // line 5: an APPEND on the WRITE above
        '  copy = n;',
        "  n = 'reset';",
        '  copy = n;',
        "  n += 'z' + 1;", // line 9
        '  copy = n;',
        '  const add = (part) => {',
        '    n += part;', // line 12: a closure writing its creator's binding (apf)
        '    copy = n;',
        '  };',
        "  add('q'); add(2); add(null); add(10n); add(0.5); add(true);",
        '  copy = n;',
        '  return n;', // line 17
        '}',
        'console.log(build());',
      ].join('\n'),
    );
    expect(appendCount(bytes)).toBe(8);
    const engine = openRecording(bytes).engine;
    // The steps right after each `copy = n` (line 15: between the closure's calls).
    for (const line of [5, 7, 9, 11, 15, 17]) expectSameAsCopy(engine, stepsAtLine(engine, line), 'n', 'copy');
    const [end] = stepsAtLine(engine, 17);
    engine.gotoStep(end);
    expect(shownValues(engine).get('n')).toBe("'resetz1q2null100.5true'");
  });

  it('extends the value read before the part ran, when the part writes the binding itself', async () => {
    const bytes = await record(
      [
        "let r = 'x';",
        "r += ((r = 'y'), 'z');", // the old value is 'x', though the last write before it is 'y'
        'let copy = r;',
        "let q = 'q';", // line 4
        'const append = (part) => {',
        '  q += part;',
        "  return '!';",
        '};',
        "q += append('inner');", // line 9: appends inside the part
        'copy = q;',
        "q = q + append('again');", // line 11
        'copy = q;',
        "let p = 's';", // line 13
        'p += -0; p += 1e21; p += NaN; p += undefined;',
        'copy = p;',
        'console.log(r, q, p);', // line 16
      ].join('\n'),
    );
    const engine = openRecording(bytes).engine;
    for (const line of [4, 11, 13]) expectSameAsCopy(engine, stepsAtLine(engine, line), line === 4 ? 'r' : 'q', 'copy');
    const [end] = stepsAtLine(engine, 16);
    engine.gotoStep(end);
    const values = shownValues(engine);
    expect([values.get('r'), values.get('q'), values.get('p')]).toEqual(["'xz'", "'q!!'", "'s01e+21NaNundefined'"]);
  });

  it('appends a part that calls code writing events, where no nested code writes the binding (proven)', async () => {
    const bytes = await record(
      [
        "function render(item) { const tag = 'li'; return '<' + tag + '>' + item + '</' + tag + '>'; }",
        'function build(items) {',
        "  let out = '';",
        '  let copy = out;',
        '  for (const item of items) {',
        '    out += render(item);', // line 6: render writes events while the part is evaluated
        '    copy = out;',
        '  }',
        '  return out;', // line 9
        '}',
        'console.log(build([1, 2, 3, 4]).length);',
      ].join('\n'),
    );
    // Without the proof (appendProof.ts) the runtime mark sees render's events and writes WRITEs.
    expect(appendCount(bytes)).toBe(4);
    const engine = openRecording(bytes).engine;
    for (const line of [6, 9]) expectSameAsCopy(engine, stepsAtLine(engine, line), 'out', 'copy');
    const [end] = stepsAtLine(engine, 9);
    engine.gotoStep(end);
    expect(shownValues(engine).get('out')).toBe("'<li>1</li><li>2</li><li>3</li><li>4</li>'");
  });

  it('lists each append in the value history with the whole value', async () => {
    const bytes = await record(
      ["let s = 'a';", 'for (let i = 0; i < 3; i++) s += i;', "s = 'b';", "s += 'c';", 'console.log(s);'].join('\n'),
    );
    const engine = openRecording(bytes).engine;
    engine.gotoStep(engine.summary().totalSteps - 1);
    const [module] = engine.scopes(engine.stackTrace().frames[0].id);
    const history = engine.valueHistory(module.variablesReference, 's');
    expect(history.writes.map((write) => write.value)).toEqual(["'a'", "'a0'", "'a01'", "'a012'", "'b'", "'bc'"]);
  });
});
