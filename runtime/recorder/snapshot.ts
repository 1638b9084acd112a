// Object identity and EXT SNAPSHOT events. An object gets a stable id (stored by identity.ts) and,
// the first time it is seen, a snapshot written BEFORE the event that references it: bounded
// entries (true size kept, TRUNCATED flag), children snapshotted eagerly to maxDepth, cycles and
// shared children by id. Reads objects only through captured builtins and own-property descriptors:
// no getter, no Proxy trap, no toString/valueOf/iterator of the user's (INS-06/07).
import {
  EventKind,
  Ext,
  KIND_MASK,
  ObjectType,
  PropFlag,
  SnapshotFlag,
  ValueTag,
  eventHeader,
  valueWord,
} from '../format/events';
import { B } from './builtins';
import { entryOf, resetEntries, setEntry, setNewEntry } from './identity';
import { INTRINSIC_PROTOTYPES } from '../format/intrinsics';
import { intrinsicPrototypeIndex, isDefaultPrototype, isPristineMember } from './snapshotPrototype';
import { limits, REDACTED_KEY, REDACTED_MARKER } from './limits';
import { quietRegExp } from './quietRegExp';
import { beginSized, endSized, event4, eventWordsLeft, patch, position, put, put2, reserveForDefinition } from './ring';
import {
  MAX_SHAPE_KEYS,
  defineShape,
  foundShapeId,
  lookUpProperty,
  lookUpStart,
  resetShapeIds,
  resetShapes,
  shapeEventWords,
  shapeGeneration,
  shapesEnabled,
} from './shapes';
import {
  HOLE_WORD,
  INLINE,
  NULL_WORD,
  UNDEFINED_WORD,
  installObjectEncoders,
  notCapturedWord,
  prepare,
  preparedWords,
  putPrepared,
  redactedWord,
  smallIntWord,
} from './values';

const SNAPSHOT_HEADER = eventHeader(EventKind.EXT, Ext.SNAPSHOT);
const NEW_OBJECT_HEADER = eventHeader(EventKind.EXT, Ext.NEW_OBJECT);
const PROTOTYPE_HEADER = eventHeader(EventKind.EXT, Ext.PROTOTYPE);
const BUILTIN_PROTOTYPE_HEADER = eventHeader(EventKind.EXT, Ext.BUILTIN_PROTOTYPE);
const SHAPED_SNAPSHOT_HEADER = eventHeader(EventKind.EXT, Ext.SHAPED_SNAPSHOT);
const ID_SPACE = 2 ** 27;
/** Values a SHAPED_SNAPSHOT holds at most, in words (long inline strings keep the ordinary SNAPSHOT). */
const MAX_SHAPED_VALUE_WORDS = 256;
/** Words kept free in a snapshot event for one more entry's fixed words. */
const ENTRY_RESERVE_WORDS = 24;

/*
 * An object's entry (identity.ts) is epoch * ID_SPACE + id; an entry from an older epoch must be
 * snapshotted again. A negative entry (-id) is an id given at `calls` level without a snapshot
 * (objectIdOnly): the first full-level sight snapshots it under that id.
 */
let nextObjectId = 1;
let epoch = 0;
/** epoch * ID_SPACE: the smallest entry value of the current epoch (computed once per epoch, not per lookup). */
let epochBase = 0;
/** Entries still allowed for the top-level value being prepared (bounds work and memory per event). */
let entryBudget = 0;
/** Set by prepareObject: the last object prepared was snapshotted just now (first seen). */
export let lastObjectWasNew = false;
/**
 * Set by prepareObject when the object it returns an OBJECT word for has an entry of this epoch:
 * that entry, so freshThisEntry need not look the object up a second time (issue 9: richards'
 * methods mostly write `this` once per activation, so that second lookup was a third of identity).
 */
let lastObjectEntry = 0;

/** After a loss, earlier snapshots may be gone: objects get a fresh snapshot on next sight. */
export function newSnapshotEpoch(): void {
  epoch++;
  epochBase = epoch * ID_SPACE;
  // A shape names prototypes by object id and keys by string id: it dies with them (shapes.ts).
  resetShapes();
}

export function resetObjectIds(): void {
  resetEntries();
  resetShapeIds();
  nextObjectId = 1;
  epoch = 0;
  epochBase = 0;
}

/** OBJECT word for an object, snapshotting it (and its children) if this epoch has not seen it. */
export function prepareObject(value: object, depth: number): number {
  const known = entryOf(value);
  if (known !== undefined && known >= epochBase) {
    lastObjectWasNew = false;
    lastObjectEntry = known;
    // known - epochBase === known % ID_SPACE here (entries are never from a later epoch), without a division.
    return valueWord(ValueTag.OBJECT, known - epochBase);
  }
  return firstSight(value, depth, known, false);
}

/**
 * prepareObject's miss: an id (a new one, or the one a `calls`-level sight gave) and a snapshot.
 * `ordinary`: the caller knows the object is ordinary (neither a Proxy nor exotic), see thisEntry.
 */
function firstSight(value: object, depth: number, known: number | undefined, ordinary: boolean): number {
  if (depth === 0) entryBudget = limits.maxEntriesPerValue;
  else if (depth > limits.maxDepth || entryBudget <= 0) return notCapturedWord(value);
  const id = known === undefined ? allocateId() : known < 0 ? -known : known % ID_SPACE;
  const entry = epoch * ID_SPACE + id;
  if (known === undefined) setNewEntry(value, entry);
  else setEntry(value, entry);
  writeSnapshot(value, id, depth, ordinary); // prepares its children: lastObjectEntry is set after it
  lastObjectWasNew = true;
  lastObjectEntry = entry;
  return valueWord(ValueTag.OBJECT, id);
}

/**
 * The identity entry of a frame's `this` for its PROP_SETs (`<prefix>o<n>=<rt>.thisEntry(<prefix>o<n>,this)`):
 * the frame's cached entry while it is of this epoch (no per-write lookup: a revisit through the
 * megamorphic private-field check costs 10–20 ns, issue 9), else prepared now as the PROP_SET's
 * target would be. Undefined for a primitive `this`: the PROP_SET prepares it itself.
 * `newTarget` (plain functions only, instrument/properties.ts): defined when the function was run
 * by `new`, so `this` is the object OrdinaryCreateFromConstructor made for the call — ordinary for
 * life, whatever prototype or keys it has by now (Reflect.construct(F, [], Map) makes no Map).
 */
export function thisEntry(cached: number | undefined, thisValue: unknown, newTarget?: unknown): number | undefined {
  if (cached !== undefined && cached >= epochBase) return cached;
  return freshThisEntry(thisValue, newTarget);
}

function freshThisEntry(thisValue: unknown, newTarget: unknown): number | undefined {
  if ((typeof thisValue !== 'object' || thisValue === null) && typeof thisValue !== 'function') return undefined;
  // At depth 0 either always gives the object an entry, and says which (lastObjectEntry).
  if (newTarget === undefined) prepareObject(thisValue, 0);
  else prepareConstructed(thisValue);
  return lastObjectEntry;
}

/**
 * prepareObject at depth 0 for the `this` of a plain function run by `new`: its first sight skips
 * the Proxy, array and exotic-type probes (issue 9: eleven util.types calls, ~120 ns of the ~290 ns
 * first sight of acorn's AST nodes, 678K of them at 8x). Its own keys and extensibility are read as
 * for any object: code may have changed them since construction.
 */
function prepareConstructed(value: object): void {
  const known = entryOf(value);
  if (known !== undefined && known >= epochBase) {
    lastObjectWasNew = false;
    lastObjectEntry = known;
    return;
  }
  firstSight(value, 0, known, true);
}

/** OBJECT word of an entry thisEntry() returned, or -1 when there is none of this epoch (prepare the object). */
export function entryObjectWord(entry: number | undefined): number {
  return entry !== undefined && entry >= epochBase ? valueWord(ValueTag.OBJECT, entry - epochBase) : -1;
}

/**
 * OBJECT word for an object at `calls` level: its identity only, never a snapshot (issue 9: the
 * replay shows the value as not captured until a full-level probe sees it). Stays negative in
 * the map so that sight still snapshots it.
 */
export function objectIdOnly(value: object): number {
  const known = entryOf(value);
  if (known === undefined) {
    const id = allocateId();
    setEntry(value, -id);
    return valueWord(ValueTag.OBJECT, id);
  }
  return valueWord(ValueTag.OBJECT, known < 0 ? -known : known % ID_SPACE);
}

installObjectEncoders(prepareObject, objectIdOnly);

/** A fresh SNAPSHOT of an object already known (after a mutation the events cannot describe). */
export function resnapshot(value: object): void {
  const known = entryOf(value);
  if (known === undefined || known < 0) return;
  entryBudget = limits.maxEntriesPerValue;
  writeSnapshot(value, known % ID_SPACE, 0);
}

function allocateId(): number {
  const id = nextObjectId;
  nextObjectId = nextObjectId + 1 < ID_SPACE ? nextObjectId + 1 : 1;
  return id;
}

/** What a snapshot holds before it is written: collected first, so children can be written before it. */
interface Collected {
  type: number;
  flags: number;
  className: string | undefined;
  trueSize: number;
  /** DATE time, or REGEXP/FUNCTION/ERROR text. */
  extra: unknown;
  hasExtra: boolean;
  keys: unknown[];
  propFlags: number[];
  values: unknown[];
  /** Redact every value (process.env). */
  redactAll: boolean;
  /** Its prototype (a Proxy's is never asked: undefined). */
  prototype: object | null | undefined;
}

function writeSnapshot(value: object, id: number, depth: number, ordinary = false): void {
  // A Proxy is never inspected (INS-07): not even Array.isArray, which throws on a revoked one.
  const proxy = !ordinary && B.isProxy(value);
  if (!proxy && writeEmptyOrdinary(value, id, depth, ordinary)) return;
  const preparedIn = shapeGeneration();
  // Never empty, so never the case above: one Map lookup per snapshot with keys.
  const intrinsic = proxy ? -1 : intrinsicPrototypeIndex(value);
  const collected = proxy
    ? emptyCollected(ObjectType.PROXY)
    : intrinsic >= 0
      ? collectProgramMembers(value, intrinsic)
      : collect(value);
  entryBudget -= collected.values.length;
  const keyWords = B.list<number>();
  const valueWords = B.list<number>();
  const keyed = collected.keys.length > 0;
  for (let index = 0; index < collected.values.length; index++) {
    if (keyed) B.listPush(keyWords, prepare(collected.keys[index], depth + 1));
    B.listPush(valueWords, prepareEntryValue(collected, index, depth));
  }
  const classWord = collected.className === undefined ? UNDEFINED_WORD : prepare(collected.className, depth + 1);
  const extraWord = collected.hasExtra ? prepare(collected.extra, depth + 1) : 0;
  const prototype = collected.prototype;
  const namedPrototype =
    prototype === undefined || prototype === null || isDefaultPrototype(collected.type, prototype)
      ? -1
      : prototypeWord(prototype);
  if (prototype !== undefined) collected.flags |= SnapshotFlag.PROTOTYPE_RECORDED;
  if (
    collected.type === ObjectType.OBJECT &&
    intrinsic < 0 &&
    shapesEnabled() &&
    writeShaped(collected, id, keyWords, valueWords, classWord, namedPrototype, preparedIn)
  )
    return;
  beginSized();
  put2(SNAPSHOT_HEADER, id);
  const typeAt = position();
  put(collected.type | collected.flags);
  putPrepared(collected.className, classWord);
  put(collected.trueSize);
  const countAt = position();
  put(collected.values.length);
  if (collected.hasExtra) putPrepared(collected.extra, extraWord);
  let written = 0;
  for (; written < collected.values.length; written++) {
    if (eventWordsLeft() < ENTRY_RESERVE_WORDS) break;
    if (keyed) {
      putPrepared(collected.keys[written], keyWords[written]);
      // MAP entries are (key, value); other keyed objects (key, propFlags, value if data).
      if (collected.type !== ObjectType.MAP) {
        put(collected.propFlags[written]);
        if ((collected.propFlags[written] & PropFlag.ACCESSOR) !== 0) continue;
      }
    }
    putPrepared(collected.values[written], valueWords[written]);
  }
  const truncated = written < collected.values.length || collected.values.length < collected.trueSize;
  patch(typeAt, collected.type | collected.flags | (truncated ? SnapshotFlag.TRUNCATED : 0));
  patch(countAt, written);
  endSized();
  if (namedPrototype !== -1) event4(PROTOTYPE_HEADER, 2, id, namedPrototype);
  if (intrinsic >= 0) event4(BUILTIN_PROTOTYPE_HEADER, 2, id, intrinsic);
}

/**
 * A SHAPED_SNAPSHOT (format 3.12, shapes.ts) of an ordinary object or class instance whose every
 * property was captured as data, keyed by an interned string, with values of a known size: its
 * SHAPE (written first when new) holds what objects of the shape share, the event only the values.
 * Returns false (nothing written) for any other object, or when the words were prepared before a
 * loss: the caller writes the ordinary SNAPSHOT.
 */
function writeShaped(
  collected: Collected,
  id: number,
  keyWords: readonly number[],
  valueWords: readonly number[],
  classWord: number,
  prototypeWord: number,
  preparedIn: number,
): boolean {
  const count = collected.values.length;
  if (count === 0 || count > MAX_SHAPE_KEYS || count !== collected.trueSize || collected.redactAll) return false;
  if (classWord === INLINE) return false;
  let valueWordCount = 0;
  for (let index = 0; index < count; index++) {
    if ((collected.propFlags[index] & PropFlag.ACCESSOR) !== 0) return false;
    if ((keyWords[index] & KIND_MASK) !== ValueTag.STRING_REF) return false; // a symbol, or a key not interned
    const words = valueWords[index] === INLINE ? preparedWords(collected.values[index], INLINE) : 1;
    if (words < 0) return false;
    valueWordCount += words;
  }
  // Far below the smallest ring's event room (layout.ts: 512 words), so no value is ever cut short.
  if (valueWordCount > MAX_SHAPED_VALUE_WORDS) return false;
  const shapedWords = 4 + valueWordCount;
  // The SHAPE and the event in one batch (kept or lost together); a loss seen at this boundary
  // makes the prepared words stale.
  reserveForDefinition(shapeEventWords(count) + shapedWords);
  if (shapeGeneration() !== preparedIn) return false;
  const typeAndFlags = collected.type | collected.flags;
  const prototype = prototypeWord === -1 ? UNDEFINED_WORD : prototypeWord;
  if (!lookUpStart(typeAndFlags, prototype, classWord)) return false;
  for (let index = 0; index < count; index++)
    if (!lookUpProperty(keyWords[index] >>> 4, collected.propFlags[index])) return false;
  let shapeId = foundShapeId();
  if (shapeId < 0) shapeId = defineShape(typeAndFlags, prototype, classWord, keyWords, collected.propFlags);
  beginSized();
  const lengthAt = position() + 1;
  put2(SHAPED_SNAPSHOT_HEADER, 0);
  put2(id, shapeId);
  for (let index = 0; index < count; index++) putPrepared(collected.values[index], valueWords[index]);
  // Counted once written: a string stored one unit a byte (format 3.13) takes fewer words than prepared.
  patch(lengthAt, position() - lengthAt - 1);
  endSized();
  return true;
}

/**
 * A builtin prototype (format 3.6, snapshotPrototype.ts): an ordinary object holding only the
 * members the program added or replaced since load (a polyfill's `Array.prototype.last`), named
 * like "Array.prototype"; its BUILTIN_PROTOTYPE event says which builtin it is. Its builtin members
 * are the language's: the replay reads them from its own realm.
 */
function collectProgramMembers(value: object, intrinsic: number): Collected {
  const result = emptyCollected(ObjectType.OBJECT);
  result.prototype = B.getPrototypeOf(value);
  if (result.prototype === null) result.flags |= SnapshotFlag.NULL_PROTOTYPE;
  if (!B.isExtensible(value)) result.flags |= B.isFrozen(value) ? SnapshotFlag.FROZEN : SnapshotFlag.NOT_EXTENSIBLE;
  result.className = INTRINSIC_PROTOTYPES[intrinsic];
  let keys: PropertyKey[];
  try {
    keys = B.ownKeys(value);
  } catch {
    return result;
  }
  for (let index = 0; index < keys.length; index++) {
    const descriptor = B.getOwnPropertyDescriptor(value, keys[index]);
    if (descriptor === undefined || isPristineMember(intrinsic, keys[index], descriptor)) continue;
    result.trueSize++;
    if (result.values.length >= entryLimit(result.trueSize)) continue;
    B.listPush(result.keys, keys[index]);
    B.listPush(result.propFlags, descriptorFlags(descriptor));
    B.listPush(result.values, B.hasOwn(descriptor, 'value') ? descriptor.value : NOT_READ);
  }
  return result;
}

/**
 * A prototype as one value word: a builtin's well-known number, else the object itself, snapshotted
 * once (its identity entry caches it, as any object's) with a budget of its own, at depth 1 whatever
 * the depth of the object it belongs to: a class's methods are worth showing even deep in a graph.
 */
function prototypeWord(prototype: object): number {
  const intrinsic = intrinsicPrototypeIndex(prototype);
  if (intrinsic >= 0) return smallIntWord(intrinsic);
  const budget = entryBudget;
  entryBudget = limits.maxEntriesPerValue;
  const word = prepareObject(prototype, 1);
  entryBudget = budget;
  return word;
}

/**
 * The common first sight (issue 9: raytrace's 799K snapshots): an ordinary extensible object with
 * no own keys yet, e.g. a constructor's `this` at its first property write. Written without a
 * Collected, its lists or the integrity and type probes an empty ordinary object cannot need; at
 * the top level as a NEW_OBJECT naming its prototype (the prototype's snapshot, once, carries the
 * class name: no descriptor reads per object). Returns false (nothing written) for anything else.
 */
function writeEmptyOrdinary(value: object, id: number, depth: number, ordinary: boolean): boolean {
  // Not a Proxy (the caller checked). Arrays and typed arrays first (cheap, inlined): a typed
  // array's ownKeys would list every index. `ordinary`: known to be neither (prepareConstructed).
  if (!ordinary && (typeof value !== 'object' || B.isArray(value) || B.isTypedArray(value))) return false;
  let keys: PropertyKey[];
  try {
    keys = B.ownKeys(value);
  } catch {
    return false;
  }
  if (keys.length !== 0 || !B.isExtensible(value) || (!ordinary && mayBeEmptyExotic(value))) return false;
  const prototype = B.getPrototypeOf(value);
  // Nested (or maxDepth < 2), the prototype's `constructor` could fall past maxDepth and lose the class name.
  if (depth === 0 && limits.maxDepth >= 2) {
    event4(NEW_OBJECT_HEADER, 2, id, prototype === null ? NULL_WORD : prototypeWord(prototype));
    return true;
  }
  const className = prototype === null ? undefined : prototypeClassName(prototype);
  const classWord = className === undefined ? UNDEFINED_WORD : prepare(className, depth + 1);
  const namedPrototype =
    prototype === null || isDefaultPrototype(ObjectType.OBJECT, prototype) ? -1 : prototypeWord(prototype);
  beginSized();
  put2(SNAPSHOT_HEADER, id);
  put(
    SnapshotFlag.PROTOTYPE_RECORDED |
      (prototype === null ? ObjectType.OBJECT | SnapshotFlag.NULL_PROTOTYPE : ObjectType.OBJECT),
  );
  putPrepared(className, classWord);
  put2(0, 0); // trueSize, captured count
  endSized();
  if (namedPrototype !== -1) event4(PROTOTYPE_HEADER, 2, id, namedPrototype);
  return true;
}

/**
 * classify()'s types an object with no own keys can be (regexps and module namespaces always have
 * one: lastIndex and @@toStringTag cannot be deleted). Most frequent first.
 */
function mayBeEmptyExotic(value: object): boolean {
  return (
    B.isMap(value) ||
    B.isSet(value) ||
    B.isPromise(value) ||
    B.isDate(value) ||
    B.isNativeError(value) ||
    B.isWeakMap(value) ||
    B.isWeakSet(value) ||
    B.isWeakRef(value) ||
    B.isArrayBuffer(value) ||
    B.isDataView(value) ||
    B.isBoxedPrimitive(value) ||
    B.isArgumentsObject(value)
  );
}

function prepareEntryValue(collected: Collected, index: number, depth: number): number {
  const flags = collected.keys.length > 0 ? collected.propFlags[index] : 0;
  if ((flags & PropFlag.ACCESSOR) !== 0) return UNDEFINED_WORD;
  const entryValue = collected.values[index];
  if (entryValue === HOLE) return HOLE_WORD;
  if (entryValue === NOT_READ) return notCapturedWord(undefined);
  if (limits.redact && (collected.redactAll || isSecretKey(collected.keys[index]))) {
    collected.values[index] = REDACTED_MARKER;
    return redactedWord();
  }
  return prepare(entryValue, depth + 1);
}

/** Quiet (quietRegExp.ts): a secret-looking key must not set the program's RegExp statics. */
const secretKey = quietRegExp(REDACTED_KEY);

export function isSecretKey(key: unknown): boolean {
  return typeof key === 'string' && secretKey(key) !== null;
}

function emptyCollected(type: number): Collected {
  return {
    type,
    flags: 0,
    className: undefined,
    trueSize: 0,
    extra: undefined,
    hasExtra: false,
    keys: B.list(),
    propFlags: B.list(),
    values: B.list(),
    redactAll: false,
    prototype: undefined,
  };
}

/** Reads the object, not a Proxy (no user code), into a Collected. */
function collect(value: object): Collected {
  const result = emptyCollected(classify(value));
  const prototype = B.getPrototypeOf(value);
  result.prototype = prototype;
  if (prototype === null) result.flags |= SnapshotFlag.NULL_PROTOTYPE;
  // Frozen and sealed objects are not extensible: most objects need this one probe only.
  if (!B.isExtensible(value)) {
    if (B.isFrozen(value)) result.flags |= SnapshotFlag.FROZEN;
    else if (B.isSealed(value)) result.flags |= SnapshotFlag.SEALED;
    else result.flags |= SnapshotFlag.NOT_EXTENSIBLE;
  }
  result.className = constructorName(value, prototype);
  switch (result.type) {
    case ObjectType.ARRAY:
    case ObjectType.ARGUMENTS:
      collectIndexed(value, result);
      break;
    case ObjectType.TYPED_ARRAY:
      collectTyped(value, result);
      break;
    case ObjectType.MAP:
      collectMap(value as Map<unknown, unknown>, result);
      break;
    case ObjectType.SET:
      collectSet(value as Set<unknown>, result);
      break;
    case ObjectType.DATE:
      result.hasExtra = true;
      result.extra = B.dateGetTime(value);
      break;
    case ObjectType.REGEXP:
      result.hasExtra = true;
      result.extra = regexpText(value);
      break;
    case ObjectType.FUNCTION:
      result.hasExtra = true;
      result.extra = ownDataValue(value, 'name');
      break;
    case ObjectType.ERROR:
      result.hasExtra = true;
      result.extra = ownDataValue(value, 'message');
      collectProperties(value, result);
      break;
    case ObjectType.ARRAY_BUFFER:
      result.trueSize = byteLength(value);
      break;
    case ObjectType.PROMISE:
    case ObjectType.WEAK:
      break;
    default:
      collectProperties(value, result);
  }
  if (value === B.processEnv) result.redactAll = true;
  return result;
}

function classify(value: object): number {
  if (typeof value === 'function') return ObjectType.FUNCTION;
  if (B.isArray(value)) return ObjectType.ARRAY;
  if (B.isTypedArray(value)) return ObjectType.TYPED_ARRAY;
  if (B.isMap(value)) return ObjectType.MAP;
  if (B.isSet(value)) return ObjectType.SET;
  if (B.isNativeError(value)) return ObjectType.ERROR;
  if (B.isDate(value)) return ObjectType.DATE;
  if (B.isRegExp(value)) return ObjectType.REGEXP;
  if (B.isPromise(value)) return ObjectType.PROMISE;
  if (B.isArrayBuffer(value) || B.isDataView(value)) return ObjectType.ARRAY_BUFFER;
  if (B.isWeakMap(value) || B.isWeakSet(value) || B.isWeakRef(value)) return ObjectType.WEAK;
  if (B.isBoxedPrimitive(value)) return ObjectType.BOXED;
  if (B.isArgumentsObject(value)) return ObjectType.ARGUMENTS;
  if (B.isModuleNamespaceObject(value)) return ObjectType.NAMESPACE;
  return ObjectType.OBJECT;
}

/** The value of an own data property, or undefined (accessors are never called). */
function ownDataValue(value: object, key: PropertyKey): unknown {
  try {
    const descriptor = B.getOwnPropertyDescriptor(value, key);
    return descriptor !== undefined && B.hasOwn(descriptor, 'value') ? descriptor.value : undefined;
  } catch {
    return undefined; // an uninitialised module binding (TDZ)
  }
}

function constructorName(value: object, prototype: object | null): string | undefined {
  if (B.isTypedArray(value)) return B.typedArrayTag(value);
  return prototype === null ? undefined : prototypeClassName(prototype);
}

/** The name of a prototype's own `constructor` (own data properties only: no getter runs). */
function prototypeClassName(prototype: object): string | undefined {
  if (B.isProxy(prototype)) return undefined; // its getOwnPropertyDescriptor trap would run (INS-07)
  const constructor = ownDataValue(prototype, 'constructor');
  if (typeof constructor !== 'function' || B.isProxy(constructor)) return undefined;
  const name = ownDataValue(constructor, 'name');
  return typeof name === 'string' ? name : undefined;
}

function regexpText(value: object): string {
  let flags = '';
  const getters = B.regexpFlagGetters;
  for (let index = 0; index < getters.length; index++) if (getters[index][0](value)) flags += getters[index][1];
  return `/${B.regexpSource(value)}/${flags}`;
}

function byteLength(value: object): number {
  try {
    return B.isDataView(value) ? 0 : B.arrayBufferByteLength(value);
  } catch {
    return 0; // a SharedArrayBuffer: its own byteLength getter would be needed; not worth capturing
  }
}

function entryLimit(trueSize: number): number {
  const cap = limits.maxCollectionEntries < entryBudget ? limits.maxCollectionEntries : entryBudget;
  return trueSize < cap ? trueSize : cap > 0 ? cap : 0;
}

function collectIndexed(value: object, result: Collected): void {
  const length = ownDataValue(value, 'length');
  result.trueSize = typeof length === 'number' ? length : 0;
  const count = entryLimit(result.trueSize);
  for (let index = 0; index < count; index++) {
    const descriptor = B.getOwnPropertyDescriptor(value, index);
    if (descriptor === undefined) B.listPush(result.values, HOLE);
    else B.listPush(result.values, B.hasOwn(descriptor, 'value') ? descriptor.value : NOT_READ);
  }
}

function collectTyped(value: object, result: Collected): void {
  result.trueSize = B.typedArrayLength(value);
  const count = entryLimit(result.trueSize);
  const elements = value as unknown as ArrayLike<unknown>;
  for (let index = 0; index < count; index++) B.listPush(result.values, elements[index]);
}

function collectMap(value: Map<unknown, unknown>, result: Collected): void {
  result.trueSize = B.mapSize(value);
  const count = entryLimit(result.trueSize);
  const iterator = B.mapEntries(value);
  for (let index = 0; index < count; index++) {
    const step = B.mapIteratorNext(iterator) as IteratorResult<[unknown, unknown]>;
    if (step.done) break;
    B.listPush(result.keys, step.value[0]);
    B.listPush(result.propFlags, PropFlag.DATA);
    B.listPush(result.values, step.value[1]);
  }
}

function collectSet(value: Set<unknown>, result: Collected): void {
  result.trueSize = B.setSize(value);
  const count = entryLimit(result.trueSize);
  const iterator = B.setValues(value);
  for (let index = 0; index < count; index++) {
    const step = B.setIteratorNext(iterator) as IteratorResult<unknown>;
    if (step.done) break;
    B.listPush(result.values, step.value);
  }
}

function collectProperties(value: object, result: Collected): void {
  let keys: PropertyKey[];
  try {
    keys = B.ownKeys(value);
  } catch {
    return;
  }
  result.trueSize = keys.length;
  const count = entryLimit(keys.length);
  const isError = result.type === ObjectType.ERROR;
  for (let index = 0; index < count; index++) {
    const key = keys[index];
    B.listPush(result.keys, key);
    if (isError && key === 'stack') {
      // Reading an error's stack can run user code: only errorStack() decides whether it may.
      const stack = errorStack(value);
      B.listPush(result.propFlags, stack.flags);
      B.listPush(result.values, stack.value);
      continue;
    }
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = B.getOwnPropertyDescriptor(value, key);
    } catch {
      descriptor = undefined;
    }
    B.listPush(result.propFlags, descriptorFlags(descriptor));
    B.listPush(result.values, descriptor !== undefined && B.hasOwn(descriptor, 'value') ? descriptor.value : NOT_READ);
  }
}

/**
 * An error's `stack` is never read. V8 formats it lazily on first read, and that first read is
 * observable: it fixes the text at that moment (a prepareStackTrace installed later would not
 * apply) and it discards the structured trace Node uses to print the source line of an unhandled
 * rejection — Node then prints its own internal line instead of the user's (Node 20 and 24). The
 * debugger shows the recorded call stack at the throw instead, which is the truth of the recording.
 */
function errorStack(_error: object): { flags: number; value: unknown } {
  return { flags: PropFlag.NON_ENUMERABLE, value: NOT_READ };
}

function descriptorFlags(descriptor: PropertyDescriptor | undefined): number {
  if (descriptor === undefined) return PropFlag.DATA;
  let flags = 0;
  // Only own fields of the descriptor are read: a user getter on Object.prototype must not run.
  if (!B.hasOwn(descriptor, 'value'))
    flags |= (descriptor.get ? PropFlag.GETTER : 0) | (descriptor.set ? PropFlag.SETTER : 0);
  else if (!descriptor.writable) flags |= PropFlag.NON_WRITABLE;
  if (!descriptor.enumerable) flags |= PropFlag.NON_ENUMERABLE;
  return flags;
}

/** Markers for entries that are not plain values (identity-compared, never exposed). */
const HOLE: object = B.freeze({});
const NOT_READ: object = B.freeze({});
