// Direct mode's twin of workerDrainEnd.test.ts: a drain that writes the trace file itself tells the
// collector only its progress, and its last line says it wrote its own END. A control line the
// collector writes after the drain's thread ended fails (EPIPE), and the failed write destroyed the
// collector's socket with that last line unread: the worker, whose END is in the file, was taken
// for one that vanished and got a second END ('killed'). The race is forced: the collector is held
// busy from the worker's hello (the worker ends meanwhile), then writes to it before reading on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeEnd, readTrace, RecordType } from '../../runtime/format';
import { launchIntoCollector, recorderSettings, TraceCollector } from '../../debug-adapter/recording';
import { DirectConnection } from '../../debug-adapter/recording/directConnection';

const REPO = resolve(__dirname, '../..');
const FIXTURES = join(REPO, 'test/fixtures/recording');
/** Long enough for the worker to end while the collector is busy; below the drain's wait for it (500 ms). */
const BUSY_MS = 300;

function busyFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a direct drain's progress channel and the collector", () => {
  it("keeps the worker's own END, once, when the collector writes to it after the worker ended", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'rewind-direct-end-'));
    const file = join(directory, 'trace.rwd');
    writeFileSync(file, '', { mode: 0o600 });
    const collector = await TraceCollector.create({ directFile: file, retainBytes: false });
    try {
      let wrote: number | undefined;
      let workerId: number | undefined;
      const receive = DirectConnection.prototype.receive;
      vi.spyOn(DirectConnection.prototype, 'receive').mockImplementation(function (this: DirectConnection, text) {
        // A line at a time: on a loaded machine the worker's hello and its 'end' came in one chunk
        // (CI, 143f9be), and the collector read the end before the hold below could come between them.
        let readable = true;
        for (const line of text.split(/(?<=\n)/)) {
          readable = receive.call(this, line);
          if (!readable) return false;
          // The worker's drain said hello (the main thread's is producer 0): hold the collector while
          // the worker ends, then write to it.
          if (wrote === undefined && this.producerId !== undefined && this.producerId !== 0) {
            workerId = this.producerId;
            busyFor(BUSY_MS);
            wrote = collector.sendControl({ type: 'breakpoints', probes: [], filters: [], pending: [] }, workerId);
          }
        }
        return readable;
      });
      const program = launchIntoCollector(collector, {
        program: join(FIXTURES, 'worker-ends-by-itself.js'),
        cwd: FIXTURES,
        stdio: 'pipe',
        bootloaderPath: join(REPO, 'dist/bootloader.js'),
        settings: recorderSettings({ root: FIXTURES }),
      });
      expect((await program.exited).code).toBe(0);
      expect(await collector.waitForIdle(5000)).toBe(true);
      expect(wrote).toBe(1);
      const summary = await collector.finish();
      const trace = readTrace(readFileSync(file));
      const ends = trace.records.filter((record) => record.type === RecordType.END && record.producerId === workerId);
      // Its own END (a worker that ended by itself), not a second one for a producer taken as vanished.
      expect(ends.map((record) => decodeEnd(record).reason)).toEqual(['exit']);
      expect(summary.complete).toBe(true);
      expect(trace.complete).toBe(true);
    } finally {
      await collector.finish();
      rmSync(directory, { recursive: true, force: true });
    }
  }, 20_000);
});
