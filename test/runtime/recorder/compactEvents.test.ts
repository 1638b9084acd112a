// What the recorder writes for frames (format 3.12, runtime/format/compactEvents.ts): the first
// ENTER of every batch and the first after resetFrames name their frame, the later ones imply it;
// a RETURN of undefined is one word; the explicit hot path writes format 3.11's words. Read from
// the records as stored (raw payload words) and as a reader expands them.
import { describe, expect, it } from 'vitest';
import {
  COMPACT_BIT,
  Const,
  EventKind,
  KIND_MASK,
  RecordType,
  ValueTag,
  decodeEventWords,
  eventEnd,
  storedEventEnd,
  valueWord,
  type TraceRecord,
} from '../../../runtime/format';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import { resetFrames } from '../../../runtime/recorder/frameIds';
import { flushBatch } from '../../../runtime/recorder/ring';
import { recordInThread } from '../../support/recorder/memory';

const UNDEFINED = valueWord(ValueTag.CONST, Const.UNDEFINED);

/** Producer 0's event records. */
function eventRecords(records: readonly TraceRecord[]): TraceRecord[] {
  return records.filter((record) => record.type === RecordType.COMPACT_EVENTS && record.producerId === 0);
}

/** The stored events of a record: each as its words, compact headers as written. */
function storedEvents(record: TraceRecord): number[][] {
  const words = new Int32Array(Uint8Array.from(record.payload).buffer);
  const events: number[][] = [];
  for (let at = 0; at < words.length;) {
    const end = storedEventEnd(words, at);
    events.push(Array.from(words.subarray(at, end)));
    at = end;
  }
  return events;
}

/** Every record's events as stored, frame events (ENTER, ENTER_THIS, RETURN, EXIT) only. */
function frameEvents(records: readonly TraceRecord[]): number[][] {
  const kinds = new Set<number>([EventKind.ENTER, EventKind.ENTER_THIS, EventKind.RETURN, EventKind.EXIT]);
  return eventRecords(records)
    .flatMap(storedEvents)
    .filter((event) => kinds.has(event[0] & KIND_MASK));
}

const header = (kind: number, probeId: number, compact = false) => (probeId << 4) | kind | (compact ? COMPACT_BIT : 0);

describe('compact frame events as the recorder writes them', () => {
  it('names the first frame of a batch and implies the next; a RETURN of undefined is one word', () => {
    const recording = recordInThread();
    const rt = createHotPath({ live: false });
    const outer = rt.e(1);
    const inner = rt.em(2, 7);
    rt.r(3, undefined);
    rt.x(inner, 4);
    const third = rt.e(5);
    rt.r(6, 12);
    rt.x(third, 7);
    rt.x(outer, 8);
    const { contents } = recording.finish();
    expect([outer, inner, third]).toEqual([1, 2, 3]);
    expect(frameEvents(contents.records)).toEqual([
      [header(EventKind.ENTER, 1), 1],
      [header(EventKind.ENTER_THIS, 2, true), valueWord(ValueTag.SMALL_INT, 7)],
      [header(EventKind.RETURN, 3, true)],
      [header(EventKind.ENTER, 5, true)], // r(3) was endsFrame: x(inner) wrote no EXIT
      [header(EventKind.RETURN, 6), valueWord(ValueTag.SMALL_INT, 12)],
      [header(EventKind.EXIT, 8), 1],
    ]);
  });

  it('names the frame again at every batch boundary and after resetFrames', () => {
    const recording = recordInThread();
    const rt = createHotPath({ live: true });
    rt.e(1);
    rt.e(1);
    flushBatch(); // the next batch must decode alone
    rt.em(2, { a: 1 }); // a snapshot first, then the ENTER_THIS by object id
    rt.e(1);
    resetFrames();
    rt.e(3);
    rt.e(3);
    const { contents } = recording.finish();
    const enters = frameEvents(contents.records).map((event) => [event[0], event[0] < 0 ? 0 : event[1]]);
    expect(enters).toEqual([
      [header(EventKind.ENTER, 1), 1],
      [header(EventKind.ENTER, 1, true), 0],
      [header(EventKind.ENTER_THIS, 2), 3],
      [header(EventKind.ENTER, 1, true), 0],
      [header(EventKind.ENTER, 3), 1],
      [header(EventKind.ENTER, 3, true), 0],
    ]);
    // And a reader sees every frame id.
    const expanded = eventRecords(contents.records).map((record) => decodeEventWords(record));
    const frames: number[] = [];
    for (const words of expanded)
      for (let at = 0; at < words.length; at = eventEnd(words, at)) {
        const kind = words[at] & KIND_MASK;
        if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS) frames.push(words[at + 1]);
      }
    expect(frames).toEqual([1, 2, 3, 4, 1, 2]);
  });

  it('writes format 3.11 words with the explicit hot path', () => {
    const recording = recordInThread();
    const rt = createHotPath({ live: false, explicit: true });
    const frame = rt.e(1);
    rt.em(2, undefined);
    rt.r(3, undefined);
    rt.rf(4, undefined);
    rt.x(frame, 5);
    const { contents } = recording.finish();
    expect(frameEvents(contents.records)).toEqual([
      [header(EventKind.ENTER, 1), 1],
      [header(EventKind.ENTER_THIS, 2), 2, UNDEFINED],
      [header(EventKind.RETURN, 3), UNDEFINED],
      [header(EventKind.RETURN, 4), UNDEFINED],
      [header(EventKind.EXIT, 5), 1],
    ]);
  });

  it('drop-newest: after batches are dropped, every ENTER a reader sees has the id the recorder gave', () => {
    const recording = recordInThread({ capacityWords: 1 << 14, overflow: 'drop-newest' });
    const rt = createHotPath({ live: false });
    // The i-th call (frame i + 1) names its frame in its probe id: the reader's id must agree.
    const probeOf = (frame: number) => ((frame - 1) % 1000) + 1;
    for (let call = 0; call < 60_000; call++) {
      const frame = rt.e(probeOf(call + 1));
      expect(frame).toBe(call + 1);
      rt.r(1001, undefined);
      rt.x(frame, 1002);
      if (call % 7000 === 6999) recording.drain.round(); // room again: later batches are kept
    }
    const { contents, main } = recording.finish();
    expect(main.lost.reduce((sum, lost) => sum + lost.lostEvents, 0)).toBeGreaterThan(0);
    let enters = 0;
    for (const record of eventRecords(contents.records)) {
      const words = decodeEventWords(record);
      for (let at = 0; at < words.length; at = eventEnd(words, at)) {
        if ((words[at] & KIND_MASK) !== EventKind.ENTER) continue;
        expect(words[at] >>> 4, `the ENTER at word ${at} of the record at byte ${record.byteOffset}`).toBe(
          probeOf(words[at + 1]),
        );
        enters++;
      }
    }
    expect(enters).toBeGreaterThan(1000);
    expect(enters).toBeLessThan(60_000);
  });
});
