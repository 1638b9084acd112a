// Decoding EXT SNAPSHOT events (events.ts layout) and rebuilding the object graph a reader would
// see, for encoder tests: identity by object id (cycles and shared children become the same JS
// object), entries by type, TRUNCATED and other flags. Uses runtime/format's value decoder.
import {
  EventKind,
  Ext,
  INTRINSIC_PROTOTYPES,
  ObjectType,
  PropFlag,
  SnapshotFlag,
  hasSnapshotExtra,
  readShape,
  readShapedSnapshot,
  valueLength,
  type DecodedValue,
} from '../../../runtime/format';
import { decodeAt, walkEvents, type StringTable } from './trace';

export interface SnapshotEntry {
  key?: DecodedValue;
  flags?: number;
  value?: DecodedValue;
}

export interface DecodedSnapshot {
  id: number;
  type: number;
  flags: number;
  className: DecodedValue;
  trueSize: number;
  extra?: DecodedValue;
  entries: SnapshotEntry[];
  offset: number;
  /** NEW_OBJECT only, and a SHAPED_SNAPSHOT whose shape names one: its prototype. */
  prototype?: DecodedValue;
  /** A SHAPED_SNAPSHOT (format 3.12): its shape's id. */
  shapeId?: number;
}

/** A SHAPE (format 3.12) as the parts of a SNAPSHOT it stands for. */
export interface DecodedShape {
  shapeId: number;
  typeAndFlags: number;
  prototype: DecodedValue;
  className: DecodedValue;
  keys: Array<{ key: DecodedValue; flags: number }>;
  offset: number;
}

export function decodeShape(words: Int32Array, offset: number, strings: StringTable): DecodedShape {
  const layout = readShape(words, offset);
  return {
    shapeId: layout.shapeId,
    typeAndFlags: layout.typeAndFlags,
    prototype: decodeAt(words, layout.prototypeAt, strings),
    className: decodeAt(words, layout.classNameAt, strings),
    keys: layout.keyAt.map((at) => ({
      key: decodeAt(words, at, strings),
      flags: words[at + valueLength(words, at)],
    })),
    offset,
  };
}

/** A SHAPED_SNAPSHOT as the SNAPSHOT it stands for; throws when its shape is not among `shapes`. */
export function decodeShaped(
  words: Int32Array,
  offset: number,
  strings: StringTable,
  shapes: Map<number, DecodedShape>,
): DecodedSnapshot {
  const event = readShapedSnapshot(words, offset);
  const shape = shapes.get(event.shapeId);
  if (!shape) throw new Error(`SHAPED_SNAPSHOT at ${offset} names shape ${event.shapeId}, not defined before it`);
  if (shape.keys.length !== event.valueAt.length) throw new Error(`SHAPED_SNAPSHOT at ${offset}: value count`);
  return {
    id: event.objectId,
    type: shape.typeAndFlags & 0xff,
    flags: shape.typeAndFlags & ~0xff,
    className: shape.className,
    trueSize: shape.keys.length,
    entries: shape.keys.map(({ key, flags }, index) => ({
      key,
      flags,
      value: decodeAt(words, event.valueAt[index], strings),
    })),
    offset,
    ...(shape.prototype.type === 'undefined' ? {} : { prototype: shape.prototype }),
    shapeId: event.shapeId,
  };
}

export function decodeSnapshot(words: Int32Array, offset: number, strings: StringTable): DecodedSnapshot {
  let at = offset + 1;
  const id = words[at++];
  const typeAndFlags = words[at++];
  const type = typeAndFlags & 0xff;
  const className = decodeAt(words, at, strings);
  at += valueLength(words, at);
  const trueSize = words[at++];
  const captured = words[at++];
  let extra: DecodedValue | undefined;
  if (hasSnapshotExtra(type)) {
    extra = decodeAt(words, at, strings);
    at += valueLength(words, at);
  }
  const entries: SnapshotEntry[] = [];
  const keyed = !(
    type === ObjectType.ARRAY ||
    type === ObjectType.TYPED_ARRAY ||
    type === ObjectType.ARGUMENTS ||
    type === ObjectType.SET
  );
  for (let index = 0; index < captured; index++) {
    if (!keyed) {
      entries.push({ value: decodeAt(words, at, strings) });
      at += valueLength(words, at);
      continue;
    }
    const key = decodeAt(words, at, strings);
    at += valueLength(words, at);
    if (type === ObjectType.MAP) {
      entries.push({ key, value: decodeAt(words, at, strings) });
      at += valueLength(words, at);
      continue;
    }
    const flags = words[at++];
    if ((flags & PropFlag.ACCESSOR) !== 0) {
      entries.push({ key, flags });
      continue;
    }
    entries.push({ key, flags, value: decodeAt(words, at, strings) });
    at += valueLength(words, at);
  }
  return { id, type, flags: typeAndFlags & ~0xff, className, trueSize, extra, entries, offset };
}

/**
 * NEW_OBJECT [hdr, 2, objectId, v:prototype] as the empty SNAPSHOT it stands for: the class name
 * is the name of the function the prototype's latest snapshot holds as its own data `constructor`.
 */
function decodeNewObject(
  words: Int32Array,
  offset: number,
  strings: StringTable,
  latest: Map<number, DecodedSnapshot>,
): DecodedSnapshot {
  const prototype = decodeAt(words, offset + 3, strings);
  const base = { id: words[offset + 2], type: ObjectType.OBJECT, trueSize: 0, entries: [], offset, prototype };
  if (prototype.type === 'null')
    return { ...base, flags: SnapshotFlag.NULL_PROTOTYPE, className: { type: 'undefined' } };
  const constructor =
    prototype.type === 'object'
      ? latest
          .get(prototype.id)
          ?.entries.find(
            (entry) => entry.key?.type === 'string' && entry.key.value === 'constructor' && entry.value !== undefined,
          )?.value
      : undefined;
  const method = constructor?.type === 'object' ? latest.get(constructor.id) : undefined;
  const name = method?.type === ObjectType.FUNCTION && method.extra?.type === 'string' ? method.extra : undefined;
  // Format 3.5: a builtin prototype by its INTRINSIC_PROTOTYPES number, named after its constructor.
  const builtin = prototype.type === 'number' ? INTRINSIC_PROTOTYPES[prototype.value] : undefined;
  const builtinName = builtin?.slice(0, -'.prototype'.length);
  return {
    ...base,
    flags: 0,
    className:
      name ??
      (builtinName
        ? { type: 'string', value: builtinName, length: builtinName.length, truncated: false }
        : { type: 'undefined' }),
  };
}

/** Every snapshot in order, and the latest per object id. */
export function snapshots(
  words: Int32Array,
  strings: StringTable,
): { all: DecodedSnapshot[]; latest: Map<number, DecodedSnapshot> } {
  const all: DecodedSnapshot[] = [];
  const latest = new Map<number, DecodedSnapshot>();
  const shapes = new Map<number, DecodedShape>();
  for (const event of walkEvents(words)) {
    if (event.kind !== EventKind.EXT) continue;
    if (event.probe === Ext.SHAPE) {
      const shape = decodeShape(words, event.offset, strings);
      shapes.set(shape.shapeId, shape);
      continue;
    }
    if (event.probe !== Ext.SNAPSHOT && event.probe !== Ext.NEW_OBJECT && event.probe !== Ext.SHAPED_SNAPSHOT) continue;
    const snapshot =
      event.probe === Ext.SNAPSHOT
        ? decodeSnapshot(words, event.offset, strings)
        : event.probe === Ext.SHAPED_SNAPSHOT
          ? decodeShaped(words, event.offset, strings, shapes)
          : decodeNewObject(words, event.offset, strings, latest);
    all.push(snapshot);
    latest.set(snapshot.id, snapshot);
  }
  return { all, latest };
}

export const HOLE = Symbol('hole');
export const NOT_CAPTURED = Symbol('not captured');

/** A JS value for a decoded value, objects rebuilt from snapshots (same id ⇒ same object). */
export function rebuild(
  value: DecodedValue,
  latest: Map<number, DecodedSnapshot>,
  built = new Map<number, unknown>(),
): unknown {
  switch (value.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'hole':
      return HOLE;
    case 'boolean':
    case 'number':
      return value.value;
    case 'string':
      return value.value;
    case 'bigint':
      return BigInt(value.text);
    case 'symbol':
      return `Symbol(${value.description ?? ''})#${value.id}`;
    case 'notCaptured':
      return NOT_CAPTURED;
    case 'object': {
      if (built.has(value.id)) return built.get(value.id);
      const snapshot = latest.get(value.id);
      if (!snapshot) return NOT_CAPTURED;
      if (
        snapshot.type === ObjectType.ARRAY ||
        snapshot.type === ObjectType.TYPED_ARRAY ||
        snapshot.type === ObjectType.SET
      ) {
        const list: unknown[] = [];
        built.set(value.id, list);
        for (const entry of snapshot.entries) list.push(rebuild(entry.value!, latest, built));
        return list;
      }
      if (snapshot.type === ObjectType.MAP) {
        const map = new Map<unknown, unknown>();
        built.set(value.id, map);
        for (const entry of snapshot.entries)
          map.set(rebuild(entry.key!, latest, built), rebuild(entry.value!, latest, built));
        return map;
      }
      const object: Record<string, unknown> = Object.create(null);
      built.set(value.id, object);
      for (const entry of snapshot.entries) {
        const key = String(rebuild(entry.key!, latest, built));
        object[key] = entry.value ? rebuild(entry.value, latest, built) : `<accessor ${entry.flags}>`;
      }
      return object;
    }
  }
}

export function isTruncated(snapshot: DecodedSnapshot): boolean {
  return (snapshot.flags & SnapshotFlag.TRUNCATED) !== 0;
}
