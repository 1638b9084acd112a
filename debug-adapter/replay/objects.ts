// Objects AS THEY WERE at a moment: the latest SNAPSHOT before the cutoff, then every recorded
// mutation after it (PROP_SET, PROP_DELETE, MUTATOR push/pop/shift/unshift/splice/set/delete/
// clear/add/reverse/fill) up to the cutoff. Pure reconstruction from events: nothing is invoked,
// getters stay getters. Knows nothing of display, references or DAP.
import {
  Const,
  DEFAULT_PROTOTYPE_BY_TYPE,
  EventKind,
  Ext,
  KIND_MASK,
  ObjectType,
  PropFlag,
  SnapshotFlag,
  ValueTag,
  INTRINSIC_PROTOTYPES,
  hasSnapshotExtra,
  type DecodedValue,
  type ProducerProbeId,
} from '../../runtime/format';
import { upperBound, type OffsetList, type ProbeTable } from '../trace/history';
import type { Recorded } from './recorded';
import { SnapshotPositions } from './snapshotPositions';
import { ShapedSnapshots } from './shapedSnapshots';

export interface PropertyState {
  key: DecodedValue;
  kind: 'data' | 'getter' | 'setter' | 'accessor';
  value?: DecodedValue;
  enumerable: boolean;
}

/**
 * An object's prototype as recorded: another recorded object, a builtin named by its well-known
 * number (INTRINSIC_PROTOTYPES), none, or not known (a trace older than 3.5, a Proxy, a prototype
 * past the recorder's limits).
 */
export type PrototypeLink =
  { kind: 'object'; id: number } | { kind: 'builtin'; index: number } | { kind: 'null' } | { kind: 'unknown' };

const UNKNOWN_PROTOTYPE: PrototypeLink = { kind: 'unknown' };
const NULL_PROTOTYPE: PrototypeLink = { kind: 'null' };

/** A recorded prototype value (PROTOTYPE's, NEW_OBJECT's) as a link. */
function prototypeLink(value: DecodedValue): PrototypeLink {
  if (value.type === 'object') return { kind: 'object', id: value.id };
  if (value.type === 'null') return NULL_PROTOTYPE;
  if (value.type === 'number' && Number.isInteger(value.value) && value.value >= 0)
    return { kind: 'builtin', index: value.value };
  return UNKNOWN_PROTOTYPE;
}

export interface ObjectState {
  objectId: number;
  /** false when no snapshot precedes the cutoff (its history was lost or it was never captured). */
  known: boolean;
  type: number;
  className: string;
  /** Captured snapshot flags (SnapshotFlag). */
  flags: number;
  /** Error message, function name, regexp source, date time. */
  extra?: DecodedValue;
  /**
   * Array-like items by index as word offsets of their recorded values (decoded only when shown,
   * see itemAt): HOLE_ITEM for a hole, UNCAPTURED_ITEM past what was captured. Length is the true length.
   */
  items: number[];
  /** Decodes an item offset (set by ObjectHistory). */
  decode: (offset: number) => DecodedValue;
  length: number;
  mapEntries: Array<[DecodedValue, DecodedValue]>;
  setValues: DecodedValue[];
  properties: Map<string, PropertyState>;
  /** Entries the recorder did not capture (true size − captured). */
  uncaptured: number;
  /**
   * The state may be off: a mutation could not be replayed (unknown probe, untyped operation), or
   * the object went through code the recording cannot see inside since its snapshot (unseenCode.ts).
   */
  approximate: boolean;
  /** Why `approximate`, when it is because of unseen code (shown with the value). */
  staleReason?: string;
  /** Offset of the snapshot this state was read from, -1 when none. */
  snapshotOffset: number;
  /** Its prototype at this moment (prototypeChain.ts walks it). */
  prototype: PrototypeLink;
}

export const HOLE_ITEM = -1;
export const UNCAPTURED_ITEM = -2;

/** An array-like item as a value: undefined when it exists but was not recorded. */
export function itemAt(state: ObjectState, index: number): DecodedValue | undefined {
  const item = index < state.items.length ? state.items[index] : UNCAPTURED_ITEM;
  if (item === UNCAPTURED_ITEM || item === undefined) return undefined;
  return item === HOLE_ITEM ? { type: 'hole' } : state.decode(item);
}

export function isArrayLike(type: number): boolean {
  return type === ObjectType.ARRAY || type === ObjectType.TYPED_ARRAY || type === ObjectType.ARGUMENTS;
}

/** A stable text key for a property key value (strings as-is, symbols tagged by id). */
export function keyText(key: DecodedValue): string {
  switch (key.type) {
    case 'string':
      return key.value;
    case 'number':
      return String(key.value);
    case 'symbol':
      return `@@symbol:${key.id}:${key.description ?? ''}`;
    default:
      return `@@${key.type}`;
  }
}

/** The value a key holds in an object's state (a data property, an element, `length`), if known. */
export function valueOfKey(state: ObjectState, key: string): DecodedValue | undefined {
  const property = state.properties.get(key);
  if (property) return property.kind === 'data' ? (property.value ?? { type: 'undefined' }) : undefined;
  if (!isArrayLike(state.type)) return undefined;
  if (key === 'length') return { type: 'number', value: state.length };
  return /^\d+$/.test(key) ? itemAt(state, Number(key)) : undefined;
}

/** SameValueZero over decoded values (Map keys, Set values). */
export function sameValueZero(a: DecodedValue, b: DecodedValue): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'number': {
      const other = (b as { value: number }).value;
      return a.value === other || (Number.isNaN(a.value) && Number.isNaN(other));
    }
    case 'string':
      return a.value === (b as { value: string }).value;
    case 'boolean':
      return a.value === (b as { value: boolean }).value;
    case 'object':
      return a.id === (b as { id: number }).id;
    case 'symbol':
      return a.id === (b as { id: number }).id;
    case 'bigint':
      return a.text === (b as { text: string }).text;
    default:
      return true;
  }
}

/** Objects with many mutations keep a copy of their state every CHECKPOINT_EVERY events (bounded in total). */
const CHECKPOINT_EVERY = 1024;
const CHECKPOINT_BUDGET_ENTRIES = 8_000_000;

export class ObjectHistory {
  private readonly checkpoints = new Map<number, Map<number, ObjectState>>();
  private checkpointEntries = 0;
  private readonly snapshots = new SnapshotPositions((offset) => this.isSnapshot(offset));
  private readonly shapes: ShapedSnapshots;

  constructor(
    private readonly recorded: Recorded,
    private readonly probes: ProbeTable,
  ) {
    this.shapes = new ShapedSnapshots(recorded);
  }

  isSnapshot(offset: number): boolean {
    const word = this.recorded.word(offset);
    return (word & KIND_MASK) === EventKind.EXT && isSnapshotSubkind(word >>> 4);
  }

  /**
   * The object as it was just before `cutoffOffset`: start from the latest snapshot or checkpoint,
   * replay forward, and leave checkpoints behind in a long history so the next request anywhere
   * nearby replays at most CHECKPOINT_EVERY events.
   */
  at(objectId: number, cutoffOffset: number): ObjectState {
    const events = this.recorded.thread.objectEvents(objectId);
    const end = upperBound(events.length, cutoffOffset - 1, (position) => events.get(position));
    const snapshot = this.snapshots.latestBefore(objectId, events, end);
    let state = this.emptyState(objectId);
    let start = Math.max(snapshot, 0);
    // A checkpoint after the snapshot is nearer; one at the snapshot's own position or before it
    // predates the reset. (The state is the same either way: only the replayed length differs.)
    const saved = this.checkpoints.get(objectId);
    if (saved)
      for (
        let position = end - (end % CHECKPOINT_EVERY);
        position > snapshot && position > 0;
        position -= CHECKPOINT_EVERY
      ) {
        const checkpoint = saved.get(position);
        if (checkpoint) {
          state = cloneState(checkpoint);
          start = position;
          break;
        }
      }
    this.replay(objectId, events, state, start, end);
    // A long cold replay: finish the object's whole history now, so later requests anywhere replay
    // at most CHECKPOINT_EVERY events (one predictable cost instead of many first-visit costs).
    if (
      end - start > 4 * CHECKPOINT_EVERY &&
      !this.checkpoints.get(objectId)?.has(Math.floor(events.length / CHECKPOINT_EVERY) * CHECKPOINT_EVERY)
    ) {
      this.replay(objectId, events, cloneState(state), end, events.length);
    }
    return state;
  }

  /**
   * Each key a recorded `delete` removed from the object before `cutoffOffset` (keyText → the key
   * and the offset of its last PROP_DELETE). A builtin prototype's snapshot lists only the program's
   * members, so this is how a builtin member the program deleted is known to be gone.
   */
  deletions(objectId: number, cutoffOffset: number): Map<string, { key: DecodedValue; offset: number }> {
    const deleted = new Map<string, { key: DecodedValue; offset: number }>();
    const events = this.recorded.thread.objectEvents(objectId);
    const end = upperBound(events.length, cutoffOffset - 1, (position) => events.get(position));
    for (let position = 0; position < end; position++) {
      const offset = events.get(position);
      if (this.recorded.kind(offset) !== EventKind.PROP_DELETE) continue;
      const key = this.recorded.value(this.recorded.after(offset + 1));
      deleted.set(keyText(key), { key, offset });
    }
    return deleted;
  }

  /** Applies events [start, end) to `state`, leaving checkpoints behind. */
  private replay(objectId: number, events: OffsetList, state: ObjectState, start: number, end: number): void {
    for (let position = start; position < end; position++) {
      const offset = events.get(position);
      // The event's first word once: its kind, EXT subkind and probe (the hot loop of every reconstruction).
      const word = this.recorded.word(offset);
      const kind = word & KIND_MASK;
      if (kind === EventKind.EXT) {
        const subkind = word >>> 4;
        if (isSnapshotSubkind(subkind)) this.readSnapshot(state, offset);
        else if (subkind === Ext.PROTOTYPE) state.prototype = prototypeLink(this.recorded.value(offset + 3));
      } else if (state.known) this.apply(state, offset, word);
      if ((position + 1) % CHECKPOINT_EVERY === 0) this.saveCheckpoint(objectId, position + 1, state);
    }
  }

  /** A checkpoint at `position` holds the state after events [0, position). */
  private saveCheckpoint(objectId: number, position: number, state: ObjectState): void {
    let saved = this.checkpoints.get(objectId);
    if (saved?.has(position)) return;
    const entries = state.items.length + state.mapEntries.length + state.setValues.length + state.properties.size + 1;
    if (this.checkpointEntries + entries > CHECKPOINT_BUDGET_ENTRIES) {
      this.checkpoints.clear();
      this.checkpointEntries = 0;
      saved = undefined;
    }
    if (!saved) this.checkpoints.set(objectId, (saved = new Map()));
    saved.set(position, cloneState(state));
    this.checkpointEntries += entries;
  }

  private readSnapshot(state: ObjectState, offset: number): void {
    const recorded = this.recorded;
    if (recorded.word(offset) >>> 4 === Ext.NEW_OBJECT) return this.readNewObject(state, offset);
    if (recorded.word(offset) >>> 4 === Ext.SHAPED_SNAPSHOT) return this.readShaped(state, offset);
    const typeAndFlags = recorded.word(offset + 2);
    const type = typeAndFlags & 0xff;
    Object.assign(state, this.emptyState(state.objectId), {
      known: true,
      type,
      flags: typeAndFlags & ~0xff,
      snapshotOffset: offset,
      prototype: snapshotPrototype(typeAndFlags),
    });
    let at = offset + 3;
    const className = recorded.value(at);
    state.className = className.type === 'string' ? className.value : 'Object';
    at = recorded.after(at);
    const trueSize = recorded.word(at);
    const captured = recorded.word(at + 1);
    at += 2;
    if (hasSnapshotExtra(type)) {
      state.extra = recorded.value(at);
      at = recorded.after(at);
    }
    state.uncaptured = Math.max(0, trueSize - captured);
    if (isArrayLike(type)) state.length = Math.max(trueSize, captured);
    for (let entry = 0; entry < captured; entry++) at = this.readEntry(state, type, at);
  }

  /**
   * SHAPED_SNAPSHOT (format 3.12): the SNAPSHOT its shape and values make, and the PROTOTYPE event
   * the shape names. Its SHAPE lost (or damaged past reading): the object is not captured, never
   * shown with another shape's keys.
   */
  private readShaped(state: ObjectState, offset: number): void {
    Object.assign(state, this.emptyState(state.objectId), { snapshotOffset: offset });
    const shape = this.shapes.at(offset);
    if (!shape) return;
    const { typeAndFlags, keyAt, valueAt } = shape;
    const recorded = this.recorded;
    const type = typeAndFlags & 0xff;
    Object.assign(state, {
      known: true,
      type,
      flags: typeAndFlags & ~0xff,
      prototype: snapshotPrototype(typeAndFlags),
    });
    const className = recorded.value(shape.classNameAt);
    state.className = className.type === 'string' ? className.value : 'Object';
    const prototype = recorded.value(shape.prototypeAt);
    if (prototype.type !== 'undefined') state.prototype = prototypeLink(prototype);
    for (let index = 0; index < keyAt.length; index++) {
      const key = recorded.value(keyAt[index]);
      const property = propertyOf(key, recorded.word(recorded.after(keyAt[index])));
      if (property.kind === 'data') property.value = recorded.value(valueAt[index]);
      state.properties.set(keyText(key), property);
    }
  }

  /** NEW_OBJECT [hdr, 2, objectId, v:prototype]: an empty ordinary object, named as the recorder would have. */
  private readNewObject(state: ObjectState, offset: number): void {
    const prototype = this.recorded.value(offset + 3);
    const link = prototypeLink(prototype);
    Object.assign(state, this.emptyState(state.objectId), {
      known: true,
      type: ObjectType.OBJECT,
      flags: prototype.type === 'null' ? SnapshotFlag.NULL_PROTOTYPE : 0,
      snapshotOffset: offset,
      prototype: link,
    });
    state.className =
      (link.kind === 'object' && this.prototypeClassName(link.id, offset)) ||
      (link.kind === 'builtin' && INTRINSIC_PROTOTYPES[link.index]?.replace(/\.prototype$/, '')) ||
      'Object';
  }

  /**
   * The recorder's class name (snapshot.ts prototypeClassName) from the recorded prototype: the
   * `name` of the function its own data `constructor` held just before `offset`, or undefined.
   */
  private prototypeClassName(prototypeId: number, offset: number): string | undefined {
    const constructor = this.at(prototypeId, offset).properties.get('constructor');
    if (constructor?.kind !== 'data' || constructor.value?.type !== 'object') return undefined;
    const method = this.at(constructor.value.id, offset);
    return method.type === ObjectType.FUNCTION && method.extra?.type === 'string' ? method.extra.value : undefined;
  }

  private readEntry(state: ObjectState, type: number, at: number): number {
    const recorded = this.recorded;
    if (isArrayLike(type)) {
      state.items.push(this.isHole(at) ? HOLE_ITEM : at);
      return recorded.after(at);
    }
    if (type === ObjectType.SET) {
      state.setValues.push(recorded.value(at));
      return recorded.after(at);
    }
    const key = recorded.value(at);
    at = recorded.after(at);
    if (type === ObjectType.MAP) {
      state.mapEntries.push([key, recorded.value(at)]);
      return recorded.after(at);
    }
    const property = propertyOf(key, recorded.word(at));
    at += 1;
    if (property.kind === 'data') {
      property.value = recorded.value(at);
      at = recorded.after(at);
    }
    state.properties.set(keyText(key), property);
    return at;
  }

  private emptyState(objectId: number): ObjectState {
    return emptyState(objectId, this.decode);
  }

  private readonly decode = (offset: number): DecodedValue => this.recorded.value(offset);

  private isHole(offset: number): boolean {
    return this.recorded.word(offset) === HOLE_WORD;
  }

  /** A PROP_SET, PROP_DELETE or MUTATOR event (`word`: its first word); other kinds change nothing. */
  private apply(state: ObjectState, offset: number, word: number): void {
    const kind = word & KIND_MASK;
    if (kind === EventKind.PROP_SET) {
      const keyAt = this.recorded.after(offset + 1);
      const valueAt = this.recorded.after(keyAt);
      setProperty(state, this.recorded.value(keyAt), valueAt);
    } else if (kind === EventKind.PROP_DELETE)
      deleteProperty(state, this.recorded.value(this.recorded.after(offset + 1)));
    else if (kind === EventKind.MUTATOR) this.applyMutator(state, offset, (word >>> 4) as ProducerProbeId);
  }

  private applyMutator(state: ObjectState, offset: number, probe: ProducerProbeId): void {
    const operation = this.probes.resolve(probe)?.info.operation;
    let at = this.recorded.after(offset + 1);
    const argCount = this.recorded.word(at);
    at += 1;
    const argOffsets: number[] = [];
    for (let index = 0; index < argCount; index++) {
      argOffsets.push(at);
      at = this.recorded.after(at);
    }
    if (!operation || !this.applyOperation(state, operation, argOffsets)) state.approximate = true;
  }

  /** Replays a builtin method call; false when it cannot be replayed from its recorded arguments. */
  private applyOperation(state: ObjectState, operation: string, argOffsets: number[]): boolean {
    if (isArrayLike(state.type)) return applyArray(state, operation, argOffsets, this.decode);
    const args = argOffsets.map((at) => this.recorded.value(at));
    if (state.type === ObjectType.MAP) return applyMap(state, operation, args);
    if (state.type === ObjectType.SET) return applySet(state, operation, args);
    return false;
  }
}

const HOLE_WORD = (Const.HOLE << 4) | ValueTag.CONST;

function cloneState(state: ObjectState): ObjectState {
  // items are numbers: slice() copies a packed array of small integers, cheap even for big arrays.
  return {
    ...state,
    items: state.items.slice(),
    mapEntries: state.mapEntries.slice(),
    setValues: state.setValues.slice(),
    properties: new Map(state.properties),
  };
}

/**
 * A snapshot's prototype from its flags: none, its type's default builtin when its writer records
 * prototypes (a PROTOTYPE event may follow to say otherwise), else not known (older writers).
 */
function isSnapshotSubkind(subkind: number): boolean {
  return subkind === Ext.SNAPSHOT || subkind === Ext.NEW_OBJECT || subkind === Ext.SHAPED_SNAPSHOT;
}

/** A keyed snapshot entry's property, its value still to read (a data property's). */
function propertyOf(key: DecodedValue, propFlags: number): PropertyState {
  const accessor = propFlags & PropFlag.ACCESSOR;
  return {
    key,
    enumerable: (propFlags & PropFlag.NON_ENUMERABLE) === 0,
    kind:
      accessor === PropFlag.GETTER
        ? 'getter'
        : accessor === PropFlag.SETTER
          ? 'setter'
          : accessor === PropFlag.ACCESSOR
            ? 'accessor'
            : 'data',
  };
}

function snapshotPrototype(typeAndFlags: number): PrototypeLink {
  if ((typeAndFlags & SnapshotFlag.NULL_PROTOTYPE) !== 0) return NULL_PROTOTYPE;
  if ((typeAndFlags & SnapshotFlag.PROTOTYPE_RECORDED) === 0) return UNKNOWN_PROTOTYPE;
  const index = DEFAULT_PROTOTYPE_BY_TYPE[typeAndFlags & 0xff] ?? -1;
  return index < 0 ? UNKNOWN_PROTOTYPE : { kind: 'builtin', index };
}

/** An object with no entries, not yet known from the trace; `fields` names what the caller knows. */
export function emptyState(
  objectId: number,
  decode: (offset: number) => DecodedValue,
  fields: Partial<ObjectState> = {},
): ObjectState {
  return {
    objectId,
    known: false,
    type: ObjectType.OTHER,
    className: 'Object',
    flags: 0,
    items: [],
    decode,
    length: 0,
    mapEntries: [],
    setValues: [],
    properties: new Map(),
    uncaptured: 0,
    approximate: false,
    snapshotOffset: -1,
    prototype: UNKNOWN_PROTOTYPE,
    ...fields,
  };
}

function arrayIndex(key: DecodedValue): number {
  if (key.type === 'number' && Number.isInteger(key.value) && key.value >= 0) return key.value;
  if (key.type === 'string' && /^(0|[1-9]\d*)$/.test(key.value) && key.value.length < 10) return Number(key.value);
  return -1;
}

function setProperty(state: ObjectState, key: DecodedValue, valueOffset: number): void {
  if (isArrayLike(state.type)) {
    const index = arrayIndex(key);
    if (index >= 0) {
      while (state.items.length < index)
        state.items.push(state.items.length < state.length ? UNCAPTURED_ITEM : HOLE_ITEM);
      state.items[index] = valueOffset;
      state.length = Math.max(state.length, index + 1);
      return;
    }
    const length = state.decode(valueOffset);
    if (key.type === 'string' && key.value === 'length' && length.type === 'number') {
      state.length = length.value;
      state.items.length = Math.min(state.items.length, length.value);
      return;
    }
  }
  const value = state.decode(valueOffset);
  const text = keyText(key);
  const existing = state.properties.get(text);
  // `o.__proto__ = p` runs Object.prototype's __proto__ setter: a prototype change, no own property
  // (unless the object has none of that setter: a null prototype, or an own `__proto__`).
  if (text === '__proto__' && !existing && state.prototype.kind !== 'null') {
    if (value.type === 'object' || value.type === 'null') state.prototype = prototypeLink(value);
    return;
  }
  if (existing && existing.kind !== 'data') return; // a setter ran (not recorded as a value change)
  state.properties.set(text, { key, kind: 'data', value, enumerable: existing?.enumerable ?? true });
}

function deleteProperty(state: ObjectState, key: DecodedValue): void {
  const index = isArrayLike(state.type) ? arrayIndex(key) : -1;
  if (index >= 0) {
    if (index < state.items.length) state.items[index] = HOLE_ITEM;
    return;
  }
  state.properties.delete(keyText(key));
}

/** Array mutators work on value offsets; only numeric arguments (splice/fill bounds) are decoded. */
function applyArray(
  state: ObjectState,
  operation: string,
  args: number[],
  decode: (offset: number) => DecodedValue,
): boolean {
  const items = state.items;
  // Uncaptured tail slots exist in `length` but not in `items`: pad so index arithmetic stays true.
  while (items.length < state.length) items.push(UNCAPTURED_ITEM);
  switch (operation) {
    case 'push':
      // A loop, not a spread: this is the replay's most common event.
      for (let index = 0; index < args.length; index++) items.push(args[index]);
      break;
    case 'pop':
      items.pop();
      break;
    case 'shift':
      items.shift();
      break;
    case 'unshift':
      items.unshift(...args);
      break;
    case 'reverse':
      items.reverse();
      break;
    case 'splice': {
      const number = (offset: number | undefined, fallback: number) => {
        const value = offset === undefined ? undefined : decode(offset);
        return value?.type === 'number' ? Math.trunc(value.value) : fallback;
      };
      const length = items.length;
      let start = number(args[0], 0);
      start = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
      const deleteCount = args.length < 2 ? length - start : Math.max(0, Math.min(number(args[1], 0), length - start));
      items.splice(start, deleteCount, ...args.slice(2));
      break;
    }
    case 'fill': {
      if (args.length === 0) return false;
      const number = (offset: number | undefined, fallback: number) => {
        const value = offset === undefined ? undefined : decode(offset);
        return value?.type === 'number' ? Math.trunc(value.value) : fallback;
      };
      const length = items.length;
      const relative = (value: number) => (value < 0 ? Math.max(0, length + value) : Math.min(value, length));
      const end = relative(number(args[2], length));
      for (let index = relative(number(args[1], 0)); index < end; index++) items[index] = args[0];
      break;
    }
    default:
      return false; // sort, copyWithin: the recorder re-snapshots
  }
  state.length = items.length;
  return true;
}

function applyMap(state: ObjectState, operation: string, args: DecodedValue[]): boolean {
  const entries = state.mapEntries;
  const at = args.length ? entries.findIndex(([key]) => sameValueZero(key, args[0])) : -1;
  switch (operation) {
    case 'set':
      if (args.length < 2) return false;
      if (at >= 0) entries[at] = [entries[at][0], args[1]];
      else entries.push([args[0], args[1]]);
      return true;
    case 'delete':
      if (at >= 0) entries.splice(at, 1);
      return args.length > 0;
    case 'clear':
      entries.length = 0;
      state.uncaptured = 0;
      return true;
    default:
      return false;
  }
}

function applySet(state: ObjectState, operation: string, args: DecodedValue[]): boolean {
  const values = state.setValues;
  const at = args.length ? values.findIndex((value) => sameValueZero(value, args[0])) : -1;
  switch (operation) {
    case 'add':
      if (args.length && at < 0) values.push(args[0]);
      return args.length > 0;
    case 'delete':
      if (at >= 0) values.splice(at, 1);
      return args.length > 0;
    case 'clear':
      values.length = 0;
      state.uncaptured = 0;
      return true;
    default:
      return false;
  }
}
