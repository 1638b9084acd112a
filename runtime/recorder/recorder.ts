// Starting a recording inside the user's process: shared memory, the ring, limits, the drain
// worker, console capture, the idle flush (asked for by the drain) and the end-of-run handshake
// (or, when the drain thread has not started by then, the exit drain: exitDrain.ts). Returns what
// the loader needs (the probe counter, ports to the drain). Everything is unref'd. Knows no module system.
import { drainTransfer } from './drainTransfer';
import { MessageChannel, Worker, threadId, type MessagePort } from 'node:worker_threads';
import type { RecorderSettings } from '../format/environment';
import { OutputStream } from '../format/events';
import type { NoteInfo, ProducerInfo } from '../format/records';
import { Atomics, B } from './builtins';
import type { DrainMessage, DrainWorkerData } from './drainWorker';
import { installExitHandlers, type EndWithoutTotals } from './exit';
import { output } from './hotPath';
import { Control, createRingShared, flightRingWords, type RingShared } from './layout';
import { exitDrainBuilt } from './exitDrain';
import { ExitDrainOption } from './exitDrainOption';
import { configureLimits, createProbeFlagTable, useProbeFlags } from './limits';
import { threadStopFlags, useStopFlags } from './liveStops';
import { captureOutput } from './output';
import { publishBeforeIpcSends } from './ipcFlush';
import { disableRing, finalFlush, flushBatch, initRing, ringCounters, setLossListener } from './ring';
import { forgetRecentEntries } from './identity';
import { answerIdleFlushes } from './idleFlush';
import { answerEndRequest } from './workerEnds';
import { newSnapshotEpoch } from './snapshot';
import { enableShapes } from './shapes';
import { withoutQueuedTicks } from './quietWorkerStart';
import { drainWorkerOptions, type EarlyDrain } from './earlyDrain';
import { resetInternTable } from './strings';
import { monotonicMs } from './monotonicClock';

const EXIT_ACK_TIMEOUT_MS = 5000;
const OUTPUT_PUBLISH_MS = 1;

/** Publishes a batch the program left open, and lets go of the objects identity.ts memoises. */
function idleFlush(): void {
  flushBatch();
  forgetRecentEntries();
}

let lastOutputPublishMs = -Infinity;

export interface RecordingHandle {
  shared: RingShared;
  /** Shared with off-thread loaders: per-probe flags (limits.ts ProbeFlag). */
  probeFlags: SharedArrayBuffer;
  /** Live sessions: the stop table (liveStops.ts), for loaders to flag pending breakpoints; absent otherwise. */
  stopFlags?: SharedArrayBuffer;
  /** Messages for the drain (FILE, NOTE) from this thread. */
  post(message: DrainMessage): void;
  /**
   * A port another thread (Node 20's off-thread ESM loader) may post DrainMessages on. Taking it
   * rules out the exit drain: this thread would not see what arrives on it.
   */
  takeLoaderPort(): MessagePort;
  /** Called at exit (before END) for loaders to add their notes. */
  beforeEnd: Array<() => void>;
  /** Told each write to stdout (1) or stderr (2) after it is recorded (a re-execution checks its output). */
  afterOutput: Array<(stream: 1 | 2, text: string) => void>;
  note(note: NoteInfo): void;
}

export interface StartOptions {
  settings: RecorderSettings;
  drainWorkerPath: string;
  producerId: number;
  /** Socket streams begin with a file header per producer. */
  streamHeader?: Uint8Array;
  /** A worker's: where its creator asks its drain to finish before terminating it. */
  endSlot?: DrainWorkerData['endSlot'];
  /** The main thread's: its drain, started by the bootloader stub (earlyDrain.ts), waiting for its data. */
  earlyDrain?: EarlyDrain;
}

export function startRecording(options: StartOptions): RecordingHandle {
  const { settings } = options;
  const shared = createRingShared(
    settings.overflow === 'flight'
      ? flightRingWords(settings.bufferWords, settings.flightRecorderBytes)
      : settings.bufferWords,
  );
  const probeFlags = createProbeFlagTable();
  useProbeFlags(new B.Uint8Array(probeFlags));
  configureLimits(settings);
  enableShapes(settings.attributes?.objectShapes !== false);
  // A flight recorder loses nothing in the ring: its drain drops the oldest history (drain.ts).
  initRing(shared, settings.overflow === 'flight' ? 'block' : settings.overflow);
  const stopAtStart = settings.live === true;
  // The thread's one table (the STEP check holds it as a constant: liveStops.ts checkedStep).
  const stopFlagsView = threadStopFlags(stopAtStart);
  const stopFlags = stopFlagsView.buffer;
  useStopFlags(stopFlagsView, new Int32Array(shared.control));
  setLossListener(() => {
    resetInternTable();
    newSnapshotEpoch();
  });

  const main = new MessageChannel();
  const loader = new MessageChannel();
  const data: DrainWorkerData = {
    shared,
    overflow: settings.overflow,
    flightRecorderBytes: settings.flightRecorderBytes,
    producerId: options.producerId,
    producer: producerInfo(options.producerId),
    outFile: settings.outFile,
    socketPath: settings.socketPath,
    streamHeader: options.streamHeader,
    ports: [main.port2, loader.port2],
    endSlot: options.endSlot,
    stopFlags,
    stopAtStart,
  };
  const control = new Int32Array(shared.control);
  // The exit drain writes the file itself: not for a flight recorder (segments), a live session
  // (its adapter hears the drain), a worker's producer (its creator asks its drain for END) or a
  // stream to a collector (no file).
  const outFile = settings.outFile;
  const exitDrain = new ExitDrainOption(
    exitDrainBuilt() &&
      outFile !== undefined &&
      settings.overflow !== 'flight' &&
      !stopAtStart &&
      options.endSlot === undefined
      ? { outFile, shared, producerId: options.producerId, producer: data.producer, overflow: settings.overflow }
      : undefined,
  );
  // A kept message is cloned, not transferred: the exit drain may still write its bytes.
  const post = (message: DrainMessage): void =>
    exitDrain.keep(message)
      ? B.postMessage(main.port1, message)
      : B.postMessage(main.port1, message, drainTransfer(message));

  const transferList = [main.port2, loader.port2];
  const early = options.earlyDrain;
  const worker =
    early?.worker ??
    withoutQueuedTicks(
      () =>
        new Worker(options.drainWorkerPath, {
          ...drainWorkerOptions({ rewindDrain: data } satisfies { rewindDrain: DrainWorkerData }),
          transferList,
        }),
    );
  if (early) worker.postMessage({ rewindDrain: data } satisfies { rewindDrain: DrainWorkerData }, transferList);
  worker.unref();
  main.port1.unref();
  loader.port1.unref();
  // A drain that cannot run must not make the program wait for it: mark the sink failed (the
  // producer stops) and the exit handshake answered. Nor may the exit drain write what it
  // stopped short of as if it were the whole run.
  const drainGone = () => {
    exitDrain.lose();
    Atomics.store(control, Control.SINK_FAILED, 1);
    Atomics.store(control, Control.EXIT_ACK, 1);
  };
  const failed = (error: Error) => {
    warn(`recording stopped: drain worker failed: ${error.message}`);
    drainGone();
  };
  worker.on('error', failed);
  worker.on('exit', drainGone);
  // Started early (earlyDrain.ts): what befell it before these listeners.
  if (early?.failure) failed(early.failure);
  else if (early?.exited) drainGone();

  const afterOutput: RecordingHandle['afterOutput'] = [];
  captureOutput((stream, text) => {
    output(stream === 1 ? OutputStream.STDOUT : OutputStream.STDERR, text);
    publishAfterOutput();
    for (let i = 0; i < afterOutput.length; i++) afterOutput[i](stream, text);
  });
  publishBeforeIpcSends(flushBatch);
  const endSlot = options.endSlot;
  const endWords = endSlot && new B.Int32Array(endSlot.table);
  // A worker's end request (workerEnds.ts) is answered by the idle flush its drain asks for.
  answerIdleFlushes(control, main.port1, () => {
    exitDrain.lose(); // only a started drain asks
    idleFlush();
    if (endSlot && endWords) answerEndRequest(endSlot, endWords, control);
  });

  const handle: RecordingHandle = {
    shared,
    probeFlags,
    stopFlags: stopAtStart ? stopFlags : undefined,
    takeLoaderPort: () => {
      exitDrain.lose(); // the loader thread's FILEs would reach only the drain thread
      return loader.port1;
    },
    beforeEnd: [],
    afterOutput,
    post,
    note: (note) => post({ type: 'note', note }),
  };
  installExitHandlers((end) => finishRecording(handle, end, () => exitDrain.drained(warn)));
  return handle;
}

/**
 * A printed line is published (and the drain woken) right away, not at the next idle flush: a
 * program killed just after printing keeps that line and the steps before it (issue 10 item 3).
 * At most once per OUTPUT_PUBLISH_MS, so a program printing in a loop does not publish tiny batches.
 */
function publishAfterOutput(): void {
  const nowMs = monotonicMs();
  if (nowMs - lastOutputPublishMs < OUTPUT_PUBLISH_MS) return;
  lastOutputPublishMs = nowMs;
  flushBatch();
}

function producerInfo(producerId: number): ProducerInfo {
  return {
    producerId,
    pid: process.pid,
    ppid: process.ppid,
    threadId,
    argv: process.argv.slice(),
    nodeVersion: process.version,
    startWallTimeMs: Date.now(),
  };
}

/**
 * Synchronous: flush, hand END to the drain, wait (bounded) for its acknowledgement — or, when
 * the drain thread has not started, write everything from here (`drainedAtExit`).
 */
function finishRecording(handle: RecordingHandle, end: EndWithoutTotals, drainedAtExit: () => boolean): void {
  // Indexed, not for…of: the program may have removed Array.prototype[Symbol.iterator] (INS-25).
  for (let i = 0; i < handle.beforeEnd.length; i++) {
    try {
      handle.beforeEnd[i]();
    } catch {
      /* a note is not worth failing the exit for */
    }
  }
  finalFlush();
  const { emittedEvents: eventsEmitted, ringWaitMs, ringWaits } = ringCounters();
  disableRing();
  handle.post({
    type: 'end',
    end: { ...end, eventsEmitted, recorderCost: { ringWaitMs: Math.round(ringWaitMs * 10) / 10, ringWaits } },
  });
  if (drainedAtExit()) return;
  const control = new Int32Array(handle.shared.control);
  Atomics.store(control, Control.EXIT_REQUEST, 1);
  Atomics.notify(control, Control.DESC_HEAD);
  const deadline = B.dateNow() + EXIT_ACK_TIMEOUT_MS;
  while (Atomics.load(control, Control.EXIT_ACK) === 0) {
    const left = deadline - B.dateNow();
    if (left <= 0) return warn('the recording could not be completed in time (the trace may lack its end)');
    Atomics.wait(control, Control.EXIT_ACK, 0, left);
  }
}

export function warn(message: string): void {
  try {
    B.writeSync(2, `[rewind] ${message}\n`);
  } catch {
    // stderr closed
  }
}
