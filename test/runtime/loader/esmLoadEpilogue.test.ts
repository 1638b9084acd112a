// The ESM load step hands Node instrumented CommonJS (a .cjs an ES module imports, and on Node ≥ 22
// a .cts): Node lexes that source for the names an `import { g }` may take, so the returned source
// must let cjs-module-lexer find the original's names, though the instrumenter rewrote them. The
// names are lexed once, into the cache entry: a hit (whichever path made the entry) lexes nothing.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { withParsedProbes } from '../../../runtime/instrument';
import { packProbeTable } from '../../../runtime/format/probeTable';
import { InstrumentCache } from '../../../runtime/loader/cache';
import { lexCommonJs } from '../../../runtime/loader/cjsLexer';
import { loadTypeScript, transformLoaded } from '../../../runtime/loader/esmLoad';
import { createFileFilter } from '../../../runtime/loader/globs';
import { instrumentFile, type Instrumenter, type LoaderContext } from '../../../runtime/loader/instrumentFile';
import { Control } from '../../../runtime/recorder/layout';

// The loader's lexer, watched: each call is a lex the loader paid for.
vi.mock('../../../runtime/loader/cjsLexer', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../runtime/loader/cjsLexer')>();
  return { ...original, lexCommonJs: vi.fn(original.lexCommonJs) };
});
const lexes = vi.mocked(lexCommonJs);
beforeEach(() => {
  lexes.mockClear();
});

const lexer = createRequire(import.meta.url)('cjs-module-lexer') as typeof import('cjs-module-lexer');
const DIR = mkdtempSync(join(tmpdir(), 'rewind-esm-cjs-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const RANGE = { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } };

/** Rewrites every `exports.` into a call the lexer does not read, as the real instrumenter's probes do. */
const hidingInstrumenter: Instrumenter = (code, options) => ({
  ok: true,
  result: withParsedProbes({
    code: `/*rewind:instrumented v1*/${code.replace(/\bexports\.(\w+)\s*=/g, 'hidden(exports, "$1")=')}\n$rw$s(        0);`,
    map: { version: 3, sources: [options.filename], names: [], mappings: '' } as never,
    table: {
      path: options.filename,
      sourceHash: options.sourceHash ?? '',
      sourceType: options.sourceType ?? 'commonjs',
      level: options.level ?? 'full',
      probes: packProbeTable([{ kind: 'module', range: RANGE, functionProbe: -1 }]),
    },
    runtimeName: '$rw$',
  }),
});

function context(cacheDir = ''): LoaderContext {
  const control = new Int32Array(new SharedArrayBuffer(64));
  control[Control.PROBE_COUNTER] = 1;
  return {
    settings: { level: 'full', redact: true },
    filter: createFileFilter({ include: [], exclude: [], root: DIR }),
    cache: new InstrumentCache(cacheDir),
    control,
    probeFlags: new Uint8Array(1024),
    post: () => undefined,
    instrument: hidingInstrumenter,
    instrumented: 0,
  };
}

function names(source: unknown): string[] {
  expect(typeof source).toBe('string');
  return lexer.parse(source as string).exports.sort();
}

describe('the ESM load step and CommonJS names', () => {
  it('a .cjs file: the lexer finds the original names in the instrumented source', () => {
    const file = join(DIR, 'x.cjs');
    writeFileSync(file, "exports.g = function () { return 7; };\nexports['a-b'] = 3;\n");
    const loaded = transformLoaded(context(), pathToFileURL(file).href, { format: 'commonjs', source: null }, true);
    expect(loaded.source).toContain('hidden(exports, "g")');
    expect(names(loaded.source)).toEqual(['a-b', 'g']);
  });

  it('a .cts file (in-thread hooks): names as lexed after its types are stripped', () => {
    const file = join(DIR, 'y.cts');
    writeFileSync(file, 'exports.g = function (): number { return 7; };\nexports.h = 3 as number;\n');
    const loaded = loadTypeScript(context(), pathToFileURL(file).href, true);
    expect(loaded?.format).toBe('commonjs');
    expect(names(loaded?.source)).toEqual(['g', 'h']);
  });

  it('an ES module gets no epilogue', () => {
    const file = join(DIR, 'z.mjs');
    writeFileSync(file, 'export const q = 1;\n');
    const loaded = transformLoaded(
      context(),
      pathToFileURL(file).href,
      { format: 'module', source: 'export const q = 1;\n' },
      true,
    );
    expect(loaded.source).not.toContain('0&&(');
  });
});

describe('the lexer epilogue in the instrumentation cache', () => {
  it('a hit hands the epilogue back without lexing; an import still finds the names', () => {
    const cacheDir = mkdtempSync(join(DIR, 'cache-'));
    const file = join(DIR, 'hit.cjs');
    writeFileSync(file, "exports.g = 1;\nexports['a-b'] = 2;\n");
    const url = pathToFileURL(file).href;
    const miss = transformLoaded(context(cacheDir), url, { format: 'commonjs', source: null }, true);
    expect(lexes).toHaveBeenCalledTimes(1);
    const hitContext = context(cacheDir);
    const hit = transformLoaded(hitContext, url, { format: 'commonjs', source: null }, true);
    expect(hitContext.cache.stats).toEqual({ hits: 1, misses: 0 });
    expect(lexes).toHaveBeenCalledTimes(1);
    expect(names(hit.source)).toEqual(['a-b', 'g']);
    expect(hit.source).toBe(miss.source);
  });

  it("an entry require() made (Node 20's CommonJS hook) serves an ES module's import without lexing", () => {
    const cacheDir = mkdtempSync(join(DIR, 'cache-'));
    const file = join(DIR, 'required.cjs');
    const source = "Object.defineProperty(exports, '__esModule', { value: true });\nexports.r = 1;\n";
    writeFileSync(file, source);
    instrumentFile(context(cacheDir), source, file, 'commonjs'); // what cjsHook.ts does
    expect(lexes).toHaveBeenCalledTimes(1); // lexed once, into the entry
    lexes.mockClear();
    const hit = transformLoaded(context(cacheDir), pathToFileURL(file).href, { format: 'commonjs', source }, true);
    expect(lexes).not.toHaveBeenCalled();
    expect(names(hit.source)).toEqual(['__esModule', 'r']);
  });

  it('a .cts hit: the names of its stripped JavaScript, not lexed again', () => {
    const cacheDir = mkdtempSync(join(DIR, 'cache-'));
    const file = join(DIR, 'hit.cts');
    writeFileSync(file, 'exports.g = function (): number { return 7; };\nexports.h = 3 as number;\n');
    loadTypeScript(context(cacheDir), pathToFileURL(file).href, true);
    expect(lexes).toHaveBeenCalledTimes(1);
    expect(lexes.mock.calls[0][0]).not.toContain('number'); // its stripped JavaScript
    lexes.mockClear();
    const hit = loadTypeScript(context(cacheDir), pathToFileURL(file).href, true);
    expect(lexes).not.toHaveBeenCalled();
    expect(names(hit?.source)).toEqual(['g', 'h']);
  });

  it('a file with no names keeps an empty epilogue: a hit does not lex it again either', () => {
    const cacheDir = mkdtempSync(join(DIR, 'cache-'));
    const file = join(DIR, 'none.cjs');
    writeFileSync(file, 'console.log(1);\n');
    const url = pathToFileURL(file).href;
    transformLoaded(context(cacheDir), url, { format: 'commonjs', source: null }, true);
    expect(lexes).toHaveBeenCalledTimes(1);
    const hit = transformLoaded(context(cacheDir), url, { format: 'commonjs', source: null }, true);
    expect(lexes).toHaveBeenCalledTimes(1);
    expect(hit.source).not.toContain('0&&(');
  });

  it('the map comment stays the last line, after the epilogue', () => {
    const file = join(DIR, 'last.cjs');
    writeFileSync(file, 'exports.g = 1;\n');
    const loaded = transformLoaded(context(), pathToFileURL(file).href, { format: 'commonjs', source: null }, true);
    const lines = (loaded.source as string).trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^\/\/# sourceMappingURL=data:/);
    expect(lines.at(-2)).toBe(';0&&(exports.g=0);');
  });
});
