// The 16 base event kinds' layout table (runtime/format/baseKinds.ts): every 4-bit kind is declared
// once, and the walker measures an event of each kind exactly as its declared fields say — built here
// from the layout alone, with multi-word values, with and without a WRITE's scope word.
import { describe, expect, it } from 'vitest';
import {
  BASE_KIND_NAMES,
  BASE_KINDS,
  EventKind,
  ValueTag,
  eventEnd,
  eventHeader,
  firstValueWords,
  scopeWord,
  valueWord,
  type BaseFieldKind,
} from '../../../runtime/format';

/** A 3-unit string value: tag word, captured length, two words of text. */
const STRING_VALUE = [valueWord(ValueTag.STRING, 3), 3, 0x00620061, 0x00000063];
const COUNTED = 2;

/** One event of `name` from its layout: the words, and where its first value starts. */
function eventOf(name: (typeof BASE_KIND_NAMES)[number], withScope: boolean): { words: number[]; firstValue: number } {
  const { kind, fields } = BASE_KINDS[name];
  const words = [eventHeader(kind as EventKind, 5)];
  let firstValue = -1;
  const value = () => {
    if (firstValue < 0) firstValue = words.length;
    words.push(...STRING_VALUE);
  };
  for (const field of Object.values(fields) as BaseFieldKind[]) {
    if (field === 'word') words.push(7);
    else if (field === 'scope') {
      if (withScope) words.push(scopeWord(4));
    } else if (field === 'value') value();
    else if (field === 'count') words.push(COUNTED);
    else for (let index = 0; index < COUNTED; index++) value();
  }
  return { words, firstValue: firstValue < 0 ? words.length : firstValue };
}

describe('base event kinds, declared once', () => {
  it('declares each of the 16 kind numbers exactly once, and EventKind names them', () => {
    const numbers = BASE_KIND_NAMES.map((name) => BASE_KINDS[name].kind).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, index) => index));
    for (const name of BASE_KIND_NAMES) expect(EventKind[name]).toBe(BASE_KINDS[name].kind);
  });

  it.each(BASE_KIND_NAMES.filter((name) => name !== 'EXT'))('%s is measured by its layout', (name) => {
    for (const withScope of [false, true]) {
      const { words, firstValue } = eventOf(name, withScope);
      // A trailing word after the event, so an over-long measure shows.
      const all = new Int32Array([...words, eventHeader(EventKind.STEP, 1)]);
      expect(eventEnd(all, 0)).toBe(words.length);
      if (firstValue < words.length) expect(firstValueWords(all, 0)).toBe(firstValue);
    }
  });

  it('the layouts the readers rely on', () => {
    expect(eventOf('MUTATOR', false).words.length).toBe(1 + 4 + 1 + COUNTED * 4 + 4);
    expect(eventOf('WRITE', true).words.length).toBe(1 + 1 + 4);
    expect(eventOf('OUTPUT', false).firstValue).toBe(2);
  });

  it('refuses a corrupt count', () => {
    const words = new Int32Array([eventHeader(EventKind.MUTATOR, 1), valueWord(ValueTag.SMALL_INT, 1), 5000]);
    expect(() => eventEnd(words, 0)).toThrow(/bad mutator argCount 5000/);
  });
});
