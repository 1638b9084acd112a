// Measuring events and values in a run of event words without decoding them: where each event
// starts and ends. The store indexes with this (offsets only, no allocation); the decoder and the
// CLI build on it. Throws TraceFormatError on words that cannot be an event (a corrupt record).
import { BASE_SHAPES, MAX_COUNTED_VALUES } from './baseKinds';
import {
  EventKind,
  KIND_MASK,
  MAX_EXT_SIZED_WORDS,
  ONE_BYTE_BIT,
  ObjectType,
  SCOPE_TAG,
  ValueTag,
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
    case ValueTag.STRING: {
      // One unit a byte when stored so (3.13, oneByteStrings.ts: only until decodeEventWords
      // expands it; the decoder refuses the bit, its captured length exceeding any true one).
      const captured = words[offset + 1];
      return captured < ONE_BYTE_BIT ? 2 + ((captured + 1) >>> 1) : 2 + (((captured ^ ONE_BYTE_BIT) + 3) >>> 2);
    }
    case ValueTag.BIGINT:
    case ValueTag.SYMBOL:
      return 1 + valueLength(words, offset + 1);
    default:
      throw new TraceFormatError(`unknown value tag ${word & KIND_MASK}`, offset);
  }
}

/**
 * Word offset just past the event starting at `offset`: a base event measured by its shape
 * (baseKinds.ts; all 16 kinds are declared there, a test holds it), an EXT one by extEnd.
 */
export function eventEnd(words: Int32Array, offset: number): number {
  const header = words[offset];
  const kind = header & KIND_MASK;
  if (kind === EventKind.EXT) return extEnd(words, offset, headerProbe(header));
  const shape = BASE_SHAPES[kind];
  let at = offset + shape.fixedWords;
  if (shape.optionalScope && (words[at] & KIND_MASK) === SCOPE_TAG) at += 1;
  for (let index = shape.valuesBeforeCount; index > 0; index--) at += valueLength(words, at);
  if (shape.counted) {
    const count = words[at++];
    if (count < 0 || count > MAX_COUNTED_VALUES) throw new TraceFormatError(`bad ${shape.countName} ${count}`, offset);
    for (let index = count; index > 0; index--) at += valueLength(words, at);
  }
  for (let index = shape.valuesAfterCount; index > 0; index--) at += valueLength(words, at);
  return at;
}

/** Words before an event's first value: the header, its fixed words and a WRITE's scope word (baseKinds.ts). */
export function firstValueWords(words: Int32Array, offset: number): number {
  const kind = words[offset] & KIND_MASK;
  if (kind === EventKind.EXT) return 1;
  const shape = BASE_SHAPES[kind];
  const scope = shape.optionalScope && (words[offset + shape.fixedWords] & KIND_MASK) === SCOPE_TAG;
  return shape.fixedWords + (scope ? 1 : 0);
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
