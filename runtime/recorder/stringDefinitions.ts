// The string id space STRING_REF names, and the events that define an id: STRING_DEF (a STRING
// value) and STRING_SLICE (format 3.11: a window of a STRING_DEF's units). Owns the intern
// generation: every definition dies with a loss of events, and a reference is only ever written to
// one made in the current generation. Knows nothing of which strings are worth defining (strings.ts,
// stringSlices.ts decide).
import { Ext, EventKind, ONE_BYTE_BIT, ValueTag, eventHeader, valueWord } from '../format/events';
import {
  beginSized,
  endSized,
  eventWordsLeft,
  patch,
  position,
  put2,
  put3,
  putOneByteUnits,
  putStringUnits,
  reserveForDefinition,
} from './ring';

const TRUE_LENGTH_MAX = 2 ** 27 - 1;
/** Words kept free in an event for what follows a string (keys, flags, the rest of the event). */
const EVENT_RESERVE_WORDS = 16;
const STRING_DEF_HEADER = eventHeader(EventKind.EXT, Ext.STRING_DEF);
const STRING_SLICE_HEADER = eventHeader(EventKind.EXT, Ext.STRING_SLICE);
/** Strings shorter than this take as many words one unit a byte as two (a word either way). */
const ONE_BYTE_MIN_UNITS = 3;
/** A STRING_SLICE's words: header, length word, five fields. */
const SLICE_WORDS = 7;

let nextStringId = 0;
let internGeneration = 1;
/** Units the last defineString() captured (the event's room may hold fewer than asked). */
let lastCapturedUnits = 0;

/** The generation definitions are valid in: a loss of events starts a new one. */
export function definitionGeneration(): number {
  return internGeneration;
}

/** Every definition made so far may have been lost: none is referred to again. */
export function newDefinitionGeneration(): void {
  internGeneration = (internGeneration + 1) | 0;
}

/** How many units the last defineString() recorded. */
export function lastDefinedUnits(): number {
  return lastCapturedUnits;
}

/** Writes STRING_DEF [hdr, id, v:string] with at most `maxChars` units (and the true length); its STRING_REF word. */
export function defineString(text: string, maxChars: number): number {
  // Its words at most (header, id, the STRING's two and its units): may see a loss, and reset the
  // table, so before the id is taken.
  const units = text.length < maxChars ? text.length : maxChars;
  reserveForDefinition(4 + ((units + 1) >> 1));
  const id = nextStringId;
  beginSized();
  put2(STRING_DEF_HEADER, id);
  lastCapturedUnits = putInlineString(text, maxChars);
  endSized();
  nextStringId = (nextStringId + 1) & 0x7ffffff;
  return valueWord(ValueTag.STRING_REF, id);
}

/**
 * Writes STRING_SLICE [hdr, 5, id, sourceId, offset, length, captured] and returns its STRING_REF
 * word; -1 when the source, defined in generation `sourceGeneration`, may have been lost meanwhile
 * (the boundary this event's room needed saw a loss).
 */
export function defineSlice(
  sourceId: number,
  sourceGeneration: number,
  offset: number,
  length: number,
  captured: number,
): number {
  reserveForDefinition(SLICE_WORDS);
  if (sourceGeneration !== internGeneration) return -1;
  const id = nextStringId;
  beginSized();
  put2(STRING_SLICE_HEADER, SLICE_WORDS - 2);
  put3(id, sourceId, offset);
  put2(length < TRUE_LENGTH_MAX ? length : TRUE_LENGTH_MAX, captured);
  endSized();
  nextStringId = (nextStringId + 1) & 0x7ffffff;
  return valueWord(ValueTag.STRING_REF, id);
}

/**
 * STRING value: [tag|trueLength, capturedLength, packed units…], bounded by the limit and the
 * event's room (counted in two-byte units whatever the form); returns the units captured.
 */
export function putInlineString(text: string, maxChars: number): number {
  const length = text.length;
  const room = (eventWordsLeft() - EVENT_RESERVE_WORDS) * 2;
  let captured = length < maxChars ? length : maxChars;
  if (captured > room) captured = room > 0 ? room : 0;
  const capturedAt = position() + 1;
  put2(valueWord(ValueTag.STRING, length < TRUE_LENGTH_MAX ? length : TRUE_LENGTH_MAX), captured);
  // One unit a byte when all are ≤ 0xFF (3.13): the captured length, and so the room, are the same
  // in either form, and a reader expands it to these very words. Below 3 units it saves no word.
  if (captured >= ONE_BYTE_MIN_UNITS && putOneByteUnits(text, captured)) patch(capturedAt, captured | ONE_BYTE_BIT);
  else putStringUnits(text, captured);
  return captured;
}
