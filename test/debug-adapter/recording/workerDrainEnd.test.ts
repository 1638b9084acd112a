// A worker's drain thread ends with its worker, so it must not go before the collector has its
// END: a control line the collector writes to a drain that is gone fails, and the failed write
// destroys the collector's socket with the worker's last records unread in it (issue 11: a live
// session's eval worker ended at its first line, its END written by the collector as 'killed').
// The race is forced: the collector is held busy from the moment the worker connects (the worker
// ends meanwhile), then writes to it, as a live session's breakpoints do, before reading on.
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEnd, decodeProducer, readTrace, RecordType } from '../../../runtime/format';
import { launchIntoCollector, recorderSettings, TraceCollector } from '../../../debug-adapter/recording';

const REPO = resolve(__dirname, '../../..');
const FIXTURES = join(REPO, 'test/fixtures/recording');
/** Long enough for the worker to end while the collector is busy; below the drain's wait for it (500 ms). */
const BUSY_MS = 300;

function busyFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe("a worker's drain and the collector", () => {
  it("keeps the worker's last records and END when the collector writes to it after the worker ended", async () => {
    const collector = await TraceCollector.create({ retainBytes: true });
    try {
      let wrote = 0;
      collector.on('producer', (info: { producerId: number; threadId: number }) => {
        if (info.threadId === 0) return;
        busyFor(BUSY_MS);
        wrote = collector.sendControl({ type: 'breakpoints', probes: [], filters: [], pending: [] }, info.producerId);
      });
      const program = launchIntoCollector(collector, {
        program: join(FIXTURES, 'worker-ends-by-itself.js'),
        cwd: FIXTURES,
        stdio: 'pipe',
        bootloaderPath: join(REPO, 'dist/bootloader.js'),
        settings: recorderSettings({ root: FIXTURES, socketPath: collector.socketPath }),
      });
      expect((await program.exited).code).toBe(0);
      await collector.waitForIdle(5000);
      expect(wrote).toBe(1);
      const trace = readTrace(collector.bytes());
      const workerId = trace.records
        .filter((record) => record.type === RecordType.PRODUCER)
        .map((record) => decodeProducer(record))
        .find((producer) => producer.threadId !== 0)!.producerId;
      const end = trace.records.find((record) => record.type === RecordType.END && record.producerId === workerId);
      // Its own END (a worker that ended by itself), not the collector's 'killed' for one that vanished.
      expect(end && decodeEnd(end).reason).toBe('exit');
      expect(trace.complete).toBe(true);
    } finally {
      await collector.finish();
    }
  }, 20_000);
});
