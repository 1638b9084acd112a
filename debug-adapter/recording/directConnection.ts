// A producer that writes the trace file itself (direct mode) and sends the collector only progress
// lines (runtime/format/progress.ts): who it is, how far its records in the file go, and whether it
// wrote its own END. From those the collector can END it honestly if it vanishes. Knows the
// progress protocol, not the file or the other producers.
import type { Socket } from 'node:net';
import { parseProgressLine, type ProgressTick } from '../../runtime/format';
import { TailEstimator } from './tailEstimate';

/** A producer flooding the channel with one endless line is cut off rather than buffered. */
const MAX_LINE_BYTES = 64 << 10;

export class DirectConnection {
  /** Its own id, already in the file (set by its hello line). */
  producerId: number | undefined;
  pid: number | undefined;
  /** Its PRODUCER record is in the file (the drain writes it first). */
  announced = true;
  ended = false;
  closed = false;
  /** When the connection closed: the producer's death, as near as the collector can tell. */
  closedAtWallTimeMs = 0;
  eventsLost = 0;
  /** A flight recorder's folder of kept segments (its hello said). */
  flightFolder: string | undefined;
  /** Its file write failed (disk full…): what it said. */
  failure: string | undefined;
  private estimator = new TailEstimator();
  private last: ProgressTick | undefined;
  private received = '';
  private nextSequenceNumber = 0;

  constructor(
    private readonly socket: Socket,
    private readonly onHello: (connection: DirectConnection) => void,
  ) {}

  /** Takes a chunk of lines; false once the stream is not progress lines (the collector drops it). */
  receive(text: string): boolean {
    this.received += text;
    for (let newline = this.received.indexOf('\n'); newline >= 0; newline = this.received.indexOf('\n')) {
      const message = parseProgressLine(this.received.slice(0, newline));
      this.received = this.received.slice(newline + 1);
      if (!message) return false;
      if (message.type === 'hello' && this.producerId === undefined) {
        this.producerId = message.producerId;
        this.pid = message.pid;
        this.flightFolder = message.flightFolder;
        this.estimator = new TailEstimator(message.capacityWords);
        // Nothing published yet: with a single report later, the rate is taken since the start
        // (a drain starved of CPU may report only once, and an estimate of 0 would claim too much).
        this.estimator.observe({ wallTimeMs: Date.now(), accountedEvents: 0, publishedEvents: 0, traceBytes: 0 });
        this.onHello(this);
      } else if (message.type === 'progress') {
        this.last = message;
        this.eventsLost = message.lostEvents;
        this.nextSequenceNumber = message.nextSequence;
        this.estimator.observe({
          wallTimeMs: message.wallTimeMs,
          accountedEvents: message.accountedEvents,
          publishedEvents: message.publishedEvents,
          traceBytes: message.fileBytes,
        });
      } else if (message.type === 'end') {
        this.ended = true;
        // Its END is in the file: our side ends (its drain waits for that before its thread may
        // end) and writes nothing more — a line to a drain that is gone fails, and the failed write
        // would destroy the socket before what it sent last was read.
        if (!this.socket.destroyed) this.socket.end();
      } else if (message.type === 'failed') {
        this.failure ??= message.message;
      }
    }
    return this.received.length <= MAX_LINE_BYTES;
  }

  /** The file's size after this producer's last reported write: a record boundary. */
  get fileBytes(): number {
    return this.last?.fileBytes ?? 0;
  }

  eventsEmitted(): number {
    return this.last?.accountedEvents ?? 0;
  }

  unflushedEventsEstimate(): number {
    return this.estimator.estimate(this.closedAtWallTimeMs || Date.now());
  }

  /** The sequence number for a record the collector writes on its behalf (an END). */
  nextSequence(): number {
    return this.nextSequenceNumber++;
  }

  send(line: string): boolean {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(line);
    return true;
  }

  /** Its records do not pass through the collector: nothing to hold back. */
  setPaused(): void {}

  close(): void {
    if (!this.closed) this.closedAtWallTimeMs = Date.now();
    this.closed = true;
    this.socket.destroy();
  }
}
