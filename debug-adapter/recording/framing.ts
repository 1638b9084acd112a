// Writing the framing of runtime/format/records.ts for the collector: the merged trace's header
// and records re-framed under a collector-assigned producer id with a recomputed CRC. Knows
// nothing of sockets or files; payloads pass through untouched.
import * as zlib from 'node:zlib';
import {
  crc32, FILE_HEADER_FIXED_BYTES, RECORD_PREFIX_BYTES, RECORD_SUFFIX_BYTES, TRACE_MAGIC,
  type TraceHeader, type TraceVersion,
} from '../../runtime/format';

export interface FramedRecordFields {
  type: number;
  flags: number;
  producerId: number;
  sequence: number;
  payload: Uint8Array;
}

export function encodeTraceHeader(header: TraceHeader, version: TraceVersion): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const bytes = Buffer.alloc(FILE_HEADER_FIXED_BYTES + json.length + RECORD_SUFFIX_BYTES);
  Buffer.from(TRACE_MAGIC).copy(bytes, 0);
  bytes.writeUInt16LE(version.major, 4);
  bytes.writeUInt16LE(version.minor, 6);
  bytes.writeUInt32LE(json.length, 8);
  json.copy(bytes, FILE_HEADER_FIXED_BYTES);
  bytes.writeUInt32LE(crc32(json), FILE_HEADER_FIXED_BYTES + json.length);
  return bytes;
}

export function frameRecord(fields: FramedRecordFields): Buffer {
  const payloadBytes = fields.payload.length;
  const bytes = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + payloadBytes + RECORD_SUFFIX_BYTES);
  bytes.writeUInt32LE(payloadBytes, 0);
  bytes.writeUInt8(fields.type, 4);
  bytes.writeUInt8(fields.flags, 5);
  bytes.writeUInt16LE(fields.producerId, 6);
  bytes.writeUInt32LE(fields.sequence >>> 0, 8);
  bytes.set(fields.payload, RECORD_PREFIX_BYTES);
  const crcEnd = RECORD_PREFIX_BYTES + payloadBytes;
  bytes.writeUInt32LE(nativeCrc32(bytes, 4, crcEnd), crcEnd);
  return bytes;
}

/** zlib.crc32 (Node ≥ 20.15/22.2) is the same polynomial and far faster; fall back to the pure one. */
export function nativeCrc32(bytes: Uint8Array, start: number, end: number): number {
  return zlibCrc32 ? zlibCrc32(bytes.subarray(start, end)) >>> 0 : crc32(bytes, start, end);
}

type Crc32Function = (data: Uint8Array, value?: number) => number;
const zlibCrc32 = (zlib as { crc32?: Crc32Function }).crc32;

export function jsonRecordPayload(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
