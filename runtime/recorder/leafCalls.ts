// The recorder side of regenerable leaves (runtime/instrument/leafShape.ts): the entry guard
// (lk1…lk4: every argument a number, boolean, null or undefined) and the one LEAF_CALL event a
// guarded call writes instead of its frame and steps (lf0…lf4, per arity: nothing allocated). Its
// frame id is taken from the same counter as ENTER's, so every later frame keeps the id a full
// recording gives it. A leaf that reads properties (issue 9 §2) reads through leafRead/leafFrom, which make
// each read only when no user code can run for it and keep its value, and writes LEAF_READS
// (lq0…lq4) with them; leafReads.ts owns the checks. Knows the events' layouts, not how the
// adapter regenerates a call.
import { Ext, EventKind, Typeof, ValueTag, eventHeader, valueWord } from '../format/events';
import type { FrameId } from '../format/hotPath';
import { newFrame } from './frameIds';
import { entryOf } from './identity';
import { LEAF_BAIL, leafValue, readCount, readValue, settled } from './leafReads';
import { beginSized, endSized, frameWritten, nothingSinceMark, patch, position, put, put2 } from './ring';
import { entryObjectWord } from './snapshot';
import { prepare, putPrepared } from './values';

export { lb, leafFrom, leafRead, leafResult } from './leafReads';

const LEAF_CALL = eventHeader(EventKind.EXT, Ext.LEAF_CALL);
const LEAF_READS = eventHeader(EventKind.EXT, Ext.LEAF_READS);
const OBJECT_READ = valueWord(ValueTag.NOT_CAPTURED, Typeof.OBJECT);
const FUNCTION_READ = valueWord(ValueTag.NOT_CAPTURED, Typeof.FUNCTION);

export function lk1(a: unknown): boolean {
  return leafValue(a);
}
export function lk2(a: unknown, b: unknown): boolean {
  return leafValue(a) && leafValue(b);
}
export function lk3(a: unknown, b: unknown, c: unknown): boolean {
  return leafValue(a) && leafValue(b) && leafValue(c);
}
export function lk4(a: unknown, b: unknown, c: unknown, d: unknown): boolean {
  return leafValue(a) && leafValue(b) && leafValue(c) && leafValue(d);
}

/** [hdr, n, functionProbe, frameId, v:result] inside an open sized event; returns where n goes. */
function leafHead(probeId: number, result: unknown): number {
  const frame: FrameId = newFrame();
  put(LEAF_CALL);
  const lengthAt = position();
  put(0);
  put2(probeId, frame);
  frameWritten(frame); // a compact ENTER may follow it (ring.ts impliedFrame)
  putValue(result);
  return lengthAt;
}

function putValue(value: unknown): void {
  putPrepared(value, prepare(value)); // no definitions: leafValue() values only
}

/**
 * n, once the values are written; a full call ends with x(), which consumes any mark (hotPath.ts r/x): so does this.
 */
function leafTail(lengthAt: number): void {
  patch(lengthAt, position() - lengthAt - 1);
  nothingSinceMark();
}

export function lf0<T>(probeId: number, result: T): T {
  beginSized();
  leafTail(leafHead(probeId, result));
  endSized();
  return result;
}
export function lf1<T>(probeId: number, result: T, a: unknown): T {
  beginSized();
  const at = leafHead(probeId, result);
  putValue(a);
  leafTail(at);
  endSized();
  return result;
}
export function lf2<T>(probeId: number, result: T, a: unknown, b: unknown): T {
  beginSized();
  const at = leafHead(probeId, result);
  putValue(a);
  putValue(b);
  leafTail(at);
  endSized();
  return result;
}
export function lf3<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown): T {
  beginSized();
  const at = leafHead(probeId, result);
  putValue(a);
  putValue(b);
  putValue(c);
  leafTail(at);
  endSized();
  return result;
}
export function lf4<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown, d: unknown): T {
  beginSized();
  const at = leafHead(probeId, result);
  putValue(a);
  putValue(b);
  putValue(c);
  putValue(d);
  leafTail(at);
  endSized();
  return result;
}

// LEAF_READS: [hdr, n, functionProbe, frameId, argumentCount, v:result, v:arguments…, v:reads…].
// An argument's word is worked out before the event opens: an object the recording does not know
// yet would need its snapshot first (where the full path's ENTER writes it), so the call is not
// one (LEAF_BAIL: the full path runs it, and knows the object from then on).

/** An argument's one word, or INLINE for a DOUBLE; throws LEAF_BAIL for what a leaf event cannot hold. */
function argumentWord(value: unknown): number {
  if (leafValue(value)) return prepare(value);
  const type = typeof value;
  if ((type === 'object' && value !== null) || type === 'function') {
    const word = entryObjectWord(entryOf(value as object));
    if (word !== -1) return word;
  }
  throw LEAF_BAIL;
}

function putArgument(value: unknown, word: number): void {
  putPrepared(value, word); // INLINE only for a DOUBLE (argumentWord)
}

/** [hdr, n, functionProbe, frameId, argumentCount, v:result] inside an open sized event; returns where n goes. */
function readsHead(probeId: number, result: unknown, resultWord: number, argumentCount: number): number {
  const frame: FrameId = newFrame();
  put(LEAF_READS);
  const lengthAt = position();
  put(0);
  put2(probeId, frame);
  frameWritten(frame); // a compact ENTER may follow it (ring.ts impliedFrame)
  put(argumentCount);
  putArgument(result, resultWord);
  return lengthAt;
}

/** The reads, and n. */
function readsTail(lengthAt: number): void {
  const count = readCount();
  for (let index = 0; index < count; index++) {
    const value = readValue(index);
    const type = typeof value;
    if (type === 'object' && value !== null) put(OBJECT_READ);
    else if (type === 'function') put(FUNCTION_READ);
    else putValue(value);
  }
  leafTail(lengthAt);
}

// Each lqN works out every word that could send the call down the full path (argumentWord: the
// result, an object returned as read, and the arguments) before its event opens, then writes it.
export function lq0<T>(probeId: number, result: T): T {
  const resultWord = argumentWord(result);
  beginSized();
  readsTail(readsHead(probeId, result, resultWord, 0));
  endSized();
  settled(probeId);
  return result;
}
export function lq1<T>(probeId: number, result: T, a: unknown): T {
  const resultWord = argumentWord(result);
  const aWord = argumentWord(a);
  beginSized();
  const at = readsHead(probeId, result, resultWord, 1);
  putArgument(a, aWord);
  readsTail(at);
  endSized();
  settled(probeId);
  return result;
}
export function lq2<T>(probeId: number, result: T, a: unknown, b: unknown): T {
  const resultWord = argumentWord(result);
  const aWord = argumentWord(a);
  const bWord = argumentWord(b);
  beginSized();
  const at = readsHead(probeId, result, resultWord, 2);
  putArgument(a, aWord);
  putArgument(b, bWord);
  readsTail(at);
  endSized();
  settled(probeId);
  return result;
}
export function lq3<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown): T {
  const resultWord = argumentWord(result);
  const aWord = argumentWord(a);
  const bWord = argumentWord(b);
  const cWord = argumentWord(c);
  beginSized();
  const at = readsHead(probeId, result, resultWord, 3);
  putArgument(a, aWord);
  putArgument(b, bWord);
  putArgument(c, cWord);
  readsTail(at);
  endSized();
  settled(probeId);
  return result;
}
export function lq4<T>(probeId: number, result: T, a: unknown, b: unknown, c: unknown, d: unknown): T {
  const resultWord = argumentWord(result);
  const aWord = argumentWord(a);
  const bWord = argumentWord(b);
  const cWord = argumentWord(c);
  const dWord = argumentWord(d);
  beginSized();
  const at = readsHead(probeId, result, resultWord, 4);
  putArgument(a, aWord);
  putArgument(b, bWord);
  putArgument(c, cWord);
  putArgument(d, dWord);
  readsTail(at);
  endSized();
  settled(probeId);
  return result;
}
