// Writing the framing of records.ts: the file header and one record at a time, into bytes. Pure:
// the checksum function is injected so the recorder's drain can pass Node's native zlib.crc32
// (same polynomial as crc32.ts, which is the default). Knows nothing of sinks or of event meaning.
import { crc32 as pureCrc32 } from './crc32';
import {
  FILE_HEADER_FIXED_BYTES,
  RECORD_PREFIX_BYTES,
  RECORD_SUFFIX_BYTES,
  type RecordType,
  type TraceHeader,
} from './records';
import { FORMAT_MAJOR, FORMAT_MINOR, TRACE_MAGIC } from './version';

/** crc32(bytes, previous) → CRC-32/IEEE; zlib.crc32 has this signature. */
export type Crc32Function = (bytes: Uint8Array, previous?: number) => number;

const defaultCrc: Crc32Function = (bytes, previous = 0) => pureCrc32(bytes, 0, bytes.length, previous);

/**
 * UTF-8 of a string without TextEncoder (the format's lib is ES2022 only). Two passes — count,
 * then fill one Uint8Array — so a large payload (a FILE record of a big file's probe table) costs
 * its own size once, not a JS array of one number per byte (issue 10 item 2).
 */
export function encodeUtf8(text: string): Uint8Array {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = codePointAt(text, index);
    if (code > 0xffff) index++;
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let index = 0; index < text.length; index++) {
    const code = codePointAt(text, index);
    if (code < 0x80) bytes[at++] = code;
    else if (code < 0x800) {
      bytes[at++] = 0xc0 | (code >> 6);
      bytes[at++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[at++] = 0xe0 | (code >> 12);
      bytes[at++] = 0x80 | ((code >> 6) & 63);
      bytes[at++] = 0x80 | (code & 63);
    } else {
      index++;
      bytes[at++] = 0xf0 | (code >> 18);
      bytes[at++] = 0x80 | ((code >> 12) & 63);
      bytes[at++] = 0x80 | ((code >> 6) & 63);
      bytes[at++] = 0x80 | (code & 63);
    }
  }
  return bytes;
}

/** The code point at `index` (a pair's first unit reads the pair); a lone surrogate has no UTF-8 form: U+FFFD. */
function codePointAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
    const next = text.charCodeAt(index + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
  }
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
}

function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

/** The file header: magic, version, header JSON and its CRC. */
export function encodeFileHeader(header: TraceHeader, crc: Crc32Function = defaultCrc): Uint8Array {
  const json = encodeUtf8(JSON.stringify(header));
  const bytes = new Uint8Array(FILE_HEADER_FIXED_BYTES + json.length + 4);
  bytes.set(TRACE_MAGIC, 0);
  bytes[4] = FORMAT_MAJOR & 0xff;
  bytes[5] = FORMAT_MAJOR >>> 8;
  bytes[6] = FORMAT_MINOR & 0xff;
  bytes[7] = FORMAT_MINOR >>> 8;
  putU32(bytes, 8, json.length);
  bytes.set(json, FILE_HEADER_FIXED_BYTES);
  putU32(bytes, FILE_HEADER_FIXED_BYTES + json.length, crc(json));
  return bytes;
}

export interface RecordFields {
  type: RecordType;
  flags?: number;
  producerId: number;
  sequence: number;
}

/** Bytes a record with this payload length occupies. */
function recordSizeBytes(payloadBytes: number): number {
  return RECORD_PREFIX_BYTES + payloadBytes + RECORD_SUFFIX_BYTES;
}

/**
 * Writes one record into `out` at `at` (which must have recordSizeBytes(payload.length) bytes) and
 * returns the offset past it.
 */
function writeRecord(
  out: Uint8Array,
  at: number,
  fields: RecordFields,
  payload: Uint8Array,
  crc: Crc32Function = defaultCrc,
): number {
  putU32(out, at, payload.length);
  out[at + 4] = fields.type;
  out[at + 5] = fields.flags ?? 0;
  out[at + 6] = fields.producerId & 0xff;
  out[at + 7] = (fields.producerId >>> 8) & 0xff;
  putU32(out, at + 8, fields.sequence);
  out.set(payload, at + RECORD_PREFIX_BYTES);
  const end = at + RECORD_PREFIX_BYTES + payload.length;
  // The checksum covers type..payload: bytes [at+4, end).
  putU32(out, end, crc(out.subarray(at + 4, end)));
  return end + RECORD_SUFFIX_BYTES;
}

/** One record as its own byte array. */
export function encodeRecord(fields: RecordFields, payload: Uint8Array, crc: Crc32Function = defaultCrc): Uint8Array {
  const out = new Uint8Array(recordSizeBytes(payload.length));
  writeRecord(out, 0, fields, payload, crc);
  return out;
}

/** A JSON record payload (PRODUCER, FILE, LOST, TIME, END, NOTE). */
export function jsonPayload(value: unknown): Uint8Array {
  return encodeUtf8(JSON.stringify(value));
}
