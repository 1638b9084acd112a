// Reading object shapes (format 3.12, extKinds.ts SHAPE and SHAPED_SNAPSHOT): where each part of
// the two events is, checked against the event's own length so a damaged one is refused where it
// is (TraceFormatError) instead of being read as other events' words. Knows the layouts only; what
// a shaped object shows is the replay's business.
import { extFieldOffset } from './extKinds';
import { TraceFormatError } from './errors';
import { valueLength } from './eventWalk';

/** Shape ids count up to this and wrap (the recorder's shapes.ts). */
export const SHAPE_ID_SPACE = 2 ** 27;
const SHAPE_ID = extFieldOffset('SHAPE', 'shapeId');
const SHAPE_TYPE = extFieldOffset('SHAPE', 'typeAndFlags');
const SHAPE_COUNT = extFieldOffset('SHAPE', 'count');
const SHAPE_BODY = extFieldOffset('SHAPE', 'body');
const SHAPED_OBJECT = extFieldOffset('SHAPED_SNAPSHOT', 'objectId');
const SHAPED_SHAPE = extFieldOffset('SHAPED_SNAPSHOT', 'shapeId');
const SHAPED_VALUES = extFieldOffset('SHAPED_SNAPSHOT', 'values');

/** A SHAPE's fields: word offsets of its values (in the same words it was read from). */
export interface ShapeLayout {
  shapeId: number;
  typeAndFlags: number;
  count: number;
  /** v:prototype (UNDEFINED: the type's default, or null with NULL_PROTOTYPE). */
  prototypeAt: number;
  classNameAt: number;
  /** Per property, the offset of its v:key (its propFlags word follows the key). */
  keyAt: number[];
}

/** The SHAPE at `at`, its body walked to the event's end; throws TraceFormatError when it does not fit. */
export function readShape(words: Int32Array, at: number): ShapeLayout {
  const end = at + 2 + words[at + 1];
  const shapeId = words[at + SHAPE_ID];
  if (shapeId < 0 || shapeId >= SHAPE_ID_SPACE) throw new TraceFormatError(`bad SHAPE id ${shapeId}`, at);
  const count = words[at + SHAPE_COUNT];
  // Each property takes two words at least: a count past that is damage, not a large shape.
  if (count < 0 || at + SHAPE_BODY + 2 + 2 * count > end) throw new TraceFormatError(`bad SHAPE count ${count}`, at);
  const prototypeAt = at + SHAPE_BODY;
  const classNameAt = within(prototypeAt + valueLength(words, prototypeAt), end, at, 'SHAPE');
  let next = within(classNameAt + valueLength(words, classNameAt), end, at, 'SHAPE');
  const keyAt: number[] = [];
  for (let index = 0; index < count; index++) {
    keyAt.push(next);
    next = within(next + valueLength(words, next) + 1, end, at, 'SHAPE');
  }
  if (next !== end) throw new TraceFormatError(`SHAPE of ${count} properties ends ${end - next} words early`, at);
  return { shapeId, typeAndFlags: words[at + SHAPE_TYPE], count, prototypeAt, classNameAt, keyAt };
}

/** The SHAPED_SNAPSHOT at `at`: its object, shape and the offsets of its values, walked to the event's end. */
export function readShapedSnapshot(
  words: Int32Array,
  at: number,
): { objectId: number; shapeId: number; valueAt: number[] } {
  const valueAt: number[] = [];
  walkShapedValues(words, at, valueAt);
  return { objectId: words[at + SHAPED_OBJECT], shapeId: words[at + SHAPED_SHAPE], valueAt };
}

/** How many values the SHAPED_SNAPSHOT at `at` holds (the indexer's check: no allocation). */
export function countShapedValues(words: Int32Array, at: number): number {
  return walkShapedValues(words, at, undefined);
}

export function shapedSnapshotFields(words: Int32Array, at: number): { objectId: number; shapeId: number } {
  return { objectId: words[at + SHAPED_OBJECT], shapeId: words[at + SHAPED_SHAPE] };
}

function walkShapedValues(words: Int32Array, at: number, into: number[] | undefined): number {
  const end = at + 2 + words[at + 1];
  if (end < at + SHAPED_VALUES) throw new TraceFormatError('SHAPED_SNAPSHOT shorter than its fields', at);
  let count = 0;
  for (let next = at + SHAPED_VALUES; next < end; count++) {
    into?.push(next);
    next = within(next + valueLength(words, next), end, at, 'SHAPED_SNAPSHOT');
  }
  return count;
}

function within(next: number, end: number, at: number, what: string): number {
  if (next > end) throw new TraceFormatError(`${what} value runs past the event's end`, at);
  return next;
}
