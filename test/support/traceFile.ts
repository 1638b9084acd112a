// Test helper: builds trace bytes by the framing of runtime/format/records.ts, independently of the
// recorder's writer, so reader and collector tests can make well-formed and damaged traces.
// Knows framing only; event words are built by the tests themselves.
import { crc32, FORMAT_MAJOR, FORMAT_MINOR, RecordType, TRACE_MAGIC, type TraceHeader } from '../../runtime/format';

export interface TestRecord {
  type: number;
  flags?: number;
  producerId?: number;
  sequence?: number;
  payload: Uint8Array;
}

const encoder = new TextEncoder();

export function testHeader(overrides: Partial<TraceHeader> = {}): TraceHeader {
  return {
    sessionId: 'test-session',
    pid: 1234,
    threadId: 0,
    nodeVersion: 'v20.0.0',
    startWallTimeMs: 1_700_000_000_000,
    argv: ['node', 'program.js'],
    cwd: '/work',
    options: { level: 'full' },
    ...overrides,
  };
}

function putU32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
  bytes[at + 2] = (value >>> 16) & 0xff;
  bytes[at + 3] = (value >>> 24) & 0xff;
}

export function encodeHeader(header: TraceHeader, version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR }): Uint8Array {
  const json = encoder.encode(JSON.stringify(header));
  const bytes = new Uint8Array(12 + json.length + 4);
  bytes.set(TRACE_MAGIC, 0);
  bytes[4] = version.major & 0xff;
  bytes[5] = version.major >>> 8;
  bytes[6] = version.minor & 0xff;
  bytes[7] = version.minor >>> 8;
  putU32(bytes, 8, json.length);
  bytes.set(json, 12);
  putU32(bytes, 12 + json.length, crc32(json));
  return bytes;
}

export function encodeRecord(record: TestRecord): Uint8Array {
  const bytes = new Uint8Array(12 + record.payload.length + 4);
  putU32(bytes, 0, record.payload.length);
  bytes[4] = record.type;
  bytes[5] = record.flags ?? 0;
  bytes[6] = (record.producerId ?? 0) & 0xff;
  bytes[7] = (record.producerId ?? 0) >>> 8;
  putU32(bytes, 8, record.sequence ?? 0);
  bytes.set(record.payload, 12);
  putU32(bytes, 12 + record.payload.length, crc32(bytes, 4, 12 + record.payload.length));
  return bytes;
}

export function jsonPayload(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function wordsPayload(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  words.forEach((word, index) => putU32(bytes, index * 4, word >>> 0));
  return bytes;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** A whole trace: header then records, sequences numbered per producer when not given. */
export function buildTrace(records: readonly TestRecord[], header = testHeader()): Uint8Array {
  const sequences = new Map<number, number>();
  const framed = records.map((record) => {
    const producerId = record.producerId ?? 0;
    const sequence = record.sequence ?? sequences.get(producerId) ?? 0;
    sequences.set(producerId, sequence + 1);
    return encodeRecord({ ...record, producerId, sequence });
  });
  return concatBytes([encodeHeader(header), ...framed]);
}

export function endRecord(producerId = 0, reason = 'exit', exitCode: number | null = 0): TestRecord {
  return {
    type: RecordType.END,
    producerId,
    payload: jsonPayload({ reason, exitCode, eventsEmitted: 0, eventsLost: 0 }),
  };
}
