// The recorder side of regenerable leaves (runtime/instrument/leafShape.ts): the entry guard
// (lk1…lk4: every argument a number, boolean, null or undefined) and the one LEAF_CALL event a
// guarded call writes instead of its frame and steps (lf0…lf4, per arity: nothing allocated). Its
// frame id is taken from the same counter as ENTER's, so every later frame keeps the id a full
// recording gives it. Knows the event's layout, not how the adapter regenerates the call.
import { Ext, EventKind, eventHeader } from '../format/events';
import type { FrameId } from '../format/hotPath';
import { newFrame } from './frameIds';
import { beginSized, endSized, nothingSinceMark, patch, position, put, put2 } from './ring';
import { prepare, putPrepared } from './values';

const LEAF_CALL = eventHeader(EventKind.EXT, Ext.LEAF_CALL);

/** A value a leaf event holds in one word or a DOUBLE's three, with no definition before it. */
function leafValue(value: unknown): boolean {
  const type = typeof value;
  return type === 'number' || type === 'boolean' || value === undefined || value === null;
}

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
  putValue(result);
  return lengthAt;
}

function putValue(value: unknown): void {
  putPrepared(value, prepare(value)); // no definitions: leafValue() values only
}

/** n, once the values are written; a full call ends with x(), which consumes any mark (hotPath.ts r/x): so does this. */
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
