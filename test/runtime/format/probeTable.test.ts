// The packed probe table (issue 10 item 2): chunks whose text, between brackets, is exactly the
// JSON array the FILE record held before format 3.11, parse back to the same probes, and survive
// the instrumentation cache's round trip (its binary field codes too: packedProbes.test.ts).
import { describe, expect, it } from 'vitest';
import type { ProbeInfo } from '../../../runtime/format';
import {
  PROBES_PER_CHUNK,
  PackedProbeTable,
  ProbeTableWriter,
  forEachProbe,
  probeTableArray,
  packProbeTable,
} from '../../../runtime/format/probeTable';
import { tryInstrument } from '../../../runtime/instrument';

const range = (line1: number) => ({ start: { line1, column0: 0 }, end: { line1, column0: 5 } });

/** Probes of every shape, with names a JSON encoder must escape (quotes, a lone surrogate, non-Latin-1). */
function probes(count: number): ProbeInfo[] {
  const names = ['a', 'pass"word', 'x\ud800', 'π', 'line\nbreak'];
  return Array.from({ length: count }, (_, index): ProbeInfo => {
    if (index % 3 === 0) return { kind: 'statement', range: range(index + 1), functionProbe: 0 };
    if (index % 3 === 1)
      return {
        kind: 'write',
        range: range(index + 1),
        functionProbe: 0,
        varName: names[index % names.length],
        declarationKind: 'let',
        scopeFunctionProbe: -1,
        scopeRange: range(1),
      };
    return { kind: 'function', range: range(index + 1), functionProbe: 0, functionName: 'f', paramNames: ['p', 'q'] };
  });
}

describe('the streamed probe table', () => {
  it.each([0, 1, PROBES_PER_CHUNK, PROBES_PER_CHUNK + 1, 3 * PROBES_PER_CHUNK + 7])(
    '%i probes: the chunks between brackets are the JSON array, and parse back to the same probes',
    (count) => {
      const all = probes(count);
      const writer = new ProbeTableWriter();
      all.forEach(({ kind, range, functionProbe, ...other }, index) =>
        expect(writer.add(kind, range, functionProbe, other)).toBe(index),
      );
      const table = writer.finish();
      expect(table.count).toBe(count);
      expect(table.chunkCount).toBe(Math.ceil(count / PROBES_PER_CHUNK));
      expect(`[${chunkTexts(table).join(',')}]`).toBe(JSON.stringify(all));
      expect(probeTableArray(table)).toEqual(all);
      const { columns, otherCount, fieldCodes, strings } = table.serialize();
      // At an offset no Int32Array starts at.
      const copy = new Uint8Array(columns.length + 1).subarray(1);
      copy.set(columns);
      const codes = new Uint8Array(fieldCodes.length + 1).subarray(1);
      codes.set(fieldCodes);
      const back = PackedProbeTable.deserialize(count, copy, otherCount, codes, strings);
      // Its texts decoded from the codes (the cache keeps none): the same probes, field for field.
      expect(probeTableArray(back)).toEqual(all);
      expect(back.otherCount).toBe(table.otherCount);
      expect(back.serialize()).toEqual(table.serialize());
      const visited: Array<[number, ProbeInfo]> = [];
      forEachProbe(table, (probe, localId) => visited.push([localId, probe]));
      expect(visited).toEqual(all.map((probe, index) => [index, probe]));
      expect(packProbeTable(all).serialize()).toEqual(table.serialize());
    },
  );

  it('instrument() streams its table: the same probes its `probes` view parses, in chunks', () => {
    const code = 'var total = 0;\nfor (let i = 0; i < 3; i++) total += i;\n'.repeat(2000);
    const outcome = tryInstrument(code, { filename: '/app/many.js' });
    if (!outcome.ok) throw new Error(outcome.error);
    const { table, probes: parsed } = outcome.result;
    expect(table.probes.count).toBeGreaterThan(2 * PROBES_PER_CHUNK);
    expect(table.probes.chunkCount).toBe(Math.ceil(table.probes.count / PROBES_PER_CHUNK));
    expect(parsed.probes).toHaveLength(table.probes.count);
    expect(`[${chunkTexts(table.probes).join(',')}]`).toBe(JSON.stringify(parsed.probes));
    expect(parsed).toMatchObject({ path: '/app/many.js', sourceType: 'commonjs', level: 'full' });
  });
});

it('shapeFlagFields decodes each shape from its binary code: the names and count its JSON text has', () => {
  const source = [
    'const password = 1, list = [3, 1];',
    'function f(a, { b }) { let apiKey = a; list.sort(); list.push(b, a); o[a] = b; o.token = 2; return b; }',
    'class C { m() { this.x = 1; } } async function* g() { yield 1; }',
  ].join('\n');
  const outcome = tryInstrument(source, { filename: '/app/names.js' });
  if (!outcome.ok) throw new Error(outcome.error);
  const table = outcome.result.table.probes;
  const shapes = new Set(Array.from({ length: table.count }, (_, localId) => table.shapeOf(localId)));
  expect(shapes.size).toBeGreaterThan(10);
  const seen = new Set<string>();
  for (const shape of shapes) {
    const { varName, propertyKey, operation, argumentCount } = JSON.parse(table.shapeText(shape)) as ProbeInfo;
    const expected = Object.fromEntries(
      Object.entries({ varName, propertyKey, operation, argumentCount }).filter(([, value]) => value !== undefined),
    );
    expect(table.shapeFlagFields(shape)).toEqual(expected);
    for (const key of Object.keys(expected)) seen.add(key);
  }
  expect([...seen].sort()).toEqual(['argumentCount', 'operation', 'propertyKey', 'varName']);
  for (let localId = 0; localId < table.count; localId++)
    expect(table.kindOf(localId)).toBe(outcome.result.probes.probes[localId].kind);
});

it('a probe table that is not one is refused from the cache', () => {
  const { columns, otherCount, fieldCodes, strings } = packProbeTable(probes(3)).serialize();
  expect(() => PackedProbeTable.deserialize(4, columns, otherCount, fieldCodes, strings)).toThrow('not a probe table');
  const badKind = columns.slice();
  badKind[0] = 99;
  expect(() => PackedProbeTable.deserialize(3, badKind, otherCount, fieldCodes, strings)).toThrow('not a probe table');
  // A probe naming a set past the count, a count the starts do not end at, no sets at all.
  expect(() => PackedProbeTable.deserialize(3, columns, 1, fieldCodes, strings)).toThrow('not a probe table');
  expect(() => PackedProbeTable.deserialize(3, columns, otherCount + 1, fieldCodes, strings)).toThrow(
    'not a probe table',
  );
  expect(() => PackedProbeTable.deserialize(3, columns, 0, fieldCodes, strings)).toThrow('not a probe table');
  expect(() => PackedProbeTable.deserialize(3, columns, otherCount, fieldCodes.subarray(0, 5), strings)).toThrow(
    'not a probe table',
  );
  expect(() => PackedProbeTable.deserialize(3, columns, otherCount, fieldCodes, '{}')).toThrow('not a probe table');
});

function chunkTexts(table: PackedProbeTable): string[] {
  return Array.from({ length: table.chunkCount }, (_, chunk) => table.chunkText(chunk));
}
