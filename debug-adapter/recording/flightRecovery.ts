// A killed flight recorder's kept history (issue 12 item 10), read back by the collector: the
// program died before its drain could assemble the trace, so the collector appends what the
// segments folder holds (a LOST for the dropped oldest history, then the kept records) before the
// END it writes for the producer. The folder goes only once its history is written: an assembly
// that fails leaves it, named in the message, for the next reader to try again. Knows the
// folder's layout (format/flightHistory.ts), not where the records go.
import { readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  FLIGHT_SEGMENT_PREFIX,
  FLIGHT_STATE_FILE,
  MAX_RECORD_PAYLOAD,
  RecordFlag,
  RecordType,
  decodeEventWords,
  holdsEvents,
  decodeLost,
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

/** Why a kept history cannot be assembled: the caller keeps its folder for a later try and says where it is. */
class KeptHistoryError extends Error {}

/**
 * The kept history's records, oldest first. Memory: one segment at a time (at most a quarter of
 * the budget plus a ring). Nothing when the folder is gone (the drain assembled it itself). Never
 * removes the folder: the caller does (removeFlightFolder) once the history is written, so a
 * failed assembly leaves the segments for the next reader. A segment it cannot read throws
 * KeptHistoryError; keptHistoryProblem() finds that and undecodable records before anything is written.
 */
export function* recoverKeptHistory(folder: string): Generator<RecoveredRecord> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const state = names.includes(FLIGHT_STATE_FILE)
    ? parseFlightState(readSegmentFile(folder, FLIGHT_STATE_FILE).toString('utf8'))
    : { droppedEvents: 0 };
  if (state.droppedEvents > 0) yield* lossRecords(state.droppedEvents);
  const first = state.firstSegment ?? '';
  const segments = names.filter((name) => name.startsWith(FLIGHT_SEGMENT_PREFIX) && name >= first).sort();
  for (const name of segments) {
    const bytes = readSegmentFile(folder, name);
    let writtenAtMs: number;
    try {
      writtenAtMs = statSync(join(folder, name)).mtimeMs;
    } catch (error) {
      throw new KeptHistoryError(`${name}: ${(error as Error).message}`);
    }
    for (const { record } of segmentRecords(bytes)) {
      if (isFlightHeadRecord(record.type)) continue;
      yield { type: record.type, flags: record.flags, payload: record.payload, writtenAtMs };
    }
  }
}

/**
 * Why the folder's kept history cannot be assembled (a segment unreadable, an EVENTS or LOST
 * record that does not decode), or undefined when it can: checked before anything is appended,
 * since a socket producer's records go out as they are appended and cannot be taken back.
 * Reads one segment at a time, as the assembly does.
 */
export function keptHistoryProblem(folder: string): string | undefined {
  try {
    for (const record of recoverKeptHistory(folder)) {
      if (holdsEvents(record.type)) {
        const payload =
          record.flags & RecordFlag.DEFLATE
            ? inflateRawSync(record.payload, { maxOutputLength: MAX_RECORD_PAYLOAD })
            : record.payload;
        decodeEventWords({ type: record.type, flags: 0, payload, byteOffset: 0 });
      } else if (record.type === RecordType.LOST) decodeLost({ ...record, byteOffset: 0 });
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What a reader says when a kept history stays in its folder: where it is, and that the next open retries. */
export function keptHistoryKept(folder: string, tracePath: string, why: string): string {
  return (
    `the flight recorder's kept history could not be assembled into ${tracePath} (${why}): its segments are ` +
    `kept in ${folder}; \`rewind info\` on the trace, or opening it, tries again`
  );
}

/** A kept history written into its trace: its folder goes. */
export function removeFlightFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

function readSegmentFile(folder: string, name: string): Buffer {
  try {
    return readFileSync(join(folder, name));
  } catch (error) {
    throw new KeptHistoryError(`${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
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
