// The streamed probe table (issue 10 item 2): chunks of JSON texts that, between brackets, are
// exactly the JSON array the FILE record always held, and parse back to the same probes.
import { describe, expect, it } from 'vitest';
import type { ProbeInfo } from '../../../runtime/format';
import {
  PROBES_PER_CHUNK,
  ProbeTableWriter,
  forEachProbe,
  probeTableArray,
  probeTableText,
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
      all.forEach((probe, index) => expect(writer.add(probe)).toBe(index));
      const table = writer.finish();
      expect(table.count).toBe(count);
      expect(table.chunks).toHaveLength(Math.ceil(count / PROBES_PER_CHUNK));
      expect(`[${table.chunks.join(',')}]`).toBe(JSON.stringify(all));
      expect(probeTableArray(table)).toEqual(all);
      const visited: Array<[number, ProbeInfo]> = [];
      forEachProbe(table, (probe, localId) => visited.push([localId, probe]));
      expect(visited).toEqual(all.map((probe, index) => [index, probe]));
      expect(probeTableText(all)).toEqual(table);
    },
  );

  it('instrument() streams its table: the same probes its `probes` view parses, in chunks', () => {
    const code = 'var total = 0;\nfor (let i = 0; i < 3; i++) total += i;\n'.repeat(2000);
    const outcome = tryInstrument(code, { filename: '/app/many.js' });
    if (!outcome.ok) throw new Error(outcome.error);
    const { table, probes: parsed } = outcome.result;
    expect(table.probes.count).toBeGreaterThan(2 * PROBES_PER_CHUNK);
    expect(table.probes.chunks.length).toBe(Math.ceil(table.probes.count / PROBES_PER_CHUNK));
    expect(parsed.probes).toHaveLength(table.probes.count);
    expect(`[${table.probes.chunks.join(',')}]`).toBe(JSON.stringify(parsed.probes));
    expect(parsed).toMatchObject({ path: '/app/many.js', sourceType: 'commonjs', level: 'full' });
  });
});
