// DAP progress events while a large recording is indexed, only for clients that said
// `supportsProgressReporting`. Progress is by bytes (a 64 MB trace is a few dozen records); small
// recordings show nothing; updates are thinned in time so a fast load does not flood the client.
// Knows nothing of how the bytes are indexed.
import type { SessionContext } from './context';

/** Below this a recording indexes in well under a second: a notification would only flicker. */
export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;
/** At most one progressUpdate per this interval. */
export const PROGRESS_UPDATE_MS = 100;

export class ProgressReporter {
  private progressId: string | undefined;
  private lastPercent = -1;
  private lastSentMs = 0;
  private static nextId = 1;

  constructor(
    private readonly context: SessionContext,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** `doneBytes >= totalBytes` ends the progress (if one was shown). */
  report(doneBytes: number, totalBytes: number, message: string): void {
    if (!this.context.client.supportsProgressReporting) return;
    if (doneBytes >= totalBytes) return this.end(message);
    const percent = Math.max(0, Math.min(99, Math.floor((doneBytes / totalBytes) * 100)));
    if (this.progressId === undefined) {
      if (totalBytes < PROGRESS_MIN_BYTES) return;
      this.progressId = `rewind-index-${ProgressReporter.nextId++}`;
      this.context.event('progressStart', {
        progressId: this.progressId,
        title: 'Indexing recording',
        message,
        percentage: percent,
        cancellable: false,
      });
    } else if (percent !== this.lastPercent && this.nowMs() - this.lastSentMs >= PROGRESS_UPDATE_MS) {
      this.context.event('progressUpdate', { progressId: this.progressId, message, percentage: percent });
    } else {
      return;
    }
    this.lastPercent = percent;
    this.lastSentMs = this.nowMs();
  }

  /**
   * A progress of unknown length (no percentage) until end(): shown whatever the size. A
   * `cancellable` one shows a Cancel button, whose `cancel` request aborts the open (lifecycle.ts).
   */
  start(title: string, message: string, cancellable = false): void {
    if (!this.context.client.supportsProgressReporting) return;
    this.end(message);
    this.progressId = `rewind-task-${ProgressReporter.nextId++}`;
    if (cancellable) this.context.cancellableProgressId = this.progressId;
    this.context.event('progressStart', { progressId: this.progressId, title, message, cancellable });
  }

  /** Ends a shown progress; also on failure, so the client never keeps a stuck notification. */
  end(message: string): void {
    if (this.progressId === undefined) return;
    this.context.event('progressEnd', { progressId: this.progressId, message });
    if (this.context.cancellableProgressId === this.progressId) this.context.cancellableProgressId = undefined;
    this.progressId = undefined;
    this.lastPercent = -1;
  }
}
