// A live program's stdout and stderr reach the adapter through two pipes, and which pipe is read
// first when both have data is a race; the recording knows the order the program wrote them in.
// Pipe text is held briefly and released in the recorded order: each recorded write says "stream
// S has reached character N here". Text the recording lacks (native writes, unrecorded
// processes) only shifts those boundaries; held text is never lost, and none waits longer than
// `lateRecordMs` for its record — `holdMs` once the stream showed text the recording lacks. Text
// released for a recorded write carries that write's `where` (the session's
// place of the printing statement), so live output links to its source like replayed output.
// Other writers share the pipes (child processes, worker threads: `from`): their order against the
// main thread's is unknown, so their text is recognised where it starts the held text, each
// writer's writes in its own order; it does not move the main thread's boundaries. A worker's
// writes are printed by its creator's stream too (Node forwards a worker's stdio): that copy,
// recorded by the creator as well, is the worker's write (`echoed`), released once, with the
// worker's place. Knows nothing of DAP, pipes or the trace format: `where` is opaque here.

export type OutputStream = 'stdout' | 'stderr';

/** One recorded write: its stream and its full length (a truncated recording still counts all of it). */
export interface RecordedWrite<Where = unknown> {
  stream: OutputStream;
  length: number;
  /** Where the program wrote it; handed back with its text. */
  where?: Where;
  /** Its text as recorded (cut when long): how another writer's write is recognised in the pipe. */
  text?: string;
  /** Another writer than the ordered one (a child process, a worker thread): its key. */
  from?: number;
  /** Written again by the ordered writer's stream (a worker's stdio, forwarded by Node). */
  echoed?: boolean;
}

/**
 * How many of a writer's next writes are looked for at the head of the held text (one missing must not stop the rest).
 */
const SIDE_LOOKAHEAD = 8;
/**
 * Once workers print: how long an ordered write waits for a worker's record of the same text (the
 * creator's copy and the worker's own arrive by different threads' drains, in either order). 60 ms
 * was too short on a loaded machine (the worker's drain lagged and its line was shown at the main
 * thread's place); the price of a longer wait is that, while a worker lives, a main-thread line
 * that is not a worker's copy reaches the console up to this much later.
 */
export const ECHO_WAIT_MS = 200;

const DEFAULT_HOLD_MS = 250;
/**
 * How long a live session's pipe text waits for its record while the stream's recording has lacked
 * nothing so far (LiveRecording). A record comes late when the program's drain thread is not
 * scheduled (a loaded machine): 250 ms was too short, and a line printed just before a live stop
 * reached the console without its place ('third → nowhere', truthfulOutput). The price: a stream's
 * first text that the recording does lack (a native write) shows this much later, once.
 */
export const LATE_RECORD_MS = 2000;

interface StreamState {
  /** Text received and not yet released. */
  held: string;
  /** Characters released so far (the stream position `held` starts at). */
  released: number;
  /** When the oldest held text arrived. */
  heldSinceMs: number;
  /** Where the recorded writes of this stream end so far. */
  recordedEnd: number;
  /** Text of this stream went out without a record after waiting the long wait: the recording lacks some. */
  lacksText: boolean;
}

export interface OutputOrderTiming {
  /** How long text the recording lacks waits before it is shown unplaced. */
  holdMs?: number;
  now?: () => number;
  /** How long text waits for a record the stream's recording has not been seen to lack (≥ holdMs). */
  lateRecordMs?: number;
}

export class OutputOrder<Where = unknown> {
  private readonly streams: Record<OutputStream, StreamState> = {
    stdout: { held: '', released: 0, heldSinceMs: 0, recordedEnd: 0, lacksText: false },
    stderr: { held: '', released: 0, heldSinceMs: 0, recordedEnd: 0, lacksText: false },
  };
  /** Recorded boundaries not yet released, in the program's order: release `stream` up to `end`. */
  private readonly boundaries: Array<{
    stream: OutputStream;
    end: number;
    length: number;
    where?: Where;
    text?: string;
    knownAtMs: number;
  }> = [];
  /** Some writer's writes are echoed by the ordered one (a worker exists): its writes wait for theirs. */
  private echoing = false;
  /** Other writers' writes not yet seen in the pipe, per writer and stream, each in its writer's order. */
  private readonly side = new Map<string, Array<RecordedWrite<Where>>>();
  /** Texts of echoed writes released already: the ordered writer's copy of each is not a write of its own. */
  private readonly echoes: Record<OutputStream, string[]> = { stdout: [], stderr: [] };
  private timer: NodeJS.Timeout | undefined;
  /** A late look, waiting one loop turn (schedule). */
  private afterStall: NodeJS.Immediate | undefined;

  private readonly holdMs: number;
  private readonly now: () => number;
  /** How long text waits for a record the stream's recording has not been seen to lack (≥ holdMs). */
  private readonly lateRecordMs: number;

  constructor(
    private readonly emit: (stream: OutputStream, text: string, where?: Where) => void,
    /** Recorded writes since the last call, in order. */
    private readonly newWrites: () => Array<RecordedWrite<Where>>,
    timing: OutputOrderTiming = {},
  ) {
    this.holdMs = timing.holdMs ?? DEFAULT_HOLD_MS;
    this.now = timing.now ?? Date.now;
    this.lateRecordMs = timing.lateRecordMs ?? this.holdMs;
  }

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
    if (this.afterStall) clearImmediate(this.afterStall);
    this.timer = undefined;
    this.afterStall = undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.afterStall) clearImmediate(this.afterStall);
    this.timer = undefined;
    this.afterStall = undefined;
  }

  private release(final: boolean): void {
    for (const write of this.newWrites()) {
      if (write.from !== undefined) {
        this.addSide(write);
        continue;
      }
      // The creator's copy of workers' writes released already (Node may forward several in one): not its own.
      let { text, length } = write;
      for (let echo = this.echoAt(write.stream, text); echo >= 0; echo = this.echoAt(write.stream, text)) {
        const [echoed] = this.echoes[write.stream].splice(echo, 1);
        text = text!.slice(echoed.length);
        length -= echoed.length;
      }
      if (length <= 0) continue;
      const state = this.streams[write.stream];
      state.recordedEnd += length;
      this.boundaries.push({
        stream: write.stream,
        end: state.recordedEnd,
        length,
        where: write.where,
        text,
        knownAtMs: this.now(),
      });
    }
    for (;;) {
      this.takeSide('stdout');
      this.takeSide('stderr');
      if (this.boundaries.length === 0) break;
      const { stream, end, where } = this.boundaries[0];
      let { text } = this.boundaries[0];
      const state = this.streams[stream];
      const available = state.released + state.held.length;
      // its text is still in the pipe
      if (end > available && !final && this.now() - state.heldSinceMs < this.holdMs) break;
      if (this.echoWait(this.boundaries[0], final)) break;
      this.boundaries.shift();
      let count = Math.min(end, available) - state.released;
      // Its text starts with workers' writes, forwarded: those parts are released with the workers' places.
      for (let echoed = this.takeEcho(stream, text, count); echoed; echoed = this.takeEcho(stream, text, count)) {
        this.take(stream, echoed.length, echoed.where);
        text = text!.slice(echoed.length);
        count -= echoed.length;
      }
      this.take(stream, count, where);
    }
    for (const stream of ['stdout', 'stderr'] as const) {
      const state = this.streams[stream];
      if (!state.held || !(final || this.now() - state.heldSinceMs >= this.waitFor(state))) continue;
      // No record came in the long wait: this stream has text the recording lacks; later text waits the short hold.
      if (!final) state.lacksText = true;
      this.take(stream, state.held.length);
    }
    this.schedule();
  }

  /** How long a stream's held text waits for a record before it goes out without a place. */
  private waitFor(state: StreamState): number {
    return state.lacksText ? this.holdMs : Math.max(this.holdMs, this.lateRecordMs);
  }

  private take(stream: OutputStream, count: number, where?: Where, ordered = true): void {
    if (count <= 0) return;
    const state = this.streams[stream];
    const text = state.held.slice(0, count);
    state.held = state.held.slice(count);
    // Another writer's text is not in the ordered writer's positions.
    if (ordered) state.released += count;
    state.heldSinceMs = this.now();
    this.emit(stream, text, where);
  }

  /** A writer whose writes the ordered one prints again exists (a worker): from now on its copies are waited for. */
  expectEchoes(): void {
    this.echoing = true;
  }

  /** The ordered write may be a worker's, forwarded, whose own record is not in yet: wait a little for it. */
  private echoWait(boundary: { stream: OutputStream; text?: string; knownAtMs: number }, final: boolean): boolean {
    if (!this.echoing || final || boundary.text === undefined || this.now() - boundary.knownAtMs >= ECHO_WAIT_MS)
      return false;
    return !this.takeEcho(boundary.stream, boundary.text, boundary.text.length, true);
  }

  private addSide(write: RecordedWrite<Where>): void {
    // Recognised by its text: one cut short, or empty, cannot be.
    if (write.text === undefined || write.text.length !== write.length || write.length === 0) return;
    const key = `${write.from}:${write.stream}`;
    const queue = this.side.get(key) ?? [];
    queue.push(write);
    this.side.set(key, queue);
  }

  /** Other writers' writes that start the held text, taken in turn (each writer's in its order). */
  private takeSide(stream: OutputStream): void {
    const state = this.streams[stream];
    for (let found = true; found && state.held;) {
      found = false;
      for (const [key, queue] of this.side) {
        if (!key.endsWith(`:${stream}`)) continue;
        const at = queue.slice(0, SIDE_LOOKAHEAD).findIndex((write) => state.held.startsWith(write.text!));
        if (at < 0) continue;
        // A worker's text reaches the pipe through its creator's stream: when the creator's copy is
        // next in the ordered writes, releasing it there keeps the creator's positions right.
        if (queue[at].echoed && this.nextOrderedIs(stream, queue[at].text!)) return;
        const [write] = queue.splice(0, at + 1).slice(-1);
        if (queue.length === 0) this.side.delete(key);
        if (write.echoed) this.echoes[stream].push(write.text!);
        this.take(stream, write.length, write.where, false);
        found = true;
        break;
      }
    }
  }

  private nextOrderedIs(stream: OutputStream, text: string): boolean {
    const next = this.boundaries.find((boundary) => boundary.stream === stream);
    return (
      next?.text !== undefined && next.text.startsWith(text) && next.end - next.length === this.streams[stream].released
    );
  }

  /** Where a released echo starts `text`, or -1. */
  private echoAt(stream: OutputStream, text: string | undefined): number {
    return text === undefined ? -1 : this.echoes[stream].findIndex((echo) => text.startsWith(echo));
  }

  /**
   * A pending echoed write that starts `text` (the creator's copy being released, `count` of it here): taken, for its
   * place.
   */
  private takeEcho(
    stream: OutputStream,
    text: string | undefined,
    count: number,
    peek = false,
  ): RecordedWrite<Where> | undefined {
    if (text === undefined || count <= 0) return undefined;
    for (const [key, queue] of this.side) {
      if (!key.endsWith(`:${stream}`)) continue;
      const at = queue
        .slice(0, SIDE_LOOKAHEAD)
        .findIndex((write) => write.echoed === true && write.length <= count && text.startsWith(write.text!));
      if (at < 0) continue;
      if (peek) return queue[at];
      const [write] = queue.splice(0, at + 1).slice(-1);
      if (queue.length === 0) this.side.delete(key);
      return write;
    }
    return undefined;
  }

  /**
   * While text is held, look again soon: the recording catches up, or the hold runs out. The hold
   * counts only time this thread could have read the recording: a look that comes late (the adapter
   * was not scheduled, on a loaded machine, for up to seconds) does not spend the stall on the hold,
   * and waits one turn so records that arrived meanwhile are read first (timers run before I/O in a
   * loop turn). Without that, a line printed just before a live stop lost its place whenever the
   * adapter was descheduled across the stop.
   */
  private schedule(): void {
    if (this.timer || (!this.streams.stdout.held && !this.streams.stderr.held)) return;
    const intervalMs = Math.max(10, this.holdMs / 10);
    const dueAtMs = this.now() + intervalMs;
    this.timer = setTimeout(() => {
      const stalledMs = this.now() - dueAtMs - intervalMs;
      if (stalledMs <= 0) {
        this.timer = undefined;
        this.release(false);
        return;
      }
      this.forgive(stalledMs);
      this.afterStall = setImmediate(() => {
        this.timer = undefined;
        this.afterStall = undefined;
        this.release(false);
      });
    }, intervalMs);
  }

  /** Time the adapter could not run is not time the held text waited for its record. */
  private forgive(stalledMs: number): void {
    for (const stream of ['stdout', 'stderr'] as const)
      if (this.streams[stream].held) this.streams[stream].heldSinceMs += stalledMs;
    for (const boundary of this.boundaries) boundary.knownAtMs += stalledMs;
  }
}
