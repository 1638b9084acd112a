// Decoding the payload of one record the reader returned: JSON records (PRODUCER, FILE, LOST, TIME,
// END, NOTE, and the file header) and EVENTS words. Pure: no Node, no TextDecoder (the format's
// lib is ES2022 only), so UTF-8 is decoded here. Knows nothing of framing or where bytes come from.
import { TraceFormatError } from './errors';
import { RecordFlag, RecordType, type EndInfo, type LostInfo, type NoteInfo, type ProducerInfo, type TimeSample } from './records';
import type { RegisteredFile } from './probes';

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

/** UTF-8 → string; malformed sequences become U+FFFD (like TextDecoder without `fatal`). */
export function decodeUtf8(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  let units: number[] = [];
  let index = start;
  while (index < end) {
    const lead = bytes[index];
    let codePoint = REPLACEMENT;
    let width = 1;
    if (lead < 0x80) codePoint = lead;
    else if (lead >= 0xc2 && lead < 0xe0) [codePoint, width] = continuation(bytes, index, end, lead & 0x1f, 1, 0x80);
    else if (lead >= 0xe0 && lead < 0xf0) [codePoint, width] = continuation(bytes, index, end, lead & 0x0f, 2, 0x800);
    else if (lead >= 0xf0 && lead < 0xf5) [codePoint, width] = continuation(bytes, index, end, lead & 0x07, 3, 0x10000);
    index += width;
    if (codePoint > 0xffff) {
      codePoint -= 0x10000;
      units.push(0xd800 | (codePoint >> 10), 0xdc00 | (codePoint & 0x3ff));
    } else units.push(codePoint);
    if (units.length >= CHUNK_UNITS) { text += String.fromCharCode(...units); units = []; }
  }
  return text + String.fromCharCode(...units);
}

/** Reads `count` continuation bytes; on any defect returns U+FFFD consuming only the lead byte. */
function continuation(bytes: Uint8Array, at: number, end: number, bits: number, count: number, minimum: number): [number, number] {
  if (at + count >= end) return [REPLACEMENT, 1];
  let codePoint = bits;
  for (let offset = 1; offset <= count; offset++) {
    const byte = bytes[at + offset];
    if ((byte & 0xc0) !== 0x80) return [REPLACEMENT, 1];
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  // Overlong forms, surrogates and code points past U+10FFFF are malformed in UTF-8.
  if (codePoint < minimum || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return [REPLACEMENT, 1];
  return [codePoint, count + 1];
}

/** JSON.parse of a UTF-8 payload; a failure names the record's offset. */
export function decodeJsonPayload(record: RecordPayloadSource): unknown {
  refuseCompressed(record);
  try {
    return JSON.parse(decodeUtf8(record.payload));
  } catch (error) {
    throw new TraceFormatError(`record type ${record.type} holds invalid JSON (${(error as Error).message})`, record.byteOffset, 'byte');
  }
}

function jsonObject(record: RecordPayloadSource, expected: number, keys: readonly string[]): Record<string, unknown> {
  if (record.type !== expected) throw new TraceFormatError(`expected record type ${expected}, found ${record.type}`, record.byteOffset, 'byte');
  const value = decodeJsonPayload(record);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFormatError(`record type ${record.type} does not hold a JSON object`, record.byteOffset, 'byte');
  }
  const object = value as Record<string, unknown>;
  for (const key of keys) {
    if (!(key in object)) throw new TraceFormatError(`record type ${record.type} lacks "${key}"`, record.byteOffset, 'byte');
  }
  return object;
}

export function decodeProducer(record: RecordPayloadSource): ProducerInfo {
  return jsonObject(record, RecordType.PRODUCER, ['producerId', 'pid']) as unknown as ProducerInfo;
}
export function decodeFile(record: RecordPayloadSource): RegisteredFile {
  return jsonObject(record, RecordType.FILE, ['path', 'probeBase', 'probes']) as unknown as RegisteredFile;
}
export function decodeLost(record: RecordPayloadSource): LostInfo {
  return jsonObject(record, RecordType.LOST, ['lostEvents', 'reason']) as unknown as LostInfo;
}
export function decodeTime(record: RecordPayloadSource): TimeSample {
  return jsonObject(record, RecordType.TIME, ['eventIndex', 'wallTimeMs']) as unknown as TimeSample;
}
export function decodeEnd(record: RecordPayloadSource): EndInfo {
  return jsonObject(record, RecordType.END, ['reason']) as unknown as EndInfo;
}
export function decodeNote(record: RecordPayloadSource): NoteInfo {
  return jsonObject(record, RecordType.NOTE, ['level', 'message']) as unknown as NoteInfo;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * An EVENTS payload as 32-bit little-endian words. A view when the payload is aligned (no copy);
 * a copy when it is not (a payload inside a file buffer starts wherever the record does).
 */
export function decodeEventWords(record: RecordPayloadSource): Int32Array {
  if (record.type !== RecordType.EVENTS) throw new TraceFormatError(`expected an EVENTS record, found type ${record.type}`, record.byteOffset, 'byte');
  refuseCompressed(record);
  const { payload } = record;
  if (payload.length % 4 !== 0) throw new TraceFormatError(`EVENTS payload of ${payload.length} bytes is not whole words`, record.byteOffset, 'byte');
  const wordCount = payload.length / 4;
  if (!LITTLE_ENDIAN_HOST) return swappedWords(payload, wordCount);
  if (payload.byteOffset % 4 === 0) return new Int32Array(payload.buffer, payload.byteOffset, wordCount);
  return new Int32Array(payload.slice().buffer, 0, wordCount);
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
    throw new TraceFormatError('record payload is DEFLATE-compressed; read the trace with an inflate option', record.byteOffset, 'byte');
  }
}
