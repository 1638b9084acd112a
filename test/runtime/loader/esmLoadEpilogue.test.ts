// The ESM load step hands Node instrumented CommonJS (a .cjs an ES module imports, and on Node ≥ 22
// a .cts): Node lexes that source for the names an `import { g }` may take, so the returned source
// must let cjs-module-lexer find the original's names, though the instrumenter rewrote them.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { withParsedProbes } from '../../../runtime/instrument';
import { packProbeTable } from '../../../runtime/format/probeTable';
import { InstrumentCache } from '../../../runtime/loader/cache';
import { loadTypeScript, transformLoaded } from '../../../runtime/loader/esmLoad';
import { createFileFilter } from '../../../runtime/loader/globs';
import type { Instrumenter, LoaderContext } from '../../../runtime/loader/instrumentFile';
import { Control } from '../../../runtime/recorder/layout';

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

function context(): LoaderContext {
  const control = new Int32Array(new SharedArrayBuffer(64));
  control[Control.PROBE_COUNTER] = 1;
  return {
    settings: { level: 'full', redact: true },
    filter: createFileFilter({ include: [], exclude: [], root: DIR }),
    cache: new InstrumentCache(''),
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
