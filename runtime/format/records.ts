// The trace file's framing: the file header and the record types that follow it. Owns the
// layout of a trace FILE (and of the adapter's stream, which is the same bytes); event words
// inside EVENTS records are described in events.ts.
//
// File:   magic "RWND" (4) | u16 major | u16 minor | u32 headerLength | header JSON (UTF-8) | u32 crc32(header JSON)
// Record: u32 payloadLength | u8 type | u8 flags | u16 producerId | u32 sequence | payload | u32 crc32
//         (CRC-32/IEEE over type..payload; crc32.ts). A collector that merges producers rewrites
//         producerId and recomputes the CRC. All integers little-endian. sequence counts per producer from 0,
//         so a gap or a repeat is visible. A reader stops at the first record that does not verify and
//         reports the longest valid prefix (TR-06/TR-07). payloadLength above MAX_RECORD_PAYLOAD is
//         corrupt by definition (no huge allocation from a bad length).

export const RecordType = {
  /** A producer (process or thread) joined: ProducerInfo JSON. */
  PRODUCER: 1,
  /**
   * A probe table: RegisteredFile JSON (probes.ts). May come after events that use it. It applies
   * to its own producer's events only: probe ids are producer-scoped (probes.ts).
   */
  FILE: 2,
  /** Event words (events.ts), copied verbatim from the ring. */
  EVENTS: 3,
  /** Events lost: LostInfo JSON. Also present inline as EXT LOST events at the position of the loss. */
  LOST: 4,
  /** Sparse wall-clock sample: TimeSample JSON. Never one per event. */
  TIME: 5,
  /** The producer ended: EndInfo JSON. Its absence means the trace is incomplete. */
  END: 6,
  /** Recorder diagnostics (a file that ran uninstrumented, a failed sink…): NoteInfo JSON. */
  NOTE: 7,
  /**
   * The rest of a probe table too large for one record (format 3.3): ProbesPart JSON (probes.ts),
   * the probes from local id `from` on of the FILE of its producer with the same probeBase. That
   * FILE says the whole table's `probeCount`; readers join the parts (fileParts.ts). Older 3.x
   * readers skip it and know only the FILE's first probes. Numbered 30 (this session's number for
   * the large-file work) so it cannot collide with record types added alongside.
   */
  PROBES: 30,
  /**
   * A probe table's probes in binary (format 3.11, packedProbes.ts): continues the FILE of its
   * producer with the same probeBase whose JSON has `packedProbes` (and `probes: []`). A 3.10
   * reader skips it and shows that file's probes as unknown locations. Numbered 20, this
   * session's number, so it cannot collide with record types added alongside.
   */
  PACKED_PROBES: 20,
  /**
   * Event words as EVENTS holds them, except that an ENTER, ENTER_THIS or RETURN of undefined may be
   * compact (format 3.12, compactEvents.ts: frame id implied, one word less). decodeEventWords
   * expands them, so readers past it see EVENTS words. A 3.11 reader skips the record: it shows no
   * events and warns that the trace is newer, rather than misreading them. Numbered 21, this
   * session's number, so it cannot collide with record types added alongside.
   */
  COMPACT_EVENTS: 21,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

/** A record of event words: EVENTS, or COMPACT_EVENTS (format 3.12), which decodeEventWords expands. */
export function holdsEvents(type: number): boolean {
  return type === RecordType.EVENTS || type === RecordType.COMPACT_EVENTS;
}

/** Record flags (u8). */
export const RecordFlag = {
  /** payload is raw DEFLATE (zlib deflateRaw); readers on Node inflate it, pure readers refuse it. */
  DEFLATE: 1,
} as const;

export const FILE_HEADER_FIXED_BYTES = 12;
export const RECORD_PREFIX_BYTES = 12;
export const RECORD_SUFFIX_BYTES = 4;
export const MAX_RECORD_PAYLOAD = 64 * 1024 * 1024;
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface TraceHeader {
  sessionId: string;
  /** The first producer's process id and thread id (0 = main thread). */
  pid: number;
  threadId: number;
  nodeVersion: string;
  /** Wall-clock time the recording started, ms since the epoch. */
  startWallTimeMs: number;
  argv: string[];
  cwd: string;
  /** Recorder options in force (level, overflow, bufferEvents, limits). */
  options: Record<string, unknown>;
}

export interface ProducerInfo {
  producerId: number;
  pid: number;
  ppid: number;
  threadId: number;
  argv: string[];
  nodeVersion: string;
  startWallTimeMs: number;
}

export interface LostInfo {
  /** Events lost (exact for drop-newest and block; exact total for overwrite-oldest). */
  lostEvents: number;
  reason: 'ring-full' | 'overwritten' | 'sink-failed' | 'producer-killed';
  /** Events received before the loss (the position of the gap in this producer's event stream). */
  afterEvent: number;
}

export interface TimeSample {
  /** Events this producer had emitted when the sample was taken. */
  eventIndex: number;
  wallTimeMs: number;
  /** Monotonic clock, ms with fractions (performance.now() of the producer). */
  monotonicMs: number;
}

export type EndReason =
  'exit' | 'process-exit' | 'uncaught-exception' | 'unhandled-rejection' | 'signal' | 'killed' | 'recorder-error';

export interface EndInfo {
  reason: EndReason;
  exitCode: number | null;
  signal?: string;
  /** For uncaught exceptions: message and stack as Node would print them (never via user toString). */
  error?: { name: string; message: string; stack?: string };
  /** Totals at the end: emitted = received + lost (TR-01). */
  eventsEmitted: number;
  eventsLost: number;
  /**
   * Written by the collector for a producer that died without flushing (a signal, abort, out of
   * memory): about how many events it had emitted that never reached the trace, after its last
   * drained batch. Present means the trace cannot prove it has everything (incomplete).
   */
  unflushedEventsEstimate?: number;
  /** What recording cost the program, measured by the recorder (diagnostics; absent from older traces). */
  recorderCost?: RecorderCost;
}

export interface RecorderCost {
  /** block mode: time the program's thread waited for ring space, and how many times. */
  ringWaitMs: number;
  ringWaits: number;
  /** CPU time of the drain thread (Linux: its schedstat), when known. */
  drainCpuMs?: number;
  /** The drain's rounds, sink writes and their bytes, and sleeps a producer's notify ended (profiles). */
  drainRounds?: number;
  drainWrites?: number;
  drainWrittenBytes?: number;
  drainWakeups?: number;
  /** Wall time the drain spent in its sink's writes and in checksums (where its CPU goes). */
  drainWriteMs?: number;
  drainChecksumMs?: number;
  /**
   * The producer's own thread wrote its records at its exit: its drain thread had not started
   * (runtime/recorder/exitDrain.ts). No progress reached the collector; the file holds it all.
   */
  drainedAtExit?: boolean;
}

export interface NoteInfo {
  level: 'info' | 'warning' | 'error';
  message: string;
  path?: string;
}
