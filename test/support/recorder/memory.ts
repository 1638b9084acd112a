// An in-memory Sink and an in-thread recording (ring + drain in one thread) for encoder tests:
// hot-path calls go into a real ring, a real Drain frames them, and the bytes are parsed back
// through runtime/format's reader. Knows the recorder's module-level state and resets it.
import { RecordType, type TraceHeader } from '../../../runtime/format';
import { encodeFileHeader } from '../../../runtime/format/recordWriter';
import type { OverflowStrategy } from '../../../runtime/format/environment';
import { Drain } from '../../../runtime/recorder/drain';
import { createRingShared, type RingShared } from '../../../runtime/recorder/layout';
import { configureLimits, useProbeFlags } from '../../../runtime/recorder/limits';
import { finalFlush, initRing, ringCounters, setLossListener } from '../../../runtime/recorder/ring';
import type { Sink } from '../../../runtime/recorder/sinks';
import { newSnapshotEpoch, resetObjectIds } from '../../../runtime/recorder/snapshot';
import { resetInternTable } from '../../../runtime/recorder/strings';
import { enableShapes } from '../../../runtime/recorder/shapes';
import { resetSymbolIds } from '../../../runtime/recorder/values';
import { resetFrames } from '../../../runtime/recorder/hotPath';
import { parseTraceBytes, type ParsedTrace } from './trace';

export class MemorySink implements Sink {
  failure: Error | undefined;
  readonly synchronous = true;
  chunks: Uint8Array[] = [];
  /** Copies before returning, like a file write: the drain may pass views into the ring. */
  write(chunks: Uint8Array[]): void {
    for (const chunk of chunks) this.chunks.push(chunk.slice());
  }
  pendingBytes(): number {
    return 0;
  }
  async flush(): Promise<void> {}
  close(): void {}
  bytes(): Uint8Array {
    const total = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

export const TEST_HEADER: TraceHeader = {
  sessionId: 'recorder-test',
  pid: 1,
  threadId: 0,
  nodeVersion: process.version,
  startWallTimeMs: 0,
  argv: [],
  cwd: '/',
  options: {},
};

export function traceFromSink(sink: MemorySink): ParsedTrace {
  const header = encodeFileHeader(TEST_HEADER);
  const body = sink.bytes();
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  return parseTraceBytes(bytes);
}

export interface InThreadOptions {
  capacityWords?: number;
  overflow?: OverflowStrategy;
  maxStringLength?: number;
  maxCollectionEntries?: number;
  maxDepth?: number;
  redact?: boolean;
  /** Object snapshots by shape (format 3.12); default on, as the recorder's. */
  objectShapes?: boolean;
}

export interface InThreadRecording {
  shared: RingShared;
  sink: MemorySink;
  drain: Drain;
  probeFlags: Uint8Array;
  /** Flush, drain, END, parse. */
  finish(): ParsedTrace;
}

/** A fresh recorder state in this thread (never blocks: drop-newest unless told otherwise). */
export function recordInThread(options: InThreadOptions = {}): InThreadRecording {
  const shared = createRingShared(options.capacityWords ?? 1 << 20);
  const overflow = options.overflow ?? 'drop-newest';
  const probeFlags = new Uint8Array(1 << 16);
  useProbeFlags(probeFlags);
  configureLimits({
    maxStringLength: options.maxStringLength ?? 1024,
    maxCollectionEntries: options.maxCollectionEntries ?? 100,
    maxDepth: options.maxDepth ?? 3,
    redact: options.redact ?? true,
  });
  enableShapes(options.objectShapes ?? true);
  initRing(shared, overflow);
  setLossListener(() => {
    resetInternTable();
    newSnapshotEpoch();
  });
  resetInternTable();
  resetObjectIds();
  resetSymbolIds();
  resetFrames();
  const sink = new MemorySink();
  const drain = new Drain(shared, sink, 0, overflow);
  drain.record(RecordType.PRODUCER, {
    producerId: 0,
    pid: 1,
    ppid: 0,
    threadId: 0,
    argv: [],
    nodeVersion: process.version,
    startWallTimeMs: 0,
  });
  return {
    shared,
    sink,
    drain,
    probeFlags,
    finish() {
      finalFlush();
      drain.finish({ reason: 'exit', exitCode: 0, eventsEmitted: ringCounters().emittedEvents });
      return traceFromSink(sink);
    },
  };
}
