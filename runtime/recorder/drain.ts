// The consumer side of the ring, runnable in any thread: copies published batches out, detects
// overwritten ones (overwrite-oldest), turns every loss into an EXT LOST event plus a LOST record
// at its position, and frames everything as records for a Sink. Counts exactly: every event the
// producer published is either received or lost (TR-01). As a flight recorder it decides when a
// segment ends (a new string/snapshot epoch must begin with it), writes PRODUCER/FILE/NOTE straight
// to the trace, and assembles the kept segments after them at the end (flightSegments.ts keeps the
// files; a collector assembles them if the program is killed first). Knows framing and counters, not sinks.
// Imports no Node module: what it needs of its thread (checksum, UTF-8, clock) comes as a
// DrainPlatform, so the same class runs in the drain thread and in the exit drain's private realm.
import type { OverflowStrategy } from '../format/environment';
import { crc32 } from '../format/crc32';
import {
  RECORD_PREFIX_BYTES,
  RECORD_SUFFIX_BYTES,
  RecordType,
  type EndInfo,
  type LostInfo,
  type NoteInfo,
  type TimeSample,
} from '../format/records';
import { encodeUtf8, jsonPayload, type Crc32Function } from '../format/recordWriter';
import { isFlightHeadRecord, lostEventWords } from '../format/flightHistory';
import { Control, Desc, distance, ringSizes, type RingShared } from './layout';
import type { FlightSegments } from './flightSegments';
import type { Sink } from './sinks';

/** What a drain needs of the thread it runs in. */
export interface DrainPlatform {
  /** CRC-32 of a record's bytes (the drain thread's is zlib.crc32 where Node has it). */
  crc32: Crc32Function;
  /** A FILE record's JSON text as UTF-8 (the drain thread's is Node's native encoder). */
  utf8(text: string): Uint8Array;
  /** Milliseconds on a monotonic clock: TIME samples and the drain's own timings. */
  monotonicMs(): number;
}

/**
 * Pure JavaScript: the format's sliced CRC loop and encoder, and Date.now as the clock (not
 * monotonic, but all a bare realm has; the exit drain passes its host's monotonic clock instead).
 */
export const PORTABLE_DRAIN_PLATFORM: DrainPlatform = {
  crc32: (bytes, previous = 0) => crc32(bytes, 0, bytes.length, previous),
  utf8: encodeUtf8,
  monotonicMs: () => Date.now(),
};
/** An EVENTS record holds at most this many words (many batches coalesce into one record). */
const MAX_RECORD_WORDS = 1 << 20;
const TIME_SAMPLE_INTERVAL_MS = 50;
/** A FILE or PROBES payload this large is written at once (loader/instrumentFile.ts posts them one by one). */
const WRITE_AT_ONCE_BYTES = 1 << 20;
/** Records per write when a flight recorder copies its kept segments (below any IOV_MAX). */
const ASSEMBLY_CHUNK_RECORDS = 512;

export interface DrainCounters {
  receivedEvents: number;
  lostEvents: number;
  /** Cumulative emitted count at the end of the last batch accounted for. */
  accountedEvents: number;
}

/** END as the drain gets it: eventsEmitted undefined when the producer was stopped before it could say. */
export type EndToWrite = Omit<EndInfo, 'eventsLost' | 'eventsEmitted'> & { eventsEmitted?: number };

export class Drain {
  readonly counters: DrainCounters = { receivedEvents: 0, lostEvents: 0, accountedEvents: 0 };
  private readonly control: Int32Array;
  private readonly data: Int32Array;
  private readonly descInts: Int32Array;
  private readonly descFloats: Float64Array;
  private readonly slots: number;
  private readonly capacityWords: number;
  private descTail: number;
  private sequence = 0;
  private lastTimeSampleMs = -Infinity;
  /**
   * The newest sample the interval held back: written by the next round that receives nothing (or
   * by finish), so the last burst before a pause or the end has a clock reading after it. Without
   * it, a burst within 50 ms of the previous sample had no time at all (the timeline showed none
   * for a server's later requests).
   */
  private heldTimeSample: TimeSample | undefined;
  /** Framed bytes waiting for the sink: may be views into the ring (released only after writing). */
  private pending: Uint8Array[] = [];
  private pendingEvents: Uint8Array[] = [];
  private pendingEventWords = 0;
  /** Views into shared memory are safe only when nothing can overwrite them before the sink returns. */
  private readonly zeroCopy: boolean;
  /**
   * Flight recorder: PRODUCER, FILE and NOTE records go straight to the trace, numbered apart
   * (the kept history is renumbered after them when assembled), so a killed run still has them.
   */
  private pendingHeads: Uint8Array[] = [];
  private headSequence = 0;
  /** Until the kept history is assembled. */
  private flight: FlightSegments | undefined;
  /** Where the trace's records finally go (the sink itself, except for a flight recorder). */
  private readonly traceSink: Sink;
  /** Ring words consumed since the producer was last given its space back, and the part size. */
  private unreleasedWords = 0;
  private readonly releaseWords: number;
  /** For the bench and profiles (recorderCost): rounds, sink writes and their bytes. */
  readonly stats = { rounds: 0, writes: 0, writtenBytes: 0, writeMs: 0, checksumMs: 0 };
  /** Flight recorder: the first descriptor index whose batch began in the new epoch (rotate there). */
  private rotateAtDescriptor: number | undefined;

  constructor(
    shared: RingShared,
    private sink: Sink,
    private readonly producerId: number,
    private readonly overflow: OverflowStrategy,
    /**
     * overflow 'flight' with a file: `sink` is `flight.segments`; the kept history goes to
     * `flight.trace` at the end.
     */
    flight?: { segments: FlightSegments; trace: Sink },
    private readonly platform: DrainPlatform = PORTABLE_DRAIN_PLATFORM,
  ) {
    this.flight = flight?.segments;
    this.traceSink = flight?.trace ?? sink;
    const sizes = ringSizes(shared.capacityWords);
    this.capacityWords = sizes.capacityWords;
    this.slots = sizes.descriptorSlots;
    this.releaseWords = Math.max(sizes.batchWords, sizes.capacityWords >> 3);
    this.control = new Int32Array(shared.control);
    this.data = new Int32Array(shared.data);
    this.descInts = new Int32Array(shared.descriptors);
    this.descFloats = new Float64Array(shared.descriptors);
    this.descTail = Atomics.load(this.control, Control.DESC_TAIL);
    this.zeroCopy = overflow !== 'overwrite-oldest' && sink.synchronous;
  }

  /** The sequence number the next record in the trace will carry (a flight recorder's: after its heads). */
  get nextSequence(): number {
    return this.flight ? this.headSequence : this.sequence;
  }

  /** Records framed so far, wherever they went (changes whenever the drain wrote something). */
  get framedRecords(): number {
    return this.sequence + this.headSequence;
  }

  /** Events the producer had published when last looked at: the latest descriptor's cumulative count. */
  publishedEvents(): number {
    const head = Atomics.load(this.control, Control.DESC_HEAD);
    if (head === this.descTail && this.counters.accountedEvents > 0) return this.counters.accountedEvents;
    const slot = (((head - 1) | 0) & (this.slots - 1)) * Desc.WORDS_PER_SLOT;
    return Math.max(this.counters.accountedEvents, this.descFloats[slot / 2 + 2]);
  }

  /** A JSON record (PRODUCER, FILE, NOTE, TIME, LOST, END), after any events framed so far. */
  record(type: number, value: unknown): void {
    this.pushRecord(type, jsonPayload(value));
  }

  /**
   * A FILE record from its JSON text or that text's UTF-8, or with `packed` a PACKED_PROBES record
   * continuing one from its bytes (made by the loader, see DrainMessage).
   */
  file(json: string | Uint8Array, packed = false): void {
    // Every platform's encoder gives encodeUtf8's bytes (lone surrogates become U+FFFD).
    const payload = typeof json === 'string' ? this.platform.utf8(json) : json;
    this.pushRecord(packed ? RecordType.PACKED_PROBES : RecordType.FILE, payload);
    // A big table's records (8 MiB each) are written as they come, not all held until the round's write.
    if (payload.length >= WRITE_AT_ONCE_BYTES) this.writePending();
  }

  private pushRecord(type: number, payload: Uint8Array): void {
    this.flushEvents();
    if (this.flight && isFlightHeadRecord(type))
      this.pendingHeads.push(...this.frame(type, this.headSequence++, [payload]));
    else this.pending.push(...this.frame(type, this.sequence++, [payload]));
  }

  note(note: NoteInfo): void {
    this.record(RecordType.NOTE, note);
  }

  /**
   * Consume everything published; returns the events received this round. A full ring is
   * written and handed back a part at a time (releaseWords), so a producer blocked on it resumes
   * after the first write instead of after the whole ring's (profiled: the write() copy is most of
   * the drain's CPU, and a 16 MiB round kept the producer waiting for all of it).
   */
  round(nowMs: () => number = Date.now, monotonicMs: () => number = this.platform.monotonicMs): number {
    const before = this.counters.receivedEvents;
    const head = Atomics.load(this.control, Control.DESC_HEAD);
    let tailPosition = -1;
    while (this.descTail !== head) {
      if (((head - this.descTail) | 0) >= this.slots) {
        // Lapped descriptors (overwrite-oldest): their batches are gone; the next gap counts them.
        this.descTail = (head - this.slots + 1) | 0;
        continue;
      }
      const end = this.consume(this.descTail);
      if (end >= 0) tailPosition = end;
      this.descTail = (this.descTail + 1) | 0;
      if (this.unreleasedWords >= this.releaseWords && this.descTail !== head) {
        this.writePending();
        this.release(tailPosition);
      }
    }
    this.flushEvents();
    if (this.counters.receivedEvents !== before) this.sampleTime(nowMs, monotonicMs);
    else this.writeHeldTimeSample();
    this.writePending();
    this.requestRotation();
    this.release(tailPosition);
    this.stats.rounds++;
    return this.counters.receivedEvents - before;
  }

  /** Everything consumed so far is written (or copied): the producer may reuse its ring space. */
  private release(tailPosition: number): void {
    this.unreleasedWords = 0;
    Atomics.store(this.control, Control.DESC_TAIL, this.descTail);
    if (tailPosition >= 0) Atomics.store(this.control, Control.TAIL_POSITION, tailPosition);
    Atomics.add(this.control, Control.DRAIN_ROUNDS, 1);
    Atomics.notify(this.control, Control.DRAIN_ROUNDS);
  }

  /** One batch: copy, verify it was not overwritten meanwhile, account for any gap before it. */
  private consume(index: number): number {
    const slot = (index & (this.slots - 1)) * Desc.WORDS_PER_SLOT;
    const start = this.descInts[slot + Desc.START];
    const end = this.descInts[slot + Desc.END];
    const events = this.descInts[slot + Desc.EVENTS];
    const cumulative = this.descFloats[slot / 2 + 2];
    const parts = this.zeroCopy ? this.views(start, end) : [this.copy(start, end)];
    this.unreleasedWords += distance(start, end);
    if (this.overflow === 'overwrite-oldest' && !this.stillValid(index, start)) return -1;
    if (this.rotateAtDescriptor !== undefined && ((index - this.rotateAtDescriptor) | 0) >= 0) this.rotate();
    const gap = cumulative - events - this.counters.accountedEvents;
    if (gap > 0) this.lost(gap, this.overflow === 'overwrite-oldest' ? 'overwritten' : 'ring-full');
    for (const part of parts) if (part.length > 0) this.events(part);
    this.counters.receivedEvents += events;
    this.counters.accountedEvents = cumulative;
    this.flight?.addEvents(events);
    this.requestRotation();
    return end;
  }

  /**
   * Flight recorder: once the segment is full, ask the producer for a new epoch (it re-defines
   * strings and re-snapshots objects at its next batch). The batch open now may predate the
   * request; every batch published after it began in the new epoch: the new segment starts there.
   */
  private requestRotation(): void {
    if (!this.flight || this.rotateAtDescriptor !== undefined) return;
    // Ask a ring's worth early: what the ring holds now still belongs to this segment.
    const threshold = Math.max(
      this.flight.segmentBudgetBytes / 2,
      this.flight.segmentBudgetBytes - this.capacityWords * 4,
    );
    if (this.flight.currentBytes() + this.pendingEventWords * 4 < threshold) return;
    Atomics.add(this.control, Control.LOSS_EPOCH, 1);
    this.rotateAtDescriptor = (Atomics.load(this.control, Control.DESC_HEAD) + 1) | 0;
  }

  /** Everything before goes to the old segment; the oldest segments past the budget are dropped. */
  private rotate(): void {
    const flight = this.flight as FlightSegments;
    this.rotateAtDescriptor = undefined;
    this.writePending();
    const dropped = flight.rotate();
    this.counters.receivedEvents -= dropped;
    this.counters.lostEvents += dropped;
  }

  private stillValid(index: number, start: number): boolean {
    if (((Atomics.load(this.control, Control.DESC_HEAD) - index) | 0) >= this.slots) return false;
    return distance(start, Atomics.load(this.control, Control.RESERVED_POSITION)) <= this.capacityWords;
  }

  /** The batch's words as byte views into the ring (one or two parts when it wraps). */
  private views(start: number, end: number): Uint8Array[] {
    const length = distance(start, end);
    const from = start & (this.capacityWords - 1);
    const bytes = this.data.buffer;
    if (from + length <= this.capacityWords) return [new Uint8Array(bytes, from * 4, length * 4)];
    const firstPart = this.capacityWords - from;
    return [new Uint8Array(bytes, from * 4, firstPart * 4), new Uint8Array(bytes, 0, (length - firstPart) * 4)];
  }

  /** A private copy (overwrite-oldest: the producer may overwrite the ring at any time). */
  private copy(start: number, end: number): Uint8Array {
    const length = distance(start, end);
    const from = start & (this.capacityWords - 1);
    const words = new Int32Array(length);
    if (from + length <= this.capacityWords) words.set(this.data.subarray(from, from + length));
    else {
      const firstPart = this.capacityWords - from;
      words.set(this.data.subarray(from), 0);
      words.set(this.data.subarray(0, length - firstPart), firstPart);
    }
    return new Uint8Array(words.buffer);
  }

  /** A gap: the EXT LOST event in the event stream and a LOST record, at the same position. */
  lost(count: number, reason: LostInfo['reason']): void {
    this.lostMarker({ lostEvents: count, reason, afterEvent: this.counters.receivedEvents });
    this.counters.lostEvents += count;
    this.counters.accountedEvents += count;
    Atomics.add(this.control, Control.LOSS_EPOCH, 1);
  }

  /** The EXT LOST event and the LOST record of a loss (counted by the caller). */
  private lostMarker(info: LostInfo): void {
    this.events(new Uint8Array(lostEventWords(info.lostEvents, info.reason).buffer));
    this.record(RecordType.LOST, info);
  }

  private events(bytes: Uint8Array): void {
    if (this.pendingEventWords + bytes.length / 4 > MAX_RECORD_WORDS) this.flushEvents();
    this.pendingEvents.push(bytes);
    this.pendingEventWords += bytes.length / 4;
  }

  /**
   * One COMPACT_EVENTS record over the collected parts, framed without copying them. The ring's
   * words may hold compact events (format 3.12); each part is a whole batch or a LOST marker, and
   * every batch names its first frame, so the record decodes alone (runtime/format/compactEvents.ts).
   */
  private flushEvents(): void {
    if (this.pendingEventWords === 0) return;
    this.pending.push(...this.frame(RecordType.COMPACT_EVENTS, this.sequence++, this.pendingEvents));
    this.pendingEvents = [];
    this.pendingEventWords = 0;
  }

  /**
   * A record around its payload's parts, which are not copied (a big file's probe table, or ring
   * views, go to the sink as they are): its prefix, the parts, its checksum.
   */
  private frame(type: number, sequence: number, parts: Uint8Array[]): Uint8Array[] {
    let payloadBytes = 0;
    for (const part of parts) payloadBytes += part.length;
    const prefix = new Uint8Array(RECORD_PREFIX_BYTES);
    const view = new DataView(prefix.buffer);
    view.setUint32(0, payloadBytes, true);
    prefix[4] = type;
    view.setUint16(6, this.producerId, true);
    view.setUint32(8, sequence, true);
    const { crc32: crc, monotonicMs } = this.platform;
    const checksumStartMs = monotonicMs();
    let checksum = crc(prefix.subarray(4));
    for (const part of parts) checksum = crc(part, checksum);
    this.stats.checksumMs += monotonicMs() - checksumStartMs;
    const suffix = new Uint8Array(RECORD_SUFFIX_BYTES);
    new DataView(suffix.buffer).setUint32(0, checksum, true);
    return [prefix, ...parts, suffix];
  }

  private sampleTime(nowMs: () => number, monotonicMs: () => number): void {
    const now = monotonicMs();
    const sample: TimeSample = { eventIndex: this.counters.accountedEvents, wallTimeMs: nowMs(), monotonicMs: now };
    if (now - this.lastTimeSampleMs < TIME_SAMPLE_INTERVAL_MS) {
      this.heldTimeSample = sample;
      return;
    }
    this.lastTimeSampleMs = now;
    this.heldTimeSample = undefined;
    this.record(RecordType.TIME, sample);
  }

  private writeHeldTimeSample(): void {
    const sample = this.heldTimeSample;
    if (sample === undefined) return;
    this.heldTimeSample = undefined;
    this.lastTimeSampleMs = sample.monotonicMs;
    this.record(RecordType.TIME, sample);
  }

  /** Hand framed bytes to the sink in one chunk (one write for a file: whole under O_APPEND). */
  writePending(): void {
    this.flushEvents();
    if (this.pendingHeads.length > 0) {
      const heads = this.pendingHeads;
      this.pendingHeads = [];
      this.traceSink.write(heads);
    }
    if (this.pending.length === 0) return;
    const chunks = this.pending;
    this.pending = [];
    this.stats.writes++;
    for (const chunk of chunks) this.stats.writtenBytes += chunk.length;
    const writeStartMs = this.platform.monotonicMs();
    this.sink.write(chunks);
    this.stats.writeMs += this.platform.monotonicMs() - writeStartMs;
  }

  /** The last round: everything published, a trailing gap if events vanished after the last batch, END. */
  finish(end: EndToWrite): EndInfo {
    this.round();
    this.writeHeldTimeSample();
    // No count from the producer (stopped from outside): what it published, up to this last round, is all there is.
    const eventsEmitted = end.eventsEmitted ?? this.counters.accountedEvents;
    const trailing = eventsEmitted - this.counters.accountedEvents;
    if (trailing > 0) this.lost(trailing, this.overflow === 'overwrite-oldest' ? 'overwritten' : 'ring-full');
    if (this.flight) this.assemble();
    const info: EndInfo = { ...end, eventsEmitted, eventsLost: eventsEmitted - this.counters.receivedEvents };
    this.record(RecordType.END, info);
    this.writePending();
    return info;
  }

  /**
   * Flight recorder, at the end: after the head records (PRODUCER, FILE, NOTE: in the trace
   * already), a LOST for the dropped oldest history, then the kept segments' records, renumbered.
   * A segment begins in a fresh epoch, so the first kept one decodes on its own.
   */
  private assemble(): void {
    const flight = this.flight as FlightSegments;
    this.writePending();
    this.flight = undefined;
    this.sink = this.traceSink;
    this.sequence = this.headSequence;
    if (this.counters.lostEvents > 0)
      this.lostMarker({ lostEvents: this.counters.lostEvents, reason: 'overwritten', afterEvent: 0 });
    this.writePending();
    for (const record of flight.keptRecords()) {
      const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
      view.setUint32(8, this.sequence++, true);
      view.setUint32(
        record.length - RECORD_SUFFIX_BYTES,
        this.platform.crc32(record.subarray(4, record.length - RECORD_SUFFIX_BYTES)),
        true,
      );
      this.pending.push(record);
      if (this.pending.length >= ASSEMBLY_CHUNK_RECORDS) this.writePending();
    }
    this.writePending();
  }
}
