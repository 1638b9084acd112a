// The shared-memory layout between the producer (the user's thread) and the drain worker: word
// indices of the control block, the batch descriptor ring, and the sizing rules that guarantee a
// batch always fits. Both sides import only this file to agree; it knows no encoding and no sink.
//
// Positions in the data ring are word counts modulo POSITION_MODULUS (2^29, a multiple of every
// allowed capacity) so they stay small integers (V8 Smis) on both sides; distances are computed
// with (a - b) & POSITION_MASK.

export const POSITION_MODULUS = 2 ** 29;
export const POSITION_MASK = POSITION_MODULUS - 1;
const MAX_CAPACITY_WORDS = 2 ** 28;
const MIN_CAPACITY_WORDS = 2 ** 12;

/** Control block word indices (an Int32Array over its own SharedArrayBuffer). */
export const Control = {
  /** Batches published so far (wrapping int32): the producer's Atomics.store is the publication. */
  DESC_HEAD: 0,
  /** Batches the drain has consumed (wrapping int32). */
  DESC_TAIL: 1,
  /** Data position up to which the drain has consumed (mod 2^29); producers in block mode wait on it. */
  TAIL_POSITION: 2,
  /** overwrite-oldest: the position the producer may write up to before its next publish. */
  RESERVED_POSITION: 3,
  /** 1 while a collector asked the program to pause; the producer waits on it at a publish. */
  PAUSE: 4,
  /** Next free global probe id (Atomics.add by every loader, in-thread or off-thread). */
  PROBE_COUNTER: 5,
  /** 1 once the sink failed: the producer stops recording (TR-10). */
  SINK_FAILED: 6,
  /** The producer asks the drain to finish: 1 = flush and write END. */
  EXIT_REQUEST: 7,
  /** The drain's answer to EXIT_REQUEST: 1 = everything written. */
  EXIT_ACK: 8,
  /** Bumped by the drain whenever it lost events, so the producer re-defines interned strings. */
  LOSS_EPOCH: 9,
  /** Bumped by the drain after each round, so a waiting producer wakes. */
  DRAIN_ROUNDS: 10,
  /** Instrumentation cache hits and misses of every loader thread (reported in a NOTE at the end). */
  CACHE_HITS: 11,
  CACHE_MISSES: 12,
  /** 1 while the drain sleeps on DESC_HEAD: only then does a publish pay for Atomics.notify. */
  DRAIN_WAITING: 13,
  /** Live sessions: 1 + the probe id the producer stopped at (liveStops.ts), until the drain told the collector. */
  LIVE_STOP: 14,
  /** 1 while the drain's request for the producer's open batch is unanswered (idleFlush.ts). */
  IDLE_FLUSH_ASKED: 15,
  /**
   * Who drains the ring (DrainClaim): taken once, by compareExchange from NONE. The drain thread
   * takes it when it starts; a producer whose drain thread has not started by its exit takes it
   * and writes its records itself (exitDrain.ts), and the late drain thread then does nothing.
   */
  DRAIN_CLAIM: 16,
  WORDS: 17,
} as const;

/** Control.DRAIN_CLAIM's values. */
export const DrainClaim = {
  NONE: 0,
  DRAIN_THREAD: 1,
  PRODUCER_AT_EXIT: 2,
} as const;

/** A descriptor per published batch: Int32 fields, plus one Float64 at DESC_CUMULATIVE_F64. */
export const Desc = {
  START: 0,
  END: 1,
  EVENTS: 2,
  /** Events the producer dropped (drop-newest) right before this batch. */
  LOST_BEFORE: 3,
  /** Float64 index within the slot (in Float64 units: slot*4 + 2): cumulative events at batch end. */
  WORDS_PER_SLOT: 8,
} as const;

export interface RingSizes {
  capacityWords: number;
  /** Upper bound of any single event's words (the encoder truncates to stay below). */
  maxEventWords: number;
  /** A batch is published once it holds at least this many words. */
  batchWords: number;
  descriptorSlots: number;
}

/**
 * Sizing rules: a batch (batchWords plus one event) always fits in free space of
 * batchWords + maxEventWords. Descriptor slots are bounded so that while a descriptor is still
 * valid the producer cannot have moved 2^28 words past it (positions mod 2^29 stay unambiguous).
 */
export function ringSizes(capacityWords: number): RingSizes {
  const capacity = Math.max(MIN_CAPACITY_WORDS, Math.min(MAX_CAPACITY_WORDS, capacityWords));
  const batchWords = Math.min(capacity / 8, 1 << 14);
  const maxEventWords = Math.min(capacity / 8, 1 << 16);
  const wanted = Math.max(64, (4 * capacity) / batchWords);
  const bound = Math.floor(MAX_CAPACITY_WORDS / (batchWords + maxEventWords));
  let descriptorSlots = 64;
  while (descriptorSlots * 2 <= Math.min(wanted, bound)) descriptorSlots *= 2;
  return { capacityWords: capacity, maxEventWords, batchWords, descriptorSlots };
}

/** A flight recorder's budget is split into this many segments: it keeps between (n-1)/n and all of it. */
export const FLIGHT_SEGMENTS = 4;

/**
 * A flight recorder's ring is at most a quarter of a segment: a segment can only end at a batch
 * begun after the drain asked for a new epoch, so what the ring holds when it asks overshoots the
 * segment (and so the budget) by up to the ring's size.
 */
export function flightRingWords(requestedWords: number, budgetBytes: number): number {
  let words = MIN_CAPACITY_WORDS;
  while (words * 2 <= Math.min(requestedWords, budgetBytes / FLIGHT_SEGMENTS / 4 / 4)) words *= 2;
  return words;
}

export function distance(from: number, to: number): number {
  return (to - from) & POSITION_MASK;
}

/** Everything the drain worker needs to attach to a producer's ring. */
export interface RingShared {
  control: SharedArrayBuffer;
  data: SharedArrayBuffer;
  descriptors: SharedArrayBuffer;
  capacityWords: number;
}

export function createRingShared(capacityWords: number): RingShared {
  const sizes = ringSizes(capacityWords);
  return {
    control: new SharedArrayBuffer(Control.WORDS * 4),
    data: new SharedArrayBuffer(sizes.capacityWords * 4),
    descriptors: new SharedArrayBuffer(sizes.descriptorSlots * Desc.WORDS_PER_SLOT * 4),
    capacityWords: sizes.capacityWords,
  };
}

/**
 * workerData of a drain worker the bootloader stub started before its ring existed (earlyDrain.ts):
 * it waits for a `{ rewindDrain }` message with its DrainWorkerData.
 */
export const EARLY_DRAIN_MARK = 'rewindDrainEarly';
