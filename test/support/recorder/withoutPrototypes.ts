// Test helper: a real recording as a format 3.4 writer would have made it — no prototypes. It
// clears SnapshotFlag.PROTOTYPE_RECORDED (of snapshots, and of shapes, whose prototype it forgets),
// turns PROTOTYPE events into a sized subkind no reader knows (skipped, as a 3.4 reader skips
// them) and writes the header's version as 3.4. Knows framing and the encodings it undoes, nothing else.
import { inflateRawSync } from 'node:zlib';
import {
  EventKind,
  Ext,
  holdsEvents,
  SnapshotFlag,
  Const,
  ValueTag,
  decodeEventWords,
  eventHeader,
  extFieldOffset,
  valueWord,
  readTrace,
} from '../../../runtime/format';
import { concatBytes, encodeHeader, encodeRecord } from '../traceFile';
import { walkEvents } from './trace';

/** A sized EXT subkind no version assigns: readers skip it by its length word. */
const UNKNOWN_SIZED_SUBKIND = 63;
const SHAPE_TYPE = extFieldOffset('SHAPE', 'typeAndFlags');
/** The SHAPE body's first value: always one word (an object, a builtin's number, undefined). */
const SHAPE_PROTOTYPE = extFieldOffset('SHAPE', 'body');
const UNDEFINED = valueWord(ValueTag.CONST, Const.UNDEFINED);

export function withoutPrototypes(bytes: Uint8Array): Uint8Array {
  const contents = readTrace(bytes, { inflate: (data) => inflateRawSync(data) });
  const records = contents.records.map((record) => {
    const base = { type: record.type, flags: 0, producerId: record.producerId, sequence: record.sequence };
    if (!holdsEvents(record.type)) return encodeRecord({ ...base, payload: record.payload });
    const words = decodeEventWords({ ...record, flags: 0 }).slice();
    for (const event of walkEvents(words)) {
      if (event.kind !== EventKind.EXT) continue;
      if (event.probe === Ext.SNAPSHOT) words[event.offset + 2] &= ~SnapshotFlag.PROTOTYPE_RECORDED;
      if (event.probe === Ext.PROTOTYPE) words[event.offset] = eventHeader(EventKind.EXT, UNKNOWN_SIZED_SUBKIND);
      // A shape (format 3.12) names its objects' prototype as a PROTOTYPE event would: unknown too.
      if (event.probe === Ext.SHAPE) {
        words[event.offset + SHAPE_TYPE] &= ~SnapshotFlag.PROTOTYPE_RECORDED;
        words[event.offset + SHAPE_PROTOTYPE] = UNDEFINED;
      }
    }
    return encodeRecord({ ...base, payload: new Uint8Array(words.buffer) });
  });
  return concatBytes([encodeHeader(contents.header, { major: 3, minor: 4 }), ...records]);
}
