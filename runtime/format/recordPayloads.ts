// Decoding the payload of one record the reader returned: JSON records (PRODUCER, FILE, LOST, TIME,
// END, NOTE, and the file header) and EVENTS words. Pure: no Node, no TextDecoder (the format's
// lib is ES2022 only), so UTF-8 is decoded here. Knows nothing of framing or where bytes come from.
import { expandCompactEvents } from './compactEvents';
import { TraceFormatError } from './errors';
import {
  RECORD_PREFIX_BYTES,
  RecordFlag,
  RecordType,
  holdsEvents,
  type EndInfo,
  type LostInfo,
  type NoteInfo,
  type ProducerInfo,
  type TimeSample,
} from './records';
import type { ProbesPart, RegisteredFile } from './probes';
import {
  END_SCHEMA,
  FILE_SCHEMA,
  LOST_SCHEMA,
  NOTE_SCHEMA,
  PROBES_SCHEMA,
  PRODUCER_SCHEMA,
  TIME_SCHEMA,
  schemaProblem,
  type Schema,
} from './payloadChecks';

/** The parts of a record the payload decoders need (TraceRecord satisfies it). */
export interface RecordPayloadSource {
  type: number;
  flags: number;
  payload: Uint8Array;
  /** Offset of the record in the file, so errors can name it (TR-07). */
  byteOffset: number;
}

const REPLACEMENT = 0xfffd;
const CHUNK_UNITS = 4096;

/**
 * UTF-8 → string exactly as TextDecoder (non-fatal) does: the WHATWG state machine, so each
 * maximal malformed subpart becomes one U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  let units: number[] = [];
  let codePoint = 0,
    needed = 0,
    seen = 0,
    lower = 0x80,
    upper = 0xbf;
  const emit = (value: number) => {
    if (value > 0xffff) units.push(0xd800 | ((value - 0x10000) >> 10), 0xdc00 | ((value - 0x10000) & 0x3ff));
    else units.push(value);
    if (units.length >= CHUNK_UNITS) {
      text += String.fromCharCode(...units);
      units = [];
    }
  };
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (needed === 0) {
      if (byte < 0x80) emit(byte);
      else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        codePoint = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        // E0 and ED narrow the next byte's range: no overlong forms, no surrogates.
        if (byte === 0xe0) lower = 0xa0;
        if (byte === 0xed) upper = 0x9f;
        needed = 2;
        codePoint = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        codePoint = byte & 0x07;
      } else emit(REPLACEMENT);
      continue;
    }
    if (byte < lower || byte > upper) {
      // The malformed subpart ends before this byte, which starts afresh.
      codePoint = needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(REPLACEMENT);
      index--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    codePoint = (codePoint << 6) | (byte & 0x3f);
    if (++seen === needed) {
      emit(codePoint);
      codePoint = needed = seen = 0;
    }
  }
  if (needed) emit(REPLACEMENT);
  return text + String.fromCharCode(...units);
}

/** JSON.parse of a UTF-8 payload; a failure names the record's offset. */
export function decodeJsonPayload(record: RecordPayloadSource): unknown {
  refuseCompressed(record);
  try {
    return JSON.parse(decodeUtf8(record.payload));
  } catch (error) {
    throw new TraceFormatError(
      `record type ${record.type} holds invalid JSON (${(error as Error).message})`,
      record.byteOffset,
      'byte',
    );
  }
}

function jsonObject(record: RecordPayloadSource, expected: number, schema: Schema): Record<string, unknown> {
  if (record.type !== expected)
    throw new TraceFormatError(`expected record type ${expected}, found ${record.type}`, record.byteOffset, 'byte');
  const value = decodeJsonPayload(record);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFormatError(`record type ${record.type} does not hold a JSON object`, record.byteOffset, 'byte');
  }
  const object = value as Record<string, unknown>;
  const problem = schemaProblem(object, schema);
  if (problem)
    throw new TraceFormatError(
      `${RECORD_NAMES[record.type] ?? `type ${record.type}`} record ${problem}`,
      record.byteOffset,
      'byte',
    );
  return object;
}

const RECORD_NAMES: Record<number, string> = {
  [RecordType.PRODUCER]: 'PRODUCER',
  [RecordType.FILE]: 'FILE',
  [RecordType.LOST]: 'LOST',
  [RecordType.TIME]: 'TIME',
  [RecordType.END]: 'END',
  [RecordType.NOTE]: 'NOTE',
  [RecordType.PROBES]: 'PROBES',
  [RecordType.PACKED_PROBES]: 'PACKED_PROBES',
};

export function decodeProducer(record: RecordPayloadSource): ProducerInfo {
  return jsonObject(record, RecordType.PRODUCER, PRODUCER_SCHEMA) as unknown as ProducerInfo;
}
export function decodeFile(record: RecordPayloadSource): RegisteredFile {
  return jsonObject(record, RecordType.FILE, FILE_SCHEMA) as unknown as RegisteredFile;
}
export function decodeProbesPart(record: RecordPayloadSource): ProbesPart {
  return jsonObject(record, RecordType.PROBES, PROBES_SCHEMA) as unknown as ProbesPart;
}
export function decodeLost(record: RecordPayloadSource): LostInfo {
  return jsonObject(record, RecordType.LOST, LOST_SCHEMA) as unknown as LostInfo;
}
export function decodeTime(record: RecordPayloadSource): TimeSample {
  return jsonObject(record, RecordType.TIME, TIME_SCHEMA) as unknown as TimeSample;
}
export function decodeEnd(record: RecordPayloadSource): EndInfo {
  return jsonObject(record, RecordType.END, END_SCHEMA) as unknown as EndInfo;
}
export function decodeNote(record: RecordPayloadSource): NoteInfo {
  return jsonObject(record, RecordType.NOTE, NOTE_SCHEMA) as unknown as NoteInfo;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * An EVENTS payload as 32-bit little-endian words. A view when the payload is aligned (no copy);
 * a copy when it is not (a payload inside a file buffer starts wherever the record does). A
 * COMPACT_EVENTS payload comes expanded (compactEvents.ts): word offsets into the result are
 * offsets into the ordinary words, which is what every index and position of a reader counts.
 */
export function decodeEventWords(record: RecordPayloadSource): Int32Array {
  if (!holdsEvents(record.type))
    throw new TraceFormatError(`expected an EVENTS record, found type ${record.type}`, record.byteOffset, 'byte');
  const words = payloadWords(record);
  if (record.type === RecordType.EVENTS) return words;
  return expandCompactEvents(words, record.byteOffset + RECORD_PREFIX_BYTES);
}

function payloadWords(record: RecordPayloadSource): Int32Array {
  refuseCompressed(record);
  const { payload } = record;
  if (payload.length % 4 !== 0)
    throw new TraceFormatError(
      `EVENTS payload of ${payload.length} bytes is not whole words`,
      record.byteOffset,
      'byte',
    );
  const wordCount = payload.length / 4;
  if (!LITTLE_ENDIAN_HOST) return swappedWords(payload, wordCount);
  if (payload.byteOffset % 4 === 0) return new Int32Array(payload.buffer, payload.byteOffset, wordCount);
  // Not payload.slice(): on a Node Buffer that is a view of the same memory, not a copy.
  const copy = new Uint8Array(payload.length);
  copy.set(payload);
  return new Int32Array(copy.buffer, 0, wordCount);
}

function swappedWords(payload: Uint8Array, wordCount: number): Int32Array {
  const words = new Int32Array(wordCount);
  for (let index = 0; index < wordCount; index++) {
    const at = index * 4;
    words[index] = payload[at] | (payload[at + 1] << 8) | (payload[at + 2] << 16) | (payload[at + 3] << 24);
  }
  return words;
}

function refuseCompressed(record: RecordPayloadSource): void {
  if (record.flags & RecordFlag.DEFLATE) {
    throw new TraceFormatError(
      'record payload is DEFLATE-compressed; read the trace with an inflate option',
      record.byteOffset,
      'byte',
    );
  }
}
