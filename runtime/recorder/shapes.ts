// Object shapes (format 3.12, issue 9): the table that lets a snapshot of an object name a shape
// (EXT SHAPE, written once) instead of repeating its class name, prototype, keys and flags. A
// transition tree like V8's hidden classes: from the root, one Map step per (type and flags),
// prototype word, class-name word, then one per (key, property flags), all numbers (no string is
// built per snapshot, no user object is held: keys are interned string ids). Knows the events it
// writes; not how objects are read (snapshot.ts collects them and decides which may have a shape).
import { EventKind, Ext, eventHeader } from '../format/events';
import { SHAPE_ID_SPACE } from '../format/shapeLayout';
import { B } from './builtins';
import { beginSized, endSized, put2, put3 } from './ring';

const SHAPE_HEADER = eventHeader(EventKind.EXT, Ext.SHAPE);
/** Nodes kept at most (each a potential shape): past it, new shapes are not made (ordinary SNAPSHOTs). */
export const MAX_SHAPE_NODES = 1 << 14;
/** Properties a shape holds at most: larger objects are rare and keep the ordinary SNAPSHOT. */
export const MAX_SHAPE_KEYS = 64;

interface ShapeNode {
  next: Map<number, ShapeNode> | undefined;
  /** The shape id of an object whose properties end here, -1 until one was written. */
  shapeId: number;
}

let root: ShapeNode = newNode();
let nodeCount = 0;
let nextShapeId = 0;
/**
 * Bumped by every reset: words prepared for a snapshot (keys, class name, prototype) are valid only
 * in the generation they were prepared in (a loss between the preparation and the SHAPE resets both
 * the string table and the object ids they refer to).
 */
let generation = 1;
/** Shapes may be written at all (the recorder attribute objectShapes; on by default). */
let enabled = true;
/** Where lookUp() left off: the node reached, or undefined when the tree is full. */
let cursor: ShapeNode | undefined;

function newNode(): ShapeNode {
  return { next: undefined, shapeId: -1 };
}

export function enableShapes(on: boolean): void {
  enabled = on;
}

export function shapesEnabled(): boolean {
  return enabled;
}

/** Every shape defined so far may have been lost (with the events): none is referred to again. */
export function resetShapes(): void {
  root = newNode();
  nodeCount = 0;
  generation = (generation + 1) | 0;
}

export function shapeGeneration(): number {
  return generation;
}

/** Starts a lookup at the root: the words every snapshot of the shape shares besides its keys. */
export function lookUpStart(typeAndFlags: number, prototypeWord: number, classWord: number): boolean {
  cursor = root;
  return step(typeAndFlags) && step(prototypeWord) && step(classWord);
}

/** One property of the object (its key's STRING_REF id and its flags); false once the tree is full. */
export function lookUpProperty(keyId: number, propFlags: number): boolean {
  return step(keyId * 16 + propFlags);
}

function step(key: number): boolean {
  const node = cursor as ShapeNode;
  let next = node.next === undefined ? undefined : (B.mapGet(node.next, key) as ShapeNode | undefined);
  if (next === undefined) {
    if (nodeCount >= MAX_SHAPE_NODES) {
      cursor = undefined;
      return false;
    }
    if (node.next === undefined) node.next = new B.Map<number, ShapeNode>();
    next = newNode();
    B.mapSet(node.next, key, next);
    nodeCount++;
  }
  cursor = next;
  return true;
}

/** The id of the shape the lookup reached, or -1 when it has none yet (define it). */
export function foundShapeId(): number {
  return (cursor as ShapeNode).shapeId;
}

/** Words a SHAPE of `count` properties takes at most (every value one word). */
export function shapeEventWords(count: number): number {
  return 7 + 2 * count;
}

/**
 * Writes SHAPE [hdr, n, shapeId, typeAndFlags, count, v:prototype, v:className, count × (v:key,
 * propFlags)] for the node the lookup reached, every word given one word long; returns its id.
 */
export function defineShape(
  typeAndFlags: number,
  prototypeWord: number,
  classWord: number,
  keyWords: readonly number[],
  propFlags: readonly number[],
): number {
  const id = nextShapeId;
  nextShapeId = nextShapeId + 1 < SHAPE_ID_SPACE ? nextShapeId + 1 : 0;
  const count = keyWords.length;
  beginSized();
  put2(SHAPE_HEADER, shapeEventWords(count) - 2);
  put3(id, typeAndFlags, count);
  put2(prototypeWord, classWord);
  for (let index = 0; index < count; index++) put2(keyWords[index], propFlags[index]);
  endSized();
  (cursor as ShapeNode).shapeId = id;
  return id;
}

/** Tests start from an empty table with ids from 0. */
export function resetShapeIds(): void {
  resetShapes();
  nextShapeId = 0;
}
