// One producer's clock: turns an event's position in its producer's stream (events emitted
// before it) into microseconds since the recording started, from the sparse TIME samples the drain
// writes (one per ~50 ms round), interpolating linearly between them. Never goes back. Knows TIME
// samples and numbers only, nothing of events or of the output.
import type { TimeSample } from '../../runtime/format';

interface Anchor {
  eventIndex: number;
  micros: number;
}

/** How a producer's times were obtained, said in the export's otherData. */
export type ClockSource = 'interpolated' | 'event-order';

/**
 * An event reaches a TIME sample within about DRAIN_LATENCY_MS: the recorder publishes its batch at
 * least every 20 ms while the event loop turns, the drain wakes at least every 50 ms, and samples
 * are at least 50 ms apart (runtime/recorder: IDLE_FLUSH_MS, IDLE_WAIT_MS, TIME_SAMPLE_INTERVAL_MS).
 * So a busy program samples every ~50 ms, and a longer silence between two samples was the program
 * waiting (a timer, a child, I/O): the later sample's events are placed in its last
 * DRAIN_LATENCY_MS, not spread over the wait. Before the first sample nothing tells (the drain may
 * start late), so that stretch stays linear.
 */
const DRAIN_LATENCY_MS = 70;
const IDLE_GAP_MS = 2 * DRAIN_LATENCY_MS;

/** With no sample at all there is no time: events are spaced this far apart, and the clock says so. */
const EVENT_ORDER_STEP_MICROS = 1;

export class TraceClock {
  private readonly anchors: Anchor[] = [];
  private segment = 0;
  private lastMicros = 0;

  /**
   * `startWallTimeMs`: when the producer started (its event 0); `recordingStartMs`: time zero of
   * the export. Samples in any order. Within a producer the monotonic clock (fractional ms) is used,
   * pinned to the wall clock at the first sample, so processes line up to within a millisecond.
   */
  constructor(startWallTimeMs: number, recordingStartMs: number, samples: readonly TimeSample[]) {
    const sorted = [...samples].sort((a, b) => a.eventIndex - b.eventIndex);
    const first = sorted[0];
    const timeOf = (sample: TimeSample) =>
      Number.isFinite(sample.monotonicMs) && first && Number.isFinite(first.monotonicMs)
        ? first.wallTimeMs + (sample.monotonicMs - first.monotonicMs)
        : sample.wallTimeMs;
    const startMicros = Number.isFinite(startWallTimeMs) ? (startWallTimeMs - recordingStartMs) * 1000 : 0;
    this.anchors.push({ eventIndex: 0, micros: Math.max(0, startMicros) });
    for (const sample of sorted) {
      const previous = this.anchors[this.anchors.length - 1];
      const micros = Math.max(previous.micros, (timeOf(sample) - recordingStartMs) * 1000);
      if (sample.eventIndex <= previous.eventIndex) {
        previous.micros = Math.max(previous.micros, micros);
        continue;
      }
      const idle = this.anchors.length > 1 && micros - previous.micros > IDLE_GAP_MS * 1000;
      // Two anchors at one event index: the clock stands still over the wait, then runs again.
      if (idle) this.anchors.push({ eventIndex: previous.eventIndex, micros: micros - DRAIN_LATENCY_MS * 1000 });
      this.anchors.push({ eventIndex: sample.eventIndex, micros });
    }
    this.lastMicros = this.anchors[0].micros;
  }

  get source(): ClockSource {
    return this.anchors.length > 1 ? 'interpolated' : 'event-order';
  }

  /** Microseconds for the event at `eventIndex`; calls come in increasing order (each producer is walked once). */
  at(eventIndex: number): number {
    const anchors = this.anchors;
    while (this.segment + 1 < anchors.length && anchors[this.segment + 1].eventIndex <= eventIndex) this.segment++;
    const from = anchors[this.segment];
    const to = anchors[this.segment + 1] ?? this.extrapolationEnd(from);
    const span = to.eventIndex - from.eventIndex;
    const micros =
      span > 0 ? from.micros + ((eventIndex - from.eventIndex) / span) * (to.micros - from.micros) : from.micros;
    this.lastMicros = Math.max(this.lastMicros, micros);
    return this.lastMicros;
  }

  /**
   * Past the last sample (the drain's final round may come sooner than the sampling interval), the
   * events keep the producer's average rate; with no sample at all, one microsecond per event.
   */
  private extrapolationEnd(from: Anchor): Anchor {
    const first = this.anchors[0];
    if (from.eventIndex === first.eventIndex)
      return { eventIndex: first.eventIndex + 1, micros: from.micros + EVENT_ORDER_STEP_MICROS };
    const rate = (from.micros - first.micros) / (from.eventIndex - first.eventIndex);
    return { eventIndex: from.eventIndex + 1, micros: from.micros + rate };
  }
}
