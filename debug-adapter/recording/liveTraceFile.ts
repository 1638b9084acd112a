// An editor launch's recording on disk as it arrives (issue 12 leftover): the collector also writes
// it to a private file, beside a marker naming the writer (the adapter). When the adapter dies
// without ending it (SIGKILL), the next reader (`rewind info`, a trace launch) finds the writer gone
// and ends each orphaned producer as the collector would have: a NOTE and an END 'killed' bounding
// what never reached the file (its ring and send queue). Knows files, pids and framing, not DAP.
import { closeSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { LIVE_SEND_QUEUE_BYTES, RecordType, SEND_QUEUE_BYTES, type EndInfo, type NoteInfo } from '../../runtime/format';
import { currentUid, ownedDirectoryProblem } from '../../runtime/ownedDirectory';
import { appendFramedRecords } from './flightRecovery';
import { frameRecord, jsonRecordPayload } from './framing';
import { isOrphan, processRuns, readTraceBooks, type ProducerBooks } from './orphanedFlight';
import { ringBoundEvents } from './tailEstimate';

/** Where traces go when nobody names a file (SEC-10): `<tmpdir>/rewind-<uid>/`, ours alone, or why not. */
export function privateTraceFolder(): { directory: string; problem?: string } {
  const directory = join(tmpdir(), `rewind-${currentUid() ?? userInfo().username}`);
  // A shared tmpdir lets anyone create this name first: never write traces into theirs.
  return { directory, problem: ownedDirectoryProblem(directory, { tightenMode: true }) };
}

/** Every editor launch's file name starts so (staleEditorTraces.ts finds them by it). */
export const EDITOR_TRACE_PREFIX = 'editor-';

/** A fresh file name for an editor launch of `program`, or undefined when there is no private folder. */
export function editorTracePath(program: string): string | undefined {
  const { directory, problem } = privateTraceFolder();
  if (problem) return undefined;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const name = basename(program).replace(/[^\w.-]/g, '_');
  return join(directory, `${EDITOR_TRACE_PREFIX}${name}-${stamp}-${process.pid}.rwd`);
}

export interface WriterRecord {
  writerPid: number;
  /** When the writer started, to tell it from a later process given the same pid. */
  writerStartWallMs: number;
  /**
   * The most each producer's drain queues for its socket (format/liveControl.ts): unsent at a death, beside its ring.
   */
  sendQueueBytes: number;
}

/** The hidden marker beside a trace that is still being written. */
export function markerPath(tracePath: string): string {
  return join(dirname(tracePath), `.${basename(tracePath)}.writer`);
}

/** The writer's side: says the file is being written, by whom. */
export class WriterMarker {
  private readonly path: string;

  constructor(tracePath: string, live: boolean) {
    this.path = tracePath;
    const record: WriterRecord = {
      writerPid: process.pid,
      writerStartWallMs: Date.now(),
      sendQueueBytes: live ? LIVE_SEND_QUEUE_BYTES : SEND_QUEUE_BYTES,
    };
    const path = markerPath(tracePath);
    try {
      // Written whole and renamed in place: a reader never sees half a marker.
      writeFileSync(`${path}.next`, JSON.stringify(record), { mode: 0o600 });
      renameSync(`${path}.next`, path);
    } catch {
      // No marker: a death leaves the trace unended, read as incomplete (as before).
    }
  }

  /** The file was ended (or removed) by its writer. */
  remove(): void {
    rmSync(markerPath(this.path), { force: true });
  }
}

/**
 * Ends the producers of `tracePath` whose writer died, as its collector would have; returns how
 * many. Nothing happens while the writer runs, or for a trace without a marker.
 */
export function assembleOrphanedLive(tracePath: string): number {
  const marker = readMarker(tracePath);
  if (!marker || processRuns(marker.writerPid, marker.writerStartWallMs)) return 0;
  const books = readTraceBooks(tracePath, { countEvents: true });
  if (!books) return 0;
  const orphans = [...books.producers].filter(([, entry]) => isOrphan(entry));
  let fd: number | undefined;
  try {
    fd = openSync(tracePath, 'r+');
    ftruncateSync(fd, books.validBytes); // a record the writer died inside
    closeSync(fd);
    fd = openSync(tracePath, 'a');
    for (const [producerId, entry] of orphans) {
      const tail = unsentBound(books.capacityWords, marker.sendQueueBytes, entry);
      const note: NoteInfo = {
        level: 'warning',
        message:
          'the debugger that recorded this program was killed: the recording was written as it arrived and ends ' +
          `there; up to about ${tail} events the program had not sent yet (what its ring and send queue held) may be missing`,
      };
      const end: EndInfo = {
        reason: 'killed',
        exitCode: null,
        eventsEmitted: entry.events + entry.lost,
        eventsLost: entry.lost,
        unflushedEventsEstimate: tail,
      };
      const frame = (type: number, payload: Uint8Array) =>
        frameRecord({ type, flags: 0, payload, producerId, sequence: entry.nextSequence++ });
      appendFramedRecords(fd, [
        frame(RecordType.NOTE, jsonRecordPayload(note)),
        frame(RecordType.END, jsonRecordPayload(end)),
      ]);
    }
  } catch {
    return 0; // a trace we cannot write is read as it is (incomplete, no END)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  rmSync(markerPath(tracePath), { force: true });
  return orphans.length;
}

/**
 * What a live producer may have held unsent when its adapter died: a full ring plus a full send
 * queue (the drain's cap), in events at this producer's own words per event. The adapter cannot
 * see how full they were, so it is the bound, not a guess (0 when nothing was recorded to scale by).
 */
function unsentBound(capacityWords: number | undefined, sendQueueBytes: number, books: ProducerBooks): number {
  if (capacityWords === undefined) return 0;
  const bound = ringBoundEvents(capacityWords + sendQueueBytes / 4, books.eventBytes, books.events);
  return Number.isFinite(bound) ? Math.round(bound) : 0;
}

export function readMarker(tracePath: string): WriterRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(markerPath(tracePath), 'utf8')) as Partial<WriterRecord>;
    const { writerPid, writerStartWallMs, sendQueueBytes } = parsed;
    if (typeof writerPid !== 'number' || typeof writerStartWallMs !== 'number') return undefined;
    return { writerPid, writerStartWallMs, sendQueueBytes: typeof sendQueueBytes === 'number' ? sendQueueBytes : 0 };
  } catch {
    return undefined;
  }
}
