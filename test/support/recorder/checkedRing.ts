// The invariant-checking test double of the producer ring (STYLE.md 8, like magic-string's
// IntegrityCheckingMagicString): every hot-path call goes through a wrapper that re-checks
// positions and counters against shared memory right after the operation. Throws on the first
// broken invariant, naming it. Used by the producer worker in ring tests.
import { Control, distance, POSITION_MASK, type RingShared } from '../../../runtime/recorder/layout';
import { ringCounters, ringState } from '../../../runtime/recorder/ring';
import * as hot from '../../../runtime/recorder/hotPath';
import type { OverflowStrategy } from '../../../runtime/format/environment';

export class RingInvariantError extends Error {}

export class CheckedRing {
  private lastEmitted = 0;
  private lastPublished = 0;
  private readonly control: Int32Array;
  checks = 0;

  constructor(
    shared: RingShared,
    private readonly overflow: OverflowStrategy,
  ) {
    this.control = new Int32Array(shared.control);
  }

  /** One operation (a hot-path call that writes `events` events), then every invariant. */
  run(events: number, operation: () => void): void {
    operation();
    this.check(events);
  }

  step(probeId: number): void {
    this.run(1, () => hot.s(probeId));
  }
  /** A string may first be defined (EXT STRING_DEF): one or two events; anything else exactly one. */
  write(probeId: number, value: unknown): void {
    this.run(typeof value === 'string' ? -1 : 1, () => hot.wf(probeId, value, 0));
  }

  check(eventsAdded: number): void {
    this.checks++;
    const state = ringState();
    const counters = ringCounters();
    const fail = (message: string) => {
      throw new RingInvariantError(`${message} (state ${JSON.stringify(state)}, counters ${JSON.stringify(counters)})`);
    };
    if (
      counters.emittedEvents !==
      counters.publishedEvents + counters.droppedEvents + counters.discardedEvents + counters.openBatchEvents
    )
      fail('emitted ≠ published + dropped + discarded + open');
    const moved = counters.emittedEvents - this.lastEmitted;
    if (eventsAdded >= 0 ? moved !== eventsAdded : moved < 1 || moved > 2)
      fail(`emitted moved by ${moved}, expected ${eventsAdded < 0 ? '1 or 2' : eventsAdded}`);
    if (counters.publishedEvents < this.lastPublished) fail('published count went backwards');
    if (state.head - state.batchStart > state.batchWords + state.maxEventWords)
      fail('batch longer than batchWords + maxEventWords');
    if (state.limit !== state.batchStart + state.batchWords) fail('limit is not batchStart + batchWords');
    if (state.inRing && this.overflow !== 'overwrite-oldest') {
      const tail = Atomics.load(this.control, Control.TAIL_POSITION);
      if (distance(tail, state.head & POSITION_MASK) > state.capacityWords)
        fail('producer ran over data the drain has not consumed');
    }
    const descUsed = (state.descHead - Atomics.load(this.control, Control.DESC_TAIL)) | 0;
    if (this.overflow !== 'overwrite-oldest' && (descUsed < 0 || descUsed >= 1 << 20))
      fail(`descriptor backlog ${descUsed} out of range`);
    this.lastEmitted = counters.emittedEvents;
    this.lastPublished = counters.publishedEvents;
  }
}
