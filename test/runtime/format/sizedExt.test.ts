// Format 3.0: EXT subkinds from EXT_SIZED_FIRST on carry their length, so a reader walks past one
// it does not know (a newer recorder's) instead of failing the whole record; the fixed-layout
// subkinds below it are still checked. MESSAGE is the first sized subkind.
import { describe, expect, it } from 'vitest';
import {
  EXT_SIZED_FIRST,
  EventKind,
  Ext,
  MessageAction,
  TraceFormatError,
  eventEnd,
  eventHeader,
} from '../../../runtime/format';

const step = eventHeader(EventKind.STEP, 5);

describe('sized EXT events', () => {
  it('MESSAGE is [hdr, 3, action, workerThreadId, sequence]: five words', () => {
    const words = Int32Array.of(eventHeader(EventKind.EXT, Ext.MESSAGE), 3, MessageAction.SEND_TO_WORKER, 1, 0, step);
    expect(eventEnd(words, 0)).toBe(5);
    expect(eventEnd(words, 5)).toBe(6);
  });

  it('an unknown sized subkind is skipped by its length, and the walk goes on', () => {
    const unknown = eventHeader(EventKind.EXT, EXT_SIZED_FIRST + 7);
    const words = Int32Array.of(step, unknown, 4, 9, 9, 9, 9, step);
    const starts: number[] = [];
    for (let at = 0; at < words.length; at = eventEnd(words, at)) starts.push(at);
    expect(starts).toEqual([0, 1, 7]);
  });

  it('an unknown subkind below the sized range, or a length out of bounds, is a corrupt record', () => {
    expect(() => eventEnd(Int32Array.of(eventHeader(EventKind.EXT, EXT_SIZED_FIRST - 1)), 0)).toThrow(TraceFormatError);
    expect(() => eventEnd(Int32Array.of(eventHeader(EventKind.EXT, Ext.MESSAGE), -1), 0)).toThrow(TraceFormatError);
  });
});
