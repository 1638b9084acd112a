// The trace store: turns records (a whole file, or a live stream pushed chunk by chunk) into
// per-thread indexes, each with its producer's own probe table (probe ids are producer-scoped:
// every process and thread numbers its probes from the same start). Owns record dispatch,
// completeness, notes, progress and the memory window (steps and bytes kept per thread; a file
// larger than the window has its oldest events counted, not indexed: issue 10 items 4–5); event
// interpretation lives in eventIndexer.ts. Knows nothing of DAP or the cursor.
import {
  EventKind,
  Ext,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  KIND_MASK,
  RecordType,
  TraceFormatError,
  eventEnd,
  kindIsStep,
  TraceStreamParser,
  decodeEnd,
  decodeEventWords,
  FileParts,
  decodeNote,
  decodeProducer,
  decodeTime,
  readTrace,
  type RegisteredFile,
  type TraceHeader,
  type TraceRecord,
  type TraceVersion,
} from '../../runtime/format';
import { EventIndexer } from './eventIndexer';
import { ProbeRole, ProbeTable } from './probeTable';
import type { ThreadRecording } from './history';
import type { IndexedThread } from './indexedThread';
import { IndexHistory } from './threadHistory';
import { ThreadIndex } from './threadIndex';

export interface IndexProgress {
  recordsRead: number;
  totalRecords?: number;
  steps: number;
}

export interface StoreOptions {
  /**
   * The window: steps kept per thread (default 25M). When a thread holds 25% more, its oldest
   * history is dropped (whole records) and a note says so; step numbers stay absolute.
   */
  maxSteps?: number;
  /**
   * The window: bytes of event words kept per thread (default 512 MiB, suited to a laptop: the
   * index over them costs about 1.5× as much again; a long-running live session may set less). When a thread
   * holds 25% more, its oldest history is dropped (whole records) and a note says where it starts.
   */
  windowBytes?: number;
  /**
   * The size of the whole file being loaded, when known. EVENTS records that end more than
   * `windowBytes` before its end would be dropped anyway: they are only counted (steps stay
   * absolute), so a huge trace opens at its end without indexing all of it first.
   */
  sourceBytes?: number;
  /** Called every few hundred records while indexing (a large file, a fast stream). */
  onProgress?: (progress: IndexProgress) => void;
  /** Raw-DEFLATE inflater for compressed records (Node: zlib.inflateRawSync). */
  inflate?: (bytes: Uint8Array, maxOutputBytes: number) => Uint8Array;
}

const PROGRESS_EVERY_RECORDS = 256;
const DEFAULT_MAX_STEPS = 25_000_000;
const DEFAULT_WINDOW_BYTES = 512 * 1024 * 1024;

export class TraceStore {
  /** Each thread with the index behind its history: the store's alone (see `threads`). */
  private readonly indexed = new Map<number, IndexedThread>();
  readonly notes: string[] = [];
  header: TraceHeader | undefined;
  /** True once every producer that wrote ended (or a file verified as complete). */
  complete = false;
  private recordsRead = 0;
  private parser: TraceStreamParser | undefined;
  /** Listeners told after each append (the engine refreshes live logpoints, the session its UI). */
  private readonly listeners: Array<() => void> = [];
  private readonly fileParts = new FileParts();

  constructor(private readonly options: StoreOptions = {}) {}

  /** Every thread by producer id, as replay sees it: its history, not its index. */
  get threads(): ReadonlyMap<number, ThreadRecording> {
    return this.indexed;
  }

  /** Loads a whole trace file. A damaged tail keeps the valid prefix and adds a note (TR-06). */
  static fromBytes(bytes: Uint8Array, options: StoreOptions = {}): TraceStore {
    const store = new TraceStore(options);
    const contents = readTrace(bytes, { inflate: options.inflate });
    store.header = contents.header;
    store.append(contents.records, contents.records.length);
    if (contents.error)
      store.notes.push(
        `The recording is damaged after byte ${contents.error.byteOffset} (${contents.error.message}); showing the valid part.`,
      );
    else if (!contents.complete) store.notes.push('The recording is incomplete: the program did not finish recording.');
    noteNewerFormat(store, contents.version);
    store.finish();
    return store;
  }

  /** Live stream: push bytes as they arrive (socket, pipe, growing file). */
  appendBytes(chunk: Uint8Array): void {
    this.parser ??= new TraceStreamParser({ inflate: this.options.inflate });
    const records = this.parser.push(chunk);
    this.header ??= this.parser.header;
    if (records.length) this.append(records);
    if (this.parser.error)
      this.notes.push(
        `The recording stream broke at byte ${this.parser.error.byteOffset}: ${this.parser.error.message}`,
      );
  }

  /** Indexes records (from readTrace or a TraceStreamParser) in order. */
  append(records: readonly TraceRecord[], totalRecords?: number): void {
    for (const record of records) {
      this.record(record);
      if (++this.recordsRead % PROGRESS_EVERY_RECORDS === 0) this.progress(totalRecords);
    }
    this.progress(totalRecords);
    for (const listener of this.listeners) listener();
  }

  onAppend(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Marks the recording final (trims slack memory). */
  finish(): void {
    for (const thread of this.indexed.values()) thread.index.compact();
    this.complete = this.threads.size > 0 && [...this.threads.values()].every((thread) => thread.end !== undefined);
  }

  private thread(producerId: number): IndexedThread {
    let thread = this.indexed.get(producerId);
    if (!thread) {
      const probes = new ProbeTable();
      const index = new ThreadIndex(producerId, (probeId) => probes.role(probeId));
      thread = { index, history: new IndexHistory(index), indexer: new EventIndexer(index), probes };
      this.indexed.set(producerId, thread);
    }
    return thread;
  }

  /** Every producer's files, each path once (a file loaded by several processes is one source). */
  files(): RegisteredFile[] {
    const byPath = new Map<string, RegisteredFile>();
    for (const thread of this.threads.values())
      for (const file of thread.probes.allFiles()) if (!byPath.has(file.path)) byPath.set(file.path, file);
    return [...byPath.values()];
  }

  /** The thread shown first: the lowest producer id that has steps. */
  mainThreadId(): number | undefined {
    const ids = [...this.threads.keys()].sort((a, b) => a - b);
    return ids.find((id) => this.indexed.get(id)!.index.stepCount > 0) ?? ids[0];
  }

  get sizeBytes(): number {
    let bytes = 0;
    for (const thread of this.indexed.values()) bytes += thread.index.sizeBytes;
    return bytes;
  }

  /** The steps the threads' indexes hold now (each thread's window), summed. */
  get stepsIndexed(): number {
    let steps = 0;
    for (const thread of this.indexed.values()) steps += thread.index.stepCount;
    return steps;
  }

  private progress(totalRecords: number | undefined): void {
    if (!this.options.onProgress) return;
    this.options.onProgress({ recordsRead: this.recordsRead, totalRecords, steps: this.stepsIndexed });
  }

  private record(record: TraceRecord): void {
    try {
      switch (record.type) {
        case RecordType.EVENTS:
        case RecordType.COMPACT_EVENTS:
          return this.events(record);
        case RecordType.FILE:
        case RecordType.PROBES:
        case RecordType.PACKED_PROBES: {
          // A table split over records (format 3.3) is added once whole.
          const file = this.fileParts.take(record);
          if (file) this.addFile(this.thread(record.producerId), file);
          return;
        }
        case RecordType.PRODUCER:
          this.thread(record.producerId).producer = decodeProducer(record);
          return;
        case RecordType.TIME: {
          const sample = decodeTime(record);
          this.thread(record.producerId).index.timeSamples.push({
            eventIndex: sample.eventIndex,
            wallTimeMs: sample.wallTimeMs,
          });
          return;
        }
        case RecordType.END:
          return this.ended(record);
        case RecordType.NOTE:
          this.notes.push(decodeNote(record).message);
          return;
        default:
          return; // LOST is also inline as EXT LOST at its position; unknown types are skipped.
      }
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      this.notes.push(error.message);
    }
  }

  private events(record: TraceRecord): void {
    const thread = this.thread(record.producerId);
    if (thread.broken) return;
    try {
      if (this.beforeWindow(record)) return this.countOnly(thread, decodeEventWords(record));
      thread.indexer.append(decodeEventWords(record));
      const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
      const index = thread.index;
      if (index.stepCount > maxSteps * 1.25)
        this.dropOldHistory(thread, (mark) => index.stepCount - mark.stepIndex > maxSteps);
      else this.keepWithinBytes(thread);
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      thread.broken = `events of thread ${record.producerId} are corrupt in the record at byte ${record.byteOffset}: ${error.message}`;
      this.notes.push(thread.broken);
    }
  }

  private get windowBytes(): number {
    return this.options.windowBytes ?? DEFAULT_WINDOW_BYTES;
  }

  /** Does this record end before the part of the file the window can hold? */
  private beforeWindow(record: TraceRecord): boolean {
    const sourceBytes = this.options.sourceBytes;
    return sourceBytes !== undefined && record.byteOffset + record.payload.length < sourceBytes - this.windowBytes;
  }

  /**
   * Counts a record's events and steps without indexing them: the history before the window. Steps
   * as runtime/format/steps.ts defines them, except a calls-level frame left by a throw (it needs
   * the call stack, which a count of dropped history does not keep).
   */
  private countOnly(thread: IndexedThread, words: Int32Array): void {
    const index = thread.index;
    let steps = 0;
    let events = 0;
    for (let at = 0; at < words.length;) {
      if (words[at] === EventKind.PAD) {
        events++;
        at++;
        continue;
      } // padding: one word, most of a padded file
      const end = eventEnd(words, at);
      if (end <= at || end > words.length)
        throw new TraceFormatError(`event runs past its record (${end - at} words)`, at);
      const kind = words[at] & KIND_MASK;
      const probe = words[at] >>> 4;
      if (kindIsStep(kind, kind !== EventKind.STEP && (index.roleOf(probe) & ProbeRole.CALLS) !== 0)) steps++;
      else if (kind === EventKind.EXT && probe === Ext.LOST) index.lostEvents += words[at + 1];
      events++;
      at = end;
    }
    index.firstStep += steps;
    index.eventsSeen += events;
    if (steps > 0) this.droppedNote(index.producerId, index.firstStep, 'was not loaded');
  }

  /** Drops the oldest history of a thread whose event words outgrew the byte window by 25%. */
  private keepWithinBytes(thread: IndexedThread): void {
    const words = thread.index.words.totalWords;
    if (words * 4 <= this.windowBytes * 1.25) return;
    const keepWords = this.windowBytes / 4;
    this.dropOldHistory(thread, (mark) => words - mark.wordOffset > keepWords);
  }

  /**
   * A table that arrives after events used its probes may change which of them are steps (level
   * `calls`) or normal ends (a module's EXIT): the producer's thread, if it indexed those ids as
   * unknown, is indexed again (rare: the loader registers a file before its code runs).
   */
  private addFile(thread: IndexedThread, file: RegisteredFile): void {
    thread.probes.addFile(file);
    if (!Array.isArray(file.probes)) return;
    if (!thread.broken && thread.indexer.guessedAbout(file.probeBase, file.probeBase + file.probes.length))
      this.reindex(thread, 0);
  }

  /**
   * Re-indexes the newest records, from the first whose mark is not `tooOld`. Frames open at the
   * cut are unknown to the new index (shown as unknown frames until they exit); objects first seen
   * before it show as "not recorded at this moment".
   */
  private dropOldHistory(
    thread: IndexedThread,
    tooOld: (mark: { stepIndex: number; wordOffset: number }) => boolean,
  ): void {
    const old = thread.index;
    const runs = old.words.runs();
    let keepFrom = 0;
    while (keepFrom < runs.length - 1 && tooOld(old.eventMarks[keepFrom])) keepFrom++;
    if (keepFrom === 0) return;
    this.reindex(thread, keepFrom);
    this.droppedNote(thread.index.producerId, thread.index.firstStep, 'was dropped');
  }

  /** Indexes a thread afresh from its run `keepFrom` on (the runs before it are dropped). */
  private reindex(thread: IndexedThread, keepFrom: number): void {
    const old = thread.index;
    const runs = old.words.runs();
    const mark = old.eventMarks[keepFrom];
    const index = new ThreadIndex(old.producerId, old.roleOf);
    index.firstStep = old.firstStep + mark.stepIndex;
    index.eventsSeen = mark.eventIndex;
    index.timeSamples.push(...old.timeSamples.filter((sample) => sample.eventIndex >= mark.eventIndex));
    const indexer = new EventIndexer(index);
    for (let run = keepFrom; run < runs.length; run++) indexer.append(runs[run]);
    thread.index = index;
    thread.history = new IndexHistory(index);
    thread.indexer = indexer;
  }

  private droppedNote(producerId: number, firstStep: number, what: 'was dropped' | 'was not loaded'): void {
    const prefix = `History of thread ${producerId} before step `;
    const at = this.notes.findIndex((note) => note.startsWith(prefix));
    const window = `window of ${this.options.maxSteps ?? DEFAULT_MAX_STEPS} steps and ${Math.round(this.windowBytes / (1024 * 1024))} MiB`;
    const note = `${prefix}${firstStep} ${what} to keep memory bounded (${window}); history starts there.`;
    if (at >= 0) this.notes[at] = note;
    else this.notes.push(note);
  }

  private ended(record: TraceRecord): void {
    const thread = this.thread(record.producerId);
    thread.end = decodeEnd(record);
    this.complete = [...this.threads.values()].every((each) => each.end !== undefined);
  }
}

/**
 * A trace of a newer minor format is read (its new events are additive: EXT subkinds this build
 * skips by their length), and the user is told that some of it was not understood.
 */
export function noteNewerFormat(store: TraceStore, version: TraceVersion | undefined): void {
  if (version === undefined || version.major !== FORMAT_MAJOR || version.minor <= FORMAT_MINOR) return;
  store.notes.push(
    `Recorded by a newer Rewind (trace format ${version.major}.${version.minor}; this one reads ${FORMAT_MAJOR}.${FORMAT_MINOR}): events of kinds it does not know were skipped.`,
  );
}
