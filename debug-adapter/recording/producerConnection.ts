// One producer's connection to the collector: its stream parser, the id and sequence numbers the
// collector gives it in the merged trace, and whether it announced itself and ended. Knows nothing
// of the other producers or of where the merged trace goes.
import type { Socket } from 'node:net';
import {
  decodeEventWords,
  holdsEvents,
  decodeLost,
  decodeTime,
  EventKind,
  eventEnd,
  Ext,
  headerKind,
  headerProbe,
  RecordFlag,
  RecordType,
  TraceFormatError,
  TraceStreamParser,
  type TraceRecord,
} from '../../runtime/format';
import { TailEstimator } from './tailEstimate';

export class ProducerConnection {
  /** Splits the stream into records without checksumming them again (trustStoredChecksum). */
  readonly parser = new TraceStreamParser({ checksum: trustStoredChecksum });
  /** Assigned when the producer's header arrives. */
  producerId: number | undefined;
  /** A PRODUCER record for it is in the merged trace. */
  announced = false;
  /** An END record for it is in the merged trace. */
  ended = false;
  closed = false;
  /** The producer's process, from its PRODUCER record (or header). */
  pid: number | undefined;
  /** Events lost so far (its LOST records). */
  eventsLost = 0;
  /** When the connection closed: the producer's death, as near as the collector can tell. */
  closedAtWallTimeMs = 0;
  /** Fed by the drain's TIME samples (no published count on a stream: the backlog is unknown). */
  private readonly tail = new TailEstimator();
  /**
   * Counting every event as it passes cost the collector more CPU than anything else it does. The
   * producer's drain says how many events it had accounted for (received + lost) in each TIME
   * sample, after the records it covers; only the EVENTS records since the latest sample are kept
   * (as the merged trace holds them, never modified), to be counted if the producer vanishes without an END.
   */
  private accountedAtSample = 0;
  private lostSinceSample = 0;
  private uncounted: TraceRecord[] = [];
  private uncountedBytes = 0;
  private sequence = 0;
  private incoming = 0;

  constructor(private readonly socket: Socket) {}

  /**
   * Takes what a forwarded record adds to the producer's totals (unreadable content adds nothing).
   * The record is the one in the merged trace (the bytes that arrived, or a re-framed copy): never modified.
   */
  account(record: TraceRecord): void {
    if (record.flags & RecordFlag.DEFLATE) return;
    try {
      if (holdsEvents(record.type)) {
        this.uncounted.push(record);
        this.uncountedBytes += record.payload.length;
        // A producer without TIME samples must not make the collector hold its whole stream.
        if (this.uncountedBytes > MAX_UNCOUNTED_BYTES) this.accountedAtSample += this.takeUncounted();
      } else if (record.type === RecordType.LOST) {
        const lost = decodeLost(record).lostEvents;
        this.eventsLost += lost;
        this.lostSinceSample += lost;
      } else if (record.type === RecordType.TIME) {
        const sample = decodeTime(record);
        this.accountedAtSample = sample.eventIndex;
        this.tail.observe({
          wallTimeMs: sample.wallTimeMs,
          accountedEvents: sample.eventIndex,
          publishedEvents: sample.eventIndex,
          traceBytes: 0,
        });
        this.lostSinceSample = 0;
        this.uncounted = [];
        this.uncountedBytes = 0;
      }
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
    }
  }

  /** Events the producer emitted, as far as its records show: the totals of an END written for it. */
  eventsEmitted(): number {
    this.accountedAtSample += this.takeUncounted();
    return this.accountedAtSample + this.lostSinceSample;
  }

  /** About how many events died unflushed with the producer (its END says so, so the trace is incomplete). */
  unflushedEventsEstimate(): number {
    return this.tail.estimate(this.closedAtWallTimeMs || Date.now());
  }

  private takeUncounted(): number {
    let events = 0;
    for (const record of this.uncounted) {
      try {
        events += countEvents(decodeEventWords(record));
      } catch (error) {
        if (!(error instanceof TraceFormatError)) throw error;
      }
    }
    this.uncounted = [];
    this.uncountedBytes = 0;
    return events;
  }

  /** The sequence number this record should have had; remembers the one it had. */
  expectIncoming(sequence: number): number {
    const expected = this.incoming;
    this.incoming = (sequence + 1) >>> 0;
    return expected;
  }

  /** Sequence numbers restart at 0 per producer in the merged trace: the collector renumbers. */
  nextSequence(): number {
    return this.sequence++;
  }

  /** Writes a control line; false when the producer is gone. */
  send(line: string): boolean {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(line);
    return true;
  }

  /** The producer's END is in: our side of the socket ends (its drain is waiting for that), its reading goes on. */
  endWriting(): void {
    if (!this.closed && !this.socket.destroyed) this.socket.end();
  }

  setPaused(paused: boolean): void {
    if (this.closed) return;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }

  close(): void {
    if (!this.closed) this.closedAtWallTimeMs = Date.now();
    this.closed = true;
    this.socket.destroy();
  }
}

const MAX_UNCOUNTED_BYTES = 64 << 20;

/**
 * The checksum a record says it has. The producer's drain computed it once, over its batch, on the
 * other end of a private socket (SEC-09); recomputing it here doubled the consumer side's CRC work
 * for nothing a local socket can corrupt. Every reader of the file still verifies it.
 */
function trustStoredChecksum(bytes: Uint8Array, _start: number, end: number): number {
  return (bytes[end] | (bytes[end + 1] << 8) | (bytes[end + 2] << 16) | (bytes[end + 3] << 24)) >>> 0;
}

/**
 * Events in a run of words as the recorder counts them: padding and the drain's own LOST markers
 * (the gap, counted by the LOST record) excluded.
 */
export function countEvents(words: Int32Array): number {
  let events = 0;
  for (let offset = 0; offset < words.length; offset = eventEnd(words, offset)) {
    const header = words[offset];
    const kind = headerKind(header);
    if (kind !== EventKind.PAD && !(kind === EventKind.EXT && headerProbe(header) === Ext.LOST)) events++;
  }
  return events;
}
