// A killed flight recorder's kept history (issue 12 item 10), read back by the collector: the
// program died before its drain could assemble the trace, so the collector appends what the
// segments folder holds (a LOST for the dropped oldest history, then the kept records) before the
// END it writes for the producer. Knows the folder's layout (format/flightHistory.ts), not where
// the records go.
import { readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  FLIGHT_SEGMENT_PREFIX,
  FLIGHT_STATE_FILE,
  RecordType,
  isFlightHeadRecord,
  lostEventWords,
  parseFlightState,
  segmentRecords,
  type LostInfo,
} from '../../runtime/format';
import { jsonRecordPayload } from './framing';

/** A record to append for the producer: its type, flags and payload (the collector frames and numbers it). */
export interface RecoveredRecord {
  type: number;
  flags: number;
  payload: Uint8Array;
  /** When its segment was last written (the file's mtime): how fast the program went, near its end. */
  writtenAtMs?: number;
}

/** The folder in `directory` whose name starts with `prefix` (a socket producer's, by pid and thread). */
export function findFlightFolder(directory: string, prefix: string): string | undefined {
  try {
    const name = readdirSync(directory).find((entry) => entry.startsWith(prefix));
    return name === undefined ? undefined : join(directory, name);
  } catch {
    return undefined;
  }
}

/**
 * The kept history's records, oldest first, then the folder is removed. Memory: one segment at a
 * time (at most a quarter of the budget plus a ring). Nothing when the folder is gone (the drain
 * assembled it itself) or unreadable.
 */
export function* recoverKeptHistory(folder: string): Generator<RecoveredRecord> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  try {
    const state = names.includes(FLIGHT_STATE_FILE)
      ? parseFlightState(readFileSync(join(folder, FLIGHT_STATE_FILE), 'utf8'))
      : { droppedEvents: 0 };
    if (state.droppedEvents > 0) yield* lossRecords(state.droppedEvents);
    const first = state.firstSegment ?? '';
    const segments = names.filter((name) => name.startsWith(FLIGHT_SEGMENT_PREFIX) && name >= first).sort();
    for (const name of segments) {
      let bytes: Uint8Array;
      let writtenAtMs: number;
      try {
        bytes = readFileSync(join(folder, name));
        writtenAtMs = statSync(join(folder, name)).mtimeMs;
      } catch {
        continue;
      }
      for (const { record } of segmentRecords(bytes)) {
        if (isFlightHeadRecord(record.type)) continue;
        yield { type: record.type, flags: record.flags, payload: record.payload, writtenAtMs };
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Recovered history is appended to a trace file this many bytes at a time. */
const RECOVERY_WRITE_BYTES = 4 << 20;

/**
 * Appends framed records to an open trace file, whole records per write (O_APPEND: other
 * producers may still be appending theirs), a few MiB at a time whatever the history's size.
 */
export function appendFramedRecords(fd: number, framed: Iterable<Uint8Array>): void {
  let chunk: Uint8Array[] = [];
  let chunkBytes = 0;
  for (const record of framed) {
    chunk.push(record);
    chunkBytes += record.length;
    if (chunkBytes < RECOVERY_WRITE_BYTES) continue;
    writeSync(fd, Buffer.concat(chunk));
    chunk = [];
    chunkBytes = 0;
  }
  if (chunk.length > 0) writeSync(fd, Buffer.concat(chunk));
}

/** A folder whose history cannot be written anywhere (the trace file failed). */
export function discardFlightFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** The dropped oldest history, as the drain marks it: an EXT LOST event and a LOST record at the start. */
function* lossRecords(droppedEvents: number): Generator<RecoveredRecord> {
  const words = lostEventWords(droppedEvents, 'overwritten');
  yield { type: RecordType.EVENTS, flags: 0, payload: new Uint8Array(words.buffer) };
  const info: LostInfo = { lostEvents: droppedEvents, reason: 'overwritten', afterEvent: 0 };
  yield { type: RecordType.LOST, flags: 0, payload: jsonRecordPayload(info) };
}
