// How much a producer that died without END may have emitted and never flushed: the backlog it
// had published but the drain had not written, plus its recent emission rate carried over the time
// between its last report and its death, capped by what its ring can hold. An estimate (the ring's
// counters are not visible across processes); its presence alone makes the trace incomplete.
// Knows progress samples and clocks, not sockets or records.

/**
 * The producer stops being "busy" this long after its last report (its idle flush and the drain's wait would have
 * reported again).
 */
const BUSY_HORIZON_MS = 100;

export interface ProgressSample {
  wallTimeMs: number;
  /** Events accounted for in the trace (received + lost). */
  accountedEvents: number;
  /** Events the program had published to its ring (≥ accounted); accounted when unknown. */
  publishedEvents: number;
  /** Trace bytes written by then (for a words-per-event ratio); 0 when unknown. */
  traceBytes: number;
}

/**
 * The rate is taken over this much recent history: two close reports may straddle a stretch where the program waited
 * for ring space.
 */
const RATE_WINDOW_MS = 500;
const MAX_SAMPLES = 64;

export class TailEstimator {
  private readonly samples: ProgressSample[] = [];

  constructor(private readonly capacityWords?: number) {}

  observe(sample: ProgressSample): void {
    // A clock that stepped back (or samples from two clocks out of order): only what follows counts.
    if (sample.wallTimeMs < (this.samples.at(-1)?.wallTimeMs ?? -Infinity)) this.samples.length = 0;
    this.samples.push(sample);
    while (
      this.samples.length > MAX_SAMPLES ||
      (this.samples.length > 2 && sample.wallTimeMs - this.samples[1].wallTimeMs >= RATE_WINDOW_MS)
    )
      this.samples.shift();
  }

  /** Events probably lost with a producer that died at deathWallTimeMs. */
  estimate(deathWallTimeMs: number): number {
    const latest = this.samples.at(-1);
    if (!latest) return 0;
    const backlog = Math.max(0, latest.publishedEvents - latest.accountedEvents);
    let extrapolated = 0;
    const oldest = this.samples[0];
    if (latest.wallTimeMs > oldest.wallTimeMs) {
      const ratePerMs =
        Math.max(0, latest.publishedEvents - oldest.publishedEvents) / (latest.wallTimeMs - oldest.wallTimeMs);
      extrapolated = ratePerMs * Math.min(BUSY_HORIZON_MS, Math.max(0, deathWallTimeMs - latest.wallTimeMs));
    }
    return Math.round(Math.min(backlog + extrapolated, this.ringBoundEvents(latest)));
  }

  private ringBoundEvents(latest: ProgressSample): number {
    return ringBoundEvents(this.capacityWords, latest.traceBytes, latest.accountedEvents);
  }
}

/**
 * No more than a ring's worth of words can be unflushed; in events by the trace's own words per
 * event (Infinity when either is unknown).
 */
export function ringBoundEvents(capacityWords: number | undefined, traceBytes: number, events: number): number {
  if (!capacityWords || traceBytes <= 0 || events <= 0) return Infinity;
  const wordsPerEvent = Math.max(1, traceBytes / 4 / events);
  return capacityWords / wordsPerEvent;
}
