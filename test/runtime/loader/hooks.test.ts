// The module hooks in real processes, on Node 20 (Module internals + module.register) and Node 24
// (module.registerHooks): CommonJS, ES modules, CommonJS imported from ESM, TypeScript (.ts, .mts,
// .cts) with no native type stripping needed, node_modules left alone, files acorn rejects run
// untouched (Node's own SyntaxError), and the instrumentation cache on the second run (an ES
// module's names of recorded CommonJS come from the entry's lexer epilogue, whichever Node made it).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { nodeBinaries, runPlainAndRecorded, writeProgram } from '../../support/recorder/run';
import { producerEvents } from '../../support/recorder/trace';

let runtime: RuntimeBuild;
beforeAll(async () => {
  runtime = await buildRuntime();
});

const FILES = {
  'package.json': '{ "name": "app" }',
  'main.cjs':
    "const dep = require('dep');\nconst lib = require('./lib');\nconsole.log('cjs', lib.twice(21), dep.name);\n",
  'lib.js': 'exports.twice = function twice(n) { return n * 2; };\n',
  'node_modules/dep/index.js': "exports.name = 'dep';\n",
  'node_modules/dep/package.json': '{ "name": "dep", "main": "index.js" }',
  'main.mjs':
    "import { twice } from './esm-lib.mjs';\nimport lib from './lib.js';\nconst n = await Promise.resolve(twice(lib.twice(1)));\nconsole.log('esm', n);\n",
  'esm-lib.mjs': 'export function twice(n) { return n * 2; }\n',
  'main.ts':
    "const { helper } = require('./helper.ts');\ninterface Point { x: number; y: number }\nconst p: Point = { x: 1, y: 2 };\nconsole.log('ts', helper(p.x + p.y));\n",
  'helper.ts': 'exports.helper = function helper(n: number): string { return `n=${n}`; };\n',
  'esm-ts/package.json': '{ "type": "module" }',
  'esm-ts/main.ts':
    "import { helper } from './helper.ts';\nconst label: string = helper(2);\nconsole.log('esm ts', label);\n",
  'esm-ts/helper.ts': 'export function helper(n: number): string { return `n=${n * 2}`; }\n',
  'main.mts': "import { twice } from './esm-lib.mjs';\nconst value: number = twice(4);\nconsole.log('mts', value);\n",
  'main.cts':
    "const total: number = [1, 2, 3].reduce((a: number, b: number) => a + b, 0);\nconsole.log('cts', total);\n",
  'broken.js': "console.log('never');\nlet let = 1;\n",
  'names.cjs': "exports.g = 7;\nexports['a-b'] = 1;\nObject.defineProperty(exports, '__esModule', { value: true });\n",
  'reexports.cjs': "module.exports = require('./names.cjs');\n",
  'imports-cjs.mjs':
    "import { g } from './names.cjs';\nimport * as again from './reexports.cjs';\n" +
    "console.log('names', g, again['a-b'], Object.keys(again).sort().join(','));\n",
  // The program's own loader hook: on Node 20 it runs in Node's hooks thread, where the bootloader
  // does not load (bootloader.ts) and our hooks instrument it against the no-op recorder they define.
  'own-hook.mjs':
    'export async function load(url, context, nextLoad) {\n  const result = await nextLoad(url, context);\n' +
    "  if (!url.endsWith('hooked.mjs')) return result;\n  let n = 0;\n  for (const c of 'a;b;c;') n += c === ';' ? 1 : 0;\n" +
    '  return { ...result, source: `export default ${n};` };\n}\n',
  'hooked.mjs': 'export default 0; ;;\n',
  'registers.mjs':
    "import { register } from 'node:module';\nregister('./own-hook.mjs', import.meta.url);\n" +
    "const { default: n } = await import('./hooked.mjs');\nconsole.log('own hook', n);\n",
};

for (const node of nodeBinaries()) {
  (node.path ? describe.concurrent : describe.skip)(`module hooks on ${node.label}`, () => {
    const dir = writeProgram(FILES);
    const run = (main: string, env: Record<string, string> = {}) =>
      runPlainAndRecorded({ node: node.path, bootloader: runtime.bootloader, dir, main, env });
    const paths = (trace: Awaited<ReturnType<typeof run>>['trace']) =>
      trace.main.files.map((file) => file.path.slice(dir.length + 1)).sort();

    it('CommonJS: workspace files instrumented, node_modules not', async () => {
      const { plain, recorded, trace } = await run('main.cjs');
      expect(recorded.stdout).toBe(plain.stdout);
      expect(recorded.stdout).toBe('cjs 42 dep\n');
      expect(paths(trace)).toEqual(['lib.js', 'main.cjs']);
      expect(producerEvents(trace.main.words).length).toBe(trace.main.end!.eventsEmitted);
    });

    it('ES modules, top-level await, and CommonJS imported from ESM', async () => {
      const { plain, recorded, trace } = await run('main.mjs');
      expect(recorded.stdout).toBe(plain.stdout);
      expect(recorded.stdout).toBe('esm 4\n');
      expect(paths(trace)).toEqual(['esm-lib.mjs', 'lib.js', 'main.mjs']);
      const bases = trace.main.files
        .map((file) => [file.probeBase, file.probeBase + file.probes.length])
        .sort((a, b) => a[0] - b[0]);
      for (let index = 1; index < bases.length; index++)
        expect(bases[index][0]).toBeGreaterThanOrEqual(bases[index - 1][1]);
    });

    it.each([
      ['main.ts', 'ts n=3\n', ['helper.ts', 'main.ts']],
      ['main.mts', 'mts 8\n', ['esm-lib.mjs', 'main.mts']],
      ['main.cts', 'cts 6\n', ['main.cts']],
      ['esm-ts/main.ts', 'esm ts n=4\n', ['esm-ts/helper.ts', 'esm-ts/main.ts']],
    ] as const)('TypeScript %s runs (types stripped by the instrumenter)', async (main, expected, files) => {
      const { recorded, trace } = await runPlainAndRecorded({
        node: node.path,
        bootloader: runtime.bootloader,
        dir,
        main,
      });
      expect(recorded.stderr).toBe('');
      expect(recorded.stdout).toBe(expected);
      expect(paths(trace)).toEqual(files);
    });

    it("the program's own module.register() hook runs, recorded files and all", async () => {
      const { plain, recorded } = await run('registers.mjs');
      expect(recorded.stderr).toBe(plain.stderr);
      expect(recorded.stdout).toBe(plain.stdout);
      expect(recorded.stdout).toBe('own hook 3\n');
    });

    it('a file acorn rejects runs untouched: Node reports its own SyntaxError (INS-28), with a NOTE', async () => {
      const { plain, recorded, trace } = await run('broken.js');
      expect(recorded.status).toBe(plain.status);
      expect(recorded.stderr).toBe(plain.stderr);
      expect(trace.main.files).toEqual([]);
      expect(
        trace.main.notes.some((note) => note.path?.endsWith('broken.js') && /uninstrumented/.test(note.message)),
      ).toBe(true);
    });

    it('the instrumentation cache: the second run instruments nothing (cache hits in the NOTE)', async () => {
      const cacheDir = join(mkdtempSync(join(tmpdir(), 'rewind-cache-')), 'c');
      const first = await run('main.cjs', { REWIND_CACHE_DIR: cacheDir });
      const second = await run('main.cjs', { REWIND_CACHE_DIR: cacheDir });
      const cacheNote = (trace: typeof first.trace) =>
        trace.main.notes.find((note) => note.message.startsWith('instrumentation cache'))?.message;
      expect(cacheNote(first.trace)).toBe('instrumentation cache: 0 hits, 2 misses');
      expect(cacheNote(second.trace)).toBe('instrumentation cache: 2 hits, 0 misses');
      expect(second.recorded.stdout).toBe(first.recorded.stdout);
      expect(second.trace.main.files.map((file) => file.sourceHash)).toEqual(
        first.trace.main.files.map((file) => file.sourceHash),
      );
    });

    it("an ES module's names of recorded CommonJS on a cache hit, from entries this process's Node made", async () => {
      const cacheDir = join(mkdtempSync(join(tmpdir(), 'rewind-cache-')), 'c');
      // Made by another Node when this one is 22/24 (Node 20's entries come from its off-thread loader).
      await runPlainAndRecorded({
        bootloader: runtime.bootloader,
        dir,
        main: 'imports-cjs.mjs',
        env: { REWIND_CACHE_DIR: cacheDir },
      });
      const { plain, recorded, trace } = await run('imports-cjs.mjs', { REWIND_CACHE_DIR: cacheDir });
      expect(plain.stdout).toMatch(/^names 7 1 /);
      expect(recorded.stdout).toBe(plain.stdout);
      expect(recorded.stderr).toBe(plain.stderr);
      expect(trace.main.notes.find((note) => note.message.startsWith('instrumentation cache'))?.message).toBe(
        'instrumentation cache: 3 hits, 0 misses',
      );
    });

    it('under --jitless (no WebAssembly) the pure-JS lexer lists the names an ES module imports', async () => {
      const cacheDir = join(mkdtempSync(join(tmpdir(), 'rewind-cache-')), 'c');
      const { plain, recorded } = await runPlainAndRecorded({
        node: node.path,
        bootloader: runtime.bootloader,
        dir,
        main: 'imports-cjs.mjs',
        nodeArgs: ['--jitless'],
        env: { REWIND_CACHE_DIR: cacheDir },
      });
      expect(plain.stdout).toMatch(/^names 7 1 /);
      expect(recorded.stdout).toBe(plain.stdout);
    });
  });
}
