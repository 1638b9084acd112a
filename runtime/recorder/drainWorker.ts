// The drain worker thread (dist/drainWorker.js): attaches a Drain to the producer's ring, opens
// the sink, takes FILE/NOTE/END messages from its ports, and answers the exit handshake. Unref'd
// by its creator, so it never keeps the program alive. Stops recording cleanly when the sink
// fails (TR-10): a message on stderr, the producer told to stop, the program unaffected.
// Direct mode (an outFile and a socketPath): the file gets the records, the collector's socket
// only progress lines (progressChannel.ts) after each round that wrote something. The ring is
// this thread's only once it claims it (layout.ts DRAIN_CLAIM): a short program may have drained
// it itself at its exit (exitDrain.ts).
import { readFileSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import {
  LIVE_SEND_QUEUE_BYTES,
  RecordType,
  SEND_QUEUE_BYTES,
  flightFolderPrefix,
  traceFlightFolderPrefix,
  type EndInfo,
  type NoteInfo,
  type ProducerInfo,
} from '../format';
import { Drain, PORTABLE_DRAIN_PLATFORM, type DrainPlatform, type EndToWrite } from './drain';
import type { Crc32Function } from '../format/recordWriter';
import { Control, DrainClaim, EARLY_DRAIN_MARK, type RingShared } from './layout';
import { IDLE_FLUSH_MS, askForIdleFlush } from './idleFlush';
import { LiveControl, setPaused } from './liveControl';
import { ProgressChannel } from './progressChannel';
import { ANSWER_WAIT_MS, acknowledgeEnd, endRequest, type EndRequestSlot } from './workerEnds';
import { FileSink, SocketSink, type ControlMessage, type Sink } from './sinks';
import { FlightSegments } from './flightSegments';
import type { OverflowStrategy } from '../format/environment';

export interface DrainWorkerData {
  shared: RingShared;
  overflow: OverflowStrategy;
  /** overflow 'flight': the most trace bytes this producer keeps. */
  flightRecorderBytes: number;
  producerId: number;
  producer: ProducerInfo;
  outFile?: string;
  socketPath?: string;
  /** Socket streams start with a file header of their own (the file's was written by the root process). */
  streamHeader?: Uint8Array;
  /** [0] is the producer's own (it also hears the drain's idle-flush requests: idleFlush.ts); [1] the ESM loader's. */
  ports: MessagePort[];
  /** A worker's producer: where the thread that may terminate it asks for END first (workerEnds.ts). */
  endSlot?: EndRequestSlot;
  /** The producer's stop-flag table (liveStops.ts), and whether it starts stopped (a live session). */
  stopFlags: SharedArrayBuffer;
  stopAtStart: boolean;
}

export type DrainMessage =
  /**
   * A RegisteredFile as JSON text, or its UTF-8 in a buffer the sender transfers (drainTransfer): a
   * big file's probe table crosses threads as one buffer, not a clone of 100,000s of objects.
   */
  | {
      type: 'file';
      json: string | Uint8Array;
      /** Binary: a PACKED_PROBES record continuing the last FILE's table (format 3.11). */
      packed?: boolean;
    }
  | { type: 'note'; note: NoteInfo }
  | { type: 'end'; end: Omit<EndInfo, 'eventsLost'> };

/** zlib.crc32 (Node ≥ 20.15, 22) checksums each batch once; older Nodes get the format's sliced JS loop. */
const zlibCrc32 = (zlib as { crc32?: Crc32Function }).crc32;
const THREAD_PLATFORM: DrainPlatform = {
  crc32: zlibCrc32 ? (bytes, previous) => zlibCrc32(bytes, previous) : PORTABLE_DRAIN_PLATFORM.crc32,
  // Node's encoder, natively.
  utf8: (text) => Buffer.from(text, 'utf8'),
  monotonicMs: () => performance.now(),
};

const IDLE_WAIT_MS = 50;
const PROGRESS_INTERVAL_MS = 10;
/** The longest wait for a full send queue's wake-up (SocketSink.drained) before the loop looks around again. */
const QUEUE_WAKE_MAX_MS = 50;
/**
 * How long a drain waits, after its END, for the collector to have it. Below workerEnds.ts's
 * END_WAIT_MS (what a thread terminating a worker waits for its drain) and far below the
 * producer's own EXIT_ACK wait; a collector busy longer than this is back to the old race.
 */
const COLLECTOR_RECEIVED_WAIT_MS = 500;

/** Node ≥ 16 has it; the ES2022 lib does not declare it. */
interface AtomicsWithWaitAsync {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}

function main(data: DrainWorkerData): void {
  const control = new Int32Array(data.shared.control);
  // A producer that reached its exit before this thread started has written its records itself
  // (exitDrain.ts): nothing is left to do, not even a hello to the collector.
  const claim = Atomics.compareExchange(control, Control.DRAIN_CLAIM, DrainClaim.NONE, DrainClaim.DRAIN_THREAD);
  if (claim !== DrainClaim.NONE) return;
  const endSlot = data.endSlot;
  const endWords = endSlot && new Int32Array(endSlot.table);
  let endAskedAtMs: number | undefined;
  let sink: Sink;
  let progress: ProgressChannel | undefined;
  let fileSink: FileSink | undefined;
  let flight: FlightSegments | undefined;
  const live = new LiveControl(data.stopFlags, data.shared.control, data.stopAtStart);
  /** A control line woke the loop's sleep to answer it (not a producer's notify: not counted in `wakeups`). */
  let wokenByControl = false;
  const onControl = (message: ControlMessage) => {
    live.apply(message);
    if (message.type !== 'breakpoints' || message.generation === undefined) return;
    // The adapter holds its setBreakpoints answer for this: wake the idle sleep rather than make it wait.
    wokenByControl = true;
    Atomics.notify(control, Control.DESC_HEAD);
  };
  // A live stop waits for the queue ahead of it: kept short (format/liveControl.ts).
  const maxPendingBytes = data.stopAtStart ? LIVE_SEND_QUEUE_BYTES : SEND_QUEUE_BYTES;
  // Without a wake-up (a sink with no drained()), poll: the short queue empties in about a millisecond.
  const queueWaitMs = data.stopAtStart ? 1 : 5;
  try {
    // A flight recorder keeps its history in segments and assembles it into the trace at the end
    // (or its collector does, if it is killed): not for a live session, whose adapter reads the
    // trace as it grows.
    const flightRecorder = data.overflow === 'flight' && !data.stopAtStart;
    if (data.outFile) {
      sink = fileSink = new FileSink(data.outFile);
      if (flightRecorder)
        flight = new FlightSegments(
          join(dirname(data.outFile), `${traceFlightFolderPrefix(basename(data.outFile), data.producerId)}-`),
          data.flightRecorderBytes,
        );
      if (data.socketPath)
        progress = new ProgressChannel(
          data.socketPath,
          {
            producerId: data.producerId,
            pid: data.producer.pid,
            capacityWords: data.shared.capacityWords,
            ...(flight ? { flightFolder: flight.path } : {}),
          },
          onControl,
          () => pauseControl(control, false),
        );
    } else {
      const socketPath = data.socketPath ?? '';
      sink = new SocketSink(socketPath, onControl, () => pauseControl(control, false));
      // In the collector's private directory, where it looks for it by pid and thread.
      if (flightRecorder)
        flight = new FlightSegments(
          join(dirname(socketPath), flightFolderPrefix(data.producer.pid, data.producer.threadId)),
          data.flightRecorderBytes,
        );
    }
  } catch (error) {
    return stop(control, `cannot open the trace sink: ${(error as Error).message}`);
  }
  if (data.streamHeader) sink.write([data.streamHeader]);
  const drain = flight
    ? new Drain(data.shared, flight, data.producerId, data.overflow, { segments: flight, trace: sink }, THREAD_PLATFORM)
    : new Drain(data.shared, sink, data.producerId, data.overflow, undefined, THREAD_PLATFORM);
  drain.record(RecordType.PRODUCER, data.producer);
  /**
   * After rounds that wrote records: how far this producer got, for the collector's books. At most
   * every PROGRESS_INTERVAL_MS while busy (a line costs a send and an fstat), and always before sleeping.
   */
  let reportedSequence = -1;
  let reportedAtMs = -Infinity;
  const report = (beforeSleep: boolean) => {
    if (!progress || drain.framedRecords === reportedSequence) return;
    const nowMs = performance.now();
    if (!beforeSleep && nowMs - reportedAtMs < PROGRESS_INTERVAL_MS) return;
    reportedAtMs = nowMs;
    reportedSequence = drain.framedRecords;
    const { accountedEvents, lostEvents } = drain.counters;
    progress.tick({
      nextSequence: drain.nextSequence,
      accountedEvents,
      lostEvents,
      publishedEvents: drain.publishedEvents(),
      fileBytes: fileSink?.sizeBytes() ?? 0,
      wallTimeMs: Date.now(),
    });
  };
  let end: Omit<EndInfo, 'eventsLost'> | undefined;

  const takeMessages = () => {
    for (const port of data.ports) {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const body = message.message as DrainMessage;
        if (body.type === 'file') drain.file(body.json, body.packed);
        else if (body.type === 'note') drain.note(body.note);
        else if (body.type === 'end') end = body.end;
      }
    }
  };

  /** Sleeps ended by a producer's notify (not by the idle timeout): a profile figure for recorderCost. */
  let wakeups = 0;
  // A pending Atomics.waitAsync does not keep a thread alive; this does (the worker itself is unref'd).
  const keepAlive = setInterval(() => {}, 1 << 30);
  const loop = async (): Promise<void> => {
    for (;;) {
      takeMessages();
      if (endSlot && endWords && Atomics.load(control, Control.EXIT_REQUEST) === 0) {
        // Stopped from outside (workerEnds.ts): finish once the worker published its tail, or
        // without it when it is too busy to answer in time.
        const request = endRequest(endSlot, endWords);
        // The worker answers from the idle flush asked for here (workerEnds.ts): no timer in the worker.
        if (request === 'asked') {
          endAskedAtMs ??= performance.now();
          askForIdleFlush(control, data.ports[0]);
        }
        if (
          request === 'published' ||
          (request === 'asked' && performance.now() - (endAskedAtMs ?? 0) > ANSWER_WAIT_MS)
        )
          Atomics.store(control, Control.EXIT_REQUEST, 1);
      }
      if (Atomics.load(control, Control.EXIT_REQUEST) !== 0) {
        // The producer posts END, then raises EXIT_REQUEST: one seen after the take above means an
        // END (and late FILEs) may have arrived since. Take them, or END loses its exit code (issue 14 item 10).
        takeMessages();
        // No END from the producer (its thread was stopped from outside: workerEnds.ts): what it
        // published is all there is, counted by finish() after its last round — a stopped worker may
        // still publish after an earlier count (a negative loss in END otherwise). A round now too,
        // so the drain's cost below includes its writes.
        drain.round();
        const ending: EndToWrite = end ?? { reason: 'exit', exitCode: null };
        const drainCpuMs = threadCpuMs();
        drain.finish(
          !ending.recorderCost
            ? ending
            : {
                ...ending,
                recorderCost: {
                  ...ending.recorderCost,
                  ...(drainCpuMs === undefined ? {} : { drainCpuMs }),
                  drainRounds: drain.stats.rounds,
                  drainWrites: drain.stats.writes,
                  drainWrittenBytes: drain.stats.writtenBytes,
                  drainWakeups: wakeups,
                  drainWriteMs: Math.round(drain.stats.writeMs * 10) / 10,
                  drainChecksumMs: Math.round(drain.stats.checksumMs * 10) / 10,
                },
              },
        );
        await sink.flush();
        await sink.received?.(COLLECTOR_RECEIVED_WAIT_MS);
        if (!sink.failure) await progress?.ended(COLLECTOR_RECEIVED_WAIT_MS);
        progress?.close();
        Atomics.store(control, Control.EXIT_ACK, 1);
        Atomics.notify(control, Control.EXIT_ACK);
        if (endSlot && endWords) acknowledgeEnd(endSlot, endWords);
        sink.close();
        clearInterval(keepAlive);
        return;
      }
      // A slow collector: stop taking batches until its socket drains; the producer then feels
      // the backpressure through the ring (block waits, drop-newest drops) instead of memory growing here.
      if (sink.pendingBytes() > maxPendingBytes) {
        // Woken when the socket has taken it all (no 1 ms polling); at most QUEUE_WAKE_MAX_MS, so
        // the loop's other duties (an end asked from outside) still run if the reader stalls.
        await (sink.drained?.(QUEUE_WAKE_MAX_MS) ?? new Promise<void>((resolve) => setTimeout(resolve, queueWaitMs)));
        continue;
      }
      drain.round();
      const stopNote = live.takeStop();
      if (stopNote) {
        // The stop's records were published before LIVE_STOP was set: this round has them all.
        takeMessages();
        drain.round();
        drain.note(stopNote);
        drain.round();
      }
      // After any stop note: the adapter tells a program that idles from one whose records are in flight.
      const ringDrained = Atomics.load(control, Control.DESC_HEAD) === Atomics.load(control, Control.DESC_TAIL);
      const pauseAnswer = live.takePauseAnswer(ringDrained);
      if (pauseAnswer) {
        drain.note(pauseAnswer);
        drain.round();
      }
      const breakpointsAnswer = live.takeBreakpointsAnswer();
      if (breakpointsAnswer) {
        drain.note(breakpointsAnswer);
        drain.round();
      }
      if (flight?.failure && !sink.failure) sink.failure = flight.failure;
      if (sink.failure) {
        flight?.discard();
        // Direct mode: the collector says it (once, naming the file) and marks the trace incomplete.
        if (await progress?.failed(sink.failure.message)) return stop(control);
        return stop(
          control,
          `recording stopped: the trace sink failed (${sink.failure.message}); the program continues unrecorded`,
        );
      }
      report(Atomics.load(control, Control.DESC_HEAD) === Atomics.load(control, Control.DESC_TAIL));
      // Announce the sleep before checking once more, so a publish in between is not missed.
      Atomics.store(control, Control.DRAIN_WAITING, 1);
      const head = Atomics.load(control, Control.DESC_HEAD);
      if (head === Atomics.load(control, Control.DESC_TAIL) && Atomics.load(control, Control.EXIT_REQUEST) === 0) {
        // Quiet for IDLE_FLUSH_MS: ask the producer for its open batch (idleFlush.ts); while that
        // request is unanswered (the producer is busy or its loop has ended), sleep longer.
        const asked = Atomics.load(control, Control.IDLE_FLUSH_ASKED) !== 0;
        const waited = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(
          control,
          Control.DESC_HEAD,
          head,
          asked ? IDLE_WAIT_MS : IDLE_FLUSH_MS,
        );
        wokenByControl = false;
        const result = waited.async ? await waited.value : waited.value;
        if (result === 'ok' && !wokenByControl) wakeups++;
        else if (result === 'timed-out' && Atomics.load(control, Control.EXIT_REQUEST) === 0)
          askForIdleFlush(control, data.ports[0]);
      } else {
        await new Promise<void>((resolve) => setImmediate(resolve)); // let port messages and socket I/O in
      }
      Atomics.store(control, Control.DRAIN_WAITING, 0);
    }
  };
  loop()
    .catch((error: unknown) => stop(control, `drain failed: ${(error as Error).message}`))
    .finally(() => {
      clearInterval(keepAlive);
      if (endSlot && endWords) acknowledgeEnd(endSlot, endWords); // a stopped drain has nothing more to write
    });
}

/** This thread's CPU time so far (Linux schedstat: nanoseconds on a CPU), or undefined elsewhere. */
function threadCpuMs(): number | undefined {
  try {
    const onCpuNs = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
    return Number.isFinite(onCpuNs) ? Math.round(onCpuNs / 1e5) / 10 : undefined;
  } catch {
    return undefined;
  }
}

function pauseControl(control: Int32Array, paused: boolean): void {
  setPaused(control, paused);
}

/** Recording ends; the program goes on. The producer sees SINK_FAILED at its next publish. */
function stop(control: Int32Array, message?: string): void {
  try {
    if (message) writeSync(2, `[rewind] ${message}\n`);
  } catch {
    // stderr is gone too: nothing more to say
  }
  Atomics.store(control, Control.SINK_FAILED, 1);
  pauseControl(control, false);
  Atomics.add(control, Control.DRAIN_ROUNDS, 1);
  Atomics.notify(control, Control.DRAIN_ROUNDS);
  Atomics.store(control, Control.EXIT_ACK, 1);
  Atomics.notify(control, Control.EXIT_ACK);
}

if (workerData && (workerData as { rewindDrain?: DrainWorkerData }).rewindDrain) {
  main((workerData as { rewindDrain: DrainWorkerData }).rewindDrain);
} else if (workerData && (workerData as Record<string, unknown>)[EARLY_DRAIN_MARK] === true && parentPort) {
  // Started by the bootloader stub before the recording existed (earlyDrain.ts): its data comes by message.
  const port = parentPort;
  port.once('message', (message: { rewindDrain?: DrainWorkerData }) => {
    port.unref(); // the loop's own keep-alive holds the thread from here on
    if (message.rewindDrain) main(message.rewindDrain);
  });
}
