// Binary probe tables (format 3.11, runtime/format/packedProbes.ts): a table written as the loader
// writes it — a FILE record's JSON header and PACKED_PROBES records — reads back, joined by
// FileParts, as the very probes it was made of; damaged records are refused naming their byte
// offset (TR-07).
import { describe, expect, it } from 'vitest';
import { TraceFormatError, type ProbeInfo, type RegisteredFile } from '../../../runtime/format';
import { FileParts } from '../../../runtime/format/fileParts';
import { packedProbeRecords, packedProbesHeader } from '../../../runtime/format/packedProbes';
import { KINDS, PROBES_PER_CHUNK, packProbeTable } from '../../../runtime/format/probeTable';
import { RECORD_PREFIX_BYTES, RecordType } from '../../../runtime/format/records';
import { ByteReader, ByteWriter } from '../../../runtime/format/varint';

const at = (line1: number, column0: number, endLine1 = line1, endColumn0 = column0 + 3) => ({
  start: { line1, column0 },
  end: { line1: endLine1, column0: endColumn0 },
});

/** Every kind, every other field (booleans both ways), lines and columns that go back, zeros, large numbers. */
function everyShape(): ProbeInfo[] {
  return [
    { kind: 'module', range: at(1, 0, 900_000, 0), functionProbe: -1, functionName: '<module>', paramNames: [] },
    {
      kind: 'function',
      range: at(70_000, 4, 70_010, 1),
      functionProbe: 0,
      functionName: 'Foo.bar',
      paramNames: ['a', 'b', 'π', 'pass"word'],
      isAsync: true,
      isGenerator: false,
      varName: 'bar',
      declarationKind: 'function',
      scopeRange: at(1, 0, 900_000, 0),
      scopeFunctionProbe: -1,
    },
    { kind: 'statement', range: at(0, 0, 0, 0), functionProbe: 1 },
    { kind: 'loopHead', range: at(5, 2 ** 20, 4, 0), functionProbe: 2 ** 27 - 1 },
    { kind: 'return', range: at(70_009, 2), functionProbe: 1, endsFrame: true },
    { kind: 'return', range: at(70_009, 9), functionProbe: 1, endsFrame: false },
    {
      kind: 'write',
      range: at(2 ** 31 - 1, 0),
      functionProbe: 1,
      varName: 'x\ud800',
      declarationKind: 'let',
      scopeFunctionProbe: 1,
      scopeRange: at(70_000, 30, 70_010, 1),
    },
    { kind: 'write', range: at(3, 1), functionProbe: 1 },
    { kind: 'property', range: at(3, 7), functionProbe: 1, propertyKey: 'p', operation: 'set' },
    { kind: 'property', range: at(3, 8), functionProbe: 1, operation: 'delete' },
    { kind: 'mutatorCall', range: at(4, 0), functionProbe: 1, operation: 'push', argumentCount: 0 },
    { kind: 'mutatorCall', range: at(4, 9), functionProbe: 1, operation: 'Object.assign', argumentCount: 2 ** 30 },
    { kind: 'await', range: at(6, 0), functionProbe: 1 },
    { kind: 'yield', range: at(6, 1), functionProbe: 1 },
    { kind: 'throw', range: at(7, 0), functionProbe: 1 },
    { kind: 'catch', range: at(8, 0), functionProbe: 1, varName: 'error', declarationKind: 'catch' },
    // The same fields again: the same set, named by its index.
    { kind: 'return', range: at(9, 0), functionProbe: 0, endsFrame: true },
  ];
}

/** `count` probes cycling through many distinct sets (so sets and probes both span records). */
function many(count: number): ProbeInfo[] {
  return Array.from({ length: count }, (_, index): ProbeInfo => {
    const line1 = 10 + ((index * 7) % 5000);
    if (index % 3 === 0) return { kind: 'statement', range: at(line1, index % 90), functionProbe: index % 11 };
    return {
      kind: 'write',
      range: at(line1, 2),
      functionProbe: 0,
      varName: `v${index % 997}`,
      declarationKind: 'const',
      scopeFunctionProbe: index % 13,
      scopeRange: at(index % 400, 0, (index % 400) + 20, 1),
    };
  });
}

interface Written {
  file: Uint8Array;
  parts: Uint8Array[];
}

/** The FILE record's payload and the PACKED_PROBES payloads the loader would post for `probes`. */
function write(probes: ProbeInfo[], recordBytes = 1 << 20, probeBase = 5): Written {
  const table = packProbeTable(probes);
  const header: Omit<RegisteredFile, 'probes'> & { probes: [] } = {
    path: '/app/main.js',
    sourceHash: 'abc',
    sourceType: 'commonjs',
    level: 'full',
    probeBase,
    probes: [],
    packedProbes: packedProbesHeader(table),
  };
  const parts: Uint8Array[] = [];
  packedProbeRecords(table, probeBase, recordBytes, (payload) => parts.push(payload));
  return { file: new TextEncoder().encode(JSON.stringify(header)), parts };
}

/** Reads the records back as a store would: the joined file once whole, or what was thrown. */
function read({ file, parts }: Written, producerId = 1): Array<RegisteredFile | undefined> {
  const joiner = new FileParts();
  const record = (type: number, payload: Uint8Array, byteOffset: number) =>
    joiner.take({ type, flags: 0, producerId, byteOffset, payload });
  return [
    record(RecordType.FILE, file, 0),
    ...parts.map((payload, index) => record(RecordType.PACKED_PROBES, payload, 1000 * (index + 1))),
  ];
}

describe('binary probe tables (format 3.11)', () => {
  it('every kind and every other field, with zero, large and backward-going numbers, read back the same', () => {
    const probes = everyShape();
    expect(new Set(probes.map((probe) => probe.kind))).toEqual(new Set(KINDS));
    const written = write(probes);
    expect(written.parts).toHaveLength(1);
    const joined = read(written);
    expect(joined.slice(0, -1)).toEqual([undefined]);
    expect(joined.at(-1)).toMatchObject({ path: '/app/main.js', probeBase: 5, level: 'full' });
    expect(joined.at(-1)?.probes).toEqual(probes);
    // Each field in JSON's order after the three (what a 3.10 reader's JSON.parse gave).
    expect(Object.keys(joined.at(-1)!.probes[1]).slice(0, 3)).toEqual(['kind', 'range', 'functionProbe']);
  });

  it.each([0, 1, PROBES_PER_CHUNK, 3 * PROBES_PER_CHUNK + 7])(
    '%i probes split over records of ~2 KB read back the same, whole only once the last is in',
    (count) => {
      const probes = many(count);
      const written = write(probes, 2048);
      if (count === 0) expect(written.parts).toEqual([]);
      if (count > PROBES_PER_CHUNK) expect(written.parts.length).toBeGreaterThan(3);
      const joined = read(written);
      expect(joined.slice(0, -1).every((file) => file === undefined)).toBe(true);
      expect(joined.at(-1)?.probes).toEqual(probes);
      expect(joined.at(-1)?.packedProbes?.probeCount).toBe(count);
    },
  );

  it('a table is ~7 bytes a probe besides its sets and strings (the 3.10 JSON: ~140)', () => {
    const probes = many(20_000).map(({ kind, range, functionProbe }) => ({ kind, range, functionProbe }));
    const bytes = write(probes).parts.reduce((sum, part) => sum + part.length, 0);
    expect(bytes / probes.length).toBeLessThan(8);
    expect(JSON.stringify(probes).length / probes.length).toBeGreaterThan(100);
  });

  it('tables of two producers with the same probe base are kept apart', () => {
    const first = write(everyShape());
    const second = write(many(50));
    const joiner = new FileParts();
    const take = (type: number, payload: Uint8Array, producerId: number) =>
      joiner.take({ type, flags: 0, producerId, byteOffset: 0, payload });
    expect(take(RecordType.FILE, first.file, 1)).toBeUndefined();
    expect(take(RecordType.FILE, second.file, 2)).toBeUndefined();
    expect(take(RecordType.PACKED_PROBES, second.parts[0], 2)?.probes).toEqual(many(50));
    expect(take(RecordType.PACKED_PROBES, first.parts[0], 1)?.probes).toEqual(everyShape());
  });

  it('zigzag varints round-trip every kind of int32', () => {
    const values = [0, 1, -1, 63, -64, 64, -65, 8191, 8192, 2 ** 27 - 1, 2 ** 31 - 1, -(2 ** 31), 123_456, -7];
    const out = new ByteWriter(16);
    for (const value of values) out.signed(value);
    for (const value of values) out.unsigned(value >>> 0);
    const bytes = out.finish();
    expect(bytes.length).toBeLessThan(values.length * 10);
    const input = new ByteReader(bytes);
    expect(values.map(() => input.signed())).toEqual(values);
    expect(values.map(() => input.unsigned())).toEqual(values.map((value) => value >>> 0));
    expect(input.done).toBe(true);
  });
});

describe('damaged binary probe tables are refused with their byte offset (TR-07)', () => {
  /** The message FileParts throws for the written records with `damage` done to the first PACKED_PROBES payload. */
  function refusal(damage: (payload: Uint8Array) => Uint8Array, probes = everyShape()): TraceFormatError {
    const written = write(probes);
    written.parts[0] = damage(written.parts[0].slice());
    try {
      read(written);
    } catch (error) {
      if (error instanceof TraceFormatError) return error;
      throw error;
    }
    throw new Error('not refused');
  }

  /** Where the first probe's kind byte is: after five one-byte header varints and the sets' codes. */
  function firstProbeOffset(): number {
    return 5 + packProbeTable(everyShape()).fieldCodes.bytes.length - 1; // less set 0's (no fields) byte
  }

  it('a truncated record', () => {
    const error = refusal((payload) => payload.subarray(0, payload.length - 3));
    expect(error.message).toMatch(
      /^\[rewind:trace\] PACKED_PROBES record ends inside a probe table at byte offset \d+/,
    );
    expect(error.offset).toBeGreaterThan(1000 + RECORD_PREFIX_BYTES);
  });

  it('an unknown kind byte, at its own offset', () => {
    const offset = firstProbeOffset();
    const error = refusal((payload) => {
      payload[offset] = 0x0e;
      return payload;
    });
    expect(error.message).toContain('holds a probe of unknown kind byte 14');
    expect(error.offset).toBe(1000 + RECORD_PREFIX_BYTES + offset);
    expect(error.unit).toBe('byte');
  });

  it('bytes after the last probe', () => {
    const error = refusal((payload) => Uint8Array.of(...payload, 0));
    expect(error.message).toContain('has bytes after its last probe');
  });

  it('a set index past the sets, a string index past the strings, a mask naming no field', () => {
    const probes: ProbeInfo[] = [{ kind: 'return', range: at(1, 0), functionProbe: -1, endsFrame: true }];
    // Header: base, sets from 1, 1 set, probes from 0, 1 probe; the set: mask 1 (endsFrame true).
    expect(Array.from(write(probes).parts[0].subarray(0, 6))).toEqual([5, 1, 1, 0, 1, 1]);
    const both = refusal((payload) => payload.map((byte, index) => (index === 5 ? 0x03 : byte)), probes);
    expect(both.message).toContain('says "endsFrame" is both true and false');
    expect(both.offset).toBe(1000 + RECORD_PREFIX_BYTES + 5);
    const named: ProbeInfo[] = [{ kind: 'write', range: at(1, 0), functionProbe: -1, varName: 'a' }];
    // The set: mask 4 (varName), string 0.
    expect(refusal((payload) => payload.map((byte, index) => (index === 6 ? 9 : byte)), named).message).toContain(
      'names string 9 of a table of 1',
    );
    // Mask bit 15, which no field owns (three varint bytes).
    const unknownBit = (payload: Uint8Array) => Uint8Array.of(...payload.subarray(0, 5), 0x80, 0x80, 0x02, 0);
    expect(refusal(unknownBit, named).message).toContain('has an unknown field mask 32768');
    // The probe's byte says "a set index follows" and names set 7 of 1.
    expect(
      refusal((payload) => Uint8Array.of(...payload.subarray(0, 7), 0x15, 0, 0, 0, 0, 2, 7), named).message,
    ).toContain('names field set 7 of 1');
  });

  it('a position or function probe out of range, as the JSON schema refuses them', () => {
    const probes: ProbeInfo[] = [{ kind: 'statement', range: at(1, 0), functionProbe: -1 }];
    // Header (5 bytes), then the probe: kind, line delta, column, end line, end column, function delta.
    const written = write(probes).parts[0];
    expect(written.length).toBe(11);
    const error = refusal((payload) => payload.map((byte, index) => (index === 7 ? 3 : byte)), probes); // column -2
    expect(error.message).toContain('holds a probe with a position or function probe out of range');
    expect(error.offset).toBe(1000 + RECORD_PREFIX_BYTES + 5);
  });

  it('a record that continues no table, or not where it left off', () => {
    const written = write(many(3 * PROBES_PER_CHUNK), 2048);
    expect(() => read({ file: new TextEncoder().encode('{}'), parts: [] })).toThrow('lacks "path"');
    expect(() => read({ file: write(many(3)).file, parts: [written.parts[1]] })).toThrow(
      /PACKED_PROBES record holds (field sets|probes) \d+… where \d+… were next at byte offset 10\d\d/,
    );
    const joiner = new FileParts();
    expect(() =>
      joiner.take({
        type: RecordType.PACKED_PROBES,
        flags: 0,
        producerId: 1,
        byteOffset: 40,
        payload: written.parts[0],
      }),
    ).toThrow('PACKED_PROBES record continues no binary probe table (1:5) at byte offset 52');
  });
});
