// A program recorded while the session waits (`launch` with `program`): a collector on a private
// Unix socket (SEC-09) merges what its processes stream; the store indexes it as it arrives, off
// the arrival path (the backlog left at the program's end is indexed with progress); the
// program's stdio becomes output as it is printed, each recorded write's text linked to the
// statement that printed it and its step (as replayed output is). Pause asks the producers to stop and opens
// what arrived so far (DAP-13); kill ends the whole process tree (DAP-10).
import { rmSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { inflateRawSync } from 'node:zlib';
import { RecordType, decodeLost, type TraceRecord } from '../../runtime/format';
import { TraceCollector, recorderSettings, recordingRoot, type LaunchedProgram, type ProgramExit } from '../recording';
import { TraceStore, createReplayEngine, type ReplayEngine, type TimelineResult } from '../replay';
import { Recorded } from '../replay/recorded';
import { IndexQueue } from '../trace/indexQueue';
import { WriterMarker, editorTracePath } from '../recording/liveTraceFile';
import type { ThreadHistory } from '../trace/history';
import { DapError, DapErrorId } from './errors';
import { faultDelayed, faultPoint } from './faultPoints';
import { LiveHolds } from './liveProgram';
import { LATE_RECORD_MS, OutputOrder, type RecordedWrite } from './outputOrder';
import { historyWindowBytes, recordingOptionsOf, type ProgramPlan } from './launchConfig';
import { launchPlannedProgram, spawnFailure } from './programLaunch';
import type { PrintedAt, Recording, RecordingListener } from './recording';

const STATS_INTERVAL_MS = 500;
/** After `pause` is sent, events already in flight keep arriving; we wait until they stop... */
const PAUSE_QUIET_MS = 150;
/** ...but never longer than this, so pause answers well within DAP-13's second. */
const PAUSE_MAX_WAIT_MS = 700;
/** A program's last records trail its exit by the socket's close; wait at most this long for them. */
const FINAL_RECORDS_WAIT_MS = 3000;
const KILL_WAIT_MS = 2000;
/**
 * A live session's ring (unless the launch sizes it): a stop waits for what the ring holds ahead
 * of it to be sent and indexed, and a full 16 MiB ring took seconds under load (DAP-13). 1 MiB
 * keeps that under ~0.2 s; the program blocks on it a little more often (overflow 'block').
 */
const LIVE_BUFFER_WORDS = 1 << 18;

export async function startLiveRecording(plan: ProgramPlan, listener: RecordingListener): Promise<Recording> {
  // Replayed from memory, and written to a private file as it arrives: the recording outlives an
  // adapter that is killed (the file is removed when the session ends normally).
  const tracePath = editorTracePath(plan.program);
  // The file, when there is one, is also what Save copies: the merged bytes are not kept in memory
  // as well (a long live run would grow the adapter without bound, issue 10 item 5).
  const collector = await TraceCollector.create({
    retainBytes: tracePath === undefined,
    ...(tracePath ? { outFile: tracePath } : {}),
  }).catch((error: unknown) => {
    if (tracePath) rmSync(tracePath, { force: true });
    throw error;
  });
  const live = new LiveRecording(collector, listener, tracePath, plan.live && !plan.noDebug, historyWindowBytes(plan));
  try {
    await live.start(plan);
  } catch (error) {
    live.dispose(); // nothing to keep: the file and its marker go too
    await collector.finish().catch(() => undefined);
    throw error;
  }
  return live;
}

class LiveRecording implements Recording {
  readonly ready: Promise<ReplayEngine>;
  private resolveReady!: (engine: ReplayEngine) => void;
  private rejectReady!: (error: Error) => void;
  private readonly store: TraceStore;
  private readonly indexing: IndexQueue;
  private built: ReplayEngine | undefined;
  /** Read-only engine for timelineSoFar while the program runs. */
  private preview: ReplayEngine | undefined;
  private program: LaunchedProgram | undefined;
  private exit: ProgramExit | undefined;
  private stdioClosed: Promise<void> = Promise.resolve();
  private lostEvents = 0;
  private lastRecordAtMs = Date.now();
  private lastOutputAtMs = 0;
  private readonly statsTimer: NodeJS.Timeout;
  /**
   * stdout/stderr in the order the program wrote them (the pipes race), as the recording says; a
   * line waits up to LATE_RECORD_MS for a late record, so it keeps its place on a loaded machine.
   */
  private readonly order = new OutputOrder<PrintedAt>(
    (stream, text, at) => this.listener.output(stream, text, at),
    faultDelayed('liveOutput.lateWrites', () => this.recordedWrites()),
    { lateRecordMs: LATE_RECORD_MS },
  );
  /** The thread whose recorded writes order the pipes, and how many of them were read. */
  private outputSource: OutputSource | undefined;
  private outputSourceLost = false;
  /** The other threads that print into the same pipes (child processes, workers), by producer id. */
  private readonly otherSources = new Map<number, OutputSource | null>();
  /** Live stops (absent with noDebug: nobody would resume the program). */
  live: LiveHolds | undefined;

  /** Says, beside the file, that it is being written, by this adapter (liveTraceFile.ts). */
  private readonly writer: WriterMarker | undefined;

  constructor(
    private readonly collector: TraceCollector,
    private readonly listener: RecordingListener,
    private readonly tracePath: string | undefined,
    liveStops: boolean,
    /** The store's window (historyWindowMiB); undefined: the store's default. */
    windowBytes: number | undefined,
  ) {
    this.store = new TraceStore({ inflate: (bytes) => inflateRawSync(bytes), windowBytes });
    this.indexing = new IndexQueue(this.store);
    this.writer = tracePath ? new WriterMarker(tracePath, liveStops) : undefined;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined); // observed by the session; never an unhandled rejection
    collector.on('header', (header) => {
      this.store.header ??= header;
    });
    collector.on('record', (record) => this.onRecord(record));
    collector.on('problem', (message) => listener.output('important', `[rewind] ${message}\n`));
    this.statsTimer = setInterval(() => this.sendStats(), STATS_INTERVAL_MS);
  }

  async start(plan: ProgramPlan): Promise<void> {
    const root = recordingRoot(plan.program, plan.cwd);
    const settings = recorderSettings({
      root,
      socketPath: this.collector.socketPath,
      focusFiles: plan.focusFiles,
      ...recordingOptionsOf(plan),
    });
    if (plan.live && !plan.noDebug) {
      settings.live = true;
      if (plan.bufferEvents === undefined && settings.overflow === 'block') settings.bufferWords = LIVE_BUFFER_WORDS;
      this.live = new LiveHolds(
        this.collector,
        this.indexing,
        () => this.engineOnce(),
        () => this.lastRecordAtMs,
        () => this.sendStats(),
        () => this.lastOutputAtMs,
        () => this.order.settle(),
      );
    }
    // Into the collector: it learns the program's exit (the recorder itself adds no signal listener).
    const program = launchPlannedProgram(this.collector, plan, settings);
    this.program = program;
    this.stdioClosed = new Promise((resolve) => program.child.once('close', () => resolve()));
    this.pipe(program.child.stdout, 'stdout');
    this.pipe(program.child.stderr, 'stderr');
    await new Promise<void>((resolve, reject) => {
      program.child.once('spawn', () => resolve());
      void program.exited.then((exit) => {
        if (exit.spawnError) reject(spawnFailure(plan, exit.spawnError));
      });
    });
    // onExit guards its own steps; this catch is the last word, so `ready` can never stay pending.
    void program.exited
      .then((exit) => this.onExit(exit))
      .catch((error: unknown) => {
        this.live?.programEnded();
        this.rejectReady(error instanceof Error ? error : new Error(String(error)));
      });
    // The first stats go out as the program starts, not one interval later: a short program would
    // otherwise end before the editor ever showed that it was being recorded.
    this.sendStats();
  }

  engine(): ReplayEngine | undefined {
    return this.built;
  }

  processId(): number | undefined {
    return this.program?.child.pid;
  }

  running(): boolean {
    return this.exit === undefined;
  }

  async pause(): Promise<ReplayEngine> {
    if (this.running()) {
      this.collector.sendControl({ type: 'pause' });
      const startedMs = Date.now();
      this.lastRecordAtMs = Math.max(this.lastRecordAtMs, startedMs);
      while (Date.now() - this.lastRecordAtMs < PAUSE_QUIET_MS && Date.now() - startedMs < PAUSE_MAX_WAIT_MS) {
        await sleep(25);
      }
      await this.indexing.drain();
      // Paused before its first step was recorded (still starting): there is nowhere to stop yet.
      while (this.stepCount() === 0 && this.running() && Date.now() - startedMs < FINAL_RECORDS_WAIT_MS) {
        if (this.collector.producerCount > 0) this.collector.sendControl({ type: 'pause' });
        await sleep(25);
        await this.indexing.drain();
      }
    }
    await this.indexing.drain();
    if (this.stepCount() === 0) throw new DapError('pause: nothing has been recorded yet', DapErrorId.NOT_READY);
    return this.engineOnce();
  }

  recordedSteps(): number {
    return this.stepCount();
  }

  timelineSoFar(startStep: number, endStep: number, bucketCount: number): TimelineResult | undefined {
    if (this.stepCount() === 0) return undefined;
    return this.previewEngine().timeline(startStep, endStep, bucketCount);
  }

  /** Its own engine over the growing store: the session's is built only once the program can be replayed. */
  private previewEngine(): ReplayEngine {
    this.preview ??= createReplayEngine(this.store);
    return this.preview;
  }

  private stepCount(): number {
    return this.store.stepsIndexed;
  }

  async kill(): Promise<void> {
    if (!this.program || this.exit) return;
    this.program.killTree('SIGKILL');
    await Promise.race([this.program.exited, sleep(KILL_WAIT_MS)]);
  }

  saveTo(filePath: string): Promise<number> {
    return this.collector.copyTo(filePath);
  }

  dispose(): void {
    clearInterval(this.statsTimer);
    this.order.dispose();
    // The session ended normally: the on-disk copy was only insurance. Removed now (the adapter may
    // exit at once) and again once the sink closed: its file may have been opened only after that.
    this.removeFile();
    void this.collector
      .finish()
      .catch(() => undefined)
      .then(() => this.removeFile());
  }

  private removeFile(): void {
    this.writer?.remove();
    if (this.tracePath) rmSync(this.tracePath, { force: true });
  }

  private engineOnce(): ReplayEngine {
    this.built ??= createReplayEngine(this.store);
    return this.built;
  }

  private onRecord(record: TraceRecord): void {
    this.lastRecordAtMs = Date.now();
    if (record.type === RecordType.LOST) {
      try {
        this.lostEvents += decodeLost(record).lostEvents;
      } catch {
        // a malformed LOST record is the store's to report
      }
    }
    this.indexing.push(record);
    if (
      (record.type === RecordType.FILE ||
        record.type === RecordType.PROBES ||
        record.type === RecordType.PACKED_PROBES) &&
      this.live
    ) {
      const live = this.live;
      // A throw here was an unhandled rejection, which ends the standalone adapter: told instead.
      void this.indexing
        .drain()
        .then(() => live.filesArrived())
        .catch((error: unknown) =>
          this.listener.output(
            'important',
            `[rewind] breakpoints could not be set in the files just loaded (${messageOf(error)})\n`,
          ),
        );
    }
  }

  /**
   * The program is gone: the session must get what was recorded (issue 12 item 11). Each step is
   * guarded — a step that throws is told to the user and the rest still runs — so `ready` always
   * settles and every live waiter (a held move, the first stop) learns the end: an exception here
   * once meant no `stopped` and no `terminated`, ever.
   */
  private async onExit(exit: ProgramExit): Promise<void> {
    const failures: string[] = [];
    const guarded = async (what: string, work: () => unknown): Promise<void> => {
      try {
        await work();
      } catch (error) {
        failures.push(`${what} failed: ${messageOf(error)}`);
      }
    };
    await guarded('waiting for the last records', () => this.awaitTail());
    await guarded("indexing the recording's tail", () => this.indexTail());
    await guarded('ordering the output', () => this.order.finish());
    this.exit = exit;
    await guarded('ending the live stops', () => this.live?.programEnded(exit.signal ?? undefined));
    clearInterval(this.statsTimer);
    await guarded('sending the last stats', () => this.sendStats());
    await guarded('closing the index', () => {
      faultPoint('liveExit.storeFinish');
      this.store.finish();
    });
    for (const failure of failures)
      await guarded('telling a failure', () =>
        this.listener.output('important', `[rewind] ${failure}; the recording may lack its last events\n`),
      );
    await guarded('reporting the exit', () => this.listener.exited(exit.code, exit.signal));
    this.settleReady();
  }

  /** The engine over what was recorded, or why there is none: `ready` never stays pending. */
  private settleReady(): void {
    try {
      this.resolveReady(this.engineOnce());
    } catch (error) {
      this.rejectReady(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * The program's pipes and its producers' sockets may still hold the tail (a grandchild can keep
   * a pipe open forever, hence the bounds; a close that never completed must not hold the stop).
   */
  private async awaitTail(): Promise<void> {
    await Promise.race([this.stdioClosed, sleep(FINAL_RECORDS_WAIT_MS)]);
    await this.collector.waitForIdle(FINAL_RECORDS_WAIT_MS);
    await Promise.race([this.collector.finish().catch(() => undefined), sleep(FINAL_RECORDS_WAIT_MS)]);
    this.writer?.remove(); // the file has every END now
  }

  /** What the program wrote faster than we indexed: finished, showing progress when it is large. */
  private async indexTail(): Promise<void> {
    try {
      faultPoint('liveExit.indexTail');
      await this.indexing.drain((progress) => this.reportProgress(progress.doneBytes, progress.totalBytes));
    } finally {
      this.reportProgress(1, 1, 'indexed');
    }
  }

  /** Called from the queue's pump, where a throw would be nobody's to catch: progress is only news. */
  private reportProgress(doneBytes: number, totalBytes: number, message = 'indexing the recording'): void {
    try {
      this.listener.progress(doneBytes, totalBytes, message);
    } catch {
      // the bar misses a tick; the indexing goes on
    }
  }

  private sendStats(): void {
    this.listener.stats({
      ...(this.tracePath ? { tracePath: this.tracePath } : {}),
      events: this.stepCount(),
      lost: this.lostEvents,
      running: this.running(),
      bytes: this.collector.receivedBytes,
      held: this.live?.held() ?? false,
    });
  }

  private pipe(stream: NodeJS.ReadableStream | null, category: 'stdout' | 'stderr'): void {
    if (!stream) return;
    const decoder = new StringDecoder('utf8'); // a character split across chunks stays whole
    stream.on('data', (chunk: Buffer) => {
      this.lastOutputAtMs = Date.now();
      this.order.fromPipe(category, decoder.write(chunk));
    });
    stream.on('end', () => this.order.fromPipe(category, decoder.end()));
  }

  /**
   * The recorded writes not read yet, read from the order's timers and from onExit. A recording
   * that cannot be read there (a tail cut by a kill) must not take the adapter down from a timer,
   * nor hold the program's output back: from then on the pipes are shown as they come.
   */
  private recordedWrites(): Array<RecordedWrite<PrintedAt>> {
    if (this.outputSourceLost) return [];
    try {
      return this.readRecordedWrites();
    } catch (error) {
      this.outputSourceLost = true;
      this.listener.output(
        'important',
        `[rewind] the recorded output could not be read (${messageOf(error)}): output is shown as it arrives\n`,
      );
      return [];
    }
  }

  /**
   * The main thread's recorded writes not read yet. Once its index is rebuilt (old history
   * dropped) the positions would no longer add up: from then on the pipes are shown as they come.
   */
  private readRecordedWrites(): Array<RecordedWrite<PrintedAt>> {
    faultPoint('liveOutput.recordedWrites');
    if (!this.outputSource) {
      const id = this.store.mainThreadId();
      const thread = id === undefined ? undefined : this.store.threads.get(id);
      if (id === undefined || !thread || thread.history.outputCount === 0) return [];
      this.outputSource = { id, index: thread.history, recorded: new Recorded(thread.history), read: 0 };
    }
    const source = this.outputSource;
    if (this.store.threads.get(source.id)?.history !== source.index) {
      this.outputSourceLost = true;
      return [];
    }
    const writes = this.unreadWrites(source);
    for (const [id, thread] of this.store.threads) {
      // A worker's stdio is printed by its creator's stream, which records that copy too.
      const echoed = (thread.producer?.threadId ?? 0) !== 0;
      if (echoed) this.order.expectEchoes();
      if (id === source.id || thread.history.outputCount === 0) continue;
      let other = this.otherSources.get(id);
      if (other === undefined) {
        other = { id, index: thread.history, recorded: new Recorded(thread.history), read: 0 };
        this.otherSources.set(id, other);
      }
      // Re-indexed (old history dropped): its positions no longer add up; its text goes unplaced.
      if (other === null || thread.history !== other.index) {
        this.otherSources.set(id, null);
        continue;
      }
      for (const write of this.unreadWrites(other)) writes.push({ ...write, from: id, echoed });
    }
    return writes;
  }

  /** `source`'s recorded writes not read yet, each with its text and where it was printed. */
  private unreadWrites(source: OutputSource): Array<RecordedWrite<PrintedAt>> {
    const writes: Array<RecordedWrite<PrintedAt>> = [];
    const unread = source.index.outputCount - source.read;
    // The preview engine's console of that thread: the same messages, with their steps and places.
    const places = unread > 0 ? this.previewEngine().console(source.read, unread, source.id).messages : [];
    const main = source === this.outputSource;
    for (let at = 0; source.read < source.index.outputCount; source.read++, at++) {
      const offset = source.index.outputOffset(source.read);
      const value = source.recorded.eventValue(offset);
      if (value.type !== 'string') continue;
      const place = places[at];
      // Its step says it is this write.
      const same = place?.step === source.index.outputStep(source.read);
      writes.push({
        stream: source.recorded.word(offset + 1) === 2 ? 'stderr' : 'stdout',
        length: value.length,
        text: value.value,
        where: same ? { step: place.step, source: place.source, ...(main ? {} : { threadId: source.id }) } : undefined,
      });
    }
    return writes;
  }
}

interface OutputSource {
  id: number;
  index: ThreadHistory;
  recorded: Recorded;
  read: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
