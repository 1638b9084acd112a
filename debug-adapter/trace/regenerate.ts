// A trace recorded with leaf calls (recorder option leafCalls, issue 9 §2) made into the trace a
// full recording gives: each EXT LEAF_CALL event is replaced by the events its call regenerates
// (regenerateCall.ts), and the event counts other records quote (TIME samples, LOST positions, END
// totals) are moved by the events added before them. Replay then reads an ordinary trace, so
// stepping, variables, breakpoints and the timeline need no code of their own. Knows records and
// event boundaries; not what the regenerated events mean.
import {
  EventKind,
  Ext,
  KIND_MASK,
  MAX_RECORD_PAYLOAD,
  RecordType,
  decodeEventWords,
  holdsEvents,
  decodeFile,
  decodeJsonPayload,
  decodeValue,
  eventEnd,
  readTrace,
  valueLength,
  type EndInfo,
  type LeafFunction,
  type LostInfo,
  type TimeSample,
  type TraceRecord,
} from '../../runtime/format';
import { encodeFileHeader, encodeRecord, jsonPayload } from '../../runtime/format/recordWriter';
import { LeafRegenerator, RegenerationError, type LeafValue } from './regenerateCall';

export { RegenerationError };

const LEAF_HEADER = (Ext.LEAF_CALL << 4) | EventKind.EXT;
const LEAF_READS_HEADER = (Ext.LEAF_READS << 4) | EventKind.EXT;
/** [hdr, n, functionProbe, frameId, …values]: where the values start. */
const LEAF_VALUES_AT = 4;
/** LEAF_READS: [hdr, n, functionProbe, frameId, argumentCount, …values]. */
const LEAF_READS_COUNT_AT = 4;
const LEAF_READS_VALUES_AT = 5;
/** Output EVENTS payloads are cut below this many words (whole events), well under a record's limit. */
const OUTPUT_RECORD_WORDS = Math.min(MAX_RECORD_PAYLOAD / 4, 4 << 20);

export interface RegeneratedTrace {
  bytes: Uint8Array;
  /** Leaf calls regenerated, and the events they became. */
  calls: number;
  events: number;
}

/** Whether the recording was made with leaf calls (its header's options say so): only such a trace has any. */
export function recordedWithLeafCalls(options: Record<string, unknown>): boolean {
  return options.leafCalls === true;
}

/** Per producer: its leaves by function probe, and where its added events fall. */
class ProducerState {
  readonly leaves = new Map<number, { leaf: LeafFunction; probeBase: number }>();
  regenerator: LeafRegenerator | undefined;
  /** Events of the recording seen so far (PAD left out), and events added before each leaf call. */
  recordedEvents = 0;
  readonly leafAt: number[] = [];
  readonly addedBefore: number[] = [];
  added = 0;
  sequence = 0;

  /** An event count of the recording, as a count of the regenerated trace. */
  moved(recordedCount: number): number {
    // Events added by leaf calls before `recordedCount` (binary search over ascending leafAt).
    let low = 0;
    let high = this.leafAt.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.leafAt[middle] < recordedCount) low = middle + 1;
      else high = middle;
    }
    return recordedCount + (low === 0 ? 0 : this.addedBefore[low - 1]);
  }
}

/**
 * The trace `bytes` with every leaf call regenerated. Throws RegenerationError when a call cannot
 * be (its leaf is unknown, or its regenerated return value is not the recorded one): a wrong step
 * is worse than none.
 */
export function regenerateLeafCalls(
  bytes: Uint8Array,
  inflate?: (bytes: Uint8Array, maxOutputBytes: number) => Uint8Array,
): RegeneratedTrace {
  const contents = readTrace(bytes, { inflate });
  const producers = new Map<number, ProducerState>();
  const producer = (id: number): ProducerState => {
    let state = producers.get(id);
    if (!state) producers.set(id, (state = new ProducerState()));
    return state;
  };
  // Probe tables first: a FILE record may follow events that use it.
  for (const record of contents.records) {
    if (record.type !== RecordType.FILE) continue;
    const file = decodeFile(record);
    const state = producer(record.producerId);
    for (const leaf of file.leaves ?? [])
      state.leaves.set(file.probeBase + leaf.probe, { leaf, probeBase: file.probeBase });
  }
  let calls = 0;
  let events = 0;
  // EVENTS first, in order, so the moved counts of every TIME/LOST/END are known before they are written.
  const eventRecords = new Map<TraceRecord, Uint8Array[]>();
  for (const record of contents.records) {
    if (!holdsEvents(record.type)) continue;
    const state = producer(record.producerId);
    state.regenerator ??= new LeafRegenerator(state.leaves);
    const result = regenerateRecord(decodeEventWords(record), state);
    calls += result.calls;
    events += result.events;
    eventRecords.set(record, result.payloads);
  }
  // Its header no longer says leafCalls (nothing to regenerate), but how many calls were.
  const { leafCalls: _leafCalls, ...options } = contents.header.options;
  const out: Uint8Array[] = [
    encodeFileHeader({ ...contents.header, options: { ...options, leafCallsRegenerated: calls } }),
  ];
  for (const record of contents.records) {
    const state = producer(record.producerId);
    const payloads = eventRecords.get(record) ?? [movedPayload(record, state)];
    for (const payload of payloads) {
      const fields = { type: record.type as RecordType, producerId: record.producerId, sequence: state.sequence++ };
      out.push(encodeRecord(fields, payload));
    }
  }
  return { bytes: concat(out), calls, events };
}

/** One EVENTS record's words with its leaf calls regenerated, cut into payloads of whole events. */
function regenerateRecord(
  words: Int32Array,
  state: ProducerState,
): { payloads: Uint8Array[]; calls: number; events: number } {
  const payloads: Uint8Array[] = [];
  let pending: number[] = [];
  let calls = 0;
  let events = 0;
  const flush = () => {
    if (pending.length) payloads.push(new Uint8Array(Int32Array.from(pending).buffer));
    pending = [];
  };
  for (let offset = 0; offset < words.length;) {
    const end = eventEnd(words, offset);
    const header = words[offset];
    if ((header & KIND_MASK) !== EventKind.PAD) state.recordedEvents++;
    if (header !== LEAF_HEADER && header !== LEAF_READS_HEADER) {
      for (let at = offset; at < end; at++) pending.push(words[at]);
    } else {
      const call = regenerateLeaf(words, offset, end, state, header === LEAF_READS_HEADER);
      for (const word of call.words) pending.push(word);
      state.leafAt.push(state.recordedEvents - 1);
      state.added += call.events - 1;
      state.addedBefore.push(state.added);
      calls++;
      events += call.events;
    }
    if (pending.length >= OUTPUT_RECORD_WORDS) flush();
    offset = end;
  }
  flush();
  // An EVENTS record with no words stays one (empty) record: sequences keep their meaning.
  if (payloads.length === 0) payloads.push(new Uint8Array(0));
  return { payloads, calls, events };
}

function regenerateLeaf(
  words: Int32Array,
  offset: number,
  end: number,
  state: ProducerState,
  reads: boolean,
): { words: number[]; events: number } {
  const functionProbe = words[offset + 2];
  const frame = words[offset + 3];
  const values: LeafValue[] = [];
  const resultAt = offset + (reads ? LEAF_READS_VALUES_AT : LEAF_VALUES_AT);
  for (let at = resultAt; at < end; at += valueLength(words, at))
    values.push(leafValue(words, at, functionProbe, reads));
  const resultWords = words.subarray(resultAt, resultAt + valueLength(words, resultAt));
  // LEAF_CALL: the values after the result are its arguments; LEAF_READS says how many are, the rest were read.
  const argumentEnd = reads ? 1 + words[offset + LEAF_READS_COUNT_AT] : values.length;
  if (argumentEnd > values.length) throw new RegenerationError(`a leaf call of probe ${functionProbe} is cut short`);
  return state.regenerator!.regenerate(
    functionProbe,
    frame,
    values.slice(1, argumentEnd),
    resultWords,
    values.slice(argumentEnd),
  );
}

/**
 * One value of a leaf event: a number, boolean, null or undefined; and in LEAF_READS also an object
 * the recording knows (its OBJECT word, an argument) or one only read from (NOT_CAPTURED, a read).
 */
function leafValue(words: Int32Array, at: number, functionProbe: number, reads: boolean): LeafValue {
  const decoded = decodeValue(words, at, () => undefined);
  switch (decoded.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'boolean':
    case 'number':
      return decoded.value;
    case 'object':
      if (reads) return { objectWord: words[at] };
      break;
    case 'notCaptured':
      if (reads && (decoded.typeofName === 'object' || decoded.typeofName === 'function')) return { objectWord: -1 };
      break;
  }
  throw new RegenerationError(`a leaf call of probe ${functionProbe} holds a ${decoded.type}`);
}

/** A record other than EVENTS, its event counts moved past the regenerated events. */
function movedPayload(record: TraceRecord, state: ProducerState): Uint8Array {
  switch (record.type) {
    case RecordType.TIME: {
      const sample = decodeJsonPayload(record) as TimeSample;
      return jsonPayload({ ...sample, eventIndex: state.moved(sample.eventIndex) });
    }
    case RecordType.LOST: {
      const lost = decodeJsonPayload(record) as LostInfo;
      return jsonPayload({ ...lost, afterEvent: state.moved(lost.afterEvent) });
    }
    case RecordType.END: {
      const end = decodeJsonPayload(record) as EndInfo;
      return jsonPayload({ ...end, eventsEmitted: end.eventsEmitted + state.added });
    }
    default:
      return record.payload;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}
