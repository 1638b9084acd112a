// A producer thread for ring tests: attaches the real ring to shared memory, emits a known
// pattern of events through the CheckedRing double, flushes, and reports its counters. The
// pattern mixes one-word STEPs, small-int WRITEs, strings (interned and inline) and doubles.
import { parentPort, workerData } from 'node:worker_threads';
import type { OverflowStrategy } from '../../../runtime/format/environment';
import type { RingShared } from '../../../runtime/recorder/layout';
import { configureLimits } from '../../../runtime/recorder/limits';
import { finalFlush, initRing, ringCounters, setLossListener } from '../../../runtime/recorder/ring';
import { resetInternTable } from '../../../runtime/recorder/strings';
import { newSnapshotEpoch } from '../../../runtime/recorder/snapshot';
import { CheckedRing } from './checkedRing';

export interface ProducerJob {
  shared: RingShared;
  overflow: OverflowStrategy;
  rounds: number;
  /** Busy-wait this many microseconds every 1000 rounds (gives a slow drain a chance). */
  pauseEveryThousandUs: number;
}

const job = workerData as ProducerJob;
configureLimits({ maxStringLength: 64, maxCollectionEntries: 10, maxDepth: 2, redact: true });
initRing(job.shared, job.overflow, { waitTimeoutMs: 5 });
setLossListener(() => {
  resetInternTable();
  newSnapshotEpoch();
});
const ring = new CheckedRing(job.shared, job.overflow);
const long = 'x'.repeat(100);
for (let round = 0; round < job.rounds; round++) {
  ring.step(round & 0xffff);
  ring.write(7, round);
  if (round % 3 === 0) ring.write(8, `s${round % 50}`);
  if (round % 7 === 0) ring.write(9, round + 0.5);
  if (round % 11 === 0) ring.write(10, long);
  if (job.pauseEveryThousandUs && round % 1000 === 0) {
    const until = performance.now() + job.pauseEveryThousandUs / 1000;
    while (performance.now() < until) {
      /* spin */
    }
  }
}
const beforeFlush = ringCounters();
finalFlush();
parentPort!.postMessage({ counters: beforeFlush, checks: ring.checks });
