// The trace store: turns records (a whole file, or a live stream pushed chunk by chunk) into
// per-thread indexes, each with its producer's own probe table (probe ids are producer-scoped:
// every process and thread numbers its probes from the same start). Owns record dispatch,
// completeness, notes and progress; event interpretation lives in eventIndexer.ts. Knows nothing
// of DAP or the cursor.
import {
  RecordType, TraceFormatError, TraceStreamParser, decodeEnd, decodeEventWords, decodeFile, decodeNote,
  decodeProducer, decodeTime, readTrace,
  type EndInfo, type ProducerInfo, type RegisteredFile, type TraceHeader, type TraceRecord,
} from '../../runtime/format';
import { EventIndexer } from './eventIndexer';
import { ProbeTable } from './probeTable';
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
  /** Called every few hundred records while indexing (a large file, a fast stream). */
  onProgress?: (progress: IndexProgress) => void;
  /** Raw-DEFLATE inflater for compressed records (Node: zlib.inflateRawSync). */
  inflate?: (bytes: Uint8Array, maxOutputBytes: number) => Uint8Array;
}

export interface ThreadRecording {
  index: ThreadIndex;
  /** This producer's probe tables: its FILE records, and only its own (ids collide across producers). */
  readonly probes: ProbeTable;
  indexer: EventIndexer;
  producer?: ProducerInfo;
  end?: EndInfo;
  /** Set when an EVENTS record could not be indexed; later records of the thread are ignored. */
  broken?: string;
}

const PROGRESS_EVERY_RECORDS = 256;
const DEFAULT_MAX_STEPS = 25_000_000;

export class TraceStore {
  readonly threads = new Map<number, ThreadRecording>();
  readonly notes: string[] = [];
  header: TraceHeader | undefined;
  /** True once every producer that wrote ended (or a file verified as complete). */
  complete = false;
  private recordsRead = 0;
  private parser: TraceStreamParser | undefined;
  /** Listeners told after each append (the engine refreshes live logpoints, the session its UI). */
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly options: StoreOptions = {}) {}

  /** Loads a whole trace file. A damaged tail keeps the valid prefix and adds a note (TR-06). */
  static fromBytes(bytes: Uint8Array, options: StoreOptions = {}): TraceStore {
    const store = new TraceStore(options);
    const contents = readTrace(bytes, { inflate: options.inflate });
    store.header = contents.header;
    store.append(contents.records, contents.records.length);
    if (contents.error) store.notes.push(`The recording is damaged after byte ${contents.error.byteOffset} (${contents.error.message}); showing the valid part.`);
    else if (!contents.complete) store.notes.push('The recording is incomplete: the program did not finish recording.');
    store.finish();
    return store;
  }

  /** Live stream: push bytes as they arrive (socket, pipe, growing file). */
  appendBytes(chunk: Uint8Array): void {
    this.parser ??= new TraceStreamParser({ inflate: this.options.inflate });
    const records = this.parser.push(chunk);
    this.header ??= this.parser.header;
    if (records.length) this.append(records);
    if (this.parser.error) this.notes.push(`The recording stream broke at byte ${this.parser.error.byteOffset}: ${this.parser.error.message}`);
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
    for (const thread of this.threads.values()) thread.index.compact();
    this.complete = this.threads.size > 0 && [...this.threads.values()].every((thread) => thread.end !== undefined);
  }

  thread(producerId: number): ThreadRecording {
    let thread = this.threads.get(producerId);
    if (!thread) {
      const probes = new ProbeTable();
      const index = new ThreadIndex(producerId, (probeId) => probes.role(probeId));
      thread = { index, indexer: new EventIndexer(index), probes };
      this.threads.set(producerId, thread);
    }
    return thread;
  }

  /** Every producer's files, each path once (a file loaded by several processes is one source). */
  files(): RegisteredFile[] {
    const byPath = new Map<string, RegisteredFile>();
    for (const thread of this.threads.values()) for (const file of thread.probes.allFiles()) if (!byPath.has(file.path)) byPath.set(file.path, file);
    return [...byPath.values()];
  }

  /** The thread shown first: the lowest producer id that has steps. */
  mainThreadId(): number | undefined {
    const ids = [...this.threads.keys()].sort((a, b) => a - b);
    return ids.find((id) => this.threads.get(id)!.index.stepCount > 0) ?? ids[0];
  }

  get sizeBytes(): number {
    let bytes = 0;
    for (const thread of this.threads.values()) bytes += thread.index.sizeBytes;
    return bytes;
  }

  private progress(totalRecords: number | undefined): void {
    if (!this.options.onProgress) return;
    let steps = 0;
    for (const thread of this.threads.values()) steps += thread.index.stepCount;
    this.options.onProgress({ recordsRead: this.recordsRead, totalRecords, steps });
  }

  private record(record: TraceRecord): void {
    try {
      switch (record.type) {
        case RecordType.EVENTS: return this.events(record);
        case RecordType.FILE: return this.addFile(this.thread(record.producerId), decodeFile(record));
        case RecordType.PRODUCER: this.thread(record.producerId).producer = decodeProducer(record); return;
        case RecordType.TIME: {
          const sample = decodeTime(record);
          this.thread(record.producerId).index.timeSamples.push({ eventIndex: sample.eventIndex, wallTimeMs: sample.wallTimeMs });
          return;
        }
        case RecordType.END: return this.ended(record);
        case RecordType.NOTE: this.notes.push(decodeNote(record).message); return;
        default: return; // LOST is also inline as EXT LOST at its position; unknown types are skipped.
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
      thread.indexer.append(decodeEventWords(record));
      const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
      if (thread.index.stepCount > maxSteps * 1.25) this.dropOldHistory(thread, maxSteps);
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      thread.broken = `events of thread ${record.producerId} are corrupt in the record at byte ${record.byteOffset}: ${error.message}`;
      this.notes.push(thread.broken);
    }
  }

  /**
   * A table that arrives after events used its probes may change which of them are steps (level
   * `calls`) or normal ends (a module's EXIT): the producer's thread, if it indexed those ids as
   * unknown, is indexed again (rare: the loader registers a file before its code runs).
   */
  private addFile(thread: ThreadRecording, file: RegisteredFile): void {
    thread.probes.addFile(file);
    if (!Array.isArray(file.probes)) return;
    if (!thread.broken && thread.indexer.guessedAbout(file.probeBase, file.probeBase + file.probes.length)) this.reindex(thread, 0);
  }

  /**
   * Re-indexes the newest records holding at most `maxSteps` steps. Frames open at the cut are
   * unknown to the new index (shown as unknown frames until they exit); objects first seen before
   * it show as "not recorded at this moment".
   */
  private dropOldHistory(thread: ThreadRecording, maxSteps: number): void {
    const old = thread.index;
    const runs = old.words.runs();
    let keepFrom = 0;
    while (keepFrom < runs.length - 1 && old.stepCount - old.eventMarks[keepFrom].stepIndex > maxSteps) keepFrom++;
    if (keepFrom === 0) return;
    this.reindex(thread, keepFrom);
    this.droppedNote(thread.index.producerId, thread.index.firstStep);
  }

  /** Indexes a thread afresh from its run `keepFrom` on (the runs before it are dropped). */
  private reindex(thread: ThreadRecording, keepFrom: number): void {
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
    thread.indexer = indexer;
  }

  private droppedNote(producerId: number, firstStep: number): void {
    const prefix = `History of thread ${producerId} before step `;
    const at = this.notes.findIndex((note) => note.startsWith(prefix));
    const note = `${prefix}${firstStep} was dropped to keep memory bounded (window of ${this.options.maxSteps ?? DEFAULT_MAX_STEPS} steps).`;
    if (at >= 0) this.notes[at] = note;
    else this.notes.push(note);
  }

  private ended(record: TraceRecord): void {
    const thread = this.thread(record.producerId);
    thread.end = decodeEnd(record);
    this.complete = [...this.threads.values()].every((each) => each.end !== undefined);
  }
}
