// Direct mode's line to the collector: the drain writes the trace file itself (one copy from the
// ring), and tells the collector only how far it got (format/progress.ts), so a producer that dies
// without END can still be ended, honestly, by the collector. Also hears pause/resume like a
// SocketSink. Knows the socket and the message shapes, not the ring or the file.
import type { Socket } from 'node:net';
import type { ProgressHello, ProgressMessage, ProgressTick } from '../format/progress';
import { collectorEnd, collectorReceived, collectorSocket, flushSocket, type ControlMessage } from './sinks';

export class ProgressChannel {
  private readonly socket: Socket;
  /** The collector ended its side: it read our `end` line (directConnection.ts), or it is gone. */
  private readonly collectorEnded: Promise<void>;
  private gone = false;

  constructor(
    path: string,
    hello: Omit<ProgressHello, 'type'>,
    onControl: (message: ControlMessage) => void,
    onClose: () => void,
  ) {
    // A collector that went away costs the recording nothing: the file is what matters.
    this.socket = collectorSocket(
      path,
      onControl,
      () => {
        this.gone = true;
      },
      onClose,
    );
    this.collectorEnded = collectorEnd(this.socket);
    this.send({ type: 'hello', ...hello });
  }

  tick(tick: Omit<ProgressTick, 'type'>): void {
    this.send({ type: 'progress', ...tick });
  }

  /**
   * The producer's own END is in the file: said, flushed, and read by the collector (at most
   * `timeoutMs`) before the drain's thread may end — a control line it wrote to a channel already
   * gone would destroy its socket with this line unread, and the producer be ENDed twice ('killed').
   */
  async ended(timeoutMs: number): Promise<void> {
    this.send({ type: 'end' });
    await flushSocket(this.socket);
    if (!this.gone) await collectorReceived(this.collectorEnded, timeoutMs);
  }

  /** The file failed: the collector reports it (true), unless it is gone too (false: say it ourselves). */
  async failed(message: string): Promise<boolean> {
    if (this.gone) return false;
    this.send({ type: 'failed', message });
    await flushSocket(this.socket);
    return !this.gone;
  }

  close(): void {
    this.socket.end();
  }

  private send(message: ProgressMessage): void {
    if (!this.gone) this.socket.write(`${JSON.stringify(message)}\n`);
  }
}
