// Fault injection: one large generated source file (issue 10 item 2, TR-05). `a = 1; b = 2;` ×
// 85,000 lines (1.2 MB, 340,000 probes) used to empty the whole recording ("could not be
// completed in time", 0 events, 2.27 GB): its probe table crossed to the drain as a structured
// clone of 340,000 objects and was UTF-8-encoded through a JS array of one number per byte. It
// must record every step; and a file past Rewind's size limits (runtime/instrument/sizeLimits.ts:
// 16 Mi characters, 400,000 probes) or whose probe table no record can hold runs untouched, with a
// NOTE that `info` and the Debug Console show — instead of the program running out of memory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeInfo } from '../../runtime/format';
import { MAX_RECORD_PAYLOAD } from '../../runtime/format/records';
import { INSTRUMENTED_MARKER } from '../../runtime/instrument/marker';
import { tryInstrument, withParsedProbes } from '../../runtime/instrument';
import { probeTableText } from '../../runtime/format/probeTable';
import { MAX_INSTRUMENTED_SOURCE_CHARS, MAX_PROBES_PER_FILE } from '../../runtime/instrument/sizeLimits';
import { InstrumentCache } from '../../runtime/loader/cache';
import { createFileFilter } from '../../runtime/loader/globs';
import { instrumentFile, type LoaderContext } from '../../runtime/loader/instrumentFile';
import type { DrainMessage } from '../../runtime/recorder/drainWorker';
import { Control } from '../../runtime/recorder/layout';
import { assertBuilt, infoJson, rewind, scratchDirectory } from '../cli/harness';

const scratch = scratchDirectory();
beforeAll(() => assertBuilt());
afterAll(() => scratch.remove());

/** The recorded program's own peak RSS (KB) and CPU time (ms) so far, printed by its last line. */
const SELF_MEASURE =
  'const u = process.cpuUsage(); console.log(process.resourceUsage().maxRSS, Math.round((u.user + u.system) / 1000));\n';

/**
 * 40,000 lines, 160,004 probes: peak RSS of the recorded process (instrumenting, the FILE record,
 * the cache entry, compiling and running) was 460–500 MB when the probe table was held as 160,000
 * objects, encoded as one JSON text for the record and again inside the cache entry's JSON; it is
 * 370–390 MB now that it streams (format/probeTable.ts). CPU: 1.6 s on the reference machine.
 */
const PEAK_RSS_CEILING_KB = 430_000;
const CPU_CEILING_MS = 8_000;

describe('a large source file', () => {
  it('40,000 lines record within a memory and a time ceiling, with the instrumentation cache cold and warm', async () => {
    const program = join(scratch.path, 'measured.js');
    writeFileSync(program, 'a = 1; b = 2;\n'.repeat(40_000) + SELF_MEASURE);
    for (const cache of ['cold', 'warm']) {
      const out = join(scratch.path, `measured-${cache}.rwd`);
      const result = await rewind(['record', '--out', out, '--', program], {
        timeoutMs: 120_000,
        env: { TMPDIR: scratch.path },
      });
      expect(result.code).toBe(0);
      const [peakKb, cpuMs] = result.stdout.trim().split(' ').map(Number);
      expect(peakKb, `peak RSS, ${cache} cache`).toBeLessThanOrEqual(PEAK_RSS_CEILING_KB);
      expect(cpuMs).toBeLessThan(CPU_CEILING_MS);
      expect(await infoJson(out)).toMatchObject({ complete: true, steps: 80_002, probes: 160_004, lost: 0 });
    }
  }, 240_000);

  it('85,000 lines of `a = 1; b = 2;` record completely: 170,000 steps, exit 0, no "in time" warning', async () => {
    const program = join(scratch.path, 'generated.js');
    writeFileSync(program, 'a = 1; b = 2;\n'.repeat(85_000));
    const out = join(scratch.path, 'generated.rwd');
    const result = await rewind(['record', '--out', out, '--', program], {
      timeoutMs: 170_000,
      env: { TMPDIR: scratch.path },
    });
    expect(result.stderr).not.toContain('could not be completed in time');
    expect(result.code).toBe(0);
    const info = await infoJson(out);
    expect(info).toMatchObject({
      complete: true,
      steps: 170_000,
      probes: 340_001,
      lost: 0,
      end: { reason: 'exit', exitCode: 0 },
    });
  }, 240_000);

  it('past the probe limit (101,000 lines: 404,001 probes) the file runs untouched: exit 0, a NOTE info shows', async () => {
    const program = join(scratch.path, 'too-many-probes.js');
    writeFileSync(program, 'a = 1; b = 2;\n'.repeat(101_000) + 'console.log(a + b);\n');
    const out = join(scratch.path, 'too-many-probes.rwd');
    const result = await rewind(['record', '--out', out, '--', program], {
      timeoutMs: 170_000,
      env: { TMPDIR: scratch.path },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('3\n'); // the program ran, untouched
    const info = await infoJson(out);
    expect(info).toMatchObject({ complete: true, steps: 0, end: { reason: 'exit', exitCode: 0 } });
    expect(info.notes).toEqual([
      `${program}: runs uninstrumented (too-large): [rewind:instrument] more than ${MAX_PROBES_PER_FILE} probes, more than Rewind instruments in one file`,
    ]);
    const text = await rewind(['info', out]);
    expect(text.stdout).toContain(`note       ${program}: runs uninstrumented (too-large)`);
  }, 240_000);

  it('past the source limit the file is not even parsed', () => {
    // Unparsable: a parse would say parse-error; the size check comes first.
    const outcome = tryInstrument('('.repeat(MAX_INSTRUMENTED_SOURCE_CHARS + 1), { filename: '/app/huge.js' });
    expect(outcome).toEqual({
      ok: false,
      reason: 'too-large',
      error: `${MAX_INSTRUMENTED_SOURCE_CHARS + 1} characters, more than Rewind instruments in one file (${MAX_INSTRUMENTED_SOURCE_CHARS})`,
    });
    expect(tryInstrument('('.repeat(1000), { filename: '/app/small.js' })).toMatchObject({ reason: 'parse-error' });
  });

  it('a file whose probe table is larger than a record can hold runs untouched, with a NOTE', () => {
    const messages: DrainMessage[] = [];
    const control = new Int32Array(new SharedArrayBuffer(64));
    control[Control.PROBE_COUNTER] = 1;
    const range = { start: { line1: 1, column0: 0 }, end: { line1: 1, column0: 1 } };
    // One probe whose name alone fills a record: the smallest table that cannot be written.
    const probes: ProbeInfo[] = [{ kind: 'write', range, functionProbe: -1, varName: 'v'.repeat(MAX_RECORD_PAYLOAD) }];
    const context: LoaderContext = {
      settings: { level: 'full', redact: true },
      control,
      probeFlags: new Uint8Array(16),
      post: (message) => messages.push(message),
      filter: createFileFilter({ include: [], exclude: [], root: '/app' }),
      cache: new InstrumentCache(''),
      instrumented: 0,
      instrument: (code, options) => ({
        ok: true,
        result: withParsedProbes({
          code: `${INSTRUMENTED_MARKER}${code}`,
          map: { version: 3, sources: [], names: [], mappings: '' } as never,
          table: {
            path: options.filename,
            sourceHash: '',
            sourceType: 'commonjs',
            level: 'full',
            probes: probeTableText(probes),
          },
          runtimeName: '$rw$',
        }),
      }),
    };
    expect(instrumentFile(context, 'v = 1', '/app/huge.js', 'commonjs')).toBeUndefined();
    expect(messages.some((message) => message.type === 'file')).toBe(false);
    expect(messages).toContainEqual({
      type: 'note',
      note: {
        level: 'warning',
        path: '/app/huge.js',
        message: expect.stringMatching(
          /^runs uninstrumented \(too large\): its 1 probes need \d+ bytes, more than a trace record holds/,
        ),
      },
    });
  });
});
