// One producer's connection to the collector: its stream parser, the id and sequence numbers the
// collector gives it in the merged trace, and whether it announced itself and ended. Knows nothing
// of the other producers or of where the merged trace goes.
import type { Socket } from 'node:net';
import { TraceStreamParser } from '../../runtime/format';
import { nativeCrc32 } from './framing';

export class ProducerConnection {
  readonly parser = new TraceStreamParser({ checksum: nativeCrc32 });
  /** Assigned when the producer's header arrives. */
  producerId: number | undefined;
  /** A PRODUCER record for it is in the merged trace. */
  announced = false;
  /** An END record for it is in the merged trace. */
  ended = false;
  closed = false;
  private sequence = 0;
  private incoming = 0;

  constructor(private readonly socket: Socket) {}

  /** The sequence number this record should have had; remembers the one it had. */
  expectIncoming(sequence: number): number {
    const expected = this.incoming;
    this.incoming = (sequence + 1) >>> 0;
    return expected;
  }

  /** Sequence numbers restart at 0 per producer in the merged trace: the collector renumbers. */
  nextSequence(): number {
    return this.sequence++;
  }

  /** Writes a control line; false when the producer is gone. */
  send(line: string): boolean {
    if (this.closed || this.socket.destroyed || !this.socket.writable) return false;
    this.socket.write(line);
    return true;
  }

  setPaused(paused: boolean): void {
    if (this.closed) return;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }
}
