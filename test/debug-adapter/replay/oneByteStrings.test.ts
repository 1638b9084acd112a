// One-byte strings (format 3.13) replayed: a real program recorded with its Latin-1 strings stored
// one unit a byte must replay exactly as its recording in format 3.11's words does (the recorder's
// explicitEvents), step by step: the stack and every scope's variables of the top frame, its
// strings ASCII, Latin-1, CJK, emoji and lone surrogates, inline, interned, appended, in snapshots.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import {
  EventKind,
  Ext,
  KIND_MASK,
  ONE_BYTE_BIT,
  ValueTag,
  eventHeader,
  firstValueWords,
  holdsEvents,
  readTrace,
  storedEventEnd,
} from '../../../runtime/format';
import { recordSourceBytes } from '../../support/recordSource';
import { stepTranscript } from './shownValues';

function record(source: string, explicitEvents: boolean): Promise<Uint8Array> {
  return recordSourceBytes(source, 'full', undefined, { explicitEvents });
}

/** The bytes producer 0's event records take in the file. */
function eventPayloadBytes(bytes: Uint8Array): number {
  let total = 0;
  for (const record of readTrace(bytes).records)
    if (holdsEvents(record.type) && record.producerId === 0) total += record.payload.length;
  return total;
}

const STRING_DEF = eventHeader(EventKind.EXT, Ext.STRING_DEF);

/** STRING_DEFs and base events (WRITE, RETURN…) whose (first) value is stored as a one-byte string. */
function storedOneByteValues(bytes: Uint8Array): number {
  let count = 0;
  for (const record of readTrace(bytes).records) {
    if (!holdsEvents(record.type) || record.producerId !== 0) continue;
    const words = new Int32Array(Uint8Array.from(record.payload).buffer);
    for (let at = 0; at < words.length; at = storedEventEnd(words, at)) {
      if (words[at] < 0) continue;
      const ext = (words[at] & KIND_MASK) === EventKind.EXT;
      if (ext && words[at] !== STRING_DEF) continue;
      const value = ext ? at + 2 : at + firstValueWords(words, at);
      if (value + 1 >= storedEventEnd(words, at) || (words[value] & KIND_MASK) !== ValueTag.STRING) continue;
      if (words[value + 1] >= ONE_BYTE_BIT) count++;
    }
  }
  return count;
}

const PROGRAM = [
  'function render(title, body) {',
  '  let html = "<h1>" + title + "</h1>";',
  '  for (const line of body.split("\\n")) html += "<p>" + line.trim() + "</p>\\n";',
  '  return html;',
  '}',
  'function tokens(source) {',
  '  const found = [];',
  '  let rest = source;',
  '  while (rest.length > 0) {',
  '    const match = /^\\S+\\s*/.exec(rest);',
  '    const token = { text: match[0], length: match[0].length, rest: rest.slice(0, 60) };',
  '    found.push(token);',
  '    rest = rest.slice(match[0].length);',
  '  }',
  '  return found;',
  '}',
  'const latin = "Caf\\u00e9 cr\\u00e8me \\u00ff\\u0080";', // short: one a byte through the loop
  'const wide = "\\u4e2d\\u6587 text with \\u0100, an emoji \\ud83d\\ude00 and a lone \\ud800 half";',
  'const page = render("Title of the page", "first line of the body\\n  second line, in ASCII\\nthird, with " + latin);',
  'const parts = tokens("alpha beta gamma delta " + wide + " epsilon zeta eta theta iota kappa lambda mu");',
  'const table = { name: "a row of a table", note: latin, other: wide, count: parts.length };',
  'let joined = "";',
  'for (const part of parts) joined += part.text.toUpperCase();',
  'console.log(page.length, parts.length, table.name, joined.length);',
].join('\n');

describe('one-byte strings replayed (format 3.13)', () => {
  it('answer at every step as the same program recorded in format 3.11 words, in fewer bytes', async () => {
    const explicit = await record(PROGRAM, true);
    const packed = await record(PROGRAM, false);
    const explicitTranscript = stepTranscript(openRecording(explicit).engine);
    expect(explicitTranscript.length).toBeGreaterThan(100);
    expect(explicitTranscript.some((line) => line.includes('\u4e2d\u6587'))).toBe(true);
    expect(explicitTranscript.some((line) => line.includes('Caf\u00e9'))).toBe(true);
    expect(stepTranscript(openRecording(packed).engine)).toEqual(explicitTranscript);
    expect(storedOneByteValues(explicit)).toBe(0);
    expect(storedOneByteValues(packed)).toBeGreaterThan(5);
    expect(eventPayloadBytes(packed)).toBeLessThan(eventPayloadBytes(explicit));
  }, 120_000);
});
