// The collector: the private Unix socket every recorded process and thread streams its trace to,
// merged into ONE trace (one header; records re-framed under a collector-assigned producer id;
// a PRODUCER record per connection; an END for a producer that vanished without one: 'signal'
// when the launcher reports a signal death, else 'killed', with an estimate of its unflushed
// tail). Consumers see records as they arrive; a file sink and control messages (pause/resume)
// are optional. In direct mode (directFile) the producers write that file themselves and send only
// progress lines: the collector keeps the books and appends the ENDs of producers that vanish.
// A flight recorder that vanishes before assembling its kept history gets it assembled here
// (flightRecovery.ts), in either mode, before its END.
// Knows nothing of DAP, of what events mean, or of how the program was launched.
import { EventEmitter } from 'node:events';
import { closeSync, fstatSync, openSync, statSync, truncateSync } from 'node:fs';
import { chmod, copyFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import {
  FORMAT_MAJOR,
  flightFolderPrefix,
  FORMAT_MINOR,
  PROGRESS_FIRST_BYTE,
  isLivePausedNote,
  parseLiveBreakpointsNote,
  parseLiveStopNote,
  RECORD_PREFIX_BYTES,
  RECORD_SUFFIX_BYTES,
  RecordFlag,
  RecordType,
  type EndInfo,
  type ProducerInfo,
  type TraceHeader,
  type TraceRecord,
  type TraceVersion,
} from '../../runtime/format';
import { RecordingError } from './errors';
import { encodeTraceHeader, frameRecord, jsonRecordPayload, producerFromHeader } from './framing';
import { createPrivateSocketPlace, type PrivateSocketPlace } from './privateDirectory';
import { DirectConnection } from './directConnection';
import {
  appendFramedRecords,
  discardFlightFolder,
  findFlightFolder,
  keptHistoryKept,
  keptHistoryProblem,
  recoverKeptHistory,
  removeFlightFolder,
  type RecoveredRecord,
} from './flightRecovery';
import { ProducerConnection } from './producerConnection';
import { cutTornTail } from './tornTail';
import { ROOT_PRODUCER_ID, endUnannouncedProducers } from './unannouncedProducers';
import { TraceFileSink } from './traceFileSink';

export interface CollectorOptions {
  /** Keep the merged bytes in memory (bytes(), a later writeTo()). Default true. */
  retainBytes?: boolean;
  /** Write the merged trace to this file (created 0600) as it arrives. */
  outFile?: string;
  /**
   * Direct mode: the producers write this trace file themselves (one copy from their rings to the
   * file) and the collector only appends ENDs for producers that vanish. No records are emitted.
   */
  directFile?: string;
}

type Connection = ProducerConnection | DirectConnection;

/** Newline-delimited JSON the collector sends to producers. */
export type ControlMessage = { type: 'pause' } | { type: 'resume' } | { type: string; [key: string]: unknown };

export interface CollectorEvents {
  header: [header: TraceHeader, version: TraceVersion];
  producer: [info: ProducerInfo];
  record: [record: TraceRecord];
  producerEnded: [producerId: number, end: EndInfo];
  /** A producer's stream could not be read or the file sink failed: a message for the user. */
  problem: [message: string];
  /** Live session: a producer stopped at this probe, its records up to the stop already emitted. */
  liveStop: [producerId: number, probeId: number];
  /** Live session: a producer's drain answered a pause, every record before the answer emitted. */
  livePaused: [producerId: number];
  /** Live session: a producer's drain set the stop flags of the breakpoints line with this generation. */
  liveBreakpoints: [producerId: number, generation: number];
}

/** How a producer's process ended, as the launcher saw it. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

export interface CollectorSummary {
  complete: boolean;
  producers: number;
  sizeBytes: number;
  outFile?: string;
  /** The file could not be written (disk full…); also announced as a 'problem' when it happened. */
  writeError?: string;
}

export class TraceCollector extends EventEmitter<CollectorEvents> {
  readonly socketPath: string;
  header: TraceHeader | undefined;
  version: TraceVersion | undefined;
  private readonly place: PrivateSocketPlace;
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  readonly directFile: string | undefined;
  /** Direct mode: the largest file size any producer reported after its write (a record boundary). */
  private directGoodBytes = 0;
  /** Direct mode: a producer could not write the file (disk full…). */
  private directWriteError: string | undefined;
  private readonly retained: Uint8Array[] | undefined;
  private sink: TraceFileSink | undefined;
  private nextProducerId = 0;
  private sizeBytes = 0;
  private damaged = false;
  private finished: Promise<CollectorSummary> | undefined;
  private readonly idleWaiters: Array<() => void> = [];
  /** Pids whose exit the launcher will report (undefined until it does), so a vanished producer's END can say why. */
  private readonly exits = new Map<number, ProcessExit | undefined>();
  /** Direct mode: the producer ids that said hello. */
  private readonly knownProducerIds = new Set<number>();
  /** Producers that vanished without END while their process's exit was still unknown. */
  private readonly awaitingExit = new Set<Connection>();

  private constructor(place: PrivateSocketPlace, options: CollectorOptions) {
    super();
    this.place = place;
    this.socketPath = place.socketPath;
    this.directFile = options.directFile;
    this.retained = options.retainBytes === false || options.directFile ? undefined : [];
    if (options.outFile && !options.directFile) this.sink = this.openSink(options.outFile);
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Creates the private directory and listens on its socket. */
  static async create(options: CollectorOptions = {}): Promise<TraceCollector> {
    const collector = new TraceCollector(createPrivateSocketPlace(), options);
    await new Promise<void>((resolve, reject) => {
      collector.server.once('error', reject);
      collector.server.listen(collector.socketPath, () => {
        collector.server.off('error', reject);
        resolve();
      });
    });
    return collector;
  }

  /** The private directory holding the socket (0700). */
  get directory(): string {
    return this.place.directory;
  }

  /** Bytes of the merged trace so far (the recording's size, live). */
  get receivedBytes(): number {
    return this.sizeBytes;
  }

  get producerCount(): number {
    return this.nextProducerId;
  }

  /** Every producer ended with its own END, and every byte received was readable. */
  get complete(): boolean {
    if ((!this.header && !this.directFile) || this.damaged || this.connections.size > 0 || this.awaitingExit.size > 0)
      return false;
    return this.nextProducerId > 0;
  }

  /** The merged trace so far (requires retainBytes). */
  bytes(): Uint8Array {
    if (!this.retained) throw new RecordingError('this collector does not retain the trace in memory');
    return Buffer.concat(this.retained);
  }

  /**
   * Writes the merged trace so far to `path` (0600); returns its size. From memory, or, when the
   * bytes are not retained (a long live run keeps none, issue 10 item 5), from the file being written.
   */
  async copyTo(path: string): Promise<number> {
    if (this.retained) {
      const bytes = this.bytes();
      await writeFile(path, bytes, { mode: 0o600 });
      return bytes.length;
    }
    if (!this.sink) throw new RecordingError('the trace is neither kept in memory nor written to a file');
    const sizeBytes = this.sizeBytes; // whole records: what append() was given so far
    await this.sink.flushed();
    await copyFile(this.sink.path, path);
    // A file that could not be written whole (disk full) is not the recording: never pad it.
    if ((await stat(path)).size < sizeBytes) {
      await rm(path, { force: true });
      throw new RecordingError(`the trace file ${this.sink.path} is incomplete (it could not be written)`);
    }
    // Bytes appended while it copied may be cut in a record: the copy ends where the flush did.
    await truncate(path, sizeBytes);
    await chmod(path, 0o600);
    return sizeBytes;
  }

  /** Starts writing the merged trace to a file: what arrived so far, then everything later. */
  writeTo(path: string): void {
    if (this.sink || this.directFile)
      throw new RecordingError(`the trace is already being written to ${this.sink?.path ?? this.directFile}`);
    if (!this.retained && this.sizeBytes > 0) throw new RecordingError('the beginning of the trace was not retained');
    this.sink = this.openSink(path);
    for (const bytes of this.retained ?? []) this.sink.write(bytes);
  }

  /** Sends a control message to one producer or to all; returns how many it reached. */
  sendControl(message: ControlMessage, producerId?: number): number {
    let reached = 0;
    for (const connection of this.connections) {
      if (producerId !== undefined && connection.producerId !== producerId) continue;
      if (connection.send(`${JSON.stringify(message)}\n`)) reached++;
    }
    return reached;
  }

  /** True while producer `producerId`'s stream is open (its drain can still hear control lines). */
  isConnected(producerId: number): boolean {
    for (const connection of this.connections) if (connection.producerId === producerId) return true;
    return false;
  }

  /** Resolves once no producer is connected or waiting for its exit, or after timeoutMs (then false). */
  async waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.connections.size === 0 && this.awaitingExit.size === 0) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * The launcher will report how process `pid` ends. Until then, a producer of it that vanishes
   * without END is held, so its END can give the real reason (a signal) instead of 'killed'.
   */
  awaitExitOf(pid: number): void {
    if (!this.exits.has(pid)) this.exits.set(pid, undefined);
  }

  /** How process `pid` ended: ENDs its producers that vanished without one (the recorder adds no signal listener). */
  reportExit(pid: number, exit: ProcessExit): void {
    this.exits.set(pid, exit);
    for (const connection of [...this.awaitingExit]) {
      if (connection.pid !== pid) continue;
      this.awaitingExit.delete(connection);
      this.endVanished(connection, exit);
    }
    this.wakeIfIdle();
  }

  /**
   * Stops accepting producers, ends those still connected as 'killed', flushes the file and
   * removes the private directory. Idempotent.
   */
  finish(): Promise<CollectorSummary> {
    this.finished ??= this.finishOnce();
    return this.finished;
  }

  private async finishOnce(): Promise<CollectorSummary> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of [...this.connections]) this.drop(connection);
    for (const connection of this.awaitingExit) this.endVanished(connection, undefined);
    this.awaitingExit.clear();
    await closed;
    this.place.remove();
    const writeError = await this.sink?.close();
    if (this.directFile) {
      this.endUnannounced(this.directFile);
      return {
        complete: this.complete,
        producers: this.nextProducerId,
        sizeBytes: fileSize(this.directFile),
        outFile: this.directFile,
        writeError: this.directWriteError,
      };
    }
    return {
      complete: this.complete,
      producers: this.nextProducerId,
      sizeBytes: this.sizeBytes,
      outFile: this.sink?.path,
      writeError: writeError?.message,
    };
  }

  /** The first byte tells a direct producer's progress lines from a streamed trace (which starts with the magic). */
  private accept(socket: Socket): void {
    if (this.finished) {
      socket.destroy();
      return;
    }
    let connection: Connection = new ProducerConnection(socket);
    let first = true;
    this.connections.add(connection);
    socket.on('data', (chunk: Buffer) => {
      if (first && chunk[0] === PROGRESS_FIRST_BYTE) {
        this.connections.delete(connection);
        connection = new DirectConnection(socket, (direct) => this.admitDirect(direct));
        this.connections.add(connection);
      }
      first = false;
      if (connection instanceof DirectConnection) this.receiveProgress(connection, chunk);
      else this.receive(connection, chunk);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.drop(connection));
  }

  private receiveProgress(connection: DirectConnection, chunk: Buffer): void {
    if (connection.closed) return;
    // Progress lines are ASCII JSON (numbers and type names only).
    const failedBefore = connection.failure;
    const readable = connection.receive(chunk.toString('latin1'));
    this.directGoodBytes = Math.max(this.directGoodBytes, connection.fileBytes);
    if (connection.failure !== undefined && failedBefore === undefined && this.directWriteError === undefined) {
      this.directWriteError = `could not write the trace to ${this.directFile}: ${connection.failure}`;
      this.damaged = true;
      this.emit('problem', `${this.directWriteError}; the rest of the recording is lost (the program is unaffected)`);
    }
    if (!readable) {
      this.emit('problem', `producer ${connection.producerId ?? '?'} sent an unreadable progress line`);
      this.drop(connection);
    }
  }

  /** A direct producer said who it is; its PRODUCER record is in the file already. */
  private admitDirect(connection: DirectConnection): void {
    if (connection.producerId === undefined) return;
    this.nextProducerId++;
    this.knownProducerIds.add(connection.producerId);
  }

  /**
   * Direct mode, at the end: the launched program's root producer (the header's writer) never said
   * hello. Either it drained its own ring at its exit (its records and END are in the file: it is
   * counted), or it may have left its header, or records whose hello was lost, and no END: its
   * producers are ended from the file (the only case that reads the file back).
   */
  private endUnannounced(path: string): void {
    if (this.directWriteError !== undefined || this.exits.size === 0) return;
    if (this.knownProducerIds.has(ROOT_PRODUCER_ID)) return;
    try {
      const found = endUnannouncedProducers(path, this.knownProducerIds, (pid) => this.exits.get(pid));
      // Drained at its exit: whole, with its own END (runtime/recorder/exitDrain.ts).
      for (const producerId of found.endedInFile) {
        this.nextProducerId++;
        this.knownProducerIds.add(producerId);
      }
      for (const { producerId, end } of found.ended) {
        this.nextProducerId++;
        this.damaged = true;
        this.emit('producerEnded', producerId, end);
      }
    } catch (error) {
      this.emit('problem', `could not end the trace ${path}: ${(error as Error).message}`);
    }
  }

  private receive(connection: ProducerConnection, chunk: Buffer): void {
    if (connection.closed) return;
    const records = connection.parser.push(chunk);
    if (connection.producerId === undefined && connection.parser.header) this.admit(connection);
    for (const record of records) this.forward(connection, record);
    const problem = connection.parser.error;
    if (problem) {
      this.damaged = true;
      this.emit(
        'problem',
        `producer ${connection.producerId ?? '?'} sent an unreadable trace: ${problem.message} (stream byte ${problem.byteOffset})`,
      );
      this.drop(connection);
    }
  }

  /** A producer's header arrived: it gets an id; the first one's header becomes the trace's. */
  private admit(connection: ProducerConnection): void {
    const header = connection.parser.header as TraceHeader;
    connection.producerId = this.nextProducerId++;
    if (this.header) return;
    this.header = header;
    // The merged file is written by this build's writer, in this build's version (a newer major
    // from a producer was refused by its parser already).
    this.version = { major: FORMAT_MAJOR, minor: FORMAT_MINOR };
    this.emit('header', header, this.version);
    this.append(encodeTraceHeader(header));
  }

  private forward(connection: ProducerConnection, record: TraceRecord): void {
    const producerId = connection.producerId as number;
    // The merged trace renumbers, which would hide a gap in what the producer sent: say so here.
    const expected = connection.expectIncoming(record.sequence);
    if (expected !== record.sequence)
      this.emit('problem', `producer ${producerId} skipped from record ${expected} to ${record.sequence}`);
    if (!connection.announced) {
      this.announce(connection, record.type === RecordType.PRODUCER ? record : undefined);
      if (record.type === RecordType.PRODUCER) return;
    }
    if (record.type === RecordType.END) this.noteEnd(connection, record);
    // A live stop is a message to the session, not part of the recording: taken off the stream.
    const message = record.type === RecordType.NOTE ? parseObject(record.payload)?.message : undefined;
    const stoppedAt = parseLiveStopNote(message);
    if (stoppedAt !== undefined) {
      this.emit('liveStop', producerId, stoppedAt);
      return;
    }
    if (isLivePausedNote(message)) {
      this.emit('livePaused', producerId);
      return;
    }
    const breakpointsGeneration = parseLiveBreakpointsNote(message);
    if (breakpointsGeneration !== undefined) {
      this.emit('liveBreakpoints', producerId, breakpointsGeneration);
      return;
    }
    const sequence = connection.nextSequence();
    connection.account(
      this.passThrough(record, producerId, sequence) ??
        this.appendRecord(producerId, sequence, record.type, record.flags, record.payload),
    );
    // Its END is in the merged trace: say so (the drain waits for it before its thread may end), and
    // write it nothing more — a control line to a drain that is gone fails, and the failed write
    // would destroy the socket before what it sent last was read.
    if (record.type === RecordType.END) connection.endWriting();
  }

  /** The PRODUCER record: the producer's own (its id rewritten) or one made from its header. */
  private announce(connection: ProducerConnection, own: TraceRecord | undefined): void {
    connection.announced = true;
    const info = producerInfo(connection, own);
    connection.pid = info.pid;
    this.emit('producer', info);
    this.appendRecord(info.producerId, connection.nextSequence(), RecordType.PRODUCER, 0, jsonRecordPayload(info));
  }

  private noteEnd(connection: ProducerConnection, record: TraceRecord): void {
    connection.ended = true;
    const end = parseEnd(record.flags & RecordFlag.DEFLATE ? inflatedEnd(record.payload) : record.payload);
    if (!end || end.reason === 'killed') this.damaged = true;
    if (end) this.emit('producerEnded', connection.producerId as number, end);
  }

  /** A connection closed or failed: without its END, the collector writes one (now, or once the exit is known). */
  private drop(connection: Connection): void {
    if (connection.closed) return;
    connection.close();
    this.connections.delete(connection);
    if (connection.producerId !== undefined && !connection.ended) {
      const exitKnown =
        connection.pid === undefined || !this.exits.has(connection.pid) || this.exits.get(connection.pid) !== undefined;
      if (exitKnown || this.finished)
        this.endVanished(connection, connection.pid === undefined ? undefined : this.exits.get(connection.pid));
      else this.awaitingExit.add(connection);
    }
    this.wakeIfIdle();
  }

  /**
   * The END of a producer that never sent one. A signal other than SIGKILL is an ending the trace
   * can name (the recorder flushes while idle and adds no signal listener); anything else means
   * the tail may be missing: 'killed', and the trace is incomplete.
   */
  private endVanished(connection: Connection, exit: ProcessExit | undefined): void {
    if (connection.ended || connection.producerId === undefined) return;
    if (!connection.announced && connection instanceof ProducerConnection) this.announce(connection, undefined);
    // A flight recorder killed before it assembled its kept history: the collector does, unless a
    // segment does not decode — then the folder stays, and so does the missing END, so that the
    // next reader of the trace (orphanedFlight.ts) tries again.
    const found = this.flightFolderOf(connection);
    const keptProblem = found === undefined ? undefined : keptHistoryProblem(found);
    if (found !== undefined && keptProblem !== undefined)
      this.emit('problem', keptHistoryKept(found, this.tracePathForMessages(), keptProblem));
    const folder = keptProblem === undefined ? found : undefined;
    if (folder !== undefined && connection instanceof ProducerConnection) {
      for (const record of recoverKeptHistory(folder))
        connection.account(
          this.appendRecord(
            connection.producerId,
            connection.nextSequence(),
            record.type,
            record.flags,
            record.payload,
          ),
        );
      removeFlightFolder(folder);
    }
    const bySignal = exit?.signal && exit.signal !== 'SIGKILL';
    // Whatever the program had not flushed died with it: the trace cannot prove it is whole (TR-05).
    const end: EndInfo = {
      reason: bySignal ? 'signal' : 'killed',
      exitCode: exit?.code ?? null,
      ...(exit?.signal ? { signal: exit.signal } : {}),
      eventsEmitted: connection.eventsEmitted(),
      eventsLost: connection.eventsLost,
      unflushedEventsEstimate: connection.unflushedEventsEstimate(),
    };
    this.damaged = true;
    if (keptProblem !== undefined) {
      // No END: the trace reads as incomplete until the kept history is assembled into it.
    } else if (connection instanceof DirectConnection) this.appendToDirectFile(connection, end, folder);
    else this.appendRecord(connection.producerId, connection.nextSequence(), RecordType.END, 0, jsonRecordPayload(end));
    connection.ended = true;
    this.emit('producerEnded', connection.producerId, end);
  }

  /** A flight recorder's folder: named by a direct producer's hello, or found by pid and thread in ours. */
  private flightFolderOf(connection: Connection): string | undefined {
    let folder: string | undefined;
    if (connection instanceof DirectConnection) folder = connection.flightFolder;
    else if (connection.pid !== undefined && connection.parser.header)
      folder = findFlightFolder(
        this.place.directory,
        flightFolderPrefix(connection.pid, connection.parser.header.threadId),
      );
    return folder;
  }

  private wakeIfIdle(): void {
    if (this.connections.size === 0 && this.awaitingExit.size === 0)
      for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /**
   * A record whose producer id and sequence number are already the merged trace's (a producer's
   * records usually are) goes out as the very bytes that arrived, checksum and all: no copy and no
   * second CRC. Undefined when it has to be re-framed.
   */
  private passThrough(record: TraceRecord, producerId: number, sequence: number): TraceRecord | undefined {
    if (record.producerId !== producerId || record.sequence !== sequence) return undefined;
    const payload = record.payload;
    if (payload.byteOffset < RECORD_PREFIX_BYTES) return undefined;
    const framed = new Uint8Array(
      payload.buffer,
      payload.byteOffset - RECORD_PREFIX_BYTES,
      RECORD_PREFIX_BYTES + payload.length + RECORD_SUFFIX_BYTES,
    );
    // The parser verified these bytes as one record; check they are that record before trusting them.
    const view = new DataView(framed.buffer, framed.byteOffset, RECORD_PREFIX_BYTES);
    if (view.getUint32(0, true) !== payload.length || framed[4] !== record.type || framed[5] !== record.flags)
      return undefined;
    const forwarded: TraceRecord = { ...record, byteOffset: this.sizeBytes };
    this.append(framed);
    this.emit('record', forwarded);
    return forwarded;
  }

  private appendRecord(
    producerId: number,
    sequence: number,
    type: number,
    flags: number,
    payload: Uint8Array,
  ): TraceRecord {
    const framed = frameRecord({ type, flags, producerId, sequence, payload });
    const record: TraceRecord = {
      type,
      flags,
      producerId,
      sequence,
      payload: framed.subarray(12, 12 + payload.length),
      byteOffset: this.sizeBytes,
    };
    this.append(framed);
    this.emit('record', record);
    return record;
  }

  /**
   * The END of a direct producer, appended to the file it wrote (O_APPEND: whole next to other
   * producers' writes). A torn last record is cut off first when no producer can still append.
   */
  private appendToDirectFile(connection: DirectConnection, end: EndInfo, flightFolder: string | undefined): void {
    const path = this.directFile as string;
    // A file that could not be written takes no END either (already said, once).
    if (this.directWriteError !== undefined) {
      if (flightFolder !== undefined) discardFlightFolder(flightFolder);
      return;
    }
    if (this.connections.size === 0) cutTornTail(path, this.directGoodBytes);
    const producerId = connection.producerId as number;
    const frame = (record: RecoveredRecord) =>
      frameRecord({ ...record, producerId, sequence: connection.nextSequence() });
    let fd: number | undefined;
    let sizeBefore: number | undefined;
    try {
      fd = openSync(path, 'a');
      // Alone on the file: a failed append can be taken back, so the next reader does not repeat it.
      if (this.connections.size === 0) sizeBefore = fstatSync(fd).size;
      const kept = flightFolder === undefined ? [] : recoverKeptHistory(flightFolder);
      appendFramedRecords(fd, framedThenEnd(kept, frame, end));
      if (flightFolder !== undefined) removeFlightFolder(flightFolder);
    } catch (error) {
      this.emit('problem', `could not end the trace ${path}: ${(error as Error).message}`);
      // The segments stay for the next reader, which appends them again.
      if (sizeBefore !== undefined) cutBack(path, sizeBefore);
      if (flightFolder !== undefined)
        this.emit('problem', keptHistoryKept(flightFolder, path, (error as Error).message));
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** The trace named in messages. */
  private tracePathForMessages(): string {
    return this.directFile ?? this.sink?.path ?? 'the trace';
  }

  private append(bytes: Uint8Array): void {
    this.sizeBytes += bytes.length;
    this.retained?.push(bytes);
    this.sink?.write(bytes);
  }

  private openSink(path: string): TraceFileSink {
    return new TraceFileSink(
      path,
      (blocked) => {
        for (const connection of this.connections) connection.setPaused(blocked);
      },
      (error) => this.emit('problem', error.message.replace(/^\[rewind:recording\] /, '')),
    );
  }
}

/** A failed append taken back (best effort: a file that cannot be cut is read up to its first torn record). */
function cutBack(path: string, sizeBytes: number): void {
  try {
    truncateSync(path, sizeBytes);
  } catch {
    // as said
  }
}

function producerInfo(connection: ProducerConnection, own: TraceRecord | undefined): ProducerInfo {
  const base = producerFromHeader(connection.parser.header as TraceHeader, connection.producerId as number);
  const sent = own ? parseObject(own.payload) : undefined;
  return { ...base, ...sent, producerId: base.producerId };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function parseEnd(payload: Uint8Array): EndInfo | undefined {
  const value = parseObject(payload);
  return value && typeof value.reason === 'string' ? (value as unknown as EndInfo) : undefined;
}

function parseObject(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An END is a few hundred bytes of JSON: a compressed one that inflates past that is no END (decompression bombs). */
const MAX_END_BYTES = 64 * 1024;
function inflatedEnd(payload: Uint8Array): Uint8Array {
  try {
    return inflateRawSync(payload, { maxOutputLength: MAX_END_BYTES });
  } catch {
    return new Uint8Array(0);
  }
}

/** The kept history framed, then the END the collector writes for its producer. */
function* framedThenEnd(
  kept: Iterable<RecoveredRecord>,
  frame: (record: RecoveredRecord) => Uint8Array,
  end: EndInfo,
): Generator<Uint8Array> {
  for (const record of kept) yield frame(record);
  yield frame({ type: RecordType.END, flags: 0, payload: jsonRecordPayload(end) });
}
