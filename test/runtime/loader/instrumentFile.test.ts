// instrumentFile() with a tiny fake instrumenter (the real one is tested by its own suite): probe
// bases from the shared counter, the FILE message, the appended source map, aliases, per-probe
// flags, NOTE for files that run untouched, and the on-disk cache (a second load does not call
// the instrumenter).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProbeInfo } from '../../../runtime/format';
import { packProbeTable } from '../../../runtime/format/probeTable';
import { withParsedProbes } from '../../../runtime/instrument';
import { drainTransfer } from '../../../runtime/recorder/drainTransfer';
import { InstrumentCache, sha256 } from '../../../runtime/loader/cache';
import { createFileFilter } from '../../../runtime/loader/globs';
import {
  instrumentFile,
  probeFlagsFor,
  type Instrumenter,
  type LoaderContext,
} from '../../../runtime/loader/instrumentFile';
import { Control } from '../../../runtime/recorder/layout';
import { ProbeFlag } from '../../../runtime/recorder/limits';
import type { DrainMessage } from '../../../runtime/recorder/drainWorker';

const range = { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } };

/** Instruments by prefixing a marker and appending a STEP of local probe 0; rejects code containing "SYNTAX ERROR". */
function fakeInstrumenter(calls: string[], runtimeName = '$rw$', mappings = ''): Instrumenter {
  return (code, options) => {
    calls.push(options.filename);
    if (code.includes('SYNTAX ERROR')) return { ok: false, reason: 'parse-error', error: 'Unexpected token' };
    const probes: ProbeInfo[] = [
      { kind: 'module', range, functionProbe: -1 },
      { kind: 'write', range, functionProbe: 0, varName: 'password' },
      { kind: 'property', range, functionProbe: 0 },
      { kind: 'mutatorCall', range, functionProbe: 0, operation: 'sort', argumentCount: 0 },
    ];
    return {
      ok: true,
      result: withParsedProbes({
        code: `/*rewind:instrumented v1*/${code}\n${runtimeName}s(        0);`,
        map: { version: 3, sources: [options.filename], names: [], mappings } as never,
        table: {
          path: options.filename,
          sourceHash: options.sourceHash ?? '',
          sourceType: options.sourceType ?? 'commonjs',
          level: options.level ?? 'full',
          probes: packProbeTable(probes),
        },
        runtimeName,
      }),
    };
  };
}

function context(options: {
  calls: string[];
  cacheDir?: string;
  runtimeName?: string;
  aliases?: string[];
  mappings?: string;
}): LoaderContext & { messages: DrainMessage[] } {
  const messages: DrainMessage[] = [];
  const control = new Int32Array(new SharedArrayBuffer(64));
  control[Control.PROBE_COUNTER] = 1;
  return {
    messages,
    settings: { level: 'full', redact: true },
    filter: createFileFilter({ include: [], exclude: ['**/node_modules/**'], root: '/work/app' }),
    cache: new InstrumentCache(options.cacheDir ?? ''),
    control,
    probeFlags: new Uint8Array(1024),
    post: (message) => messages.push(message),
    instrument: fakeInstrumenter(options.calls, options.runtimeName, options.mappings),
    defineAlias: options.aliases ? (name) => options.aliases!.push(name) : undefined,
    instrumented: 0,
  };
}

describe('instrumentFile', () => {
  it('a source map of 1 MiB or more goes to Node as a file beside the cache entry (a path), else inline', () => {
    // Inlined as base64, a 21 MB map was held three times while the program ran (issue 10 item 2).
    const mappings = 'AAAA;'.repeat(1 << 18);
    const cacheDir = mkdtempSync(join(tmpdir(), 'rewind-mapfile-'));
    const comment = /\n\/\/# sourceMappingURL=(\S+)\n$/;
    const urls: string[] = [];
    for (let load = 0; load < 2; load++) {
      const calls: string[] = [];
      const code = instrumentFile(context({ calls, cacheDir, mappings }), 'a = 1', '/work/app/big.js', 'commonjs')!;
      expect(calls).toHaveLength(load === 0 ? 1 : 0); // the second load is a cache hit
      urls.push(comment.exec(code)![1]);
    }
    expect(urls[1]).toBe(urls[0]);
    const path = fileURLToPath(new URL(urls[0], 'file:///work/app/big.js'));
    expect(dirname(path)).toBe(cacheDir);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      version: 3,
      sources: ['/work/app/big.js'],
      names: [],
      mappings,
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // The map is kept in that file alone, not in the entry too (read and authenticated each load).
    const entryPath = path.replace(/\.map$/, '.json');
    expect(statSync(entryPath).size).toBeLessThan(statSync(path).size / 4);
    // Without its map file the entry is a miss: instrumented again, the file written again.
    rmSync(path);
    const calls: string[] = [];
    const again = instrumentFile(context({ calls, cacheDir, mappings }), 'a = 1', '/work/app/big.js', 'commonjs')!;
    expect(calls).toHaveLength(1);
    expect(comment.exec(again)![1]).toBe(urls[0]);
    expect(JSON.parse(readFileSync(path, 'utf8')).mappings).toBe(mappings);
    // No cache folder to keep it in: inline, as a smaller map always is.
    const inline = instrumentFile(context({ calls: [], mappings }), 'a = 1', '/work/app/big.js', 'commonjs')!;
    expect(comment.exec(inline)![1]).toMatch(/^data:application\/json;charset=utf-8;base64,/);
  });

  it('binds consecutive probe bases, posts FILE with the source hash, appends the source map', () => {
    const calls: string[] = [];
    const loader = context({ calls });
    const first = instrumentFile(loader, 'a = 1', '/work/app/a.js', 'commonjs')!;
    const second = instrumentFile(loader, 'b = 2', '/work/app/b.js', 'commonjs')!;
    expect(first).toContain('$rw$s(        1);');
    expect(second).toContain('$rw$s(        5);');
    expect(first).toMatch(/\n\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,[A-Za-z0-9+/=]+\n$/);
    const files = loader.messages
      .filter((message) => message.type === 'file' && !message.packed)
      .map(
        (message) =>
          JSON.parse(Buffer.from((message as { json: string | Uint8Array }).json).toString()) as {
            path: string;
            probeBase: number;
            sourceHash: string;
          },
      );
    expect(files.map((file) => [file.path, file.probeBase])).toEqual([
      ['/work/app/a.js', 1],
      ['/work/app/b.js', 5],
    ]);
    expect(files[0].sourceHash).toBe(sha256('a = 1'));
    expect(Atomics.load(loader.control, Control.PROBE_COUNTER)).toBe(9);
    // The FILE and PACKED_PROBES records' bytes cross to the drain transferred: a buffer of their own,
    // exactly their size.
    for (const message of loader.messages.filter((candidate) => candidate.type === 'file')) {
      const [transferred] = drainTransfer(message) ?? [];
      const bytes = (message as { json: Uint8Array }).json;
      expect(transferred).toBe(bytes.buffer);
      expect(transferred.byteLength).toBe(bytes.byteLength);
    }
  });

  it('files outside the include globs or in node_modules run untouched without calling the instrumenter', () => {
    const calls: string[] = [];
    const loader = context({ calls });
    expect(instrumentFile(loader, 'x', '/work/app/node_modules/dep/index.js', 'commonjs')).toBeUndefined();
    expect(instrumentFile(loader, 'x', '/elsewhere/x.js', 'commonjs')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('a file the parser rejects runs untouched and leaves a NOTE (INS-28)', () => {
    const loader = context({ calls: [] });
    expect(instrumentFile(loader, 'SYNTAX ERROR', '/work/app/bad.js', 'commonjs')).toBeUndefined();
    expect(loader.messages).toEqual([
      {
        type: 'note',
        note: {
          level: 'info',
          message: 'runs uninstrumented (parse-error): Unexpected token',
          path: '/work/app/bad.js',
        },
      },
    ]);
  });

  it('an alias runtime name is defined before the file runs (in-thread) or written into it (off-thread)', () => {
    const aliases: string[] = [];
    const inThread = context({ calls: [], runtimeName: '$rw1$', aliases });
    instrumentFile(inThread, 'const $rw$ = 1', '/work/app/a.js', 'module');
    expect(aliases).toEqual(['$rw1$']);
    const offThread = context({ calls: [], runtimeName: '$rw1$' });
    const code = instrumentFile(offThread, '/*rewind:instrumented v1*/const $rw$ = 1', '/work/app/a.mjs', 'module')!;
    expect(code).toContain(
      '/*rewind:instrumented v1*/Object.defineProperty(globalThis,"$rw1$",{value:$rw$,configurable:true});',
    );
  });

  it('sets per-probe flags: secret writes redacted, computed keys checked, reordering mutators re-snapshotted', () => {
    const loader = context({ calls: [] });
    instrumentFile(loader, 'x', '/work/app/a.js', 'commonjs');
    expect(Array.from(loader.probeFlags.slice(1, 5))).toEqual([
      0,
      ProbeFlag.REDACT,
      ProbeFlag.DYNAMIC_KEY,
      ProbeFlag.RESNAPSHOT,
    ]);
    expect(probeFlagsFor({ kind: 'property', propertyKey: 'apiKey' }, true)).toBe(ProbeFlag.REDACT);
    expect(probeFlagsFor({ kind: 'write', varName: 'password' }, false)).toBe(0);
    expect(probeFlagsFor({ kind: 'mutatorCall', operation: 'pop', argumentCount: 0 }, true)).toBe(0);
  });

  it('the disk cache: a second load (another process, same cache folder) does not instrument again', () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'rewind-cache-test-')), 'cache');
    const calls: string[] = [];
    const firstRun = context({ calls, cacheDir });
    const fresh = instrumentFile(firstRun, 'a = 1', '/work/app/a.js', 'commonjs');
    const secondRun = context({ calls, cacheDir });
    const cached = instrumentFile(secondRun, 'a = 1', '/work/app/a.js', 'commonjs');
    expect(calls).toEqual(['/work/app/a.js']);
    expect(cached).toBe(fresh);
    // The cached table's binary field codes give the flags the fresh one did (setFlags reads no JSON).
    expect(Array.from(secondRun.probeFlags)).toEqual(Array.from(firstRun.probeFlags));
    expect(Array.from(secondRun.probeFlags.slice(1, 5))).toEqual([
      0,
      ProbeFlag.REDACT,
      ProbeFlag.DYNAMIC_KEY,
      ProbeFlag.RESNAPSHOT,
    ]);
    expect([
      Atomics.load(firstRun.control, Control.CACHE_MISSES),
      Atomics.load(secondRun.control, Control.CACHE_HITS),
    ]).toEqual([1, 1]);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    // Changed source, another level: misses.
    instrumentFile(secondRun, 'a = 2', '/work/app/a.js', 'commonjs');
    expect(calls).toHaveLength(2);
  });

  it('the same source at another path (a second clone) is its own entry: its map names its own file', () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'rewind-cache-test-')), 'cache');
    const calls: string[] = [];
    const mapSources = (code: string) => {
      const base64 = code.slice(code.lastIndexOf('base64,') + 'base64,'.length).trim();
      return (JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as { sources: string[] }).sources;
    };
    const first = instrumentFile(context({ calls, cacheDir }), 'a = 1', '/work/app/a.js', 'commonjs')!;
    const copy = instrumentFile(context({ calls, cacheDir }), 'a = 1', '/work/app/clone/a.js', 'commonjs')!;
    expect(mapSources(first)).toEqual(['/work/app/a.js']);
    expect(mapSources(copy)).toEqual(['/work/app/clone/a.js']);
    expect(calls).toEqual(['/work/app/a.js', '/work/app/clone/a.js']);
  });
});
