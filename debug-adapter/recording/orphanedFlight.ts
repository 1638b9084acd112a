// A flight recording whose every process was killed at once (the CLI and the program by SIGKILL,
// or the adapter's host with its program): nobody was left to assemble the kept segments, which
// sit in the hidden folders beside the trace. The next reader of the trace (`rewind info`, the
// adapter opening it) assembles them here: the kept records, a NOTE saying how it was recovered,
// and an END saying the producer was killed with a bound on its unflushed tail. Only for producers
// that are gone (a running one still owns its folder) and folders this user owns. An assembly that
// fails (a segment that does not decode, a write error) is undone and leaves the folder for the
// next reader, saying where it is. Knows the trace file and the folders' names, not what events mean.
import { closeSync, fstatSync, ftruncateSync, lstatSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  EventKind,
  RecordFlag,
  RecordType,
  decodeEventWords,
  holdsEvents,
  decodeLost,
  decodeUtf8,
  TraceFormatError,
  type TraceRecord,
  eventEnd,
  parseTraceFlightFolder,
  type EndInfo,
  type NoteInfo,
} from '../../runtime/format';
import { streamRecords } from '../export/recordStream';
import {
  appendFramedRecords,
  keptHistoryKept,
  keptHistoryProblem,
  recoverKeptHistory,
  removeFlightFolder,
  type RecoveredRecord,
} from './flightRecovery';
import { frameRecord, jsonRecordPayload } from './framing';
import { TailEstimator, ringBoundEvents } from './tailEstimate';
import { countEvents as countCollectorEvents } from './producerConnection';

/** What the trace says of one producer before recovery. */
export interface ProducerBooks {
  pid: number | undefined;
  /** When its recorder started (PRODUCER), to tell it from a later process given the same pid. */
  startWallTimeMs: number | undefined;
  nextSequence: number;
  ended: boolean;
  /** Events in its EVENTS records and counted by its LOST records, as the collector counts them (TR-01). */
  events: number;
  lost: number;
  /** Payload bytes of its EVENTS records (with events: the trace's words per event). */
  eventBytes: number;
}

/** One pass over a trace: each producer's books, where its valid records end, and its ring's size. */
export interface TraceBooks {
  producers: Map<number, ProducerBooks>;
  validBytes: number;
  capacityWords: number | undefined;
}

/** The trace's books, or undefined when it cannot be read (the reader that follows says why). */
export function readTraceBooks(tracePath: string, options: { countEvents?: boolean } = {}): TraceBooks | undefined {
  const producers = new Map<number, ProducerBooks>();
  try {
    const streamed = streamRecords(tracePath, (record) => {
      const entry = producers.get(record.producerId) ?? {
        pid: undefined,
        startWallTimeMs: undefined,
        nextSequence: 0,
        ended: false,
        events: 0,
        lost: 0,
        eventBytes: 0,
      };
      producers.set(record.producerId, entry);
      entry.nextSequence = Math.max(entry.nextSequence, record.sequence + 1);
      if (record.type === RecordType.END) entry.ended = true;
      if (holdsEvents(record.type) && options.countEvents) {
        entry.events += eventsIn(record);
        entry.eventBytes += record.payload.length;
      }
      if (record.type === RecordType.LOST && options.countEvents) entry.lost += lostIn(record);
      if (record.type === RecordType.PRODUCER) Object.assign(entry, producerIdentity(record.payload));
    });
    const words = streamed.header.options.bufferWords;
    const capacityWords = typeof words === 'number' && words > 0 ? words : undefined;
    return { producers, validBytes: streamed.validBytes, capacityWords };
  } catch {
    return undefined;
  }
}

/** A producer the trace does not end whose process is gone: nobody else will write its END. */
export function isOrphan(entry: ProducerBooks | undefined): entry is ProducerBooks & { pid: number } {
  return !!entry && !entry.ended && entry.pid !== undefined && !processRuns(entry.pid, entry.startWallTimeMs);
}

/** What assembling a trace's orphaned flight folders did. */
export interface OrphanAssembly {
  /** Producers whose kept history is now in the trace. */
  recovered: number;
  /** Each folder left in place, with a message saying where it is and why (keptHistoryKept). */
  kept: Array<{ tracePath: string; folder: string; message: string }>;
}

/** Assembles every orphaned flight folder of `tracePath`. */
export function assembleOrphanedFlights(tracePath: string): OrphanAssembly {
  const outcome: OrphanAssembly = { recovered: 0, kept: [] };
  const folders = orphanCandidates(tracePath);
  if (folders.length === 0) return outcome;
  const read = readTraceBooks(tracePath);
  if (!read) return outcome;
  const { producers: books, capacityWords } = read;
  let validBytes = read.validBytes;
  for (const { folder, producerId } of folders) {
    const entry = books.get(producerId);
    // No PRODUCER record (not ours), an END already written, or still running: not an orphan.
    if (!isOrphan(entry)) continue;
    const problem = appendRecovered(tracePath, validBytes, producerId, entry, folder, capacityWords);
    if (problem !== undefined) {
      outcome.kept.push({ tracePath, folder, message: keptHistoryKept(folder, tracePath, problem) });
      continue;
    }
    removeFlightFolder(folder);
    outcome.recovered++;
    validBytes = -1; // the file's end is a record boundary from now on
  }
  return outcome;
}

/**
 * Every trace in `directory` with orphaned flight folders beside it, assembled (`rewind record`
 * cleans up after an earlier run killed whole, before it starts).
 */
export function assembleOrphanedFlightsIn(directory: string): OrphanAssembly {
  const outcome: OrphanAssembly = { recovered: 0, kept: [] };
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return outcome;
  }
  const traces = new Set<string>();
  for (const name of names) {
    const parsed = parseTraceFlightFolder(name);
    if (parsed && names.includes(parsed.traceName)) traces.add(parsed.traceName);
  }
  for (const traceName of traces) {
    const one = assembleOrphanedFlights(join(directory, traceName));
    outcome.recovered += one.recovered;
    outcome.kept.push(...one.kept);
  }
  return outcome;
}

/** The hidden folders beside the trace named for it, owned by us, not symbolic links. */
function orphanCandidates(tracePath: string): Array<{ folder: string; producerId: number }> {
  const directory = dirname(tracePath);
  const traceName = basename(tracePath);
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const found: Array<{ folder: string; producerId: number }> = [];
  for (const name of names) {
    const parsed = parseTraceFlightFolder(name);
    if (parsed?.traceName !== traceName) continue;
    const producerId = parsed.producerId;
    const folder = join(directory, name);
    try {
      const stat = lstatSync(folder);
      if (!stat.isDirectory() || (process.getuid !== undefined && stat.uid !== process.getuid())) continue;
    } catch {
      continue;
    }
    found.push({ folder, producerId });
  }
  return found;
}

/**
 * Cuts a torn tail (a producer killed inside a write) and appends the kept history, a NOTE and
 * the END; undefined when done, else why not — the file is then cut back to where it was (what was
 * appended of the history is taken back, so a later try does not repeat it) and the folder stays.
 * `validBytes` < 0: the file already ends on a record boundary.
 */
function appendRecovered(
  tracePath: string,
  validBytes: number,
  producerId: number,
  entry: ProducerBooks,
  folder: string,
  capacityWords: number | undefined,
): string | undefined {
  const problem = keptHistoryProblem(folder);
  if (problem !== undefined) return problem;
  let fd: number | undefined;
  let assembledFrom: number | undefined;
  try {
    fd = openSync(tracePath, 'r+');
    if (validBytes >= 0) ftruncateSync(fd, validBytes);
    assembledFrom = fstatSync(fd).size;
    closeSync(fd);
    fd = undefined;
    fd = openSync(tracePath, 'a');
    const frame = (record: RecoveredRecord) => frameRecord({ ...record, producerId, sequence: entry.nextSequence++ });
    const kept = new KeptRate();
    let lost = 0;
    appendFramedRecords(
      fd,
      (function* () {
        for (const record of recoverKeptHistory(folder)) {
          if (holdsEvents(record.type)) kept.add(record);
          else if (record.type === RecordType.LOST) lost += decodeLost({ ...record, byteOffset: 0 }).lostEvents;
          yield frame(record);
        }
      })(),
    );
    const events = kept.events;
    const bound = ringBoundEvents(capacityWords, kept.bytes, events);
    // Segments written within one timestamp give no rate: what the ring could hold is then the only
    // honest figure (0 would say nothing is missing).
    const rated = kept.tailEstimate(capacityWords);
    const tail = rated === 0 && Number.isFinite(bound) ? Math.round(bound) : rated;
    const most = Number.isFinite(bound) ? `at most ${Math.round(bound)}, what its ring held` : 'what its ring held';
    const note: NoteInfo = {
      level: 'warning',
      message:
        'every process of this flight recording was killed at once: its kept history was assembled when the trace ' +
        `was next opened; the last moments before the kill (about ${tail} events, ${most}) may be missing`,
    };
    const end: EndInfo = {
      reason: 'killed',
      exitCode: null,
      eventsEmitted: events + lost,
      eventsLost: lost,
      unflushedEventsEstimate: tail,
    };
    appendFramedRecords(fd, [
      frame({ type: RecordType.NOTE, flags: 0, payload: jsonRecordPayload(note) }),
      frame({ type: RecordType.END, flags: 0, payload: jsonRecordPayload(end) }),
    ]);
    return undefined;
  } catch (error) {
    // A trace we cannot write is read as it is (incomplete, no END); what was appended is taken back.
    if (assembledFrom !== undefined) cutBackTo(tracePath, assembledFrom);
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function cutBackTo(tracePath: string, sizeBytes: number): void {
  try {
    const fd = openSync(tracePath, 'r+');
    try {
      ftruncateSync(fd, sizeBytes);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Cannot even cut it: the reader stops at the first torn record.
  }
}

/**
 * The kept history's events and how fast they came near the end: from the first segment's last
 * write to the last one's (segment mtimes), as the collector's estimator would take it from
 * progress reports. The program's death is taken as soon after its last write as a busy drain
 * would have written again.
 */
class KeptRate {
  events = 0;
  bytes = 0;
  private first: { atMs: number; events: number; bytes: number } | undefined;
  private lastAtMs = 0;

  add(record: RecoveredRecord): void {
    const counted = countEvents(record);
    this.events += counted.events;
    this.bytes += counted.bytes;
    const atMs = record.writtenAtMs;
    if (atMs === undefined) return; // the loss marker, written by no segment
    if (this.first === undefined || atMs === this.first.atMs)
      this.first = { atMs, events: this.events, bytes: this.bytes };
    this.lastAtMs = atMs;
  }

  tailEstimate(capacityWords: number | undefined): number {
    const estimator = new TailEstimator(capacityWords);
    if (!this.first) return 0;
    const { atMs, events, bytes } = this.first;
    estimator.observe({ wallTimeMs: atMs, accountedEvents: events, publishedEvents: events, traceBytes: bytes });
    const total = this.events;
    estimator.observe({
      wallTimeMs: this.lastAtMs,
      accountedEvents: total,
      publishedEvents: total,
      traceBytes: this.bytes,
    });
    return estimator.estimate(Number.MAX_SAFE_INTEGER);
  }
}

/** Events (a padding word counts as one, as the store counts them) and their bytes in an EVENTS record. */
function countEvents(record: RecoveredRecord): { events: number; bytes: number } {
  const payload = record.flags & RecordFlag.DEFLATE ? inflateRawSync(record.payload) : record.payload;
  // A view into a segment is unaligned after any JSON record whose length is not whole words (a
  // TIME sample: the slower the program runs, the more of them the kept history holds, so a loaded
  // machine hit this): the format's decoder copies it (Buffer.slice would be the same view).
  let words: Int32Array;
  try {
    words = decodeEventWords({ type: record.type, flags: 0, payload, byteOffset: 0 });
  } catch (error) {
    if (error instanceof TraceFormatError) return { events: 0, bytes: payload.byteLength }; // the reader reports it
    throw error;
  }
  let events = 0;
  for (let at = 0; at < words.length; events++) {
    const end = words[at] === EventKind.PAD ? at + 1 : eventEnd(words, at);
    if (end <= at) break;
    at = end;
  }
  return { events, bytes: payload.byteLength };
}

/** The events of one EVENTS record as the collector counts them; 0 for one it could not count either. */
function eventsIn(record: TraceRecord): number {
  try {
    return countCollectorEvents(decodeEventWords(record));
  } catch (error) {
    if (error instanceof TraceFormatError) return 0;
    throw error;
  }
}

function lostIn(record: TraceRecord): number {
  try {
    return decodeLost(record).lostEvents;
  } catch {
    return 0; // a malformed LOST record is the reader's to report
  }
}

function producerIdentity(payload: Uint8Array): { pid?: number; startWallTimeMs?: number } {
  try {
    const { pid, startWallTimeMs } = JSON.parse(decodeUtf8(payload)) as { pid?: unknown; startWallTimeMs?: unknown };
    return {
      ...(typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? { pid } : {}),
      ...(typeof startWallTimeMs === 'number' && Number.isFinite(startWallTimeMs) ? { startWallTimeMs } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Signal 0 probes a process: EPERM means it exists (another user's), ESRCH that it is gone. A
 * zombie (killed, its parent killed too, not yet reaped by init) answers signal 0 but runs no more.
 * Pids are reused (32,768 of them, threads included, go round in minutes on a busy machine): a
 * process that started well after `startedAtWallMs` (the recorder's start) is another one.
 */
export function processRuns(pid: number, startedAtWallMs?: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  let fields: string[];
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return true; // no procfs: trust the signal
  }
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  const startedAtMs = processStartWallMs(Number(fields[STAT_STARTTIME_FIELD]));
  return (
    startedAtWallMs === undefined || startedAtMs === undefined || startedAtMs <= startedAtWallMs + PID_REUSE_SLACK_MS
  );
}

/** /proc/<pid>/stat's starttime (clock ticks after boot), counted from its state field. */
const STAT_STARTTIME_FIELD = 19;
/** Linux's USER_HZ: what /proc's clock ticks count. */
const CLOCK_TICKS_PER_SECOND = 100;
/** The boot time is whole seconds: a process this much later than the recorder's start is not its program. */
const PID_REUSE_SLACK_MS = 2000;

function processStartWallMs(startTicks: number): number | undefined {
  if (!Number.isFinite(startTicks)) return undefined;
  try {
    const boot = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
    return boot ? Number(boot[1]) * 1000 + (startTicks / CLOCK_TICKS_PER_SECOND) * 1000 : undefined;
  } catch {
    return undefined;
  }
}
