// Measuring events and values in a run of event words without decoding them: where each event
// starts and ends. The store indexes with this (offsets only, no allocation); the decoder and the
// CLI build on it. Throws TraceFormatError on words that cannot be an event (a corrupt record).
import {
  EventKind,
  KIND_MASK,
  MAX_EXT_SIZED_WORDS,
  ObjectType,
  SCOPE_TAG,
  ValueTag,
  headerKind,
  headerProbe,
} from './events';
import { EXT_KINDS, EXT_NAMES, EXT_SIZED_FIRST, type ExtFieldKind } from './extKinds';
import { TraceFormatError, assertNever } from './errors';

/** Words taken by the value starting at `offset`. */
export function valueLength(words: Int32Array, offset: number): number {
  const word = words[offset];
  switch (word & KIND_MASK) {
    case ValueTag.SMALL_INT:
    case ValueTag.CONST:
    case ValueTag.STRING_REF:
    case ValueTag.OBJECT:
    case ValueTag.NOT_CAPTURED:
      return 1;
    case ValueTag.DOUBLE:
      return 3;
    case ValueTag.STRING:
      return 2 + ((words[offset + 1] + 1) >>> 1);
    case ValueTag.BIGINT:
    case ValueTag.SYMBOL:
      return 1 + valueLength(words, offset + 1);
    default:
      throw new TraceFormatError(`unknown value tag ${word & KIND_MASK}`, offset);
  }
}

/** Word offset just past the event starting at `offset`. */
export function eventEnd(words: Int32Array, offset: number): number {
  const header = words[offset];
  let at = offset + 1;
  const skip = (count: number) => {
    for (let index = 0; index < count; index++) at += valueLength(words, at);
  };
  // Every 4-bit kind is an EventKind (all 16 are taken): the switch is closed, and one left out
  // would not compile (a new event is an EXT subkind, measured by extEnd).
  const kind = headerKind(header);
  switch (kind) {
    case EventKind.PAD:
    case EventKind.STEP:
      return at;
    case EventKind.ENTER:
    case EventKind.EXIT:
      return at + 1;
    case EventKind.ENTER_THIS:
    case EventKind.SUSPEND:
    case EventKind.RESUME:
    case EventKind.OUTPUT:
      at += 1;
      skip(1);
      return at;
    case EventKind.WRITE:
      if ((words[at] & KIND_MASK) === SCOPE_TAG) at += 1;
      skip(1);
      return at;
    case EventKind.RETURN:
      skip(1);
      return at;
    case EventKind.PROP_SET:
      skip(3);
      return at;
    case EventKind.PROP_DELETE:
      skip(2);
      return at;
    case EventKind.THROW:
    case EventKind.CATCH:
      skip(1);
      return at;
    case EventKind.MUTATOR: {
      skip(1);
      const argCount = words[at++];
      if (argCount < 0 || argCount > 1024) throw new TraceFormatError(`bad mutator argument count ${argCount}`, offset);
      skip(argCount + 1);
      return at;
    }
    case EventKind.EXT:
      return extEnd(words, offset, headerProbe(header));
    default:
      return assertNever(kind, 'event kind');
  }
}

/** Words before an event's first value: the header plus any fixed words (events.ts layouts). */
export function firstValueWords(words: Int32Array, offset: number): number {
  switch (headerKind(words[offset])) {
    case EventKind.ENTER_THIS:
    case EventKind.SUSPEND:
    case EventKind.RESUME:
    case EventKind.OUTPUT:
      return 2;
    case EventKind.WRITE:
      return hasScopeWord(words, offset) ? 2 : 1;
    default:
      return 1;
  }
}

/** A WRITE that names its scope's frame (module scope, a closure's, unknown) rather than the running one. */
export function hasScopeWord(words: Int32Array, offset: number): boolean {
  return (words[offset + 1] & KIND_MASK) === SCOPE_TAG;
}

function extEnd(words: Int32Array, offset: number, subkind: number): number {
  if (subkind >= EXT_SIZED_FIRST) {
    // Sized (any subkind a newer recorder writes too): skipped by its length.
    const length = words[offset + 1];
    if (length < 0 || length > MAX_EXT_SIZED_WORDS) throw new TraceFormatError(`bad EXT length ${length}`, offset);
    return offset + 2 + length;
  }
  const measure = FIXED_EXT_END[subkind];
  if (measure === undefined) throw new TraceFormatError(`unknown EXT subkind ${subkind}`, offset);
  return measure(words, offset);
}

type Measure = (words: Int32Array, offset: number) => number;

/** Per fixed-layout subkind (below EXT_SIZED_FIRST), its end measured by its fields (extKinds.ts). */
const FIXED_EXT_END: Array<Measure | undefined> = [];
for (const name of EXT_NAMES) {
  const { subkind, fields } = EXT_KINDS[name];
  if (subkind < EXT_SIZED_FIRST) FIXED_EXT_END[subkind] = fieldsEnd(Object.values(fields));
}

/** A fixed layout's walker: its words (every field but the last, extKinds.ts), then its last field. */
function fieldsEnd(kinds: readonly ExtFieldKind[]): Measure {
  const last = kinds[kinds.length - 1];
  const words = kinds.length - 1;
  switch (last) {
    case 'word':
      return (_words, offset) => offset + 2 + words;
    case 'value':
      return (all, offset) => offset + 1 + words + valueLength(all, offset + 1 + words);
    case 'snapshot':
      return snapshotEnd;
    case 'text':
    case 'rest':
      // These need a length word: sized subkinds only (a registry test holds it).
      throw new TraceFormatError(`a fixed EXT layout cannot end with ${last}`, 0);
    default:
      return assertNever(last, 'EXT field kind');
  }
}

/** Layout of a SNAPSHOT: see events.ts. Returns the offset past it. */
function snapshotEnd(words: Int32Array, offset: number): number {
  let at = offset + 2; // header, objectId
  const type = words[at++] & 0xff;
  at += valueLength(words, at); // className
  at += 1; // trueSize
  const captured = words[at++];
  if (captured < 0 || captured > 1 << 24) throw new TraceFormatError(`bad snapshot entry count ${captured}`, offset);
  if (hasSnapshotExtra(type)) at += valueLength(words, at);
  for (let index = 0; index < captured; index++) at = snapshotEntryEnd(words, at, type);
  return at;
}

export function hasSnapshotExtra(type: number): boolean {
  return (
    type === ObjectType.DATE ||
    type === ObjectType.REGEXP ||
    type === ObjectType.FUNCTION ||
    type === ObjectType.ERROR ||
    type === ObjectType.CLASS
  );
}

/** One snapshot entry's end, by object type. */
function snapshotEntryEnd(words: Int32Array, at: number, type: number): number {
  switch (type) {
    case ObjectType.ARRAY:
    case ObjectType.TYPED_ARRAY:
    case ObjectType.ARGUMENTS:
    case ObjectType.SET:
      return at + valueLength(words, at);
    case ObjectType.MAP: {
      const afterKey = at + valueLength(words, at);
      return afterKey + valueLength(words, afterKey);
    }
    default: {
      const afterKey = at + valueLength(words, at);
      const propFlags = words[afterKey];
      const isData = (propFlags & 3) === 0;
      return isData ? afterKey + 1 + valueLength(words, afterKey + 1) : afterKey + 1;
    }
  }
}
