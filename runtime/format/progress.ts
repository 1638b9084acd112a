// The progress channel of a producer that writes the trace file itself (direct mode): one JSON
// line per message on the collector's socket, instead of the records. The collector keeps the
// books from it (who is alive, how far each got, how fast) so it can END a producer that dies
// without one and estimate what it never flushed. Pure: types and a validating parser, no I/O.

/** The first line: which producer this connection speaks for (its records are already in the file). */
export interface ProgressHello {
  type: 'hello';
  producerId: number;
  pid: number;
  /** The ring's size: no more than this many words can be published but not yet in the file. */
  capacityWords: number;
  /** A flight recorder's folder of kept segments: the collector assembles them if the producer is killed. */
  flightFolder?: string;
}

/** After every drain round that wrote something: the producer's totals at that moment. */
export interface ProgressTick {
  type: 'progress';
  /** The sequence number the producer's next record will carry. */
  nextSequence: number;
  /** Events received or lost so far, as written to the file (received + lost). */
  accountedEvents: number;
  lostEvents: number;
  /** Events the program had published to the ring when the round ended (≥ accounted: the backlog). */
  publishedEvents: number;
  /** The file's size after this producer's last write: a record boundary. */
  fileBytes: number;
  wallTimeMs: number;
}

/** The producer wrote its own END: nothing is missing. */
export interface ProgressEnd {
  type: 'end';
}

/** The file could not be written (disk full…): recording stopped; the collector says so, once. */
export interface ProgressFailed {
  type: 'failed';
  message: string;
}

export type ProgressMessage = ProgressHello | ProgressTick | ProgressEnd | ProgressFailed;

/** The first byte of a direct producer's connection ('{'); a streamed trace starts with the file magic instead. */
export const PROGRESS_FIRST_BYTE = 0x7b;

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** A validated message, or undefined for anything else (the channel is private, but never trusted blindly). */
export function parseProgressLine(line: string): ProgressMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'hello' && finite(message.producerId) && finite(message.pid) && finite(message.capacityWords)) {
    return {
      type: 'hello',
      producerId: message.producerId,
      pid: message.pid,
      capacityWords: message.capacityWords,
      ...(typeof message.flightFolder === 'string' ? { flightFolder: message.flightFolder } : {}),
    };
  }
  if (message.type === 'end') return { type: 'end' };
  if (message.type === 'failed')
    return typeof message.message === 'string' ? { type: 'failed', message: message.message } : undefined;
  if (message.type !== 'progress') return undefined;
  const fields = [
    'nextSequence',
    'accountedEvents',
    'lostEvents',
    'publishedEvents',
    'fileBytes',
    'wallTimeMs',
  ] as const;
  if (!fields.every((field) => finite(message[field]))) return undefined;
  return message as unknown as ProgressTick;
}
