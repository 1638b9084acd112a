// A flight recorder's kept history on disk (overflow 'flight'): a folder of segment files holding
// whole records, plus a state file saying how many of the oldest events were dropped. The drain
// writes it and assembles the trace at the end; a collector assembles it instead when the producer
// was killed first. Pure: names, the state's shape, record splitting and the loss marker; no I/O.
import { EventKind, Ext, LostReason, eventHeader } from './events';
import { RECORD_PREFIX_BYTES, RECORD_SUFFIX_BYTES, RecordType, type LostInfo } from './records';
import type { TraceRecord } from './traceReader';

/** Inside the folder: the dropped count, replaced whole (write + rename) at every rotation. */
export const FLIGHT_STATE_FILE = 'state.json';
/** Segment files sort oldest first by name. */
export const FLIGHT_SEGMENT_PREFIX = 'segment-';

export interface FlightState {
  /** Events in the segments dropped so far (the oldest history). */
  droppedEvents: number;
  /** The oldest kept segment's file name: any older one left behind (a kill mid-rotation) was dropped. */
  firstSegment?: string;
}

/**
 * A direct producer's folder, hidden beside its trace file (`.<trace name>.flight-<producer id>-`):
 * found there again by the trace's name when every process was killed at once (orphanedFlight.ts).
 */
export function traceFlightFolderPrefix(traceName: string, producerId?: number): string {
  return `.${traceName}.flight-${producerId ?? ''}`;
}

/** The trace and producer a folder name made by traceFlightFolderPrefix names, or undefined when it is not one. */
export function parseTraceFlightFolder(folderName: string): { traceName: string; producerId: number } | undefined {
  const match = /^\.(.+)\.flight-(\d{1,5})-[^/]+$/.exec(folderName);
  return match ? { traceName: match[1], producerId: Number(match[2]) } : undefined;
}

/** A socket producer's folder, in its collector's private directory (found there by pid and thread). */
export function flightFolderPrefix(pid: number, threadId: number): string {
  return `flight-${pid}-${threadId}-`;
}

export function parseFlightState(text: string): FlightState {
  try {
    const value = JSON.parse(text) as Partial<FlightState>;
    const dropped = value.droppedEvents;
    return {
      droppedEvents: typeof dropped === 'number' && dropped >= 0 && Number.isFinite(dropped) ? dropped : 0,
      ...(typeof value.firstSegment === 'string' ? { firstSegment: value.firstSegment } : {}),
    };
  } catch {
    return { droppedEvents: 0 };
  }
}

/**
 * The whole records at the start of a segment's bytes, each as a view (payload included); a torn
 * last record (the writer was killed mid-write) is left out. Not checksummed: our own private file.
 */
export function* segmentRecords(bytes: Uint8Array): Generator<{ bytes: Uint8Array; record: TraceRecord }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + RECORD_PREFIX_BYTES <= bytes.length;) {
    const payloadBytes = view.getUint32(at, true);
    const size = RECORD_PREFIX_BYTES + payloadBytes + RECORD_SUFFIX_BYTES;
    if (at + size > bytes.length) return;
    const record: TraceRecord = {
      type: bytes[at + 4],
      flags: bytes[at + 5],
      producerId: view.getUint16(at + 6, true),
      sequence: view.getUint32(at + 8, true),
      payload: bytes.subarray(at + RECORD_PREFIX_BYTES, at + RECORD_PREFIX_BYTES + payloadBytes),
      byteOffset: at,
    };
    yield { bytes: bytes.subarray(at, at + size), record };
    at += size;
  }
}

/**
 * Records written straight to the trace as they come (PRODUCER, FILE, PROBES, PACKED_PROBES, NOTE):
 * they have no event position, the kept history cannot do without them, and so they never go into
 * a segment.
 */
export function isFlightHeadRecord(type: number): boolean {
  return (
    type === RecordType.PRODUCER ||
    type === RecordType.FILE ||
    type === RecordType.PROBES ||
    type === RecordType.PACKED_PROBES ||
    type === RecordType.NOTE
  );
}

/** The EXT LOST event words marking a loss in the event stream (a LOST record says the same beside it). */
export function lostEventWords(count: number, reason: LostInfo['reason']): Int32Array {
  const code = {
    'ring-full': LostReason.RING_FULL,
    overwritten: LostReason.OVERWRITTEN,
    'sink-failed': LostReason.SINK_FAILED,
    'producer-killed': LostReason.PRODUCER_KILLED,
  }[reason];
  return Int32Array.of(eventHeader(EventKind.EXT, Ext.LOST), Math.min(count, 0x7fffffff), code);
}
