// The ring under load with real threads (TR-01, TR-02, TR-03): a producer worker writes a known
// pattern through the invariant-checking CheckedRing while this thread drains slowly or quickly.
// Every event is either received or counted lost, every loss is an EXT LOST marker with a LOST
// record at its position, and what is received is never torn by an overwrite.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventKind, Ext } from '../../../runtime/format';
import type { OverflowStrategy } from '../../../runtime/format/environment';
import { Drain } from '../../../runtime/recorder/drain';
import { createRingShared, ringSizes } from '../../../runtime/recorder/layout';
import { REPO, bundleScript } from '../../support/recorder/build';
import { MemorySink, traceFromSink } from '../../support/recorder/memory';
import type { ProducerJob } from '../../support/recorder/producerWorker';
import { decodeAt, producerEvents, stringTable, walkEvents } from '../../support/recorder/trace';
import type { RingCounters } from '../../../runtime/recorder/ring';
import { RecordType } from '../../../runtime/format';

let producerScript: string;
beforeAll(async () => {
  producerScript = await bundleScript(join(REPO, 'test/support/recorder/producerWorker.ts'), 'producerWorker');
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runRing(
  overflow: OverflowStrategy,
  options: { capacityWords: number; rounds: number; drainEveryMs: number; pauseEveryThousandUs?: number },
) {
  const shared = createRingShared(options.capacityWords);
  const sink = new MemorySink();
  const drain = new Drain(shared, sink, 0, overflow);
  drain.record(RecordType.PRODUCER, {
    producerId: 0,
    pid: 1,
    ppid: 0,
    threadId: 1,
    argv: [],
    nodeVersion: process.version,
    startWallTimeMs: 0,
  });
  const job: ProducerJob = {
    shared,
    overflow,
    rounds: options.rounds,
    pauseEveryThousandUs: options.pauseEveryThousandUs ?? 0,
  };
  const worker = new Worker(producerScript, { workerData: job });
  let result: { counters: RingCounters; checks: number } | undefined;
  let failure: Error | undefined;
  worker.on('message', (message) => {
    result = message;
  });
  worker.on('error', (error) => {
    failure = error;
  });
  const exited = new Promise((resolve) => worker.on('exit', resolve));
  let finished = false;
  void exited.then(() => {
    finished = true;
  });
  while (!finished) {
    drain.round();
    await sleep(options.drainEveryMs);
  }
  if (failure) throw failure;
  expect(result).toBeDefined();
  drain.finish({ reason: 'exit', exitCode: 0, eventsEmitted: result!.counters.emittedEvents });
  const trace = traceFromSink(sink);
  const words = trace.main.words;
  const received = producerEvents(words).length;
  const markers = walkEvents(words).filter((event) => event.kind === EventKind.EXT && event.probe === Ext.LOST);
  const markerTotal = markers.reduce((sum, event) => sum + words[event.offset + 1], 0);
  const lostTotal = trace.main.lost.reduce((sum, lost) => sum + lost.lostEvents, 0);
  return {
    trace,
    words,
    received,
    markers,
    markerTotal,
    lostTotal,
    counters: result!.counters,
    checks: result!.checks,
  };
}

/** WRITE(probe 7) carries the round number: between two gaps the rounds must be consecutive. */
function checkUntorn(words: Int32Array): number {
  const strings = stringTable(words);
  let previous: number | undefined;
  let segments = 1;
  for (const event of walkEvents(words)) {
    if (event.kind === EventKind.EXT && event.probe === Ext.LOST) {
      previous = undefined;
      segments++;
      continue;
    }
    if (event.kind !== EventKind.WRITE || event.probe !== 7) continue;
    const value = decodeAt(words, event.offset + 2, strings);
    expect(value.type).toBe('number');
    const round = (value as { value: number }).value;
    if (previous !== undefined) expect(round).toBe(previous + 1);
    previous = round;
  }
  return segments;
}

describe('ring sizing', () => {
  it('a batch plus one maximal event always fits, descriptors are powers of two', () => {
    for (let capacity = 1 << 12; capacity <= 1 << 28; capacity *= 2) {
      const sizes = ringSizes(capacity);
      expect(sizes.batchWords + sizes.maxEventWords).toBeLessThanOrEqual(sizes.capacityWords / 4);
      expect(sizes.descriptorSlots & (sizes.descriptorSlots - 1)).toBe(0);
      expect(sizes.descriptorSlots * (sizes.batchWords + sizes.maxEventWords)).toBeLessThanOrEqual(1 << 28);
    }
  });
});

describe('ring with a real producer thread', () => {
  it('block (TR-03): a tiny ring and a slow drain lose nothing', async () => {
    const run = await runRing('block', { capacityWords: 1 << 12, rounds: 12_000, drainEveryMs: 1 });
    expect(run.counters.droppedEvents).toBe(0);
    expect(run.lostTotal).toBe(0);
    expect(run.markers).toHaveLength(0);
    expect(run.received).toBe(run.counters.emittedEvents);
    expect(run.trace.main.end).toMatchObject({ eventsEmitted: run.counters.emittedEvents, eventsLost: 0 });
    expect(checkUntorn(run.words)).toBe(1);
    expect(run.checks).toBeGreaterThan(25_000);
    // Sparse clock samples: some, far fewer than events.
    expect(run.trace.main.timeSamples).toBeGreaterThan(0);
    expect(run.trace.main.timeSamples).toBeLessThan(run.received / 1000);
  });

  it('drop-newest (TR-01): received + lost == emitted exactly, every loss marked in place', async () => {
    const run = await runRing('drop-newest', { capacityWords: 1 << 12, rounds: 20_000, drainEveryMs: 15 });
    expect(run.lostTotal).toBeGreaterThan(0);
    expect(run.received + run.lostTotal).toBe(run.counters.emittedEvents);
    expect(run.markerTotal).toBe(run.lostTotal);
    expect(run.markers.length).toBe(run.trace.main.lost.length);
    expect(run.trace.main.lost.every((lost) => lost.reason === 'ring-full')).toBe(true);
    expect(run.trace.main.end).toMatchObject({ eventsEmitted: run.counters.emittedEvents, eventsLost: run.lostTotal });
    // The LOST record's afterEvent is the number of events received before the gap.
    const firstGap = run.trace.main.lost[0];
    const firstMarker = run.markers[0];
    expect(producerEvents(run.words).filter((event) => event.offset < firstMarker.offset)).toHaveLength(
      firstGap.afterEvent,
    );
    expect(checkUntorn(run.words)).toBe(run.markers.length + 1);
  });

  it('overwrite-oldest (TR-02): lapped history is counted exactly and never read torn', async () => {
    const run = await runRing('overwrite-oldest', { capacityWords: 1 << 12, rounds: 20_000, drainEveryMs: 15 });
    expect(run.counters.droppedEvents).toBe(0);
    expect(run.lostTotal).toBeGreaterThan(0);
    expect(run.received + run.lostTotal).toBe(run.counters.emittedEvents);
    expect(run.markerTotal).toBe(run.lostTotal);
    expect(run.trace.main.lost.every((lost) => lost.reason === 'overwritten')).toBe(true);
    expect(run.trace.main.end).toMatchObject({ eventsLost: run.lostTotal });
    checkUntorn(run.words);
  });

  it('drop-newest with a fast drain loses nothing', async () => {
    const run = await runRing('drop-newest', {
      capacityWords: 1 << 16,
      rounds: 5_000,
      drainEveryMs: 1,
      pauseEveryThousandUs: 20_000,
    });
    expect(run.lostTotal).toBe(0);
    expect(run.received).toBe(run.counters.emittedEvents);
  });
});

describe('when the sink fails (TR-10)', () => {
  it('the producer stops recording without ever blocking, counting what it discards', async () => {
    const { recordInThread } = await import('../../support/recorder/memory');
    const hot = await import('../../../runtime/recorder/hotPath');
    const { ringCounters } = await import('../../../runtime/recorder/ring');
    const { Control } = await import('../../../runtime/recorder/layout');
    const recording = recordInThread({ capacityWords: 1 << 12, overflow: 'block' });
    Atomics.store(new Int32Array(recording.shared.control), Control.SINK_FAILED, 1);
    // Far more than the ring holds, in block mode, with nobody draining: must not wait.
    for (let index = 0; index < 50_000; index++) hot.s(3);
    const counters = ringCounters();
    expect(counters.mode).toBe('disabled');
    expect(counters.emittedEvents).toBe(50_000);
    expect(counters.publishedEvents + counters.discardedEvents + counters.openBatchEvents).toBe(50_000);
  });

  it('a FileSink on a full device reports the failure instead of throwing', async () => {
    const { FileSink } = await import('../../../runtime/recorder/sinks');
    const sink = new FileSink('/dev/full');
    expect(() => sink.write([new Uint8Array(64)])).not.toThrow();
    expect(sink.failure?.message).toMatch(/ENOSPC|no space/i);
  });
});
