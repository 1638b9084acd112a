// Framing for the collector on Node: the merged trace's header and records re-framed under a
// collector-assigned producer id, through the format's own writer (recordWriter.ts) with Node's
// native CRC. Knows nothing of sockets or files; payloads pass through untouched.
import * as zlib from 'node:zlib';
import { crc32, type ProducerInfo, type RecordType, type TraceHeader } from '../../runtime/format';
import { encodeFileHeader, encodeRecord } from '../../runtime/format/recordWriter';

export interface FramedRecordFields {
  type: number;
  flags: number;
  producerId: number;
  sequence: number;
  payload: Uint8Array;
}

type Crc32Function = (data: Uint8Array, previous?: number) => number;
/** zlib.crc32 (Node ≥ 20.15) is the same polynomial as crc32.ts and far faster. */
const zlibCrc32 = (zlib as { crc32?: Crc32Function }).crc32;
const writerCrc: Crc32Function = zlibCrc32
  ? (bytes, previous) => zlibCrc32(bytes, previous) >>> 0
  : (bytes, previous = 0) => crc32(bytes, 0, bytes.length, previous);

/** CRC-32 over bytes[start, end): the reader's `checksum` option on Node. */
export function nativeCrc32(bytes: Uint8Array, start: number, end: number): number {
  return zlibCrc32 ? zlibCrc32(bytes.subarray(start, end)) >>> 0 : crc32(bytes, start, end);
}

/** The merged trace's header: the first producer's, in this build's format version. */
export function encodeTraceHeader(header: TraceHeader): Uint8Array {
  return encodeFileHeader(header, writerCrc);
}

export function frameRecord(fields: FramedRecordFields): Uint8Array {
  const { payload, type, ...rest } = fields;
  return encodeRecord({ ...rest, type: type as RecordType }, payload, writerCrc);
}

export function jsonRecordPayload(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** A PRODUCER record's fields as a producer's header gives them (a producer that sent none of its own). */
export function producerFromHeader(header: TraceHeader & { ppid?: number }, producerId: number): ProducerInfo {
  return {
    producerId,
    pid: header.pid,
    ppid: header.ppid ?? -1,
    threadId: header.threadId,
    argv: header.argv,
    nodeVersion: header.nodeVersion,
    startWallTimeMs: header.startWallTimeMs,
  };
}
