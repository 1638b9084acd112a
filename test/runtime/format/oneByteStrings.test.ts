// Format 3.13's one-byte strings expanded (runtime/format/oneByteStrings.ts through
// compactEvents.ts): a STRING stored one unit a byte in a COMPACT_EVENTS payload must reach every
// reader as the two-units-a-word STRING a 3.12 writer stored, wherever a value may be (a base
// event, a fixed EXT, a SNAPSHOT entry, a sized EXT whose length grows with it), and a corrupt one
// is refused with the file byte of the word it refuses.
import { describe, expect, it } from 'vitest';
import {
  COMPACT_BIT,
  EventKind,
  Ext,
  ONE_BYTE_BIT,
  ObjectType,
  RECORD_PREFIX_BYTES,
  RecordType,
  TraceFormatError,
  ValueTag,
  decodeEventWords,
  decodeString,
  eventHeader,
  valueWord,
} from '../../../runtime/format';
import { compactPayloadRefusal, expandCompactPayload } from '../../support/compactPayload';

const WRITE = eventHeader(EventKind.WRITE, 3);
const RETURN = eventHeader(EventKind.RETURN, 4);
const ENTER = eventHeader(EventKind.ENTER, 5);
const ENTER_THIS = eventHeader(EventKind.ENTER_THIS, 6);
const STRING_DEF = eventHeader(EventKind.EXT, Ext.STRING_DEF);
const APPEND = eventHeader(EventKind.EXT, Ext.APPEND);
const SNAPSHOT = eventHeader(EventKind.EXT, Ext.SNAPSHOT);
const SHAPED = eventHeader(EventKind.EXT, Ext.SHAPED_SNAPSHOT);
const RECORD_AT = 2000;

/** A STRING of `text`'s first `captured` units as 3.12 stores it: two a word, low half first. */
function twoByte(text: string, captured = text.length): number[] {
  const words = [valueWord(ValueTag.STRING, text.length), captured];
  for (let unit = 0; unit < captured; unit += 2) {
    const high = unit + 1 < captured ? text.charCodeAt(unit + 1) : 0;
    words.push(text.charCodeAt(unit) | (high << 16));
  }
  return words;
}

/** The same STRING one unit a byte (every unit ≤ 0xFF), as a 3.13 writer stores it. */
function oneByte(text: string, captured = text.length): number[] {
  const words = [valueWord(ValueTag.STRING, text.length), captured | ONE_BYTE_BIT];
  for (let unit = 0; unit < captured; unit += 4) {
    let word = 0;
    for (let byte = 0; byte < 4 && unit + byte < captured; byte++) word |= text.charCodeAt(unit + byte) << (byte * 8);
    words.push(word);
  }
  return words;
}

const expand = (stored: number[]) => expandCompactPayload(stored, RECORD_AT);
const refusal = (stored: number[]) => compactPayloadRefusal(stored, RECORD_AT);

describe('one-byte strings expanded (format 3.13)', () => {
  it('every length 0-9, odd and even, to the two-byte words, 0x00 and 0xFF units included', () => {
    const units = 'a\u00ff\u0000Z~\u0080b\u00e9 q';
    for (let length = 0; length <= 9; length++) {
      const text = units.slice(0, length);
      expect(expand([WRITE, ...oneByte(text)]), `length ${length}`).toEqual([WRITE, ...twoByte(text)]);
    }
  });

  it('keeps the true length of a string captured shorter, and reads back its text', () => {
    const text = 'abcdefghijklmnop';
    for (const captured of [3, 5, 8, 11]) {
      const words = expand([RETURN, ...oneByte(text, captured)]);
      expect(words).toEqual([RETURN, ...twoByte(text, captured)]);
      const decoded = decodeString(Int32Array.from(words), 1);
      expect(decoded).toMatchObject({ value: text.slice(0, captured), length: text.length, truncated: true });
    }
  });

  it('in every place a value may be: fixed and sized EXTs (their length grown), snapshots, a compact ENTER_THIS, a BIGINT', () => {
    const a = 'left side, all ASCII';
    const b = 'caf\u00e9 au lait';
    const wide = 'not one byte: \u0100 \ud800'; // 0x100 and a lone surrogate stay two a word
    const symbol = valueWord(ValueTag.SYMBOL, 7);
    const bigint = valueWord(ValueTag.BIGINT, 0);
    const stored = [
      ENTER,
      10,
      COMPACT_BIT | ENTER_THIS,
      ...oneByte(a),
      STRING_DEF,
      4,
      ...oneByte(b),
      APPEND,
      3 + oneByte(a).length,
      9,
      0,
      50,
      ...oneByte(a),
      SNAPSHOT,
      12,
      ObjectType.MAP,
      ...oneByte('Map'),
      2,
      1,
      ...oneByte(a),
      ...twoByte(wide),
      SHAPED,
      3 + oneByte(b).length + oneByte('desc').length,
      13,
      1,
      ...oneByte(b),
      symbol,
      ...oneByte('desc'),
      WRITE,
      bigint,
      ...oneByte('12345678901234567890'),
    ];
    const expanded = [
      ENTER,
      10,
      ENTER_THIS,
      11,
      ...twoByte(a),
      STRING_DEF,
      4,
      ...twoByte(b),
      APPEND,
      3 + twoByte(a).length,
      9,
      0,
      50,
      ...twoByte(a),
      SNAPSHOT,
      12,
      ObjectType.MAP,
      ...twoByte('Map'),
      2,
      1,
      ...twoByte(a),
      ...twoByte(wide),
      SHAPED,
      3 + twoByte(b).length + twoByte('desc').length,
      13,
      1,
      ...twoByte(b),
      symbol,
      ...twoByte('desc'),
      WRITE,
      bigint,
      ...twoByte('12345678901234567890'),
    ];
    expect(expand(stored)).toEqual(expanded);
  });

  it('refuses a one-byte string that runs past its record or its sized event, naming its byte in the file', () => {
    const payloadAt = RECORD_AT + RECORD_PREFIX_BYTES;
    const cut = [WRITE, ...oneByte('abcdefghij')].slice(0, -1);
    const error = refusal(cut);
    expect(error.unit).toBe('byte');
    expect(error.offset).toBe(payloadAt);
    expect(error.message).toContain('runs past its record');
    // Inside an APPEND whose length ends before the string does: the string's word is named.
    const inside = refusal([ENTER, 1, APPEND, 5, 9, 0, 50, ...oneByte('abcdefghij'), ENTER, 2]);
    expect(inside.offset).toBe(payloadAt + 7 * 4);
    expect(inside.message).toContain('one-byte string of 10 units does not fit its event');
  });

  it('refuses bytes past a one-byte string\u2019s units and a captured length over its true length', () => {
    const payloadAt = RECORD_AT + RECORD_PREFIX_BYTES;
    const padded = [WRITE, ...oneByte('abcde')];
    padded[padded.length - 1] |= 0x4100; // a byte after the fifth unit
    const error = refusal(padded);
    expect(error.offset).toBe(payloadAt + (padded.length - 1) * 4);
    expect(error.message).toContain('bytes past its units');
    const over = [WRITE, valueWord(ValueTag.STRING, 3), 5 | ONE_BYTE_BIT, 0x64636261, 0x65];
    expect(refusal(over).offset).toBe(payloadAt + 4);
  });

  it('is refused by the value decoder outside a COMPACT_EVENTS record, never read as two-byte units', () => {
    const words = Int32Array.from([WRITE, ...oneByte('abcdef')]);
    const payload = new Uint8Array(words.buffer);
    const seen = decodeEventWords({ type: RecordType.EVENTS, flags: 0, payload, byteOffset: 0 });
    expect(() => decodeString(seen, 1)).toThrow(TraceFormatError);
  });
});
