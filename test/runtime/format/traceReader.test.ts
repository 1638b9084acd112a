// The trace reader on well-formed input: header, records, completeness, DEFLATE, payload helpers,
// and the incremental stream parser fed the same bytes in every chunking.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeEnd,
  decodeEventWords,
  decodeJsonPayload,
  decodeProducer,
  decodeUtf8,
  readTrace,
  RecordFlag,
  RecordType,
  TraceFormatError,
  TraceStreamParser,
  type TraceRecord,
} from '../../../runtime/format';
import {
  buildTrace,
  encodeRecord,
  endRecord,
  jsonPayload,
  testHeader,
  wordsPayload,
  type TestRecord,
} from '../../support/traceFile';

const producer: TestRecord = {
  type: RecordType.PRODUCER,
  payload: jsonPayload({
    producerId: 0,
    pid: 1234,
    ppid: 1,
    threadId: 0,
    argv: [],
    nodeVersion: 'v20',
    startWallTimeMs: 1,
  }),
};
const events: TestRecord = { type: RecordType.EVENTS, payload: wordsPayload([0x11, 0x21, 7, -1]) };

function summary(records: TraceRecord[]) {
  return records.map((record) => ({
    type: record.type,
    producerId: record.producerId,
    sequence: record.sequence,
    payload: [...record.payload],
  }));
}

describe('readTrace', () => {
  it('reads the header and every record of a complete trace', () => {
    const bytes = buildTrace([producer, events, endRecord(0, 'exit', 0)]);
    const trace = readTrace(bytes);
    expect(trace.header).toEqual(testHeader());
    expect(trace.records.map((record) => record.type)).toEqual([
      RecordType.PRODUCER,
      RecordType.EVENTS,
      RecordType.END,
    ]);
    expect(trace.records.map((record) => record.sequence)).toEqual([0, 1, 2]);
    expect(trace.complete).toBe(true);
    expect(trace.error).toBeUndefined();
    expect(trace.validBytes).toBe(bytes.length);
  });

  it('is incomplete without an END, and when any producer lacks one', () => {
    expect(readTrace(buildTrace([producer, events])).complete).toBe(false);
    const twoProducers = buildTrace([producer, { ...events, producerId: 1 }, endRecord(0)]);
    expect(readTrace(twoProducers).complete).toBe(false);
    expect(readTrace(buildTrace([producer, { ...events, producerId: 1 }, endRecord(0), endRecord(1)])).complete).toBe(
      true,
    );
  });

  it('is incomplete when an END says the producer was killed', () => {
    expect(readTrace(buildTrace([producer, events, endRecord(0, 'killed', null)])).complete).toBe(false);
  });

  it("accepts an injected checksum (Node's zlib.crc32) with the same results", () => {
    const bytes = buildTrace([producer, events, endRecord()]);
    const native = readTrace(bytes, { checksum: (input, start, end) => crc32(input.subarray(start, end)) });
    expect(summary(native.records)).toEqual(summary(readTrace(bytes).records));
    const damaged = bytes.slice();
    damaged[native.records[1].byteOffset + 13] ^= 1;
    expect(
      readTrace(damaged, { checksum: (input, start, end) => crc32(input.subarray(start, end)) }).error?.message,
    ).toBe('record checksum mismatch');
  });

  it('reports record byte offsets that point at each record', () => {
    const bytes = buildTrace([producer, events, endRecord()]);
    for (const record of readTrace(bytes).records) {
      const length = bytes[record.byteOffset] | (bytes[record.byteOffset + 1] << 8);
      expect(length).toBe(record.payload.length);
      expect(bytes[record.byteOffset + 4]).toBe(record.type);
    }
  });

  it('inflates DEFLATE records when given an inflater, and the payload helpers refuse them without one', () => {
    const plain = jsonPayload({ reason: 'exit', exitCode: 0, eventsEmitted: 5, eventsLost: 0 });
    const bytes = buildTrace([{ type: RecordType.END, flags: RecordFlag.DEFLATE, payload: deflateRawSync(plain) }]);
    const inflated = readTrace(bytes, { inflate: (input) => inflateRawSync(input) });
    expect(decodeEnd(inflated.records[0])).toMatchObject({ reason: 'exit', eventsEmitted: 5 });
    expect(inflated.records[0].flags & RecordFlag.DEFLATE).toBe(0);
    const raw = readTrace(bytes);
    expect(() => decodeEnd(raw.records[0])).toThrow(/DEFLATE/);
  });
});

describe('payload helpers', () => {
  it('decodes JSON records and names the offset of a bad one', () => {
    const trace = readTrace(buildTrace([producer, { type: RecordType.NOTE, payload: new Uint8Array([0x7b]) }]));
    expect(decodeProducer(trace.records[0]).pid).toBe(1234);
    expect(() => decodeJsonPayload(trace.records[1])).toThrow(TraceFormatError);
    expect(() => decodeJsonPayload(trace.records[1])).toThrow(new RegExp(`byte offset ${trace.records[1].byteOffset}`));
  });

  it('returns EVENTS words little-endian whether or not the payload is aligned', () => {
    // The header JSON length decides the first record's alignment: try several.
    for (let pad = 0; pad < 4; pad++) {
      const trace = readTrace(buildTrace([events], testHeader({ cwd: '/w' + 'x'.repeat(pad) })));
      expect([...decodeEventWords(trace.records[0])]).toEqual([0x11, 0x21, 7, -1]);
    }
  });

  it('copies an unaligned payload even when the input is a Node Buffer (whose slice() is a view)', () => {
    for (let pad = 0; pad < 4; pad++) {
      const bytes = Buffer.from(buildTrace([events], testHeader({ cwd: '/w' + 'x'.repeat(pad) })));
      expect([...decodeEventWords(readTrace(bytes).records[0])]).toEqual([0x11, 0x21, 7, -1]);
    }
  });

  it('refuses an EVENTS payload that is not whole words', () => {
    const trace = readTrace(buildTrace([{ type: RecordType.EVENTS, payload: new Uint8Array(6) }]));
    expect(() => decodeEventWords(trace.records[0])).toThrow(/not whole words/);
  });

  it('decodes UTF-8 like TextDecoder, including malformed input', () => {
    const samples = ['', 'plain', 'é ü ß', '日本語', '😀 emoji', '\u{10ffff}'];
    for (const text of samples) expect(decodeUtf8(new TextEncoder().encode(text))).toBe(text);
    const malformed = [
      [0xff],
      [0xc3],
      [0xe6, 0x97],
      [0xc0, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x61, 0x80, 0x62],
    ];
    for (const bytes of malformed)
      expect(decodeUtf8(new Uint8Array(bytes))).toBe(new TextDecoder().decode(new Uint8Array(bytes)));
  });
});

describe('TraceStreamParser', () => {
  const bytes = buildTrace([
    producer,
    events,
    { type: RecordType.EVENTS, payload: wordsPayload(Array.from({ length: 300 }, (_, index) => index)) },
    endRecord(),
  ]);
  const expected = summary(readTrace(bytes).records);

  it.each([1, 2, 3, 7, 13, 64, 1000, bytes.length])(
    'yields the same records fed in chunks of %i bytes',
    (chunkBytes) => {
      const parser = new TraceStreamParser();
      const records: TraceRecord[] = [];
      for (let at = 0; at < bytes.length; at += chunkBytes)
        records.push(...parser.push(bytes.slice(at, at + chunkBytes)));
      expect(parser.error).toBeUndefined();
      expect(parser.header).toEqual(testHeader());
      expect(summary(records)).toEqual(expected);
      expect(records.map((record) => record.byteOffset)).toEqual(
        readTrace(bytes).records.map((record) => record.byteOffset),
      );
      expect(parser.validBytes).toBe(bytes.length);
      expect(parser.bufferedBytes).toBe(0);
    },
  );

  it('stops at a corrupt record and ignores what follows', () => {
    const damaged = bytes.slice();
    const second = readTrace(bytes).records[1];
    damaged[second.byteOffset + RECORD_PAYLOAD_START] ^= 0x40;
    const parser = new TraceStreamParser();
    const records = parser.push(damaged);
    expect(records).toHaveLength(1);
    expect(parser.error).toEqual({ message: 'record checksum mismatch', byteOffset: second.byteOffset });
    expect(parser.push(encodeRecord(endRecord()))).toEqual([]);
  });

  it('reports a newer major as an error rather than throwing', () => {
    const parser = new TraceStreamParser();
    const newer = bytes.slice();
    newer[4] = 99;
    expect(parser.push(newer)).toEqual([]);
    expect(parser.error?.message).toMatch(/newer than this reader/);
  });
});

const RECORD_PAYLOAD_START = 12;
