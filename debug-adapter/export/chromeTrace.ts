// `rewind export --format chrome-trace`: a recording as Chrome trace-event JSON (JSON Object
// Format), for Perfetto and chrome://tracing. Two streaming passes over the file: the first keeps
// only what is small (producers, probe tables, clock samples, ends), the second walks the events
// and writes as it goes. Memory is bounded by the code recorded and the open frames, never by the
// recording's length. Knows records and producers; event meaning lives in threadSlices.ts.
import { basename } from 'node:path';
import {
  RecordType,
  TraceFormatError,
  decodeEnd,
  decodeEventWords,
  holdsEvents,
  FileParts,
  decodeProducer,
  decodeTime,
  type EndInfo,
  type ProducerInfo,
  type TimeSample,
  type TraceHeader,
  type TraceRecord,
} from '../../runtime/format';
import { ProbeTable } from '../trace/probeTable';
import { JsonArrayWriter, type TextSink } from './jsonArrayWriter';
import { streamRecords, type StreamedTrace } from './recordStream';
import { MessageFlows, ThreadSlices } from './threadSlices';
import { TraceClock, type ClockSource } from './traceClock';
import type { EmitEvent, MetadataEvent } from './traceEvents';

/** What pass one learns about a producer. */
interface ProducerPlan {
  producerId: number;
  info?: ProducerInfo;
  probes: ProbeTable;
  samples: TimeSample[];
  end?: EndInfo;
  pid: number;
  tid: number;
}

export interface ExportSummary {
  events: number;
  slices: number;
  producers: number;
  /** Why the recording's records stopped early (damage), when they did. */
  damage?: string;
  /** Producers whose events could not all be read (the rest of the export stands). */
  warnings: string[];
}

export function exportChromeTrace(path: string, sink: TextSink): ExportSummary {
  const plans = new Map<number, ProducerPlan>();
  const warnings: string[] = [];
  const fileParts = new FileParts();
  const first = streamRecords(path, (record) => plan(plans, fileParts, record, warnings));
  assignThreads(plans, first.header);
  const writer = new JsonArrayWriter(sink, '{"displayTimeUnit":"ms","traceEvents":');
  const emit: EmitEvent = (event) => writer.push(event);
  for (const event of metadata(plans, first.header)) emit(event);
  const threads = new Map<number, ThreadSlices>();
  const clocks = new Map<number, ClockSource>();
  const flows = new MessageFlows();
  for (const producer of plans.values()) {
    const clock = new TraceClock(
      producer.info?.startWallTimeMs ?? first.header.startWallTimeMs,
      first.header.startWallTimeMs,
      producer.samples,
    );
    clocks.set(producer.producerId, clock.source);
    threads.set(producer.producerId, new ThreadSlices(producer.pid, producer.tid, producer.probes, clock, emit, flows));
  }
  const broken = new Set<number>();
  streamRecords(path, (record) => {
    if (!holdsEvents(record.type) || broken.has(record.producerId)) return;
    try {
      threads.get(record.producerId)?.append(decodeEventWords(record));
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      broken.add(record.producerId);
      warnings.push(
        `events of producer ${record.producerId} are corrupt in the record at byte ${record.byteOffset} (${error.message}); its timeline stops there`,
      );
    }
  });
  let slices = 0;
  for (const [producerId, thread] of threads) {
    const end = plans.get(producerId)?.end;
    thread.finish();
    if (end?.error)
      thread.endInstant(`uncaught ${end.error.name}: ${end.error.message}`.slice(0, 120), 'exception,uncaught', {
        ...end.error,
        reason: end.reason,
      });
    slices += thread.slices;
  }
  writer.close(`,"otherData":${JSON.stringify(otherData(first, plans, clocks))}}`);
  return { events: writer.elements, slices, producers: plans.size, damage: first.error?.message, warnings };
}

function planOf(plans: Map<number, ProducerPlan>, producerId: number): ProducerPlan {
  let producer = plans.get(producerId);
  if (!producer)
    plans.set(producerId, (producer = { producerId, probes: new ProbeTable(), samples: [], pid: 0, tid: 0 }));
  return producer;
}

function plan(plans: Map<number, ProducerPlan>, fileParts: FileParts, record: TraceRecord, warnings: string[]): void {
  const producer = planOf(plans, record.producerId);
  try {
    switch (record.type) {
      case RecordType.PRODUCER:
        producer.info = decodeProducer(record);
        return;
      case RecordType.FILE:
      case RecordType.PROBES:
      case RecordType.PACKED_PROBES:
        {
          const file = fileParts.take(record);
          if (file) producer.probes.addFile(file);
          return;
        }
        return;
      case RecordType.TIME:
        producer.samples.push(decodeTime(record));
        return;
      case RecordType.END:
        producer.end = decodeEnd(record);
        return;
      default:
        return;
    }
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    warnings.push(error.message);
  }
}

/** Stands in for a pid or tid the recording does not give (a producer whose PRODUCER record is missing). */
const SYNTHETIC_ID_BASE = 1_000_000_000;

/**
 * pid: the producer's process id. tid: the process id for a main thread (as Linux numbers it), else
 * a synthetic number. No two producers share a tid (a re-used pid gets a fresh one), so their slices
 * never interleave on one track, whether a viewer scopes tids by process or not.
 */
function assignThreads(plans: Map<number, ProducerPlan>, header: TraceHeader): void {
  const used = new Set<number>();
  let nextSynthetic = SYNTHETIC_ID_BASE;
  for (const producer of [...plans.values()].sort((a, b) => a.producerId - b.producerId)) {
    producer.pid =
      producer.info?.pid ?? (producer.producerId === 0 ? header.pid : SYNTHETIC_ID_BASE + producer.producerId);
    const threadId = producer.info?.threadId ?? 0;
    let tid = threadId === 0 ? producer.pid : ++nextSynthetic;
    while (used.has(tid)) tid = ++nextSynthetic;
    used.add(tid);
    producer.tid = tid;
  }
}

function metadata(plans: Map<number, ProducerPlan>, header: TraceHeader): MetadataEvent[] {
  const events: MetadataEvent[] = [];
  const named = new Set<number>();
  for (const producer of plans.values()) {
    const { pid, tid } = producer;
    const argv = producer.info?.argv ?? (producer.producerId === 0 ? header.argv : []);
    const script = argv[1] ? basename(argv[1]) : `producer ${producer.producerId}`;
    if (!named.has(pid)) {
      named.add(pid);
      events.push({ ph: 'M', name: 'process_name', pid, tid, ts: 0, args: { name: `${script} (pid ${pid})` } });
      events.push({ ph: 'M', name: 'process_sort_index', pid, tid, ts: 0, args: { sort_index: producer.producerId } });
    }
    const threadId = producer.info?.threadId ?? 0;
    // A worker's argv names no script: the first file it loaded is the one `new Worker()` named.
    const workerScript = producer.probes.allFiles()[0]?.path;
    const name =
      threadId === 0
        ? `${script} main thread`
        : `${workerScript ? basename(workerScript) : 'worker'} (worker ${threadId})`;
    events.push({ ph: 'M', name: 'thread_name', pid, tid, ts: 0, args: { name } });
    events.push({ ph: 'M', name: 'thread_sort_index', pid, tid, ts: 0, args: { sort_index: threadId } });
  }
  return events;
}

function otherData(
  trace: StreamedTrace,
  plans: Map<number, ProducerPlan>,
  clocks: Map<number, ClockSource>,
): Record<string, unknown> {
  return {
    rewind: {
      sessionId: trace.header.sessionId,
      format: `${trace.version.major}.${trace.version.minor}`,
      startWallTimeMs: trace.header.startWallTimeMs,
      damage: trace.error,
      producers: [...plans.values()].map((producer) => ({
        producerId: producer.producerId,
        pid: producer.pid,
        tid: producer.tid,
        argv: producer.info?.argv,
        clock: clocks.get(producer.producerId),
        timeSamples: producer.samples.length,
        end: producer.end?.reason ?? null,
      })),
    },
  };
}
