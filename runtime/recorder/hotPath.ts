// The RecorderHotPath instrumented code calls (runtime/format/hotPath.ts): each function writes
// one event (plus any definitions its values need, first). Small monomorphic functions over
// module state so TurboFan inlines them; numbers that fit 28 bits and undefined take a path with
// no allocation and no call into the encoder. Knows event layouts, not ring positions.
import { EventKind, OutputStream, eventHeader, scopeWord } from '../format/events';
import type { FrameId, RecorderHotPath } from '../format/hotPath';
import { OWN_FRAME_SCOPE } from '../format/appendEvents';
import { appendable, writeAppend } from './appends';
import { B } from './builtins';
import { mb } from './builtinWrites';
import { frameStartsRun, runFrame, runFrameEnds } from './callbackRuns';
import { emitEnd, emitStart } from './emitCalls';
import { newFrame } from './frameIds';
import {
  leafFrom,
  leafRead,
  leafResult,
  lb,
  lf0,
  lf1,
  lf2,
  lf3,
  lf4,
  lk1,
  lk2,
  lk3,
  lk4,
  lq0,
  lq1,
  lq2,
  lq3,
  lq4,
} from './leafCalls';
export { resetFrames } from './frameIds';
import { closedBy, li } from './closureScopes';
import { cf, cn, cr, dp } from './dataPath';
import { ProbeFlag, REDACTED_MARKER, environmentRead, limits, probeFlags } from './limits';
import {
  beginSized,
  endSized,
  enterEvent,
  enterThisEvent,
  enterThisEvent3,
  event2,
  event3,
  event4,
  event5,
  event6,
  mark,
  nothingSinceMark,
  put,
  position,
  put2,
  putEnterHead,
  returnUndefinedEvent,
  setOneByteStrings,
  stepEvent,
} from './ring';
import { entryObjectWord, isSecretKey, lastObjectWasNew, prepareObject, resnapshot, thisEntry } from './snapshot';
import { keyWord } from './strings';
import {
  DOUBLE_WORD,
  INLINE,
  UNDEFINED_WORD,
  doubleBits,
  prepare,
  prepareIdOnly,
  putPrepared,
  smallIntWord,
} from './values';
import {
  checkCatch,
  checkEnter,
  checkExit,
  checkResume,
  checkStop,
  checkSuspend,
  checkWatch,
  checkedStep,
} from './liveStops';

const K = EventKind;
const MAX_MUTATOR_ARGS = 16;

/** [hdr, fixed, v:value] with the no-allocation path for small integers and undefined. */
function fixedAndValue(header: number, fixed: number, value: unknown): void {
  if (typeof value === 'number') {
    const word = smallIntWord(value);
    if (word !== INLINE) return event3(header, fixed, word);
  } else if (value === undefined) {
    return event3(header, fixed, UNDEFINED_WORD);
  }
  fixedAndEncoded(header, fixed, value);
}

/** The rest of fixedAndValue, out of line: keeps the inlined fast path small (see ring.ts event2). */
function fixedAndEncoded(header: number, fixed: number, value: unknown): void {
  if (typeof value === 'number') {
    // Not a small int (fixedAndValue tried): a DOUBLE, whose three words make the event fixed-size.
    const bits = doubleBits(value);
    return event5(header, fixed, DOUBLE_WORD, bits[0], bits[1]);
  }
  const word = prepareFor(header, value);
  // One-word values (objects by id, interned strings, constants): a fixed-size event.
  if (word !== INLINE) return event3(header, fixed, word);
  beginSized();
  put2(header, fixed);
  putPrepared(value, word);
  endSized();
}

/** [hdr, v:value] with the no-allocation path for small integers and undefined. */
function headerAndFastValue(header: number, value: unknown): void {
  if (typeof value === 'number') {
    const word = smallIntWord(value);
    if (word !== INLINE) return event2(header, word);
  } else if (value === undefined) {
    return event2(header, UNDEFINED_WORD);
  }
  headerAndEncoded(header, value);
}

/** The rest of headerAndFastValue, out of line. */
function headerAndEncoded(header: number, value: unknown): void {
  if (typeof value === 'number') {
    const bits = doubleBits(value); // not a small int (headerAndFastValue tried)
    return event4(header, DOUBLE_WORD, bits[0], bits[1]);
  }
  const word = prepareFor(header, value);
  if (word !== INLINE) return event2(header, word);
  beginSized();
  put(header);
  putPrepared(value, word);
  endSized();
}

/** prepare(), or ids only when the event's probe (its header's id) belongs to a `calls`-level file. */
function prepareFor(header: number, value: unknown): number {
  return (probeFlags[header >>> 4] & ProbeFlag.IDS_ONLY) !== 0 ? prepareIdOnly(value) : prepare(value);
}

/** [hdr, v:value] */
function headerAndValue(header: number, value: unknown): void {
  const word = prepare(value);
  beginSized();
  put(header);
  putPrepared(value, word);
  endSized();
}

export function s(probeId: number): void {
  stepEvent(probeId);
  checkStop(probeId); // live sessions: after the step is written, so a stop is at this step
}

// ENTER and ENTER_THIS go through ring.ts enterEvent/enterThisEvent, which write them compact
// (frame id implied, format 3.12) when their frame follows the batch's last one.
export function e(probeId: number): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame); // perhaps a callback's first frame (callbackRuns.ts)
  enterEvent((probeId << 4) | K.ENTER, frame);
  checkEnter(probeId, frame); // live filters: which activation writes a watched binding
  return frame;
}

export function em(probeId: number, thisValue: unknown): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame);
  enterThis((probeId << 4) | K.ENTER_THIS, frame, thisValue);
  checkEnter(probeId, frame);
  return frame;
}

/** ENTER_THIS, compact when it may be, with fixedAndValue's no-allocation path for small ints and undefined. */
function enterThis(header: number, frame: FrameId, thisValue: unknown): void {
  if (typeof thisValue === 'number') {
    const word = smallIntWord(thisValue);
    if (word !== INLINE) return enterThisEvent(header, frame, word);
  } else if (thisValue === undefined) {
    return enterThisEvent(header, frame, UNDEFINED_WORD);
  }
  enterThisEncoded(header, frame, thisValue);
}

/** The rest of enterThis, out of line: a DOUBLE, a one-word value prepared, or a sized event. */
function enterThisEncoded(header: number, frame: FrameId, thisValue: unknown): void {
  if (typeof thisValue === 'number') {
    const bits = doubleBits(thisValue); // not a small int (enterThis tried)
    return enterThisEvent3(header, frame, DOUBLE_WORD, bits[0], bits[1]);
  }
  const word = prepareFor(header, thisValue);
  if (word !== INLINE) return enterThisEvent(header, frame, word);
  beginSized();
  putEnterHead(header, frame);
  putPrepared(thisValue, word);
  endSized();
}

// ENTER with its parameters' WRITEs (probes probeId+1…): one recorder call per entry. Written out
// per arity (no rest array: nothing allocated, each monomorphic) and through w(), so redaction and
// the value fast paths are the same as for a WRITE statement. Made once per hot path around its
// ENTER (with or without the live checks, createHotPath): each call site still sees one target.
function parameterEntries(
  enter: (probeId: number) => FrameId,
  enterThis: (probeId: number, thisValue: unknown) => FrameId,
  w: <T>(probeId: number, value: T) => T,
) {
  return {
    e1(probeId: number, first: unknown): FrameId {
      const frame = enter(probeId);
      w(probeId + 1, first);
      return frame;
    },
    e2(probeId: number, first: unknown, second: unknown): FrameId {
      const frame = enter(probeId);
      w(probeId + 1, first);
      w(probeId + 2, second);
      return frame;
    },
    e3(probeId: number, first: unknown, second: unknown, third: unknown): FrameId {
      const frame = enter(probeId);
      w(probeId + 1, first);
      w(probeId + 2, second);
      w(probeId + 3, third);
      return frame;
    },
    e4(probeId: number, first: unknown, second: unknown, third: unknown, fourth: unknown): FrameId {
      const frame = enter(probeId);
      w(probeId + 1, first);
      w(probeId + 2, second);
      w(probeId + 3, third);
      w(probeId + 4, fourth);
      return frame;
    },
    em1(probeId: number, thisValue: unknown, first: unknown): FrameId {
      const frame = enterThis(probeId, thisValue);
      w(probeId + 1, first);
      return frame;
    },
    em2(probeId: number, thisValue: unknown, first: unknown, second: unknown): FrameId {
      const frame = enterThis(probeId, thisValue);
      w(probeId + 1, first);
      w(probeId + 2, second);
      return frame;
    },
    em3(probeId: number, thisValue: unknown, first: unknown, second: unknown, third: unknown): FrameId {
      const frame = enterThis(probeId, thisValue);
      w(probeId + 1, first);
      w(probeId + 2, second);
      w(probeId + 3, third);
      return frame;
    },
    em4(
      probeId: number,
      thisValue: unknown,
      first: unknown,
      second: unknown,
      third: unknown,
      fourth: unknown,
    ): FrameId {
      const frame = enterThis(probeId, thisValue);
      w(probeId + 1, first);
      w(probeId + 2, second);
      w(probeId + 3, third);
      w(probeId + 4, fourth);
      return frame;
    },
  };
}

/**
 * RETURN whose probe says endsFrame (the instrumenter proved nothing runs before the frame exits):
 * it marks the ring, and the EXIT that follows with no event between is redundant (format 3), so
 * x() skips it. The mark is consumed by that x(), so a later frame leaving by a throw that wrote
 * no event still gets its EXIT.
 */
export function r<T>(probeId: number, value: T): T {
  if (value === undefined)
    returnUndefinedEvent((probeId << 4) | K.RETURN); // one word (format 3.12)
  else headerAndFastValue((probeId << 4) | K.RETURN, value);
  mark();
  return value;
}

/** RETURN inside try…finally, for…of or `using`: code may run before the exit, so its EXIT is written. */
export function rf<T>(probeId: number, value: T): T {
  if (value === undefined) returnUndefinedEvent((probeId << 4) | K.RETURN);
  else headerAndFastValue((probeId << 4) | K.RETURN, value);
  return value;
}

/** EXIT, unless an endsFrame RETURN was the last event (format 3): the mark is consumed either way. */
export function x(frameId: FrameId, probeId: number): void {
  checkExit(probeId, frameId);
  if (frameId === runFrame) runFrameEnds();
  if (!nothingSinceMark()) event2((probeId << 4) | K.EXIT, frameId);
}

// The call path without the live checks, for a recording no live session watches (createHotPath):
// each check is one load and a branch, yet on the ENTER and EXIT of every call they cost 6–14% of
// the main thread's CPU at level `calls` (richards/deltablue at 4x, same-run A/B).
function eRecorded(probeId: number): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame);
  enterEvent((probeId << 4) | K.ENTER, frame);
  return frame;
}

function emRecorded(probeId: number, thisValue: unknown): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame);
  enterThis((probeId << 4) | K.ENTER_THIS, frame, thisValue);
  return frame;
}

// The frame events in full, as format 3.11 wrote them: for a recording that asks for no compact
// events (RecorderSettings.explicitEvents), which readers compare with a compact one.
function eExplicit(probeId: number): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame);
  event2((probeId << 4) | K.ENTER, frame);
  return frame;
}

function emExplicit(probeId: number, thisValue: unknown): FrameId {
  const frame = newFrame();
  if (runFrame <= 0) frameStartsRun(frame);
  fixedAndValue((probeId << 4) | K.ENTER_THIS, frame, thisValue);
  return frame;
}

function rExplicit<T>(probeId: number, value: T): T {
  headerAndFastValue((probeId << 4) | K.RETURN, value);
  mark();
  return value;
}

function rfExplicit<T>(probeId: number, value: T): T {
  headerAndFastValue((probeId << 4) | K.RETURN, value);
  return value;
}

function xRecorded(frameId: FrameId, probeId: number): void {
  if (frameId === runFrame) runFrameEnds();
  if (!nothingSinceMark()) event2((probeId << 4) | K.EXIT, frameId);
}

function asRecorded<T>(frameId: FrameId, probeId: number, operand: T): T {
  if (frameId === runFrame) runFrameEnds();
  fixedAndValue((probeId << 4) | K.SUSPEND, frameId, operand);
  return operand;
}

function arRecorded<T>(frameId: FrameId, probeId: number, value: T): T {
  if (runFrame <= 0) frameStartsRun(frameId);
  fixedAndValue((probeId << 4) | K.RESUME, frameId, value);
  return value;
}

/** WRITE [hdr, v] of the running frame's own binding: no scope word (format 2). */
export function w<T>(probeId: number, value: T): T {
  checkWatch(probeId, value); // live breakpoint filters read the latest value of a few bindings
  return wRecorded(probeId, value);
}

/** WRITE [hdr, scope, v] of a binding owned by another frame (module scope, a closure's, unknown). */
export function wf<T>(probeId: number, value: T, scopeFrameId: FrameId): T {
  checkWatch(probeId, value, scopeFrameId);
  return wfRecorded(probeId, value, scopeFrameId);
}

export function wp<T>(probeId: number, oldValue: T, delta: 1 | -1): T {
  w(probeId, stepped(oldValue, delta));
  return oldValue;
}

export function wpf<T>(probeId: number, oldValue: T, delta: 1 | -1, scopeFrameId: FrameId): T {
  wf(probeId, stepped(oldValue, delta), scopeFrameId);
  return oldValue;
}

/**
 * `x += part` on a declared binding of the running frame: `<rt>.ap(id, x, <rt>.appendMark(), x += (t = part), t)`.
 * An APPEND of part when the addition joined strings and part wrote no event (appends.ts), else a
 * WRITE of the result. A live filter sees the whole new value, as for w.
 */
export function ap<T>(probeId: number, oldValue: unknown, mark: number, result: T, part: unknown): T {
  checkWatch(probeId, result);
  return apRecorded(probeId, oldValue, mark, result, part);
}

/** ap for a binding of another frame (module scope, a closure's). */
export function apf<T>(
  probeId: number,
  oldValue: unknown,
  mark: number,
  result: T,
  part: unknown,
  scopeFrameId: FrameId,
): T {
  checkWatch(probeId, result, scopeFrameId);
  return apfRecorded(probeId, oldValue, mark, result, part, scopeFrameId);
}

// The step, write and throw paths without the live checks (createHotPath): a recording no live
// session watches never has a flag set, and its STEP and WRITE are the hottest calls there are.

function wRecorded<T>(probeId: number, value: T): T {
  if ((probeFlags[probeId] & ProbeFlag.REDACT) !== 0) headerAndFastValue((probeId << 4) | K.WRITE, REDACTED);
  else headerAndFastValue((probeId << 4) | K.WRITE, value);
  return value;
}

function wfRecorded<T>(probeId: number, value: T, scopeFrameId: FrameId): T {
  if ((probeFlags[probeId] & ProbeFlag.REDACT) !== 0)
    fixedAndValue((probeId << 4) | K.WRITE, scopeWord(scopeFrameId), REDACTED);
  else fixedAndValue((probeId << 4) | K.WRITE, scopeWord(scopeFrameId), value);
  return value;
}

function wpRecorded<T>(probeId: number, oldValue: T, delta: 1 | -1): T {
  wRecorded(probeId, stepped(oldValue, delta));
  return oldValue;
}

function wpfRecorded<T>(probeId: number, oldValue: T, delta: 1 | -1, scopeFrameId: FrameId): T {
  wfRecorded(probeId, stepped(oldValue, delta), scopeFrameId);
  return oldValue;
}

function apRecorded<T>(probeId: number, oldValue: unknown, mark: number, result: T, part: unknown): T {
  if (appendable(probeId, oldValue, mark, result, part)) writeAppend(probeId, OWN_FRAME_SCOPE, result, part);
  else wRecorded(probeId, result);
  return result;
}

function apfRecorded<T>(
  probeId: number,
  oldValue: unknown,
  mark: number,
  result: T,
  part: unknown,
  scopeFrameId: FrameId,
): T {
  if (appendable(probeId, oldValue, mark, result, part)) writeAppend(probeId, scopeWord(scopeFrameId), result, part);
  else wfRecorded(probeId, result, scopeFrameId);
  return result;
}

function thRecorded<T>(probeId: number, value: T): T {
  headerAndValue((probeId << 4) | K.THROW, value);
  return value;
}

/** old + delta for the numeric results of ++/-- (numbers and bigints; anything else is already NaN-ish). */
function stepped(oldValue: unknown, delta: 1 | -1): unknown {
  if (typeof oldValue === 'number') return oldValue + delta;
  if (typeof oldValue === 'bigint') return oldValue + (delta === 1 ? 1n : -1n);
  return NaN;
}

/**
 * PROP_SET [hdr, v:target, v:key, v:value]; `targetEntry`: the target is the frame's `this`, of this entry (thisEntry).
 */
function propertySet(probeId: number, target: unknown, key: unknown, value: unknown, targetEntry?: number): void {
  if (isRedacted(probeId, target, key)) value = REDACTED;
  const cachedWord = entryObjectWord(targetEntry);
  const targetWord = cachedWord !== -1 ? cachedWord : prepare(target);
  const keyWord = propertyKeyWord(probeId, key);
  const valueWord = prepare(value);
  if (targetWord !== INLINE && keyWord !== INLINE) {
    if (valueWord !== INLINE) return event4((probeId << 4) | K.PROP_SET, targetWord, keyWord, valueWord);
    if (typeof value === 'number') {
      // An array element or field set to a number that is not a small int (crypto's digits): fixed-size.
      const bits = doubleBits(value);
      return event6((probeId << 4) | K.PROP_SET, targetWord, keyWord, DOUBLE_WORD, bits[0], bits[1]);
    }
  }
  beginSized();
  put((probeId << 4) | K.PROP_SET);
  putPrepared(target, targetWord);
  putPrepared(key, keyWord);
  putPrepared(value, valueWord);
  endSized();
}

/** prepare(key), with the per-probe cache for string keys (the same literal at almost every write). */
function propertyKeyWord(probeId: number, key: unknown): number {
  if (typeof key !== 'string') return prepare(key);
  const word = keyWord(probeId, key);
  return word === -1 ? INLINE : word;
}

function isRedacted(probeId: number, target: unknown, key: unknown): boolean {
  const flags = probeFlags[probeId];
  if (flags !== 0 && (flags & ProbeFlag.REDACT) !== 0) return true;
  if (target === B.processEnv && limits.redact) return true;
  return (flags & ProbeFlag.DYNAMIC_KEY) !== 0 && isSecretKey(key);
}

export function pv<T>(probeId: number, target: unknown, key: unknown, value: T, thisEntry?: number): T {
  propertySet(probeId, target, key, value, thisEntry);
  return value;
}

export function pr<T>(probeId: number, result: T, target: unknown, key: unknown, thisEntry?: number): T {
  propertySet(probeId, target, key, result, thisEntry);
  return result;
}

export function pp<T>(
  probeId: number,
  oldValue: T,
  target: unknown,
  key: unknown,
  delta: 1 | -1,
  thisEntry?: number,
): T {
  propertySet(probeId, target, key, stepped(oldValue, delta), thisEntry);
  return oldValue;
}

export function pd(probeId: number, deleted: boolean, target: unknown, key: unknown): boolean {
  if (deleted !== true) return deleted;
  const targetWord = prepare(target);
  const keyWord = prepare(key);
  beginSized();
  put((probeId << 4) | K.PROP_DELETE);
  putPrepared(target, targetWord);
  putPrepared(key, keyWord);
  endSized();
  return deleted;
}

/** Only genuine builtins: their methods' effect is known. A Proxy of an array is not one. */
function isGenuineCollection(target: unknown): target is object {
  if (typeof target !== 'object' || target === null || B.isProxy(target)) return false;
  return B.isArray(target) || B.isMap(target) || B.isSet(target) || B.isTypedArray(target);
}

export function mc<T>(probeId: number, result: T, target: unknown, ...args: unknown[]): T {
  if (!isGenuineCollection(target)) return result;
  const targetWord = prepareObject(target, 0);
  // First seen now, after the call: the snapshot already shows the mutation.
  if (lastObjectWasNew) return result;
  const argCount = args.length <= MAX_MUTATOR_ARGS ? args.length : 0;
  const argWords = B.list<number>();
  for (let index = 0; index < argCount; index++) B.listPush(argWords, prepare(args[index]));
  const resultWord = prepare(result);
  beginSized();
  put2((probeId << 4) | K.MUTATOR, targetWord);
  put(argCount);
  for (let index = 0; index < argCount; index++) putPrepared(args[index], argWords[index]);
  putPrepared(result, resultWord);
  endSized();
  if (argCount !== args.length || (probeFlags[probeId] & ProbeFlag.RESNAPSHOT) !== 0) resnapshot(target);
  return result;
}

export function as<T>(frameId: FrameId, probeId: number, operand: T): T {
  if (frameId === runFrame) runFrameEnds();
  fixedAndValue((probeId << 4) | K.SUSPEND, frameId, operand);
  checkSuspend(probeId, frameId); // a live step counts the frames it leaves, and knows the one it awaits
  return operand;
}

export function ar<T>(frameId: FrameId, probeId: number, value: T): T {
  if (runFrame <= 0) frameStartsRun(frameId); // an await's continuation from the microtask queue
  fixedAndValue((probeId << 4) | K.RESUME, frameId, value);
  checkResume(probeId, frameId);
  return value;
}

export function th<T>(probeId: number, value: T): T {
  thRecorded(probeId, value);
  checkStop(probeId); // live exception breakpoints: stopped at the throw, before it propagates
  return value;
}

export function c(probeId: number, value: unknown): void {
  headerAndValue((probeId << 4) | K.CATCH, value);
}

/** A live session's CATCH: a rejection resumes an awaiting frame without RESUME (liveStops.ts). */
function cLive(probeId: number, value: unknown): void {
  headerAndValue((probeId << 4) | K.CATCH, value);
  checkCatch(probeId);
}

const OUTPUT_HEADER = eventHeader(K.OUTPUT, 0);

/** OUTPUT [hdr, stream, v:text] — console output at its step position. */
export function output(stream: (typeof OutputStream)[keyof typeof OutputStream], text: string): void {
  const word = prepare(text);
  beginSized();
  put2(OUTPUT_HEADER, stream);
  putPrepared(text, word);
  endSized();
}

/** What a redacted secret is recorded as (SEC-10). */
const REDACTED: unknown = REDACTED_MARKER;

/**
 * The recorder object instrumented code reaches through the global binding $rw$ (globalBinding.ts).
 * `live`: a live session may flag probes (stops, filters, live steps), so the call path checks them;
 * without one it runs the same events without the checks. `explicit` (no live session only): ENTER,
 * ENTER_THIS and RETURN are never compact, the words format 3.11 wrote.
 */
export function createHotPath(options: { live: boolean; explicit?: boolean } = { live: true }): RecorderHotPath {
  // Explicit events are 3.11's words: strings two units a word too.
  setOneByteStrings(options.explicit !== true);
  const frameCalls =
    options.explicit === true && !options.live
      ? {
          e: eExplicit,
          em: emExplicit,
          r: rExplicit,
          rf: rfExplicit,
          ...parameterEntries(eExplicit, emExplicit, wRecorded),
        }
      : {};
  const calls = options.live
    ? // s: a closure over the thread's stop table, so V8 folds the table into the caller (liveStops.ts)
      {
        s: checkedStep(stepEvent),
        e,
        em,
        x,
        as,
        ar,
        c: cLive,
        w,
        wf,
        wp,
        wpf,
        ap,
        apf,
        th,
        ...parameterEntries(e, em, w),
      }
    : {
        s: stepEvent,
        e: eRecorded,
        em: emRecorded,
        x: xRecorded,
        as: asRecorded,
        ar: arRecorded,
        c,
        w: wRecorded,
        wf: wfRecorded,
        wp: wpRecorded,
        wpf: wpfRecorded,
        ap: apRecorded,
        apf: apfRecorded,
        th: thRecorded,
        ...parameterEntries(eRecorded, emRecorded, wRecorded),
      };
  return B.freeze({
    ...calls,
    r,
    rf,
    ...frameCalls,
    pv,
    pr,
    pp,
    pd,
    thisEntry,
    mc,
    mb,
    dp,
    cr,
    cf,
    cn,
    emitStart,
    emitEnd,
    envRead: environmentRead,
    appendMark: position,
    closedBy,
    li,
    lk1,
    lk2,
    lk3,
    lk4,
    lf0,
    lf1,
    lf2,
    lf3,
    lf4,
    lb,
    leafRead,
    leafFrom,
    leafResult,
    lq0,
    lq1,
    lq2,
    lq3,
    lq4,
  }) as RecorderHotPath;
}
