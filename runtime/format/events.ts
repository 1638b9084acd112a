// Event encoding: the words the recorder writes into the ring and the drain copies verbatim into
// EVENTS records. Owns kinds, word layouts and value tags; the walkers that measure an event live
// in eventWalk.ts, value decoding in valueDecode.ts. Knows nothing of files, sinks or the adapter.
//
// An event is a run of 32-bit little-endian words. Word 0 (the header) is (probeId << 4) | kind,
// probeId a global probe id < 2^27. The kinds and their layouts are declared in baseKinds.ts (the
// 16 base kinds) and extKinds.ts (the EXT subkinds); `EventKind` and `Ext` name their numbers.
//
// Objects are referenced by id (TAG_OBJECT). The first time an object is encoded, an
// EXT SNAPSHOT of it is written BEFORE the event that references it; later mutations arrive as
// PROP_SET/PROP_DELETE/MUTATOR events, or as a fresh SNAPSHOT when a mutation cannot be described.
import { BASE_KINDS, BASE_KIND_NAMES, type BaseKindName } from './baseKinds';
import { EXT_KINDS, EXT_NAMES, type ExtName } from './extKinds';

export const EventKind = Object.fromEntries(BASE_KIND_NAMES.map((name) => [name, BASE_KINDS[name].kind])) as {
  readonly [K in BaseKindName]: (typeof BASE_KINDS)[K]['kind'];
};
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

const KIND_BITS = 4;
export const KIND_MASK = 0xf;
export const MAX_PROBE_ID = 2 ** 27 - 1;

export function eventHeader(kind: EventKind, probeId: number): number {
  return (probeId << KIND_BITS) | kind;
}
export function headerKind(header: number): EventKind {
  return (header & KIND_MASK) as EventKind;
}
export function headerProbe(header: number): number {
  return header >>> KIND_BITS;
}

/**
 * EXT subkinds (in the header's probe field): their numbers, layouts and readers are declared once,
 * in extKinds.ts; `Ext` names their numbers. Subkinds from EXT_SIZED_FIRST on carry their length:
 * [hdr, n, n words], so a reader skips one it does not know (format 3.0: later additions need no
 * major bump).
 */
export const Ext = Object.fromEntries(EXT_NAMES.map((name) => [name, EXT_KINDS[name].subkind])) as {
  readonly [K in ExtName]: (typeof EXT_KINDS)[K]['subkind'];
};
export type Ext = (typeof Ext)[keyof typeof Ext];

/** Words a sized EXT may carry after its length word: bounded, so a corrupt length is seen as one. */
export const MAX_EXT_SIZED_WORDS = 1 << 16;

export const MessageAction = {
  /** worker.postMessage in the creating thread */
  SEND_TO_WORKER: 1,
  /** parentPort's 'message' in the worker */
  RECEIVE_FROM_CREATOR: 2,
  /** parentPort.postMessage in the worker */
  SEND_TO_CREATOR: 3,
  /** the worker's 'message' in the creating thread */
  RECEIVE_FROM_WORKER: 4,
} as const;
export type MessageAction = (typeof MessageAction)[keyof typeof MessageAction];

/** What scheduled a callback (ORIGIN's originKind): the label the Call Stack shows above its frames. */
export const OriginKind = {
  OTHER: 0,
  TIMEOUT: 1,
  INTERVAL: 2,
  IMMEDIATE: 3,
  NEXT_TICK: 4,
  MICROTASK: 5,
  PROMISE: 6,
  FS: 7,
  NET: 8,
  HTTP: 9,
  CHILD_PROCESS: 10,
} as const;
export type OriginKind = (typeof OriginKind)[keyof typeof OriginKind];

export const RequestAction = {
  /** an incoming request reached the server (http.server.request.start) */
  SERVER_START: 1,
  /** the server's response finished (http.server.response.finish) */
  SERVER_FINISH: 2,
  /** an outgoing request was created (http.client.request.start, undici:request:create) */
  CLIENT_START: 3,
  /** its response finished or it failed (http.client.response.finish, undici:request:trailers/error) */
  CLIENT_FINISH: 4,
} as const;
export type RequestAction = (typeof RequestAction)[keyof typeof RequestAction];
export const MAX_REQUEST_TEXT_CHARS = 512;
/** An EMIT's event name is cut to this many UTF-16 units. */
export const MAX_EMIT_NAME_CHARS = 128;

export const ObjectType = {
  OBJECT: 0,
  ARRAY: 1,
  FUNCTION: 2,
  MAP: 3,
  SET: 4,
  ERROR: 5,
  DATE: 6,
  REGEXP: 7,
  PROMISE: 8,
  TYPED_ARRAY: 9,
  ARRAY_BUFFER: 10,
  PROXY: 11, // opaque: never inspected (INS-07)
  WEAK: 12, // WeakMap/WeakSet/WeakRef: opaque
  BOXED: 13,
  ARGUMENTS: 14,
  CLASS: 15,
  NAMESPACE: 16,
  OTHER: 17,
} as const;
export type ObjectType = (typeof ObjectType)[keyof typeof ObjectType];

/** typeAndFlags = type | flags << 8 */
export const SnapshotFlag = {
  NULL_PROTOTYPE: 1 << 8,
  FROZEN: 1 << 9,
  SEALED: 1 << 10,
  NOT_EXTENSIBLE: 1 << 11,
  /** the snapshot stopped early (limit): entries beyond capturedCount exist but were not captured */
  TRUNCATED: 1 << 12,
  /** a revoked proxy */
  REVOKED: 1 << 13,
  /**
   * Format 3.5: the writer records prototypes. The object's prototype is its type's default
   * (intrinsics.ts DEFAULT_PROTOTYPE_BY_TYPE; null with NULL_PROTOTYPE) unless a PROTOTYPE event for
   * it follows. Without it (older writers) the prototype is unknown. Older readers ignore the bit.
   */
  PROTOTYPE_RECORDED: 1 << 14,
} as const;

/** propFlags word of an object entry. */
export const PropFlag = {
  DATA: 0,
  GETTER: 1,
  SETTER: 2,
  ACCESSOR: 3,
  NON_ENUMERABLE: 4,
  NON_WRITABLE: 8,
} as const;

/**
 * Values. Word v0 = (payload << 4) | tag.
 *   SMALL_INT  payload: signed 28-bit integer (read with v0 >> 4). Never used for -0.
 *   CONST      payload: Const.* below
 *   DOUBLE     + 2 words: the IEEE-754 bits, low word first (keeps -0, NaN payloads, ±Infinity)
 *   STRING     payload: true UTF-16 length (saturating at 2^27-1); + 1 word captured length c;
 *              + ceil(c/2) words, two UTF-16 code units per word (low half first). Lone surrogates kept.
 *              Since 3.13, inside COMPACT_EVENTS records only, c may carry ONE_BYTE_BIT: then ceil(c'/4)
 *              words follow, one unit per byte (format/oneByteStrings.ts; decodeEventWords expands it).
 *   STRING_REF payload: interned string id (EXT STRING_DEF seen earlier); since 3.10 also a long string
 *              written again, whose definition is truncated as an inline STRING (true length kept); since
 *              3.11 also a string defined by an EXT STRING_SLICE (a window of a STRING_DEF's units)
 *   OBJECT     payload: object id (EXT SNAPSHOT seen earlier, unless history before it was lost)
 *   BIGINT     payload: 0 positive, 1 negative; + a STRING value holding the decimal digits
 *   SYMBOL     payload: symbol id (stable per symbol); + a STRING value holding its description
 *              (CONST UNDEFINED when it has none); Symbol.for keys are marked by payload bit 26
 *   NOT_CAPTURED payload: a typeof code (Typeof.*) — the value exists but was not captured
 */
/**
 * Bit 30 of a STRING's captured-length word (a captured length is at most a few thousand units): its
 * units are stored one per byte (format 3.13, oneByteStrings.ts). Only in COMPACT_EVENTS records.
 */
export const ONE_BYTE_BIT = 1 << 30;

export const ValueTag = {
  SMALL_INT: 0,
  CONST: 1,
  DOUBLE: 2,
  STRING: 3,
  STRING_REF: 4,
  OBJECT: 5,
  BIGINT: 6,
  SYMBOL: 7,
  NOT_CAPTURED: 8,
} as const;
export type ValueTag = (typeof ValueTag)[keyof typeof ValueTag];

export const Const = {
  UNDEFINED: 0,
  NULL: 1,
  FALSE: 2,
  TRUE: 3,
  /** an array hole / a missing entry (distinct from undefined, INS-11) */
  HOLE: 4,
} as const;

export const Typeof = {
  OBJECT: 0,
  FUNCTION: 1,
  STRING: 2,
  NUMBER: 3,
  BIGINT: 4,
  SYMBOL: 5,
  BOOLEAN: 6,
  UNDEFINED: 7,
} as const;

/**
 * Low 4 bits of the optional scope word of a WRITE: a tag no value uses, so a reader tells
 * [hdr, scope, v] from [hdr, v] by the word after the header.
 */
export const SCOPE_TAG = 9;

export function scopeWord(scopeFrameId: number): number {
  return (scopeFrameId << 4) | SCOPE_TAG;
}

export const SYMBOL_REGISTERED_BIT = 1 << 26;

export const OutputStream = { STDOUT: 1, STDERR: 2, CONSOLE: 3 } as const;
export const LostReason = { RING_FULL: 1, OVERWRITTEN: 2, SINK_FAILED: 3, PRODUCER_KILLED: 4 } as const;

export function valueWord(tag: ValueTag, payload: number): number {
  return (payload << 4) | tag;
}

/** A CLOSURE_SCOPE event's `what` (extKinds.ts). */
export const ClosureScopeWhat = { CLOSURE_LINK: 1, LOOP_ITERATION: 2 } as const;
