// A stack overflow between taking a frame id and writing its ENTER (format 3.12): em() takes the
// id, then prepares `this` (a snapshot, many nested calls) before the event is written; a
// RangeError there leaves an id no event names. The next ENTER must not be written compact, or a
// reader would give it the lost id. The overflow is made deterministic here: prepare() throws once.
import { describe, expect, it, vi } from 'vitest';
import {
  EventKind,
  KIND_MASK,
  RecordType,
  decodeEventWords,
  eventEnd,
  type TraceRecord,
} from '../../../runtime/format';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import { prepare } from '../../../runtime/recorder/values';
import { recordInThread } from '../../support/recorder/memory';

let overflowAt: unknown;
vi.mock('../../../runtime/recorder/values', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../runtime/recorder/values')>();
  return {
    ...actual,
    prepare: vi.fn((value: unknown) => {
      if (value !== undefined && value === overflowAt) throw new RangeError('Maximum call stack size exceeded');
      return actual.prepare(value);
    }),
  };
});

/** The frame ids of the ENTER/ENTER_THIS events a reader sees. */
function enteredFrames(records: readonly TraceRecord[]): number[] {
  const frames: number[] = [];
  for (const record of records) {
    if (record.type !== RecordType.COMPACT_EVENTS || record.producerId !== 0) continue;
    const words = decodeEventWords(record);
    for (let at = 0; at < words.length; at = eventEnd(words, at)) {
      const kind = words[at] & KIND_MASK;
      if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS) frames.push(words[at + 1]);
    }
  }
  return frames;
}

describe('a frame id taken and never written', () => {
  for (const live of [false, true]) {
    it(`leaves the next ENTER naming its own frame${live ? ' (live)' : ''}`, () => {
      const recording = recordInThread();
      const rt = createHotPath({ live });
      const first = rt.e(1);
      const fresh = { name: 'not yet known' };
      overflowAt = fresh;
      expect(() => rt.em(2, fresh)).toThrow(RangeError);
      overflowAt = undefined;
      expect(vi.mocked(prepare)).toHaveBeenCalled();
      const after = [rt.e(3), rt.em(4, 5), rt.e(5)];
      const { contents } = recording.finish();
      expect(after).toEqual([first + 2, first + 3, first + 4]); // first + 1 was taken by the cut em()
      expect(enteredFrames(contents.records)).toEqual([first, ...after]);
    });
  }
});
