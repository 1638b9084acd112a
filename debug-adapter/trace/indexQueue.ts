// Feeds a live stream's records to a TraceStore off the arrival path: records queue as they come
// and are indexed a slice of time at a time, yielding to the event loop between slices, so the
// adapter keeps answering (pause, stats) while a fast program floods it, and the backlog left
// when the program ends can be drained with progress by bytes. Knows nothing of DAP or sockets.
import type { TraceRecord } from '../../runtime/format';
import type { TraceStore } from './store';

export interface DrainProgress {
  doneBytes: number;
  totalBytes: number;
}

const DEFAULT_MAX_BUSY_MS = 20;

export class IndexQueue {
  private queue: TraceRecord[] = [];
  private head = 0;
  private queuedBytes = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];
  private drainProgress: ((doneBytes: number) => void) | undefined;

  constructor(
    private readonly store: TraceStore,
    private readonly maxBusyMs = DEFAULT_MAX_BUSY_MS,
  ) {}

  /** Bytes of payload waiting to be indexed. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  push(record: TraceRecord): void {
    this.queue.push(record);
    this.queuedBytes += record.payload.length;
    this.schedule();
  }

  /** Resolves once everything queued so far is indexed; reports bytes done of the backlog at the call. */
  drain(onProgress?: (progress: DrainProgress) => void): Promise<void> {
    const totalBytes = this.queuedBytes;
    let doneBytes = 0;
    this.drainProgress = onProgress
      ? (bytes) => {
          doneBytes += bytes;
          onProgress({ doneBytes: Math.min(doneBytes, totalBytes), totalBytes });
        }
      : undefined;
    if (this.head >= this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  /** Indexes for at most maxBusyMs, then lets the event loop run and comes back. */
  private pump(): void {
    this.scheduled = false;
    const startedMs = Date.now();
    // At least one record per slice, however short the slice: the queue always moves.
    for (
      let indexed = 0;
      this.head < this.queue.length && (indexed === 0 || Date.now() - startedMs < this.maxBusyMs);
      indexed++
    ) {
      const record = this.queue[this.head++];
      this.queuedBytes -= record.payload.length;
      try {
        this.store.append([record]);
      } catch (error) {
        // Off the arrival path nobody could catch this: keep it as a note, like a corrupt record.
        this.store.notes.push(
          `a record at byte ${record.byteOffset} could not be indexed: ${(error as Error).message}`,
        );
      }
      this.drainProgress?.(record.payload.length);
    }
    if (this.head >= this.queue.length) {
      this.queue = [];
      this.head = 0;
      this.drainProgress = undefined;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    } else {
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.schedule();
    }
  }
}
