// Inline strings' UTF-16 units (ring.ts putStringUnits): a long run that does not wrap the ring is
// copied natively (Buffer#ucs2Write), a short or wrapping one unit by unit. Both must give the words
// the format specifies — two units a word, low first, a last odd unit with a zero high half even
// where an earlier lap left bytes — for every kind of string V8 has (one-byte, two-byte, cons,
// sliced, lone surrogates), so replay decodes exactly what the program held.
import { describe, expect, it } from 'vitest';
import { EventKind } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { flushBatch, ringState } from '../../../runtime/recorder/ring';
import { recordInThread } from '../../support/recorder/memory';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';

const MAX_STRING_LENGTH = 1024;

/** Strings of every shape, `count` of them, lengths spread across both paths and the capture limit. */
function sampleStrings(count: number): string[] {
  const oneByte = 'The quick brown fox jumps over the lazy dog; ÿé£ 0123456789 '.repeat(40);
  const twoByte = '中文字符串ü\u{1F600}Ωλ'.repeat(200);
  const strings: string[] = [];
  for (let index = 0; index < count; index++) {
    const length = [0, 1, 31, 32, 33, 40, 41, 63, 64, 65, 127, 500, 1023, 1024, 1025, 2000][index % 16] + (index % 7);
    const source = index % 3 === 0 ? twoByte : oneByte;
    const start = index % 11;
    let text = source.slice(start, start + length); // sliced from a flat string
    if (index % 5 === 1) text = text.slice(0, -1) + '\ud800'; // a lone high surrogate last
    if (index % 5 === 2) text = '\udc00' + text.slice(1); // a lone low surrogate first
    if (index % 5 === 3) text = text.slice(0, text.length >> 1) + String(index) + text.slice(text.length >> 1); // cons
    strings.push(text);
  }
  return strings;
}

describe('inline string units, native and unit-by-unit copies', () => {
  it('decode to the strings written, across ring laps and writes straddling the ring end', () => {
    const recording = recordInThread({ capacityWords: 1 << 13, overflow: 'block', maxStringLength: MAX_STRING_LENGTH });
    const strings = sampleStrings(400);
    const { capacityWords } = ringState();
    const decodedAll: Array<{ value: string; length: number }> = [];
    let straddling = 0;
    let wrapped = 0;
    for (let index = 0; index < strings.length; index++) {
      const text = strings[index];
      // WRITE [hdr, scope, STRING tag, captured count, units…]: units start 4 words in.
      const unitsAt = (ringState().head + 4) % capacityWords;
      const captured = Math.min(text.length, MAX_STRING_LENGTH);
      if (text.length > 40 && unitsAt + Math.ceil(captured / 2) > capacityWords) straddling++;
      hot.wf(5, text, 0);
      if (index % 4 === 3) {
        // Publish and drain now, so the ring laps instead of filling (the drain runs in this thread).
        flushBatch();
        recording.drain.round();
        if (ringState().head > capacityWords) wrapped++;
      }
    }
    const trace = recording.finish();
    const words = trace.main.words;
    const strings2 = stringTable(words);
    let oddInline = 0;
    for (const event of walkEvents(words).filter((e) => e.kind === EventKind.WRITE)) {
      decodedAll.push(decodeAt(words, event.offset + 2, strings2) as { value: string; length: number });
      // An inline string: [tag|length, captured, units…]; an odd count's last word has a zero high half.
      const captured = words[event.offset + 3];
      if (event.end - event.offset > 4 && (captured & 1) === 1) {
        oddInline++;
        expect(words[event.offset + 3 + Math.ceil(captured / 2)] >>> 16, `write at ${event.offset}`).toBe(0);
      }
    }
    expect(oddInline).toBeGreaterThan(0);
    expect(decodedAll).toHaveLength(strings.length);
    strings.forEach((text, index) => {
      const decoded = decodedAll[index];
      expect(decoded.length, `string ${index}'s true length`).toBe(text.length);
      expect(decoded.value === text.slice(0, MAX_STRING_LENGTH), `string ${index} (${text.length} units)`).toBe(true);
    });
    // The cases this test exists for did happen: laps over old bytes, and writes across the end.
    expect(wrapped).toBeGreaterThan(0);
    expect(straddling).toBeGreaterThan(0);
  });
});
