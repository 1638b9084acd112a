// Direct mode's last look at the file: producers whose process wrote to it but whose hello never
// reached the collector. The root process writes the file's header before its drain starts, so a
// program killed in those first milliseconds leaves a header, and perhaps its first records, and
// nothing the collector knows of. Each such
// producer is ended as the collector would have ended it: a NOTE bounding what its ring may have
// held and an END giving its process's exit. A producer that drained its own ring at its exit
// (runtime/recorder/exitDrain.ts) never says hello either, but its END is in the file: it is
// counted, not ended. Knows the file, the header and framing, not sockets.
import { closeSync, fstatSync, openSync, readSync, truncateSync } from 'node:fs';
import { RecordType, parseTraceHeader, type EndInfo, type NoteInfo, type TraceHeader } from '../../runtime/format';
import { appendFramedRecords } from './flightRecovery';
import { frameRecord, jsonRecordPayload, producerFromHeader } from './framing';
import { readTraceBooks, type ProducerBooks } from './orphanedFlight';
import { ringBoundEvents } from './tailEstimate';

/** The root process's producer id: its drain writes the header's process as this producer. */
export const ROOT_PRODUCER_ID = 0;
const HEADER_PROBE_BYTES = 1 << 16;

/** How a process ended, as the launcher saw it (collector.ts ProcessExit; not imported: the collector imports this). */
interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** A producer ended here, for the collector's books and events. */
export interface UnannouncedEnd {
  producerId: number;
  pid: number | undefined;
  end: EndInfo;
}

/** What the last look found: producers it ended, and producers whose own END it found. */
export interface UnannouncedProducers {
  ended: UnannouncedEnd[];
  /** Producers `known` does not hold whose records end with their own END (drained at their exit). */
  endedInFile: number[];
}

/**
 * Ends every producer in `path` that `known` does not hold and whose file records have no END
 * (and the header's process, when it wrote no record at all). `exitOf` gives a process's exit as
 * the launcher saw it. Returns what it ended and what had ended itself; throws when the file
 * cannot be written.
 */
export function endUnannouncedProducers(
  path: string,
  known: ReadonlySet<number>,
  exitOf: (pid: number) => ProcessExit | undefined,
): UnannouncedProducers {
  const found: UnannouncedProducers = { ended: [], endedInFile: [] };
  const header = readHeader(path);
  if (!header) return found; // empty (the program never reached the recorder) or not a trace: nothing to end
  const books = readTraceBooks(path, { countEvents: true });
  if (!books) return found;
  const ended = found.ended;
  const framed: Uint8Array[] = [];
  const producers = new Map(books.producers);
  // The header's process wrote nothing past it: its PRODUCER record is made from the header.
  if (!producers.has(ROOT_PRODUCER_ID) && !known.has(ROOT_PRODUCER_ID)) {
    const entry = emptyBooks(header.pid, header.startWallTimeMs);
    producers.set(ROOT_PRODUCER_ID, entry);
    framed.push(
      frameRecord({
        type: RecordType.PRODUCER,
        flags: 0,
        producerId: ROOT_PRODUCER_ID,
        sequence: entry.nextSequence++,
        payload: jsonRecordPayload(producerFromHeader(header, ROOT_PRODUCER_ID)),
      }),
    );
  }
  for (const [producerId, entry] of producers) {
    if (known.has(producerId)) continue;
    if (entry.ended) {
      found.endedInFile.push(producerId);
      continue;
    }
    const exit = entry.pid === undefined ? undefined : exitOf(entry.pid);
    // Its ring was never drained past what the file holds: at most a ring's worth is missing.
    // (at least one word an event: a ring of N words when nothing says how many words an event takes).
    const bound = ringBoundEvents(books.capacityWords, entry.eventBytes, entry.events);
    const unflushed = Number.isFinite(bound) ? Math.round(bound) : books.capacityWords;
    const note: NoteInfo = {
      level: 'warning',
      message:
        'the program ended before its recorder reached the collector: the recording holds what was written ' +
        `before that; ${unflushed === undefined ? 'the events' : `up to about ${unflushed} events`} still in its ` +
        'event buffer may be missing',
    };
    const bySignal = exit?.signal && exit.signal !== 'SIGKILL';
    const end: EndInfo = {
      reason: bySignal ? 'signal' : 'killed',
      exitCode: exit?.code ?? null,
      ...(exit?.signal ? { signal: exit.signal } : {}),
      eventsEmitted: entry.events + entry.lost,
      eventsLost: entry.lost,
      unflushedEventsEstimate: unflushed ?? 0,
    };
    const frame = (type: RecordType, value: unknown) =>
      frameRecord({ type, flags: 0, producerId, sequence: entry.nextSequence++, payload: jsonRecordPayload(value) });
    framed.push(frame(RecordType.NOTE, note), frame(RecordType.END, end));
    ended.push({ producerId, pid: entry.pid, end });
  }
  if (framed.length === 0) return found;
  // Nobody appends any more (the collector finished): a record torn by the death is cut off first.
  truncateSync(path, books.validBytes);
  const fd = openSync(path, 'a');
  try {
    appendFramedRecords(fd, framed);
  } finally {
    closeSync(fd);
  }
  return found;
}

function readHeader(path: string): TraceHeader | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const probe = Buffer.alloc(Math.min(fstatSync(fd).size, HEADER_PROBE_BYTES));
    readSync(fd, probe, 0, probe.length, 0);
    const parsed = parseTraceHeader(probe);
    return 'need' in parsed ? undefined : parsed.header;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function emptyBooks(pid: number, startWallTimeMs: number): ProducerBooks {
  return { pid, startWallTimeMs, nextSequence: 0, ended: false, events: 0, lost: 0, eventBytes: 0 };
}
