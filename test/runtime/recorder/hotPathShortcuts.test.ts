// Issue 9 §1 shortcuts on the recorder hot path, each of which must write exactly the words the
// general path wrote: a number that is not a small int goes out as a fixed-size event with its
// DOUBLE words (no putPrepared dispatch), and a frame's first write to its own `this` looks the
// object up once (not once in prepareObject and again for the entry). The spies show the shortcut
// is taken; the decoded words show it changed nothing a reader sees.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventKind, ValueTag, scopeWord, valueWord } from '../../../runtime/format';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import { entryOf } from '../../../runtime/recorder/identity';
import { putPrepared } from '../../../runtime/recorder/values';
import { recordInThread } from '../../support/recorder/memory';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';

vi.mock('../../../runtime/recorder/values', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../runtime/recorder/values')>();
  return { ...actual, putPrepared: vi.fn(actual.putPrepared) };
});
vi.mock('../../../runtime/recorder/identity', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../runtime/recorder/identity')>();
  return { ...actual, entryOf: vi.fn(actual.entryOf) };
});

/** A number's DOUBLE words as the format defines them (events.ts: IEEE-754 bits, low word first). */
function doubleWords(value: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return [valueWord(ValueTag.DOUBLE, 0), view.getInt32(0, true), view.getInt32(4, true)];
}

const NUMBERS = [2 ** 27, -(2 ** 27) - 1, 2 ** 28 - 1, 0.5, -0, NaN, -Infinity, 2 ** 42 + 3];

beforeEach(() => {
  vi.mocked(putPrepared).mockClear();
  vi.mocked(entryOf).mockClear();
});

describe('numbers that are not small ints (issue 9: crypto)', () => {
  for (const live of [false, true]) {
    it(`WRITE, WRITE of another frame, RETURN, ENTER_THIS, SUSPEND, RESUME and PROP_SET${live ? ' (live)' : ''}`, () => {
      const recording = recordInThread();
      const rt = createHotPath({ live });
      const target: number[] = [];
      rt.pv(1, target, 0, 1); // defines the target first: the writes below only need their value
      vi.mocked(putPrepared).mockClear();
      for (const value of NUMBERS) {
        rt.w(2, value);
        rt.wf(3, value, 7);
        rt.r(4, value);
        rt.em(5, value);
        rt.as(9, 6, value);
        rt.ar(9, 7, value);
        rt.pv(8, target, 3, value);
      }
      // Without the shortcut each of these went through beginSized + putPrepared.
      expect(vi.mocked(putPrepared)).not.toHaveBeenCalled();
      const words = recording.finish().main.words;
      const strings = stringTable(words);
      const events = walkEvents(words).filter((event) => event.probe >= 2 && event.kind !== EventKind.EXT);
      const valueAt: Record<number, number> = {
        [EventKind.WRITE]: 1,
        [EventKind.RETURN]: 1,
        [EventKind.ENTER_THIS]: 2,
        [EventKind.SUSPEND]: 2,
        [EventKind.RESUME]: 2,
        [EventKind.PROP_SET]: 3,
      };
      expect(events).toHaveLength(NUMBERS.length * 7);
      events.forEach((event, index) => {
        const value = NUMBERS[Math.floor(index / 7)];
        const skip = event.kind === EventKind.WRITE && event.probe === 3 ? 2 : valueAt[event.kind];
        expect(skip, `event kind ${event.kind}`).toBeDefined();
        expect(Array.from(words.subarray(event.offset + skip, event.end))).toEqual(doubleWords(value));
        const decoded = decodeAt(words, event.offset + skip, strings) as { type: string; value: number };
        expect(decoded.type).toBe('number');
        expect(Object.is(decoded.value, value), `${value}`).toBe(true);
      });
      const otherFrame = events.find((event) => event.probe === 3)!;
      expect(words[otherFrame.offset + 1]).toBe(scopeWord(7));
      const propertySet = events.find((event) => event.kind === EventKind.PROP_SET)!;
      expect(words[propertySet.offset + 2]).toBe(valueWord(ValueTag.SMALL_INT, 3));
    });
  }

  it('small ints and other values still take their own paths', () => {
    const recording = recordInThread();
    const rt = createHotPath({ live: false });
    rt.w(2, 2 ** 27 - 1);
    rt.w(2, -(2 ** 27));
    expect(vi.mocked(putPrepared)).not.toHaveBeenCalled();
    rt.w(2, 10n);
    expect(vi.mocked(putPrepared)).toHaveBeenCalledTimes(1);
    const words = recording.finish().main.words;
    const writes = walkEvents(words).filter((event) => event.kind === EventKind.WRITE);
    expect(writes.map((event) => event.end - event.offset)).toEqual([2, 2, writes[2].end - writes[2].offset]);
    expect(decodeAt(words, writes[2].offset + 1, new Map())).toMatchObject({ type: 'bigint' });
  });
});

describe("a frame's first write to its own `this` (issue 9: richards)", () => {
  it('looks `this` up once, and caches the entry the object has', () => {
    recordInThread();
    const rt = createHotPath({ live: false });
    const task = { state: 0 };
    rt.w(2, task); // seen before, as a method's receiver usually is
    vi.mocked(entryOf).mockClear();
    const entry = rt.thisEntry(undefined, task);
    expect(vi.mocked(entryOf)).toHaveBeenCalledTimes(1);
    expect(entry).toBe(entryOf(task));
    // First seen at this write (a constructor's `this`): snapshotted once, its new entry returned.
    const fresh = {};
    vi.mocked(entryOf).mockClear();
    const freshEntry = rt.thisEntry(undefined, fresh);
    expect(vi.mocked(entryOf)).toHaveBeenCalledTimes(1);
    expect(freshEntry).toBe(entryOf(fresh));
    expect(freshEntry).not.toBe(entry);
    // A primitive `this` has no entry: the PROP_SET prepares it itself.
    expect(rt.thisEntry(undefined, 5)).toBeUndefined();
  });
});
