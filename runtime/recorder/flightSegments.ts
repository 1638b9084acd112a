// The flight recorder's disk side (overflow 'flight', issue 12 item 10): a Sink that appends the
// drain's records to rotating segment files in a private folder, deletes the oldest segment once
// the kept ones exceed the byte budget (counting, in the folder's state file, the events it held, so
// a collector can assemble the history if the program is killed), and at the end hands back the
// kept records in order. Knows files and record framing; not events, epochs or which records open
// a segment (drain.ts decides when to rotate and what goes to the trace directly).
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FLIGHT_SEGMENT_PREFIX, FLIGHT_STATE_FILE, segmentRecords, type FlightState } from '../format/flightHistory';
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

  private droppedEvents = 0;

  /**
   * `folderPrefix`: mkdtemp's prefix, a fresh folder only we can enter (0700): beside the trace
   * (same file system and owner), or in a socket collector's private directory.
   */
  constructor(
    folderPrefix: string,
    private readonly budgetBytes: number,
  ) {
    this.folder = mkdtempSync(folderPrefix);
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
    const dropped: Segment[] = [];
    while (this.closed.length > 0 && closedBytes > this.budgetBytes - this.segmentBudgetBytes) {
      const oldest = this.closed.shift() as Segment;
      closedBytes -= oldest.bytes;
      droppedEvents += oldest.events;
      dropped.push(oldest);
    }
    if (dropped.length === 0) return 0;
    // The state first: killed before the files go, a reader still skips them by name.
    this.droppedEvents += droppedEvents;
    this.writeState({
      droppedEvents: this.droppedEvents,
      firstSegment: basename((this.closed[0] ?? this.current).path),
    });
    for (const segment of dropped) rmSync(segment.path, { force: true });
    return droppedEvents;
  }

  /**
   * Every kept record, oldest first, one segment at a time (memory: one segment), each as a view
   * that stays valid until the next one is asked for. The segment folder is removed afterwards.
   */
  *keptRecords(): Generator<Uint8Array> {
    this.sink.close();
    try {
      for (const segment of [...this.closed, this.current])
        for (const { bytes } of segmentRecords(readWhole(segment.path))) yield bytes;
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

  /** The folder holding the segments (a collector assembles them from it if the program is killed). */
  get path(): string {
    return this.folder;
  }

  /** Replaced whole: a reader after a kill sees the old state or the new one, never half of one. */
  private writeState(state: FlightState): void {
    const temporary = join(this.folder, `${FLIGHT_STATE_FILE}.new`);
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
    renameSync(temporary, join(this.folder, FLIGHT_STATE_FILE));
  }

  private newSegment(): Segment {
    const number = String(this.segmentNumber++).padStart(6, '0');
    const path = join(this.folder, `${FLIGHT_SEGMENT_PREFIX}${number}.rwd`);
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
