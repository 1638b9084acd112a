// Long strings written again by reference (issue 9, format 3.10): a program passes the same long
// string from function to function; the recorder writes it inline once, then as STRING_REFs to a
// STRING_DEF. Recorded for real (dist/bootloader.js) and replayed: at every step each parameter
// must show exactly what the module binding's inline WRITE of the same string shows, truncation
// marker and true length included, in variables, objects and evaluate.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import {
  EventKind,
  Ext,
  KIND_MASK,
  holdsEvents,
  ValueTag,
  decodeEventWords,
  eventEnd,
  readTrace,
} from '../../../runtime/format';
import { recordSourceBytes } from '../../support/recordSource';
import { shownValues } from './shownValues';

const record = (source: string): Promise<Uint8Array> => recordSourceBytes(source);

/** Producer 0's WRITEs whose value is a STRING_REF, and its STRING_DEFs of strings of `length`. */
function referenceCounts(bytes: Uint8Array, length: number): { references: number; definitions: number } {
  let references = 0;
  let definitions = 0;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      const header = words[at];
      if (header === ((Ext.STRING_DEF << 4) | EventKind.EXT) && words[at + 2] >>> 4 === length) definitions++;
      if (
        (header & KIND_MASK) === EventKind.WRITE &&
        (words[eventEnd(words, at) - 1] & KIND_MASK) === ValueTag.STRING_REF
      )
        references++;
    }
  }
  return { references, definitions };
}

const SOURCE = 'abcdefghij'.repeat(170) + 'END'; // 1,703 characters: truncated at 1,024
const MEDIUM = 'klmnopqrst'.repeat(30); // 300: whole

describe('long strings written again by reference', () => {
  it('show at every step exactly what the inline write of the same string shows', async () => {
    const bytes = await record(
      [
        `const source = 'abcdefghij'.repeat(170) + 'END';`,
        `const medium = 'klmnopqrst'.repeat(30);`,
        'function scan(text, at) {',
        '  return text.charCodeAt(at);', // line 4
        '}',
        'function parse(text, extra) {',
        '  let total = 0;',
        '  for (let i = 0; i < 3; i++) total += scan(text, i);',
        '  const holder = { body: text, extra };',
        '  return total + holder.body.length + extra.length;', // line 10
        '}',
        'console.log(parse(source, medium) + parse(source, medium));',
      ].join('\n'),
    );
    const counts = referenceCounts(bytes, SOURCE.length);
    expect(counts.definitions).toBe(1);
    expect(counts.references).toBeGreaterThan(8);
    const engine = openRecording(bytes).engine;
    const sourceShown = `'${SOURCE.slice(0, 1024)}…' (truncated: ${SOURCE.length} chars)`;
    const mediumShown = `'${MEDIUM}'`;
    const total = engine.summary().totalSteps;
    let checked = 0;
    for (let step = 0; step < total; step++) {
      engine.gotoStep(step);
      const values = shownValues(engine);
      // The module bindings are written inline (each string's first write); parameters by reference.
      if (values.get('source') !== undefined && values.get('source') !== 'undefined')
        expect(values.get('source'), `source at ${step}`).toBe(sourceShown);
      if (values.get('text') !== undefined && values.get('text') !== 'undefined') {
        expect(values.get('text'), `text at ${step}`).toBe(sourceShown);
        checked++;
      }
      if (values.get('extra') !== undefined && values.get('extra') !== 'undefined')
        expect(values.get('extra'), `extra at ${step}`).toBe(mediumShown);
      const line1 = engine.stackTrace().frames[0].source.line1;
      if (line1 === 4) expect(engine.evaluate('text.length').result).toBe(String(SOURCE.length));
      if (line1 === 10) {
        expect(engine.evaluate('holder.body').result).toBe(sourceShown);
        expect(engine.evaluate('holder.extra.length').result).toBe(String(MEDIUM.length));
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
