// What the recorder writes for strings (format 3.13, runtime/format/oneByteStrings.ts): a string
// whose captured units are all ≤ 0xFF one unit a byte (the native copy for long ones, the loop for
// short ones), any other — 0x100, a lone surrogate, CJK, emoji — two units a word as 3.12 wrote it;
// the explicit hot path never one a byte. Whatever the form, a reader decodes every string exactly
// as the program had it.
import { describe, expect, it } from 'vitest';
import {
  EventKind,
  Ext,
  KIND_MASK,
  ONE_BYTE_BIT,
  RecordType,
  ValueTag,
  decodeEventWords,
  decodeString,
  decodeValue,
  eventEnd,
  eventHeader,
  storedEventEnd,
  type DecodedString,
  type TraceRecord,
} from '../../../runtime/format';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import { recordInThread } from '../../support/recorder/memory';

const STRING_DEF = eventHeader(EventKind.EXT, Ext.STRING_DEF);

const ONE_BYTE = [
  'abc',
  'caf\u00e9 \u00ff\u0000!', // short: the loop takes any unit to 0xFF
  '<p>Some <em>markdown</em> rendered to HTML, well past the native copy minimum</p>',
  'a long ASCII line until its very last character, past the native copy minimum: \u00e9',
  `${'x'.repeat(1500)}\u00ff`, // captured short of its true length
  `${'y'.repeat(3000)}\u4e2d`, // its wide unit past what is captured
];
const TWO_BYTE = [
  'ab', // too short to save a word
  'wide \u0100',
  'lone \ud800 surrogate',
  '\u4e2d\u6587\u5b57\u7b26\u4e32',
  'emoji \ud83d\ude00 in a string',
  `${'x'.repeat(500)}\u4e2d`,
];

function eventRecords(records: readonly TraceRecord[]): TraceRecord[] {
  return records.filter((record) => record.type === RecordType.COMPACT_EVENTS && record.producerId === 0);
}

/** Every RETURN's value as a reader decodes it (interned strings through their STRING_DEFs). */
function returnedStrings(records: readonly TraceRecord[]): DecodedString[] {
  const defined = new Map<number, DecodedString>();
  const returned: DecodedString[] = [];
  for (const record of eventRecords(records)) {
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      if (words[at] === STRING_DEF) defined.set(words[at + 1], decodeString(words, at + 2));
      if ((words[at] & KIND_MASK) !== EventKind.RETURN) continue;
      const value = decodeValue(words, at + 1, (id) => defined.get(id));
      if (value.type === 'string') returned.push(value);
    }
  }
  return returned;
}

/** The captured-length words of the STRING values a record stores, by whether they are one a byte. */
function storedForms(records: readonly TraceRecord[]): { oneByte: number; twoByte: number } {
  const forms = { oneByte: 0, twoByte: 0 };
  for (const record of eventRecords(records)) {
    const words = new Int32Array(Uint8Array.from(record.payload).buffer);
    for (let at = 0; at < words.length; at = storedEventEnd(words, at)) {
      const kind = words[at] & KIND_MASK;
      const valueAt = kind === EventKind.RETURN ? at + 1 : words[at] === STRING_DEF ? at + 2 : -1;
      if (valueAt < 0 || (words[valueAt] & KIND_MASK) !== ValueTag.STRING) continue;
      if (words[valueAt + 1] >= ONE_BYTE_BIT) forms.oneByte++;
      else forms.twoByte++;
    }
  }
  return forms;
}

function record(texts: readonly string[], explicit: boolean): readonly TraceRecord[] {
  const recording = recordInThread();
  const rt = createHotPath({ live: false, explicit });
  const frame = rt.e(1);
  for (const text of texts) rt.r(2, text);
  rt.x(frame, 3);
  return recording.finish().contents.records;
}

describe('one-byte strings as the recorder writes them', () => {
  it('stores every string of units ≤ 0xFF one a byte, and reads each back exactly', () => {
    const records = record(ONE_BYTE, false);
    expect(storedForms(records)).toEqual({ oneByte: ONE_BYTE.length, twoByte: 0 });
    const read = returnedStrings(records);
    expect(read.map((text) => text.length)).toEqual(ONE_BYTE.map((text) => text.length));
    expect(read.map((text) => text.value)).toEqual(ONE_BYTE.map((text) => text.slice(0, 1024)));
  });

  it('stores any other string two units a word, and reads each back exactly', () => {
    const records = record(TWO_BYTE, false);
    expect(storedForms(records)).toEqual({ oneByte: 0, twoByte: TWO_BYTE.length });
    expect(returnedStrings(records).map((text) => text.value)).toEqual(TWO_BYTE.map((text) => text.slice(0, 1024)));
  });

  it('writes no one-byte string with the explicit hot path, and a reader sees the same strings', () => {
    const all = [...ONE_BYTE, ...TWO_BYTE];
    const explicit = record(all, true);
    expect(storedForms(explicit)).toEqual({ oneByte: 0, twoByte: all.length });
    expect(returnedStrings(record(all, false))).toEqual(returnedStrings(explicit));
  });
});
