// The flight recorder's disk side (overflow 'flight', issue 12 item 10): a Sink that appends the
// drain's records to rotating segment files in a private folder beside the trace, deletes the oldest
// segment once the kept ones exceed the byte budget (reporting how many events it held), and at
// the end hands back the kept records in order. Knows files and record framing; not events,
// epochs or which records open a segment (drain.ts decides when to rotate and what to re-write).
import { closeSync, mkdtempSync, openSync, readSync, rmSync, fstatSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RECORD_PREFIX_BYTES, RECORD_SUFFIX_BYTES } from '../format/records';
import { FLIGHT_SEGMENTS } from './layout';
import { FileSink, type Sink } from './sinks';

/** A segment smaller than this would rotate every round (each rotation re-snapshots objects). */
const MIN_SEGMENT_BYTES = 64 << 10;

interface Segment {
  path: string;
  bytes: number;
  /** Events of the producer's stream written into it (what dropping it loses). */
  events: number;
}

export class FlightSegments implements Sink {
  readonly synchronous = true;
  failure: Error | undefined;
  readonly segmentBudgetBytes: number;
  private readonly folder: string;
  private readonly closed: Segment[] = [];
  private current: Segment;
  private sink: FileSink;
  private segmentNumber = 0;

  constructor(
    traceFile: string,
    private readonly budgetBytes: number,
    producerId: number,
  ) {
    // mkdtemp: a fresh folder only we can enter (0700), beside the trace (same file system and owner).
    this.folder = mkdtempSync(join(dirname(traceFile), `.${basename(traceFile)}.flight-${producerId}-`));
    this.segmentBudgetBytes = Math.max(MIN_SEGMENT_BYTES, Math.floor(budgetBytes / FLIGHT_SEGMENTS));
    this.current = this.newSegment();
    this.sink = new FileSink(this.current.path);
  }

  write(chunks: Uint8Array[]): void {
    if (this.failure) return;
    this.sink.write(chunks);
    this.failure = this.sink.failure;
    for (const chunk of chunks) this.current.bytes += chunk.length;
  }

  /** Bytes in the segment being written. */
  currentBytes(): number {
    return this.current.bytes;
  }

  /** Bytes on disk now (every kept segment). */
  keptBytes(): number {
    let total = this.current.bytes;
    for (const segment of this.closed) total += segment.bytes;
    return total;
  }

  /** Count events as written into the current segment. */
  addEvents(count: number): void {
    this.current.events += count;
  }

  /**
   * Close the current segment and start the next; drop the oldest closed ones while the kept
   * segments exceed the budget less one segment (room for the one now starting). Returns the events
   * the dropped segments held.
   */
  rotate(): number {
    this.sink.close();
    this.closed.push(this.current);
    this.current = this.newSegment();
    this.sink = new FileSink(this.current.path);
    let droppedEvents = 0;
    let closedBytes = 0;
    for (const segment of this.closed) closedBytes += segment.bytes;
    while (this.closed.length > 0 && closedBytes > this.budgetBytes - this.segmentBudgetBytes) {
      const oldest = this.closed.shift() as Segment;
      closedBytes -= oldest.bytes;
      droppedEvents += oldest.events;
      rmSync(oldest.path, { force: true });
    }
    return droppedEvents;
  }

  /**
   * Every kept record, oldest first, one segment at a time (memory: one segment), each as a view
   * that stays valid until the next one is asked for. The segment folder is removed afterwards.
   */
  *keptRecords(): Generator<Uint8Array> {
    this.sink.close();
    try {
      for (const segment of [...this.closed, this.current]) yield* recordsOf(readWhole(segment.path));
    } finally {
      rmSync(this.folder, { recursive: true, force: true });
    }
  }

  pendingBytes(): number {
    return 0;
  }

  async flush(): Promise<void> {}

  close(): void {
    this.sink.close();
  }

  /** Remove the segments (after a failure, or once copied). */
  discard(): void {
    this.sink.close();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private newSegment(): Segment {
    const path = join(this.folder, `segment-${String(this.segmentNumber++).padStart(6, '0')}.rwd`);
    closeSync(openSync(path, 'wx', 0o600));
    return { path, bytes: 0, events: 0 };
  }
}

function readWhole(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const bytes = new Uint8Array(fstatSync(fd).size);
    let at = 0;
    while (at < bytes.length) {
      const count = readSync(fd, bytes, at, bytes.length - at, at);
      if (count === 0) break;
      at += count;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** The records of a segment this drain wrote (whole records: each write is whole records). */
function* recordsOf(bytes: Uint8Array): Generator<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + RECORD_PREFIX_BYTES <= bytes.length;) {
    const size = RECORD_PREFIX_BYTES + view.getUint32(at, true) + RECORD_SUFFIX_BYTES;
    if (at + size > bytes.length) return;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}
