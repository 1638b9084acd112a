// A live program's stdout and stderr reach the adapter through two pipes, and which pipe is read
// first when both have data is a race; the recording knows the order the program wrote them in.
// Pipe text is held briefly and released in the recorded order: each recorded write says "stream
// S has reached character N here". Text the recording lacks (native writes, unrecorded
// processes) only shifts those boundaries; held text is never lost, and none waits longer than
// `holdMs`. Text released for a recorded write carries that write's `where` (the session's
// place of the printing statement), so live output links to its source like replayed output.
// Knows nothing of DAP, pipes or the trace format: `where` is opaque here.

export type OutputStream = 'stdout' | 'stderr';

/** One recorded write: its stream and its full length (a truncated recording still counts all of it). */
export interface RecordedWrite<Where = unknown> {
  stream: OutputStream;
  length: number;
  /** Where the program wrote it; handed back with its text. */
  where?: Where;
}

const DEFAULT_HOLD_MS = 250;

interface StreamState {
  /** Text received and not yet released. */
  held: string;
  /** Characters released so far (the stream position `held` starts at). */
  released: number;
  /** When the oldest held text arrived. */
  heldSinceMs: number;
  /** Where the recorded writes of this stream end so far. */
  recordedEnd: number;
}

export class OutputOrder<Where = unknown> {
  private readonly streams: Record<OutputStream, StreamState> = {
    stdout: { held: '', released: 0, heldSinceMs: 0, recordedEnd: 0 },
    stderr: { held: '', released: 0, heldSinceMs: 0, recordedEnd: 0 },
  };
  /** Recorded boundaries not yet released, in the program's order: release `stream` up to `end`. */
  private readonly boundaries: Array<{ stream: OutputStream; end: number; where?: Where }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (stream: OutputStream, text: string, where?: Where) => void,
    /** Recorded writes since the last call, in order. */
    private readonly newWrites: () => Array<RecordedWrite<Where>>,
    private readonly holdMs = DEFAULT_HOLD_MS,
    private readonly now: () => number = Date.now,
  ) {}

  fromPipe(stream: OutputStream, text: string): void {
    if (!text) return;
    const state = this.streams[stream];
    if (!state.held) state.heldSinceMs = this.now();
    state.held += text;
    this.release(false);
  }

  /** Releases what the recorded writes known now cover (a live program stopped: its writes are indexed). */
  settle(): void {
    this.release(false);
  }

  /** Releases everything held, in recorded order as far as it is known (the program ended). */
  finish(): void {
    this.release(true);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private release(final: boolean): void {
    for (const write of this.newWrites()) {
      const state = this.streams[write.stream];
      state.recordedEnd += write.length;
      this.boundaries.push({ stream: write.stream, end: state.recordedEnd, where: write.where });
    }
    while (this.boundaries.length > 0) {
      const { stream, end, where } = this.boundaries[0];
      const state = this.streams[stream];
      const available = state.released + state.held.length;
      if (end > available && !final && this.now() - state.heldSinceMs < this.holdMs) break; // its text is still in the pipe
      this.boundaries.shift();
      this.take(stream, Math.min(end, available) - state.released, where);
    }
    const waited = (state: StreamState) => state.held && (final || this.now() - state.heldSinceMs >= this.holdMs);
    for (const stream of ['stdout', 'stderr'] as const)
      if (waited(this.streams[stream])) this.take(stream, this.streams[stream].held.length);
    this.schedule();
  }

  private take(stream: OutputStream, count: number, where?: Where): void {
    if (count <= 0) return;
    const state = this.streams[stream];
    const text = state.held.slice(0, count);
    state.held = state.held.slice(count);
    state.released += count;
    state.heldSinceMs = this.now();
    this.emit(stream, text, where);
  }

  /** While text is held, look again soon: the recording catches up, or the hold runs out. */
  private schedule(): void {
    if (this.timer || (!this.streams.stdout.held && !this.streams.stderr.held)) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.release(false);
      },
      Math.max(10, this.holdMs / 10),
    );
  }
}
