// Long strings written as slices (issue 9, format 3.11): a lexer's `src = src.substring(n)` makes a
// new string per token, each a window of an earlier one. Recorded for real (dist/bootloader.js) and
// replayed: at every step, `src` (the loop's binding and the tokenizer's parameter) must show
// exactly what an inline write of that string shows — its first 1,024 characters, the truncation
// marker and true length past them — which for a suffix of the known input is known in advance.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { EventKind, Ext, holdsEvents, decodeEventWords, eventEnd, readTrace } from '../../../runtime/format';
import { recordSourceBytes } from '../../support/recordSource';
import { shownValues } from './shownValues';

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
/** 3,300 characters: no quote, backslash or newline, so the view shows them as they are. */
const INPUT = Array.from({ length: 500 }, (_, index) => `${WORDS[index % 8]}${index % 13}`).join(' ');

/** What the Variables view shows for a string: whole, or its first 1,024 characters and its length. */
function shown(text: string): string {
  return text.length > 1024 ? `'${text.slice(0, 1024)}…' (truncated: ${text.length} chars)` : `'${text}'`;
}

function countSlices(bytes: Uint8Array): number {
  let slices = 0;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at))
      if (words[at] === ((Ext.STRING_SLICE << 4) | EventKind.EXT)) slices++;
  }
  return slices;
}

describe('long strings written as slices of an earlier one', () => {
  it("show at every step of a lexer's loop exactly what the inline write of the same string shows", async () => {
    expect(INPUT.length).toBeGreaterThan(2048);
    const bytes = await recordSourceBytes(
      [
        `const input = ${JSON.stringify(INPUT)};`,
        'function tokenLength(src) {',
        '  const space = src.indexOf(" ");',
        '  return space < 0 ? src.length : space + 1;',
        '}',
        'let src = input;',
        'let tokens = 0;',
        'while (src.length > 0) {',
        '  const n = tokenLength(src);',
        '  src = src.substring(n);',
        '  tokens++;',
        '}',
        'console.log(tokens);',
      ].join('\n'),
    );
    expect(countSlices(bytes)).toBeGreaterThan(300);
    const engine = openRecording(bytes).engine;
    const total = engine.summary().totalSteps;
    // Every string `src` held, by length: a suffix of the input.
    const expected = new Map<number, string>();
    for (let length = 0; length <= INPUT.length; length++)
      expected.set(length, shown(INPUT.slice(INPUT.length - length)));
    const lengthOf = (value: string): number => {
      const truncated = /\(truncated: (\d+) chars\)$/.exec(value);
      return truncated ? Number(truncated[1]) : value.length - 2;
    };
    let checked = 0;
    let longChecked = 0;
    for (let step = 0; step < total; step++) {
      engine.gotoStep(step);
      const value = shownValues(engine).get('src');
      if (value === undefined || value === 'undefined' || !value.startsWith("'")) continue;
      const length = lengthOf(value);
      expect(value, `src at step ${step}`).toBe(expected.get(length));
      checked++;
      if (length > 1024) longChecked++;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(longChecked).toBeGreaterThan(300);
  });
});
