// One producer's connection to the collector: its stream parser, the id and sequence numbers the
// collector gives it in the merged trace, and whether it announced itself and ended. Knows nothing
// of the other producers or of where the merged trace goes.
import type { Socket } from 'node:net';
import {
  decodeEventWords, decodeLost, EventKind, eventEnd, headerKind, RecordFlag, RecordType, TraceFormatError, TraceStreamParser,
  type TraceRecord,
} from '../../runtime/format';
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
  /** The producer's process, from its PRODUCER record (or header). */
  pid: number | undefined;
  /** Events received and lost so far: the totals of an END the collector has to write for it. */
  eventsReceived = 0;
  eventsLost = 0;
  private sequence = 0;
  private incoming = 0;

  constructor(private readonly socket: Socket) {}

  /** Counts what a record adds to the producer's totals (unreadable content counts nothing). */
  count(record: TraceRecord): void {
    if (record.flags & RecordFlag.DEFLATE) return;
    try {
      if (record.type === RecordType.EVENTS) this.eventsReceived += countEvents(decodeEventWords(record));
      else if (record.type === RecordType.LOST) this.eventsLost += decodeLost(record).lostEvents;
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
    }
  }

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

/** Events in a run of words, padding excluded (what the recorder counts as emitted). */
function countEvents(words: Int32Array): number {
  let events = 0;
  for (let offset = 0; offset < words.length; offset = eventEnd(words, offset)) {
    if (headerKind(words[offset]) !== EventKind.PAD) events++;
  }
  return events;
}
