// TR-06 (truncation at every byte offset), TR-07 (bit flips, bad lengths, empty file, random
// bytes) and TR-08 (a newer major is refused) against the reader, on traces built by the framing
// helper. The SIGKILL half of TR-06 runs a real recorded program: test/cli/killedRecording.test.ts.
import { describe, expect, it } from 'vitest';
import {
  FORMAT_MAJOR,
  FORMAT_MINOR,
  MAX_RECORD_PAYLOAD,
  readTrace,
  RecordType,
  TraceFormatError,
  TraceStreamParser,
  type TraceContents,
} from '../../../runtime/format';
import { buildTrace, encodeHeader, endRecord, jsonPayload, testHeader, wordsPayload } from '../../support/traceFile';

const trace = buildTrace([
  {
    type: RecordType.PRODUCER,
    payload: jsonPayload({
      producerId: 0,
      pid: 1,
      ppid: 0,
      threadId: 0,
      argv: [],
      nodeVersion: 'v20',
      startWallTimeMs: 0,
    }),
  },
  {
    type: RecordType.FILE,
    payload: jsonPayload({
      path: '/w/a.js',
      sourceHash: 'ab',
      sourceType: 'commonjs',
      level: 'full',
      probes: [],
      probeBase: 1,
    }),
  },
  { type: RecordType.EVENTS, payload: wordsPayload([0x11, 0x21, 0x31, 0x42, 5]) },
  { type: RecordType.EVENTS, payload: wordsPayload([]) },
  endRecord(0, 'exit', 0),
]);
const whole = readTrace(trace);
const headerBytes = encodeHeader(testHeader()).length;
/** Where each record ends, so a cut can be matched to the records wholly before it. */
const recordEnds = whole.records.map((record) => record.byteOffset + 16 + record.payload.length);

function recordsBefore(cut: number) {
  return whole.records.filter((_, index) => recordEnds[index] <= cut);
}

/** Seeded PRNG (mulberry32) so every fuzz case is reproducible from its index. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Reads, and accepts only the two honest outcomes: a TraceFormatError or a verified prefix. */
function readOrFormatError(bytes: Uint8Array): TraceContents | TraceFormatError {
  try {
    return readTrace(bytes);
  } catch (error) {
    if (error instanceof TraceFormatError) return error;
    throw error;
  }
}

describe('TR-06 truncation at every byte offset', () => {
  it('the whole trace is complete', () => {
    expect(whole.complete).toBe(true);
    expect(whole.records).toHaveLength(5);
  });

  it('every cut inside the header is a clear TraceFormatError, every later cut the longest valid prefix', () => {
    for (let cut = 0; cut < trace.length; cut++) {
      const result = readOrFormatError(trace.slice(0, cut));
      if (cut < headerBytes) {
        expect(result, `cut at ${cut}`).toBeInstanceOf(TraceFormatError);
        expect((result as TraceFormatError).message).toMatch(cut === 0 ? /empty file/ : /header truncated/);
        continue;
      }
      const contents = result as TraceContents;
      const expected = recordsBefore(cut);
      expect(
        contents.records.map((record) => record.byteOffset),
        `cut at ${cut}`,
      ).toEqual(expected.map((record) => record.byteOffset));
      expect(contents.records.map((record) => [...record.payload])).toEqual(
        expected.map((record) => [...record.payload]),
      );
      expect(contents.complete, `cut at ${cut}`).toBe(false);
      const atBoundary = cut === headerBytes || recordEnds.includes(cut);
      expect(contents.error === undefined, `cut at ${cut}`).toBe(atBoundary);
      if (contents.error) expect(contents.error.byteOffset).toBe(contents.validBytes);
    }
  });

  it('the stream parser agrees with the file reader at every cut', () => {
    for (let cut = headerBytes; cut < trace.length; cut++) {
      const parser = new TraceStreamParser();
      const records = parser.push(trace.slice(0, cut));
      expect(records.map((record) => record.byteOffset)).toEqual(recordsBefore(cut).map((record) => record.byteOffset));
      expect(parser.error).toBeUndefined();
    }
  });
});

describe('TR-07 corrupted files', () => {
  it('a single bit flip anywhere is caught at the record that holds it (or the header)', () => {
    for (let bit = 0; bit < trace.length * 8; bit++) {
      const damaged = trace.slice();
      const byte = bit >>> 3;
      damaged[byte] ^= 1 << (bit & 7);
      const result = readOrFormatError(damaged);
      if (byte < headerBytes) {
        // A flipped minor version is still a readable trace (minor changes are additive).
        if (byte === 6 || byte === 7) {
          expect(result).not.toBeInstanceOf(TraceFormatError);
          continue;
        }
        expect(result, `bit ${bit}`).toBeInstanceOf(TraceFormatError);
        expect((result as TraceFormatError).message).toMatch(/byte offset \d+/);
        continue;
      }
      const contents = result as TraceContents;
      const holder = whole.records.findIndex((_, index) => recordEnds[index] > byte);
      expect(contents.records.length, `bit ${bit}`).toBe(holder);
      expect(contents.error?.byteOffset, `bit ${bit}`).toBe(whole.records[holder].byteOffset);
      expect(contents.complete).toBe(false);
    }
  });

  it('refuses a record length past the maximum or past the end without allocating it', () => {
    const firstRecord = whole.records[0].byteOffset;
    for (const length of [0xffffffff, MAX_RECORD_PAYLOAD + 1, MAX_RECORD_PAYLOAD, trace.length]) {
      const damaged = trace.slice();
      new DataView(damaged.buffer).setUint32(firstRecord, length >>> 0, true);
      const before = process.memoryUsage().arrayBuffers;
      const contents = readTrace(damaged);
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
      expect(contents.records).toHaveLength(0);
      expect(contents.error?.byteOffset).toBe(firstRecord);
      expect(contents.error?.message).toMatch(length > MAX_RECORD_PAYLOAD ? /exceeds the maximum/ : /truncated/);
    }
  });

  it('refuses a header length past the maximum', () => {
    const damaged = trace.slice();
    new DataView(damaged.buffer).setUint32(8, 0x7fffffff, true);
    expect(() => readTrace(damaged)).toThrow(/header length 2147483647 exceeds the maximum .* at byte offset 8/);
  });

  it('an empty file and random bytes are clear errors at offset 0', () => {
    expect(() => readTrace(new Uint8Array(0))).toThrow(/empty file.*byte offset 0/);
    const next = random(1);
    for (let sample = 0; sample < 200; sample++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(next() * 4096) }, () => Math.floor(next() * 256));
      if (bytes[0] === 0x52) bytes[0] = 0; // 'R' would start the magic by chance
      expect(() => readTrace(bytes)).toThrow(/not a Rewind trace \(bad magic\) at byte offset 0/);
    }
  });

  it('random bytes after a valid header end the records with an error, never a crash', () => {
    const next = random(2);
    for (let sample = 0; sample < 500; sample++) {
      const tail = Uint8Array.from({ length: Math.floor(next() * 256) }, () => Math.floor(next() * 256));
      const bytes = new Uint8Array(headerBytes + tail.length);
      bytes.set(trace.subarray(0, headerBytes));
      bytes.set(tail, headerBytes);
      const contents = readTrace(bytes);
      expect(contents.complete).toBe(false);
      if (tail.length > 0) expect(contents.error?.byteOffset).toBe(contents.validBytes);
    }
  });

  it('random bytes behind the magic are clear TraceFormatErrors or prefixes', () => {
    const next = random(3);
    for (let sample = 0; sample < 2000; sample++) {
      const bytes = Uint8Array.from({ length: 4 + Math.floor(next() * 64) }, () => Math.floor(next() * 256));
      bytes.set([0x52, 0x57, 0x4e, 0x44], 0);
      bytes[4] = FORMAT_MAJOR;
      bytes[5] = 0;
      const result = readOrFormatError(bytes);
      if (result instanceof TraceFormatError) expect(result.message).toMatch(/\[rewind:trace\] .* at byte offset \d+/);
    }
  });
});

describe('TR-08 versions', () => {
  it('refuses a newer major with a message saying so', () => {
    const newer = buildTrace([endRecord()]);
    newer[4] = FORMAT_MAJOR + 1;
    expect(() => readTrace(newer)).toThrow(
      `trace format ${FORMAT_MAJOR + 1}.${FORMAT_MINOR} is newer than this reader supports (${FORMAT_MAJOR}.${FORMAT_MINOR}); update Rewind to read it`,
    );
  });

  it('reads a newer minor (additive changes) and reports the version', () => {
    const newerMinor = buildTrace([endRecord()]);
    newerMinor[6] = FORMAT_MINOR + 1;
    const contents = readTrace(newerMinor);
    expect(contents.version).toEqual({ major: FORMAT_MAJOR, minor: FORMAT_MINOR + 1 });
    expect(contents.complete).toBe(true);
  });
});
