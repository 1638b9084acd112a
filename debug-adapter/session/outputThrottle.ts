// Keeps a program's output flood from freezing the editor (DAP-15): chunks are coalesced per
// category and flushed at most every `flushIntervalMs`; each flush carries at most
// `maxBytesPerFlush`, and what is over the budget is dropped, counted and announced. Memory is
// bounded by the budget. Knows nothing of DAP messages beyond "category + text".

export type OutputCategory = 'stdout' | 'stderr' | 'console' | 'important';

export interface OutputThrottleOptions {
  flushIntervalMs: number;
  maxBytesPerFlush: number;
  emit(category: OutputCategory, text: string): void;
}

export const DEFAULT_OUTPUT_LIMITS = { flushIntervalMs: 50, maxBytesPerFlush: 64 * 1024 } as const;

export class OutputThrottle {
  private pending: Array<{ category: OutputCategory; text: string }> = [];
  private pendingBytes = 0;
  private droppedBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutputThrottleOptions) {}

  write(category: OutputCategory, text: string): void {
    if (text.length === 0) return;
    const room = this.options.maxBytesPerFlush - this.pendingBytes;
    if (room <= 0) {
      this.droppedBytes += text.length;
    } else {
      const kept = text.length > room ? text.slice(0, room) : text;
      this.droppedBytes += text.length - kept.length;
      this.append(category, kept);
    }
    this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
  }

  /** Writes everything pending now (before `exited`, a stop, or disconnect). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const { category, text } of batch) this.options.emit(category, text);
    if (this.droppedBytes > 0) {
      const dropped = this.droppedBytes;
      this.droppedBytes = 0;
      this.options.emit('important', `[rewind] output flood: ${dropped} characters were not shown here; the recording keeps them (Rewind timeline console).\n`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private append(category: OutputCategory, text: string): void {
    const last = this.pending[this.pending.length - 1];
    if (last && last.category === category) last.text += text;
    else this.pending.push({ category, text });
    this.pendingBytes += text.length;
  }
}
