// A worker thread's bootloader stub uses the cache directory its recorded process was given. The
// main thread hides REWIND_CACHE_DIR from process.env at boot, before any worker copies it, so a
// stub reading process.env in a worker fell back to the default directory: with caching turned off
// ('') a recorded worker still wrote Rewind's code cache under the temporary folder.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { nodeBinaries, runPlainAndRecorded, writeProgram } from '../../support/recorder/run';

let runtime: RuntimeBuild;
beforeAll(async () => {
  runtime = await buildRuntime();
});

const MAIN = `
const { Worker } = require('node:worker_threads');
const worker = new Worker('let total = 0; for (let i = 0; i < 3; i++) total += i; require("node:worker_threads").parentPort.postMessage(total);', { eval: true });
worker.on('message', (total) => console.log('worker total', total));
worker.on('exit', (code) => console.log('worker exit', code));
`;

describe.each(nodeBinaries())('the cache directory in recorded worker threads on $label', ({ path: node }) => {
  it.skipIf(!node)("a worker keeps its process's cache directory, even when it is off ('')", async () => {
    const dir = writeProgram({ 'main.js': MAIN });
    // The default cache directory lives under os.tmpdir(): a fresh TMPDIR shows whether anything used it.
    const temporary = mkdtempSync(join(tmpdir(), 'rewind-worker-tmp-'));
    try {
      const run = await runPlainAndRecorded({
        node,
        bootloader: runtime.bootloader,
        dir,
        main: 'main.js',
        env: { TMPDIR: temporary, REWIND_CACHE_DIR: '' },
      });
      expect(run.recorded.stdout).toBe(run.plain.stdout);
      expect(run.plain.stdout).toBe('worker total 3\nworker exit 0\n');
      // The worker was recorded (a producer of its own), so its stub ran the body.
      expect(run.trace.producers.size).toBe(2);
      const uid = process.getuid?.() ?? 0;
      expect(existsSync(join(temporary, `rewind-cache-${uid}`))).toBe(false);
    } finally {
      rmSync(temporary, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
