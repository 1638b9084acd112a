// The producer side of the ring: where the next event word goes, batch publication, and the three
// overflow strategies. Module-level state and tiny functions so TurboFan inlines put*/begin* into
// the hot path; nothing here allocates or touches Atomics except at a batch boundary (and a
// string's one-byte check: a regexp match on a wide string, a slice of one captured short).
// Knows word positions and counters — not what an event means (hotPath.ts, values.ts, snapshot.ts) —
// with one exception: the frame id a compact ENTER implies (format 3.12), which must be forgotten
// exactly where a batch starts or an event is cut, and both happen here. It packs string units
// (two a word, or one a byte in format 3.13: putOneByteUnits), not knowing which value holds them.
import type { OverflowStrategy } from '../format/environment';
import { COMPACT_BIT, frameAfter } from '../format/compactEvents';
import { Control, Desc, POSITION_MASK, POSITION_MODULUS, distance, ringSizes, type RingShared } from './layout';
import { Atomics, B, nativeLatin1Write, nativeUcs2Write } from './builtins'; // captured: the program may replace Atomics.* (INS-25)
import { quietRegExp } from './quietRegExp';
import { monotonicMs } from './monotonicClock';

/** Where events currently go. */
const Mode = { RING: 0, DROPPING: 1, DISABLED: 2 } as const;

let words: Int32Array<ArrayBufferLike> = new Int32Array(16);
/** The bytes of `words` (a view of the same memory), for native string copies (putStringUnits). */
let wordBytes: Uint8Array = byteView(words);
let mask = 15;
let head = 0;
let limit = 0;
let batchStart = 0;
let batchEvents = 0;
let eventStart = 0;
/**
 * Where the sized event being written started, or -1 when none is open, and the batch limit it
 * set aside (see beginSized). An event left open is one a RangeError (stack overflow) cut short.
 */
let openEventAt = -1;
let openLimit = 0;
let mode: number = Mode.DISABLED;
/**
 * The frame id a compact ENTER implies here (format 3.12, format/compactEvents.ts): the one after
 * the last frame an ENTER, ENTER_THIS or leaf event of this batch wrote; 0 (no frame) at a batch's
 * start, after an event a stack overflow cut short and after resetFrames. Set only once a frame's
 * event is written: a frame id taken and never written (a RangeError between newFrame and the
 * write) differs from it, so the next ENTER is written in full rather than implied wrongly.
 */
let impliedFrame = 0;

let ringWords: Int32Array<ArrayBufferLike> = new Int32Array(16);
let ringMask = 15;
let ringHead = 0;
let scratch: Int32Array<ArrayBufferLike> = new Int32Array(16);
let ringBytes: Uint8Array = byteView(ringWords);
let scratchBytes: Uint8Array = byteView(scratch);
let control: Int32Array<ArrayBufferLike> = new Int32Array(Control.WORDS);
let descInts: Int32Array<ArrayBufferLike> = new Int32Array(Desc.WORDS_PER_SLOT);
let descFloats: Float64Array<ArrayBufferLike> = new Float64Array(Desc.WORDS_PER_SLOT / 2);
let descSlots = 1;
let descHead = 0;
let capacityWords = 16;
let batchWords = 16;
let maxEventWords = 16;
let strategy: OverflowStrategy = 'block';
let publishedEvents = 0;
let droppedEvents = 0;
let pendingLost = 0;
let discardedEvents = 0;
let waitTimeoutMs = 50;
let lossEpoch = 0;
let onLoss: () => void = () => {};
let ringWaitMs = 0;
let ringWaits = 0;

/** Called at every batch boundary, after any pause: a producer's live checks are read again there (liveStops.ts). */
let onBoundary: () => void = () => {};

export function setBoundaryListener(listener: () => void): void {
  onBoundary = listener;
}

/** Called at a batch boundary after events were lost (interned strings must be defined again). */
export function setLossListener(listener: () => void): void {
  onLoss = listener;
}

export interface RingCounters {
  /** Every event begun, whether published, dropped or still in the open batch. */
  emittedEvents: number;
  publishedEvents: number;
  /** drop-newest: events discarded because the ring was full. */
  droppedEvents: number;
  /** Events discarded after the sink failed (recording stopped). */
  discardedEvents: number;
  openBatchEvents: number;
  mode: 'ring' | 'dropping' | 'disabled';
  /** block mode: time the program spent waiting for ring space, and how many waits. */
  ringWaitMs: number;
  ringWaits: number;
}

/** Attach the producer to shared memory. Called once per process (tests call it per case). */
export function initRing(
  shared: RingShared,
  overflow: OverflowStrategy,
  options: { waitTimeoutMs?: number } = {},
): void {
  const sizes = ringSizes(shared.capacityWords);
  capacityWords = sizes.capacityWords;
  batchWords = sizes.batchWords;
  maxEventWords = sizes.maxEventWords;
  // An eighth of the ring: a batch of 1/8 ring at most plus one maximal event must always fit.
  wakeWords = capacityWords >> 3 > batchWords ? capacityWords >> 3 : batchWords;
  descSlots = sizes.descriptorSlots;
  ringWords = new Int32Array(shared.data);
  ringBytes = byteView(ringWords);
  ringMask = capacityWords - 1;
  control = new Int32Array(shared.control);
  descInts = new Int32Array(shared.descriptors);
  descFloats = new Float64Array(shared.descriptors);
  scratch = new Int32Array(nextPowerOfTwo(batchWords + maxEventWords));
  scratchBytes = byteView(scratch);
  strategy = overflow;
  waitTimeoutMs = options.waitTimeoutMs ?? 50;
  ringHead = Atomics.load(control, Control.TAIL_POSITION);
  descHead = Atomics.load(control, Control.DESC_HEAD);
  lossEpoch = Atomics.load(control, Control.LOSS_EPOCH);
  publishedEvents = droppedEvents = pendingLost = discardedEvents = ringWaits = ringWaitMs = 0;
  batchEvents = 0;
  openEventAt = -1;
  useRing();
}

function byteView(view: Int32Array<ArrayBufferLike>): Uint8Array {
  return new B.Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function nextPowerOfTwo(value: number): number {
  let power = 1;
  while (power < value) power *= 2;
  return power;
}

// ---- the hot part ------------------------------------------------------------------------------

/**
 * Start an event whose size is only known while writing (values): remembers where it started.
 * Until endSized() the limit reads -1, so whatever comes next (another event, a flush) goes through
 * closeBatch(), which drops an event a stack overflow cut short instead of publishing half of it.
 * A fixed-size event (stepEvent, event2..event4) makes no call between its first and last word: never torn.
 */
export function beginSized(): void {
  if (head >= limit) boundary();
  batchEvents++;
  eventStart = openEventAt = head;
  openLimit = limit;
  limit = -1;
}

/**
 * Before a definition (STRING_DEF) of at most `words` words that the next event refers to: ends the
 * batch now unless the next event will begin inside it. A batch is kept or dropped whole, and a loss
 * is seen (onLoss) when the next batch opens; a definition at a batch's end would otherwise be
 * dropped with it while the event after it, opening the next batch, kept the reference its value
 * was prepared with. Costs a boundary only to a definition that straddles a batch's end.
 */
export function reserveForDefinition(words: number): void {
  if (openEventAt < 0 && head + words >= limit) boundary();
}

/** The sized event begun last is complete. (An overflow on entry here drops a whole event: still readable.) */
export function endSized(): void {
  openEventAt = -1;
  limit = openLimit;
}

// Whole fixed-size events in one function each: begin + put in a single small body. TurboFan
// inlines recorder calls into user functions within a cumulative bytecode budget per function
// (~920 bytes); nested begin()/putN() calls spend it twice (the call sites and the bodies) and
// re-read `head` after every call. A smaller hot path leaves the budget for more of the user's
// recorder calls, which otherwise stay real calls.

/**
 * A STEP event [probeId << 4 | STEP], its header built here: s() then passes its argument straight
 * through and stays under V8's always-inline size (27 bytes of bytecode; 39 when s built it).
 */
export function stepEvent(probeId: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = (probeId << 4) | 1; // 1: EventKind.STEP (a literal: no context load in the hot path)
  head = at + 1;
}

/** A two-word event (ENTER, EXIT). */
export function event2(first: number, second: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  head = at + 2;
}

/** A three-word event (header, fixed word, one-word value). */
export function event3(first: number, second: number, third: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  words[(at + 2) & mask] = third;
  head = at + 3;
}

/** A four-word event (PROP_SET with one-word target, key and value). */
export function event4(first: number, second: number, third: number, fourth: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  words[(at + 2) & mask] = third;
  words[(at + 3) & mask] = fourth;
  head = at + 4;
}

/**
 * A five-word event: a WRITE of another frame or a frame event (header, fixed word) whose value is a
 * DOUBLE (tag word + two payload words). Fixed-size, so never torn, and no value dispatch.
 */
export function event5(first: number, second: number, third: number, fourth: number, fifth: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  words[(at + 2) & mask] = third;
  words[(at + 3) & mask] = fourth;
  words[(at + 4) & mask] = fifth;
  head = at + 5;
}

/** A six-word event (PROP_SET with one-word target and key and a DOUBLE value). */
export function event6(
  first: number,
  second: number,
  third: number,
  fourth: number,
  fifth: number,
  sixth: number,
): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  words[(at + 2) & mask] = third;
  words[(at + 3) & mask] = fourth;
  words[(at + 4) & mask] = fifth;
  words[(at + 5) & mask] = sixth;
  head = at + 6;
}

/**
 * An ENTER: [hdr|COMPACT] when its frame is the implied one, else [hdr, frameId]. One load and a
 * branch more than event2, and no call: it stays small enough to inline into e().
 */
export function enterEvent(header: number, frameId: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  if (frameId === impliedFrame) {
    words[at & mask] = header | COMPACT_BIT;
    head = at + 1;
  } else {
    words[at & mask] = header;
    words[(at + 1) & mask] = frameId;
    head = at + 2;
  }
  impliedFrame = frameAfter(frameId);
}

/** An ENTER_THIS whose `this` is one word: [hdr|COMPACT, v] or [hdr, frameId, v]. */
export function enterThisEvent(header: number, frameId: number, valueWord: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  if (frameId === impliedFrame) {
    words[at & mask] = header | COMPACT_BIT;
    words[(at + 1) & mask] = valueWord;
    head = at + 2;
  } else {
    words[at & mask] = header;
    words[(at + 1) & mask] = frameId;
    words[(at + 2) & mask] = valueWord;
    head = at + 3;
  }
  impliedFrame = frameAfter(frameId);
}

/** An ENTER_THIS whose `this` is a DOUBLE (tag word + two payload words): fixed-size, never torn. */
export function enterThisEvent3(header: number, frameId: number, first: number, second: number, third: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  let at = head;
  if (frameId === impliedFrame) words[at++ & mask] = header | COMPACT_BIT;
  else {
    words[at & mask] = header;
    words[(at + 1) & mask] = frameId;
    at += 2;
  }
  words[at & mask] = first;
  words[(at + 1) & mask] = second;
  words[(at + 2) & mask] = third;
  head = at + 3;
  impliedFrame = frameAfter(frameId);
}

/**
 * The head of an ENTER_THIS inside an open sized event (its value follows): a cut before endSized
 * rolls the event back and forgets the implied frame (dropUnfinishedEvent).
 */
export function putEnterHead(header: number, frameId: number): void {
  if (frameId === impliedFrame) put(header | COMPACT_BIT);
  else put2(header, frameId);
  impliedFrame = frameAfter(frameId);
}

/** A RETURN of undefined: its header alone, compact (a reader adds the CONST UNDEFINED word). */
export function returnUndefinedEvent(header: number): void {
  if (head >= limit) boundary();
  batchEvents++;
  const at = head;
  words[at & mask] = header | COMPACT_BIT;
  head = at + 1;
}

/** A leaf event wrote `frameId` (leafCalls.ts, inside its open sized event): the next ENTER may imply its successor. */
export function frameWritten(frameId: number): void {
  impliedFrame = frameAfter(frameId);
}

/** The next ENTER is written in full (resetFrames: the ids start again at 1). */
export function forgetImpliedFrame(): void {
  impliedFrame = 0;
}

export function put(word: number): void {
  words[head & mask] = word;
  head++;
}

/** Three words at once (a whole small event, e.g. a worker MESSAGE's payload). */
export function put3(first: number, second: number, third: number): void {
  words[head & mask] = first;
  words[(head + 1) & mask] = second;
  words[(head + 2) & mask] = third;
  head += 3;
}

export function put2(first: number, second: number): void {
  words[head & mask] = first;
  words[(head + 1) & mask] = second;
  head += 2;
}

/**
 * Below this many units a JavaScript loop is as fast as the native copy's call (measured on Node 20:
 * equal at 20 units; at 1024 units the loop takes ~2.6 µs, the native copy ~0.14 µs).
 */
const NATIVE_COPY_MIN_UNITS = 32;

/**
 * The first `units` UTF-16 units of `text`, two per word, the lower-indexed unit in the low half
 * (a last odd unit with a zero high half): ceil(units / 2) words. Long runs that do not wrap the
 * buffer's end are copied natively.
 */
export function putStringUnits(text: string, units: number): void {
  const wordCount = (units + 1) >> 1;
  const at = head & mask;
  if (units >= NATIVE_COPY_MIN_UNITS && nativeUcs2Write !== undefined && at + wordCount <= mask + 1) {
    // The copy fills whole units only: the last word's high half would keep an old lap's bytes.
    if ((units & 1) !== 0) words[at + wordCount - 1] = 0;
    nativeUcs2Write(wordBytes, text, at * 4, units * 2);
    head += wordCount;
    return;
  }
  const pairs = units & ~1;
  for (let index = 0; index < pairs; index += 2) {
    words[head & mask] = B.stringCharCodeAt(text, index) | (B.stringCharCodeAt(text, index + 1) << 16);
    head++;
  }
  if ((units & 1) !== 0) {
    words[head & mask] = B.stringCharCodeAt(text, units - 1);
    head++;
  }
}

/**
 * Whether STRING values may be stored one unit a byte (format 3.13, format/oneByteStrings.ts): off
 * until a recording asks for it, and for one that asks for explicit events (3.11's words).
 */
let oneByteStrings = false;

export function setOneByteStrings(on: boolean): void {
  oneByteStrings = on;
}

/**
 * A unit above 0xFF: V8 fails it at once on a string it holds one a byte, and scans a two-byte one
 * natively. Quiet (quietRegExp.ts): a match here must not set the program's RegExp.$1 or lastMatch.
 */
const wideUnit = quietRegExp(/[\u0100-\uffff]/);

/**
 * The first `units` units of `text` one a byte, four a word (the lowest-indexed unit in the lowest
 * byte, a last word's unused bytes zero): ceil(units / 4) words, and true; false, with nothing
 * written, when one-byte strings are off or a unit is above 0xFF. A long string is checked by a
 * native regexp scan, then copied natively (both cheaper than the two-byte copy's one pass for a
 * string V8 holds one a byte).
 */
export function putOneByteUnits(text: string, units: number): boolean {
  if (!oneByteStrings) return false;
  const wordCount = (units + 3) >> 2;
  const at = head & mask;
  if (units >= NATIVE_COPY_MIN_UNITS && at + wordCount <= mask + 1) {
    // Without the native copy a long string keeps the two-byte one: the loop would cost more than it saves.
    if (nativeLatin1Write === undefined) return false;
    // A string captured short is scanned as a slice of its units only (V8 makes one without copying).
    if (wideUnit(text.length > units ? B.stringSlice(text, 0, units) : text) !== null) return false;
    // The copy fills whole units only: the last word's unused bytes would keep an old lap's.
    words[at + wordCount - 1] = 0;
    nativeLatin1Write(wordBytes, text, at * 4, units);
    head += wordCount;
    return true;
  }
  const start = head;
  let all = 0;
  const quads = units & ~3;
  for (let index = 0; index < quads; index += 4) {
    const first = B.stringCharCodeAt(text, index);
    const second = B.stringCharCodeAt(text, index + 1);
    const third = B.stringCharCodeAt(text, index + 2);
    const fourth = B.stringCharCodeAt(text, index + 3);
    all |= first | second | third | fourth;
    if (all > 0xff) break;
    words[head & mask] = first | (second << 8) | (third << 16) | (fourth << 24);
    head++;
  }
  if (all <= 0xff && quads < units) {
    let last = 0;
    for (let index = quads; index < units; index++) {
      const unit = B.stringCharCodeAt(text, index);
      all |= unit;
      last |= unit << ((index - quads) << 3);
    }
    words[head & mask] = last;
    head++;
  }
  if (all <= 0xff) return true;
  head = start;
  return false;
}

/** Words an event may still take before it would exceed maxEventWords. */
export function eventWordsLeft(): number {
  return maxEventWords - (head - eventStart);
}

/**
 * The write position at the last mark(), or -1 once anything may have been written since: cleared
 * wherever `head` moves to another buffer or batch (useRing/useScratch), so an equal `head` later
 * means no event was begun in between (hotPath.ts r/x: a RETURN followed directly by its EXIT).
 */
let markAt = -1;

export function mark(): void {
  markAt = head;
}

/** Whether no event was begun since the last mark(); consumes the mark. */
export function nothingSinceMark(): boolean {
  const nothing = markAt === head;
  markAt = -1;
  return nothing;
}

/** Current write position (for back-patching a count written before its entries). */
export function position(): number {
  return head;
}

export function patch(at: number, word: number): void {
  words[at & mask] = word;
}

// ---- batch boundaries (cold) ----------------------------------------------------------------

/** Publish what was written and decide where the next batch goes. Also the periodic/exit flush. */
export function boundary(): void {
  closeBatch();
  if (Atomics.load(control, Control.PAUSE) !== 0) waitWhilePaused();
  onBoundary();
  openBatch();
}

/** The open sized event never reached endSized() (a RangeError): its words are rolled back. */
function dropUnfinishedEvent(): void {
  head = openEventAt;
  limit = openLimit;
  openEventAt = -1;
  batchEvents--;
  impliedFrame = 0; // the event may have written a frame id (an ENTER_THIS's head, a leaf call)
}

function closeBatch(wakeAlways = false): void {
  if (openEventAt >= 0) dropUnfinishedEvent();
  if (mode === Mode.RING) {
    ringHead = head;
    if (batchEvents > 0) publish(wakeAlways);
  } else if (mode === Mode.DROPPING) {
    droppedEvents += batchEvents;
    pendingLost += batchEvents;
  } else {
    discardedEvents += batchEvents;
  }
  batchEvents = 0;
}

/**
 * Wake a sleeping drain only once this many words wait for it (or on an idle/exit flush): a wake-up
 * is a futex system call plus a turn of the drain's event loop, tens of µs on a busy machine —
 * paid per 64 KB batch it was a quarter of a recording's time. A drain left asleep still wakes on
 * its own idle timeout (drainWorker IDLE_WAIT_MS), and the threshold sits far below the free space
 * block/drop-newest need, so a full ring has always woken it first.
 */
let wakeWords = 16;

function publish(wakeAlways = false): void {
  const slot = (descHead & (descSlots - 1)) * Desc.WORDS_PER_SLOT;
  publishedEvents += batchEvents;
  descInts[slot + Desc.START] = batchStart & POSITION_MASK;
  descInts[slot + Desc.END] = head & POSITION_MASK;
  descInts[slot + Desc.EVENTS] = batchEvents;
  descInts[slot + Desc.LOST_BEFORE] = pendingLost;
  descFloats[slot / 2 + 2] = publishedEvents + droppedEvents;
  pendingLost = 0;
  descHead = (descHead + 1) | 0;
  Atomics.store(control, Control.DESC_HEAD, descHead);
  // A wake-up is a system call: pay it only when the drain is actually asleep, and has enough to do.
  if (Atomics.load(control, Control.DRAIN_WAITING) !== 0 && (wakeAlways || backlogWords() >= wakeWords)) {
    Atomics.notify(control, Control.DESC_HEAD);
  }
}

/** Words published but not yet consumed by the drain. */
function backlogWords(): number {
  return distance(Atomics.load(control, Control.TAIL_POSITION), head & POSITION_MASK);
}

function openBatch(): void {
  if (Atomics.load(control, Control.SINK_FAILED) !== 0) return useScratch(Mode.DISABLED);
  const epoch = Atomics.load(control, Control.LOSS_EPOCH);
  if (epoch !== lossEpoch || mode === Mode.DROPPING) {
    lossEpoch = epoch;
    onLoss();
  }
  if (strategy === 'overwrite-oldest') return useRing();
  if (strategy === 'block') {
    while (!hasRoom()) {
      if (Atomics.load(control, Control.SINK_FAILED) !== 0) return useScratch(Mode.DISABLED);
      waitForDrain();
    }
    return useRing();
  }
  if (hasRoom()) useRing();
  else useScratch(Mode.DROPPING);
}

/** Room for a whole batch (batchWords plus one maximal event) and a descriptor slot. */
function hasRoom(): boolean {
  const used = distance(Atomics.load(control, Control.TAIL_POSITION), ringHead & POSITION_MASK);
  const descUsed = (descHead - Atomics.load(control, Control.DESC_TAIL)) | 0;
  return capacityWords - used >= batchWords + maxEventWords && descUsed < descSlots - 1;
}

function waitForDrain(): void {
  const rounds = Atomics.load(control, Control.DRAIN_ROUNDS);
  if (hasRoom()) return;
  // Cold (only with a full ring): what the program lost to the recorder, reported in its END.
  const startMs = monotonicMs();
  Atomics.wait(control, Control.DRAIN_ROUNDS, rounds, waitTimeoutMs);
  ringWaitMs += monotonicMs() - startMs;
  ringWaits++;
}

function useRing(): void {
  // Renormalise so positions stay below 2^30 (Smis): POSITION_MODULUS is a multiple of the capacity.
  if (ringHead >= POSITION_MODULUS) ringHead -= POSITION_MODULUS;
  words = ringWords;
  wordBytes = ringBytes;
  mask = ringMask;
  markAt = -1;
  impliedFrame = 0; // a batch decodes alone: its first ENTER names its frame
  head = batchStart = ringHead;
  limit = head + batchWords;
  mode = Mode.RING;
  if (strategy === 'overwrite-oldest') {
    Atomics.store(control, Control.RESERVED_POSITION, (head + batchWords + maxEventWords) & POSITION_MASK);
  }
}

function useScratch(nextMode: number): void {
  words = scratch;
  wordBytes = scratchBytes;
  mask = scratch.length - 1;
  markAt = -1;
  impliedFrame = 0;
  head = batchStart = 0;
  limit = batchWords;
  mode = nextMode;
}

function waitWhilePaused(): void {
  // The collector resumes us (or the drain clears the flag when the collector goes away).
  while (Atomics.load(control, Control.PAUSE) !== 0) Atomics.wait(control, Control.PAUSE, 1, 1000);
}

/** Flush the open batch now (idle timer). In block mode this may wait for room. */
export function flushBatch(): void {
  closeBatch(true);
  if (Atomics.load(control, Control.PAUSE) !== 0) waitWhilePaused();
  onBoundary();
  openBatch();
}

/**
 * The last flush of a run: publish the open batch, and a data-less batch carrying events dropped
 * since the last publish so their loss is still marked in place. Never waits.
 */
export function finalFlush(): void {
  closeBatch(true);
  if (
    pendingLost > 0 &&
    mode !== Mode.DISABLED &&
    ((descHead - Atomics.load(control, Control.DESC_TAIL)) | 0) < descSlots - 1
  ) {
    batchStart = head = ringHead;
    publish(true);
  }
  useScratch(Mode.DISABLED);
}

/** Stop recording: later events are counted and discarded. */
export function disableRing(): void {
  closeBatch(true);
  useScratch(Mode.DISABLED);
}

export function ringCounters(): RingCounters {
  return {
    emittedEvents: publishedEvents + droppedEvents + discardedEvents + batchEvents,
    publishedEvents,
    droppedEvents,
    discardedEvents,
    openBatchEvents: batchEvents,
    ringWaitMs,
    ringWaits,
    mode: mode === Mode.RING ? 'ring' : mode === Mode.DROPPING ? 'dropping' : 'disabled',
  };
}

/** State for invariant checks in tests (cold). */
export function ringState(): {
  head: number;
  limit: number;
  batchStart: number;
  capacityWords: number;
  batchWords: number;
  maxEventWords: number;
  descHead: number;
  inRing: boolean;
} {
  return { head, limit, batchStart, capacityWords, batchWords, maxEventWords, descHead, inRing: mode === Mode.RING };
}
