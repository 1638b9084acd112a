// INS-25 on a program's require(): the loader (CJS hook, ES hooks in-thread, instrumentFile, the
// cache and its signatures, the probe tables it posts, the code it binds) must call none of the
// program's builtins, on a cache miss (the instrumenter runs in a private realm:
// instrumentRealm.ts) or a hit. fixtures/countBuiltins.cjs wraps every function-valued own property
// of the common prototypes and namespaces with a counter and requires one recorded file: a plain
// run, a recorded run with an empty cache (miss) and one more (hit) must count the same calls
// (a plain run's are Node's own require()). Counted apart and not compared: calls made by Node's
// own source-map cache (node:internal/source_map/), which decodes the map Rewind appends, since a
// recording turns Node's source maps on (INS-19) — Node's code, not Rewind's.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { nodeBinaries } from '../../support/nodeBinaries';
import { recordingEnv, runNode, writeProgram } from '../../support/recorder/run';
import { readTraceFile } from '../../support/recorder/trace';

let runtime: RuntimeBuild;
beforeAll(async () => {
  runtime = await buildRuntime();
}, 120_000);

/** ASCII code: the cache keeps it as bytes and binds it at its fields' offsets. */
const ASCII_HELPER = [
  'class Counter { constructor() { this.count = 0; } add(by) { this.count += by; return this; } }',
  'function twice(value) { const doubled = value * 2; return doubled; }',
  'const counter = new Counter().add(twice(2));',
  'module.exports = { twice, total: counter.count };',
].join('\n');

/** Code with a non-ASCII character (bound by joining text), and more probes than one page of the table holds. */
const WIDE_HELPER = [
  'let total = 0;',
  "const label = 'héllo';",
  'function step(value) { total = total + value; return total; }',
  ...Array.from({ length: 4500 }, (_, index) => `step(${index});`),
  'module.exports = { total, label };',
].join('\n');

interface Counted {
  wrapped: number;
  called: Record<string, number>;
  nodeSourceMaps: Record<string, number>;
}

function counted(stdout: string): Counted {
  return JSON.parse(stdout) as Counted;
}

describe.each(nodeBinaries({ node22: true }))(
  'a recorded require() beside wrapped builtins on $label',
  ({ path: node }) => {
    it.each([
      { name: 'ASCII', helper: ASCII_HELPER },
      { name: 'non-ASCII, several table pages', helper: WIDE_HELPER },
    ])(
      'calls none of them, on a cache miss or a hit ($name)',
      async ({ helper }) => {
        const dir = writeProgram({ 'helper.js': helper });
        copyFileSync(join(__dirname, 'fixtures/countBuiltins.cjs'), join(dir, 'main.js'));
        const cacheDir = mkdtempSync(join(tmpdir(), 'rewind-builtins-cache-'));
        try {
          const args = ['main.js', './helper.js'];
          const plain = await runNode({ node, cwd: dir, args, env: { NODE_OPTIONS: undefined } });
          expect(plain.status, plain.stderr).toBe(0);
          const expected = counted(plain.stdout);
          expect(expected.wrapped).toBeGreaterThan(300);
          const runs: Array<{ label: string; counts: Counted; notes: string[] }> = [];
          for (const label of ['miss', 'hit']) {
            const outFile = join(dir, `${label}.rwd`);
            const recorded = await runNode({
              node,
              cwd: dir,
              args,
              env: {
                ...recordingEnv(outFile),
                REWIND_CACHE_DIR: cacheDir,
                REWIND_ROOT: dir,
                NODE_OPTIONS: `--require ${runtime.bootloader}`,
              },
            });
            expect(recorded.status, recorded.stderr).toBe(0);
            const trace = readTraceFile(outFile);
            // The helper was recorded (else nothing of the loader ran for it).
            expect(trace.main.files.map((file) => file.path)).toContain(join(dir, 'helper.js'));
            runs.push({
              label,
              counts: counted(recorded.stdout),
              notes: trace.main.notes.map((note) => note.message),
            });
          }
          // The first run instrumented both files and cached them; the second found them there.
          expect(runs[0].notes).toContain('instrumentation cache: 0 hits, 2 misses');
          expect(runs[1].notes).toContain('instrumentation cache: 2 hits, 0 misses');
          expect(readdirSync(cacheDir).filter((name) => name.endsWith('.json'))).toHaveLength(2);
          for (const run of runs) {
            expect({ run: run.label, wrapped: run.counts.wrapped }).toEqual({
              run: run.label,
              wrapped: expected.wrapped,
            });
            expect({ run: run.label, called: run.counts.called }).toEqual({ run: run.label, called: expected.called });
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
          rmSync(cacheDir, { recursive: true, force: true });
        }
      },
      60_000,
    );
  },
);
