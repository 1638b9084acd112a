// The live STEP check's table (issue 13 §Performance): what lets V8 compile the check to a byte
// load at a constant address and a branch is that the table is one object for the thread's whole
// life, held in a `const` of the live hot path's `s` (liveStops.ts checkedStep). These pin that
// structure: the thread's table is the same object at every call (a stop at the start flags that
// one, not a new one), and a hot path made before a flag is set still stops on it and resumes.
// What V8 makes of it is shown in docs/LIVE_SESSIONS.md (--print-opt-code), not measured here.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createHotPath } from '../../../runtime/recorder/hotPath';
import { Control } from '../../../runtime/recorder/layout';
import {
  START_STOP_PROBES,
  StopFlag,
  checkedStep,
  threadStopFlags,
  useStopFlags,
} from '../../../runtime/recorder/liveStops';
import { STEP_AREA_OFFSET, STOP_TABLE_BYTES, StepWord } from '../../../runtime/recorder/stopTable';
import { recordInThread } from '../../support/recorder/memory';

/** Clears what a test flagged in the thread's table (it outlives each test: that is the point). */
function clearThreadTable(): void {
  const table = threadStopFlags(false);
  table.fill(0, 0, START_STOP_PROBES);
  new Int32Array(table.buffer, STEP_AREA_OFFSET, StepWord.WORDS).fill(0);
}

/**
 * A collector in another thread: waits for the producer's LIVE_STOP, answers with the probe it
 * names and resumes the producer (clears PAUSE), as the drain does when the adapter continues.
 */
function collector(control: SharedArrayBuffer): Promise<{ worker: Worker; stoppedAt: Promise<number> }> {
  const worker = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const words = new Int32Array(workerData.control);
     while (Atomics.load(words, workerData.liveStop) === 0) Atomics.wait(words, workerData.pause, 0, 20);
     const probe = Atomics.load(words, workerData.liveStop);
     Atomics.store(words, workerData.pause, 0);
     Atomics.notify(words, workerData.pause);
     parentPort.postMessage(probe);`,
    { eval: true, workerData: { control, liveStop: Control.LIVE_STOP, pause: Control.PAUSE } },
  );
  const stoppedAt = new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return new Promise((resolve, reject) => {
    worker.once('online', () => resolve({ worker, stoppedAt }));
    worker.once('error', reject);
  });
}

describe('the live STEP check reads the thread’s one stop table', () => {
  afterEach(clearThreadTable);

  it('the thread has one table: every call returns the same object, a start stop flags it', () => {
    const table = threadStopFlags(false);
    expect(table.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(table.buffer.byteLength).toBe(STOP_TABLE_BYTES);
    expect(threadStopFlags(true)).toBe(table);
    expect(table[0]).toBe(StopFlag.NEXT);
    expect(table[START_STOP_PROBES - 1]).toBe(StopFlag.NEXT);
    expect(table[START_STOP_PROBES]).toBe(0);
    expect(threadStopFlags(false)).toBe(table);
  });

  it('checkedStep writes the step before it checks, so a stop is at this step', () => {
    const order: string[] = [];
    const step = checkedStep((probeId) => order.push(`step ${probeId}`));
    step(3);
    step(START_STOP_PROBES * 4); // an unflagged probe far into the table: no stop
    expect(order).toEqual(['step 3', `step ${START_STOP_PROBES * 4}`]);
  });

  it('a hot path made before a flag is set stops at that probe, says where, and resumes', async () => {
    const recording = recordInThread();
    const controlBuffer = new SharedArrayBuffer(Control.WORDS * 4);
    const control = new Int32Array(controlBuffer);
    useStopFlags(threadStopFlags(false), control);
    const rt = createHotPath({ live: true });
    rt.s(7);
    expect(Atomics.load(control, Control.LIVE_STOP)).toBe(0); // not flagged yet

    threadStopFlags(false)[7] = StopFlag.BREAK; // as the drain sets it, after `s` was made
    const { worker, stoppedAt } = await collector(controlBuffer);
    try {
      rt.s(7); // blocks until the collector resumes it
      expect(await stoppedAt).toBe(7 + 1);
      expect(Atomics.load(control, Control.PAUSE)).toBe(0);
    } finally {
      await worker.terminate();
    }
    recording.finish();
  }, 60_000);
});
