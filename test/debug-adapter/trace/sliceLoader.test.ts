// Loading a saved trace in slices: the same store as the one-shot load (steps, notes,
// completeness, header errors), progress by bytes that ends at the file's size even when the file
// is a handful of huge records, the event loop served while it loads, and an abort honoured.
import { describe, expect, it } from 'vitest';
import { TraceStore, loadRecording, openRecording } from '../../../debug-adapter/replay';
import { loadTraceInSlices, type ByteProgress } from '../../../debug-adapter/trace/sliceLoader';
import { TraceBuilder } from '../../support/traceBuilder';
import { MAIN, loopProgram } from '../replay/programs';

/** A trace of few, large EVENTS records, like a long real run (64 MB in ~40 records). */
function bigTrace(steps: number, recordWords: number): Uint8Array {
  const builder = new TraceBuilder().file(MAIN);
  builder.recordWords = recordWords;
  const module = builder.module({ line: 1 });
  const statement = builder.stmt(1, module);
  builder.enter(module);
  for (let index = 0; index < steps; index++) builder.step(statement);
  return builder.end().bytes();
}

function stepsOf(store: TraceStore): number {
  return store.stepsIndexed;
}

describe('loadTraceInSlices', () => {
  it('builds the same store as the one-shot load, for whole and damaged files', async () => {
    const bytes = loopProgram().builder.end().bytes();
    for (const input of [bytes, bytes.subarray(0, bytes.length - 30)]) {
      const once = openRecording(input);
      const sliced = await loadRecording(input, { sliceBytes: 7 });
      // The truncation note words the tail differently (a stream cannot say how much is missing).
      expect({ ...sliced.engine.summary(), notes: [] }).toEqual({ ...once.engine.summary(), notes: [] });
      expect(sliced.store.complete).toBe(once.store.complete);
      expect(sliced.store.notes.length).toBe(once.store.notes.length);
      expect(sliced.store.notes.join(' ')).toMatch(input === bytes ? /^$/ : /damaged/);
    }
  });

  it("throws the one-shot load's error for a file that is not a trace", async () => {
    const junk = new Uint8Array(64).fill(7);
    expect(() => TraceStore.fromBytes(junk)).toThrow();
    await expect(loadTraceInSlices(junk)).rejects.toThrow(/./);
    await expect(loadTraceInSlices(new Uint8Array(0))).rejects.toThrow(/empty file/);
  });

  it('reports progress by bytes for a few huge records, ending at the file size', async () => {
    const bytes = bigTrace(200_000, 1 << 16);
    const reports: ByteProgress[] = [];
    const store = await loadTraceInSlices(bytes, { onProgress: (progress) => reports.push(progress) });
    expect(reports.length).toBeGreaterThan(3);
    for (let index = 1; index < reports.length; index++)
      expect(reports[index].doneBytes).toBeGreaterThanOrEqual(reports[index - 1].doneBytes);
    expect(reports[0].doneBytes).toBeLessThan(bytes.length / 2);
    expect(reports.at(-1)).toEqual({ doneBytes: bytes.length, totalBytes: bytes.length, steps: 200_000 });
    expect(stepsOf(store)).toBe(200_000);
  });

  it('yields to the event loop while it works, so timers and I/O run during a long load', async () => {
    const bytes = bigTrace(300_000, 1 << 14);
    let ticks = 0;
    let finished = false;
    const ticker = setInterval(() => {
      if (!finished) ticks++;
    }, 1);
    const loaded = loadTraceInSlices(bytes, { maxBusyMs: 0 });
    await loaded;
    finished = true;
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
  });

  it("stops at the next slice once aborted, with the caller's error", async () => {
    const bytes = bigTrace(300_000, 1 << 14);
    const abort = new AbortController();
    let reports = 0;
    const loading = loadTraceInSlices(bytes, {
      maxBusyMs: 0,
      signal: abort.signal,
      abortError: () => new Error('stopped by the test'),
      onProgress: () => {
        if (++reports === 2) abort.abort();
      },
    });
    await expect(loading).rejects.toThrow('stopped by the test');
    expect(reports).toBeLessThan(5);
  });
});
