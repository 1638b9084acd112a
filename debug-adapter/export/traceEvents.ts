// The Chrome trace-event vocabulary this exporter writes (the "Trace Event Format": JSON Object
// Format with a traceEvents array). Times are microseconds (fractions allowed). Only the phases
// written are typed: slices, instants, metadata, flows, and HTTP requests as async slices ('b'/'e').
// Knows no trace records.

interface EventBase {
  name: string;
  /** Comma-separated categories, for the viewers' filters. */
  cat?: string;
  pid: number;
  tid: number;
  /** Microseconds since the recording started. */
  ts: number;
  args?: Record<string, unknown>;
}

/** A slice opens ('B') and closes ('E') on the same pid/tid, strictly nested (LIFO). */
export interface DurationEvent extends EventBase {
  ph: 'B' | 'E';
}

/** An instant on one thread ('t') or the whole process ('p'). */
export interface InstantEvent extends EventBase {
  ph: 'i';
  s: 't' | 'p';
}

/** Names and orders processes and threads; ts is ignored by viewers but kept valid. */
export interface MetadataEvent extends EventBase {
  ph: 'M';
  name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index';
}

/**
 * A flow arrow (v1): 's' where it starts (bound to the slice enclosing it), 'f' where it ends
 * (bound to the next slice to begin on that thread: a message's listener). One 's' and one 'f' per id.
 */
export interface FlowEvent extends EventBase {
  ph: 's' | 'f';
  id: number;
}

/**
 * A nestable async slice: 'b' where it begins, 'e' where it ends, matched by cat and id (an HTTP
 * request from its start to its response's end, on the thread that served or sent it).
 */
export interface AsyncEvent extends EventBase {
  ph: 'b' | 'e';
  id: string;
}

export type TraceEvent = DurationEvent | InstantEvent | MetadataEvent | FlowEvent | AsyncEvent;

/** Where the events go (a JsonArrayWriter in the CLI; an array in unit tests). */
export type EmitEvent = (event: TraceEvent) => void;

/** Microseconds rounded to whole nanoseconds: viewers store ns, and shorter JSON. */
export function roundMicros(micros: number): number {
  return Math.round(micros * 1000) / 1000;
}
