// One-byte strings (format 3.13): a STRING value whose captured units are all ≤ 0xFF, stored one
// unit a byte, four a word (the lowest-indexed unit in the lowest byte, a last word's unused bytes
// zero), its captured-length word carrying ONE_BYTE_BIT (events.ts). Only COMPACT_EVENTS records
// hold them. Owns finding them in an event's stored words (every value of a base event, a fixed EXT
// and the sized EXTs whose values follow their words) and writing one in the ordinary two units a
// word, so every reader past decodeEventWords sees 3.12's words. Knows value and event layouts,
// nothing of rings, files or compact frames (compactEvents.ts drives the walk and the copy).
import { BASE_SHAPES, MAX_COUNTED_VALUES } from './baseKinds';
import { EventKind, KIND_MASK, ONE_BYTE_BIT, ObjectType, SCOPE_TAG, ValueTag, headerProbe } from './events';
import { EXT_KINDS, EXT_NAMES, EXT_SIZED_FIRST, type ExtFieldKind } from './extKinds';
import { hasSnapshotExtra, valueLength } from './eventWalk';
import { TraceFormatError } from './errors';

/** An edit's code for a one-byte string at its offset (compactEvents.ts's edits: offset, code). */
export const ONE_BYTE_EDIT = -1;
/** Codes at or below this lengthen the sized EXT whose length word is at the offset by LENGTH_EDIT - code words. */
export const LENGTH_EDIT = -2;

/** The edits found so far in a record, in word order: pairs (offset, code), and the words they add. */
export interface Edits {
  list: Int32Array;
  count: number;
  addedWords: number;
}

/** Per sized subkind whose fields are words then values to its end: the words before its first value. */
const SIZED_VALUES_AFTER: Array<number | undefined> = [];
/** Per fixed subkind: its last field (a value or a snapshot body follow its words), and its words before it. */
const FIXED_LAST: Array<ExtFieldKind | undefined> = [];
const FIXED_WORDS_BEFORE: number[] = [];
for (const name of EXT_NAMES) {
  const { subkind, fields } = EXT_KINDS[name];
  const kinds: readonly ExtFieldKind[] = Object.values(fields);
  const last = kinds[kinds.length - 1];
  const wordsBefore = kinds.length - 1;
  const valuesLast = last === 'value' || (last === 'rest' && Object.keys(fields)[wordsBefore] === 'values');
  const onlyWordsBefore = kinds.slice(0, wordsBefore).every((kind) => kind === 'word');
  if (subkind < EXT_SIZED_FIRST) {
    FIXED_LAST[subkind] = last;
    FIXED_WORDS_BEFORE[subkind] = wordsBefore;
  } else if (valuesLast && onlyWordsBefore) SIZED_VALUES_AFTER[subkind] = wordsBefore;
}

/** Whether a word in [from, to) could be a one-byte string's captured length: events without one skip the walk. */
export function mayHoldOneByte(words: Int32Array, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (words[at] >= ONE_BYTE_BIT) return true;
  return false;
}

/** Adds the edits for the one-byte strings of the stored event [at, end) to `edits`. */
export function findOneByteStrings(words: Int32Array, at: number, end: number, edits: Edits): void {
  const header = words[at];
  const kind = header & KIND_MASK;
  if (header < 0) {
    // Compact: only ENTER_THIS has a value (compactEvents.ts).
    if (kind === EventKind.ENTER_THIS) valueEnd(words, at + 1, end, edits);
    return;
  }
  if (kind !== EventKind.EXT) return baseValues(words, at, end, edits);
  const subkind = headerProbe(header);
  if (subkind >= EXT_SIZED_FIRST) return sizedValues(words, at, end, subkind, edits);
  const last = FIXED_LAST[subkind];
  if (last === 'value') valueEnd(words, at + 1 + FIXED_WORDS_BEFORE[subkind], end, edits);
  else if (last === 'snapshot') snapshotValues(words, at, end, edits);
}

/**
 * Writes the one-byte string at `at` into `out` from `to` in the ordinary form ([tag, captured,
 * two units a word]); returns where its words end in `out`.
 */
export function expandOneByteString(words: Int32Array, at: number, out: Int32Array, to: number): number {
  const captured = words[at + 1] ^ ONE_BYTE_BIT;
  out[to++] = words[at];
  out[to++] = captured;
  const from = at + 2;
  for (let unit = 0; unit < captured; unit += 2) {
    // Units `unit` and `unit + 1` are bytes 0-1 or 2-3 of one word (unit is even).
    const pair = words[from + (unit >>> 2)] >>> ((unit & 2) << 3);
    out[to++] = (pair & 0xff) | ((pair & 0xff00) << 8);
  }
  return to;
}

/** Words the ordinary form of a one-byte string of `captured` units adds to its stored form. */
function addedBy(captured: number): number {
  return ((captured + 1) >>> 1) - ((captured + 3) >>> 2);
}

/** Where the value at `at` ends, noting a one-byte string (a BIGINT's digits, a SYMBOL's description too). */
function valueEnd(words: Int32Array, at: number, end: number, edits: Edits): number {
  const tag = words[at] & KIND_MASK;
  if (tag === ValueTag.BIGINT || tag === ValueTag.SYMBOL) return valueEnd(words, at + 1, end, edits);
  const after = at + valueLength(words, at);
  if (tag !== ValueTag.STRING) return after;
  const capturedWord = words[at + 1];
  if (capturedWord < ONE_BYTE_BIT) return after;
  const captured = capturedWord ^ ONE_BYTE_BIT;
  if (after > end || captured > words[at] >>> 4) {
    throw new TraceFormatError(`a one-byte string of ${captured} units does not fit its event`, at);
  }
  // The last word's bytes past the units are zero: anything else is not what a writer stored.
  if ((captured & 3) !== 0 && words[after - 1] >>> ((captured & 3) << 3) !== 0) {
    throw new TraceFormatError('a one-byte string with bytes past its units', after - 1);
  }
  edits.list[edits.count++] = at;
  edits.list[edits.count++] = ONE_BYTE_EDIT;
  edits.addedWords += addedBy(captured);
  return after;
}

function baseValues(words: Int32Array, offset: number, end: number, edits: Edits): void {
  const shape = BASE_SHAPES[words[offset] & KIND_MASK];
  let at = offset + shape.fixedWords;
  if (shape.optionalScope && (words[at] & KIND_MASK) === SCOPE_TAG) at += 1;
  for (let index = shape.valuesBeforeCount; index > 0; index--) at = valueEnd(words, at, end, edits);
  if (shape.counted) {
    const count = words[at++];
    if (count < 0 || count > MAX_COUNTED_VALUES) throw new TraceFormatError(`bad ${shape.countName} ${count}`, offset);
    for (let index = count; index > 0; index--) at = valueEnd(words, at, end, edits);
  }
  for (let index = shape.valuesAfterCount; index > 0; index--) at = valueEnd(words, at, end, edits);
}

/** A sized EXT's values, and an edit of its length word before them when any is one-byte. */
function sizedValues(words: Int32Array, offset: number, end: number, subkind: number, edits: Edits): void {
  const wordsBefore = SIZED_VALUES_AFTER[subkind];
  if (wordsBefore === undefined) return;
  const lengthEdit = edits.count;
  edits.count += 2;
  const addedBefore = edits.addedWords;
  for (let at = offset + 2 + wordsBefore; at < end;) at = valueEnd(words, at, end, edits);
  const added = edits.addedWords - addedBefore;
  if (added === 0) {
    // No one-byte string: drop the reserved pair (nothing was written after it).
    edits.count -= 2;
    return;
  }
  edits.list[lengthEdit] = offset + 1;
  edits.list[lengthEdit + 1] = LENGTH_EDIT - added;
}

/** A SNAPSHOT's values (its layout: eventWalk.ts snapshotEnd). */
function snapshotValues(words: Int32Array, offset: number, end: number, edits: Edits): void {
  let at = offset + 2;
  const type = words[at++] & 0xff;
  at = valueEnd(words, at, end, edits); // className
  at += 1; // trueSize
  const captured = words[at++];
  if (captured < 0 || captured > 1 << 24) throw new TraceFormatError(`bad snapshot entry count ${captured}`, offset);
  if (hasSnapshotExtra(type)) at = valueEnd(words, at, end, edits);
  const keyed = type !== ObjectType.ARRAY && type !== ObjectType.TYPED_ARRAY && type !== ObjectType.ARGUMENTS;
  for (let index = 0; index < captured; index++) {
    if (!keyed || type === ObjectType.SET) at = valueEnd(words, at, end, edits);
    else if (type === ObjectType.MAP) at = valueEnd(words, valueEnd(words, at, end, edits), end, edits);
    else {
      at = valueEnd(words, at, end, edits);
      const isData = (words[at] & 3) === 0;
      at = isData ? valueEnd(words, at + 1, end, edits) : at + 1;
    }
  }
}
