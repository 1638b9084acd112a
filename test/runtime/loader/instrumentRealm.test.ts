// instrumentRealm.ts runs the instrumenter's own bundle in a private realm (INS-25): what it makes
// must be what the in-realm instrumenter makes, byte for byte (code, map, probe table, the cache
// entry), for JavaScript, TypeScript and a file acorn refuses (which runs untouched, with its note);
// and a program's patched builtins must never see it run. Unbundled, the realm's bundle is built
// from the sources by the build's own options (scripts/instrumentRealmBuild.cjs): the real thing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cacheableParts,
  tryInstrument,
  type InstrumentedWithParts,
  type InstrumentOptions,
} from '../../../runtime/instrument';
import { InstrumentCache, sha256 } from '../../../runtime/loader/cache';
import { createFileFilter } from '../../../runtime/loader/globs';
import { instrumentFile, type LoaderContext } from '../../../runtime/loader/instrumentFile';
import { instrumentPrivately } from '../../../runtime/loader/instrumentRealm';
import { Control } from '../../../runtime/recorder/layout';
import type { DrainMessage } from '../../../runtime/recorder/drainWorker';

const FIXTURES: Array<{ name: string; filename: string; source: string; options?: Partial<InstrumentOptions> }> = [
  {
    name: 'CommonJS with closures, classes, writes and a non-ASCII string',
    filename: '/work/app/lib.js',
    source: [
      "'use strict';",
      'const seen = new Set();',
      'class Box { #v = 1; get v() { return this.#v; } }',
      'function add(a, ...rest) { for (const r of rest) seen.add(r); a.list.push(rest.length); return `é${a}`; }',
      'module.exports = { add, Box, seen };',
    ].join('\n'),
  },
  {
    name: 'an ES module with await and a generator',
    filename: '/work/app/mod.mjs',
    source: 'export const m = new Map([[1, 2]]);\nexport function* g() { yield m.get(1); }\nawait 0;\n',
    options: { sourceType: 'module' },
  },
  {
    name: 'TypeScript with an enum, a parameter property and types',
    filename: '/work/app/shapes.ts',
    source: [
      'enum Kind { A = 1, B }',
      'interface P { x: number }',
      'export class Pt implements P { constructor(public x: number, private y = Kind.B) {} len(): number { return this.x + this.y; } }',
      'export const k: Kind = Kind.A as Kind;',
    ].join('\n'),
    options: { sourceType: 'module' },
  },
  { name: 'a file acorn cannot parse', filename: '/work/app/broken.js', source: 'let x = ;\nfunction (' },
];

/** A result as plain data, both realms alike: the code, the entry's parts and the serialized table. */
function described(source: string, options: InstrumentOptions, inRealm: boolean): unknown {
  const outcome: InstrumentedWithParts = inRealm
    ? instrumentPrivately(source, options)
    : tryInstrument(source, options);
  if (!outcome.ok) return { ...outcome };
  const { result } = outcome;
  const parts = inRealm ? outcome.parts! : cacheableParts(result);
  const { probes, ...table } = result.table;
  const serialized = probes.serialize();
  return {
    code: result.code,
    runtimeName: result.runtimeName,
    map: JSON.stringify(result.map),
    parts:
      typeof parts.code === 'string' ? parts : { ...parts, code: [...parts.code.bytes, ...parts.code.fieldOffsets] },
    table,
    probes: [...serialized.columns, serialized.otherCount, ...serialized.fieldCodes, serialized.strings],
  };
}

function loaderContext(cacheDir: string, instrument: LoaderContext['instrument']) {
  const messages: DrainMessage[] = [];
  const control = new Int32Array(new SharedArrayBuffer(64));
  control[Control.PROBE_COUNTER] = 1;
  const context: LoaderContext = {
    settings: { level: 'full', redact: true },
    filter: createFileFilter({ include: [], exclude: [], root: '/work/app' }),
    cache: new InstrumentCache(cacheDir),
    control,
    probeFlags: new Uint8Array(1 << 16),
    post: (message) => messages.push(message),
    instrument,
    defineAlias: () => undefined,
    instrumented: 0,
  };
  return { context, messages };
}

/** The entry the cache wrote for this file, after its HMAC line (both contexts share the folder's key). */
function entryBody(cacheDir: string, source: string, filename: string, variant: string): string {
  const cache = new InstrumentCache(cacheDir);
  const key = cache.key(sha256(source), { level: 'full', variant, sourceType: 'commonjs', path: filename });
  const text = readFileSync(join(cacheDir, `${key}.json`), 'latin1');
  return text.slice(text.indexOf('\n') + 1);
}

describe('the instrumenter in its private realm', () => {
  it.each(FIXTURES)('makes what the in-realm instrumenter makes: $name', ({ filename, source, options }) => {
    const all: InstrumentOptions = { filename, sourceHash: sha256(source), ...options };
    expect(described(source, all, true)).toEqual(described(source, all, false));
  });

  it('throws nothing and reports a file acorn refuses as the in-realm one does', () => {
    const outcome = instrumentPrivately('let x = ;', { filename: '/work/app/broken.js' });
    expect(outcome).toEqual(tryInstrument('let x = ;', { filename: '/work/app/broken.js' }));
    expect(outcome.ok).toBe(false);
  });

  it.each(FIXTURES.filter((fixture) => !fixture.options))(
    'writes the same cache entry and loaded code through instrumentFile: $name',
    ({ filename, source }) => {
      const codes: Array<string | undefined> = [];
      const bodies: string[] = [];
      const notes: unknown[] = [];
      for (const instrument of [tryInstrument, instrumentPrivately]) {
        const cacheDir = mkdtempSync(join(tmpdir(), 'rewind-realm-'));
        const { context, messages } = loaderContext(cacheDir, instrument);
        codes.push(instrumentFile(context, source, filename, 'commonjs'));
        notes.push(messages.filter((message) => message.type === 'note'));
        if (codes[codes.length - 1] !== undefined) bodies.push(entryBody(cacheDir, source, filename, 'js'));
      }
      expect(codes[1]).toBe(codes[0]);
      expect(bodies[1]).toBe(bodies[0]);
      expect(notes[1]).toEqual(notes[0]);
      if (codes[0] === undefined) expect(JSON.stringify(notes[1])).toContain('runs uninstrumented (parse-error)');
    },
  );
});

describe('the private realm beside a program that patched the builtins the instrumenter uses', () => {
  const saved = {
    add: Set.prototype.add,
    push: Array.prototype.push,
    get: Map.prototype.get,
    charCodeAt: String.prototype.charCodeAt,
  };
  afterEach(() => {
    Set.prototype.add = saved.add;
    Array.prototype.push = saved.push;
    Map.prototype.get = saved.get;
    String.prototype.charCodeAt = saved.charCodeAt;
  });

  it('calls none of them, and instruments as it does unpatched', () => {
    const source = FIXTURES[0].source;
    const options = { filename: FIXTURES[0].filename, sourceHash: sha256(source) };
    const expected = described(source, options, true);
    // Counters by index (a push would be the patch itself).
    const calls = new Int32Array(4);
    Set.prototype.add = function (this: Set<unknown>, value: unknown) {
      calls[0]++;
      return Reflect.apply(saved.add, this, [value]) as Set<unknown>;
    };
    Array.prototype.push = function (this: unknown[], ...items: unknown[]) {
      calls[1]++;
      return Reflect.apply(saved.push, this, items) as number;
    };
    Map.prototype.get = function (this: Map<unknown, unknown>, key: unknown) {
      calls[2]++;
      return Reflect.apply(saved.get, this, [key]) as unknown;
    };
    String.prototype.charCodeAt = function (this: string, index: number) {
      calls[3]++;
      return Reflect.apply(saved.charCodeAt, this, [index]) as number;
    };
    const outcome = instrumentPrivately(source, options);
    Set.prototype.add = saved.add;
    Array.prototype.push = saved.push;
    Map.prototype.get = saved.get;
    String.prototype.charCodeAt = saved.charCodeAt;
    expect([...calls]).toEqual([0, 0, 0, 0]);
    expect(outcome.ok).toBe(true);
    expect(described(source, options, true)).toEqual(expected);
  });

  it('instruments a file whose program broke a builtin the instrumenter needs', () => {
    Map.prototype.get = () => {
      throw new Error('broken by the program');
    };
    const outcome = instrumentPrivately(FIXTURES[0].source, { filename: FIXTURES[0].filename });
    Map.prototype.get = saved.get;
    expect(outcome.ok).toBe(true);
  });
});
