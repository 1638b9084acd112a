// Compact events (format 3.12): the one-word ENTER, ENTER_THIS without its frame id, and RETURN of
// undefined, as COMPACT_EVENTS records hold them, and their expansion into the ordinary words of
// events.ts, so every reader past decodeEventWords sees [hdr, frameId] and [hdr, UNDEFINED]; also
// the walk that expands the one-byte strings (3.13) those records hold (oneByteStrings.ts).
// Owns the compact bit and the implied-frame rule; knows nothing of rings, files or the adapter.
//
// A header with bit 31 set (probe ids are < 2^27, so no ordinary header has it) is compact:
//   ENTER       [hdr|C]             ⇒ [hdr, frameId]
//   ENTER_THIS  [hdr|C, v:this]     ⇒ [hdr, frameId, v:this]
//   RETURN      [hdr|C]             ⇒ [hdr, v:undefined]
// frameId is implied: the frame after the last one an ENTER, ENTER_THIS, LEAF_CALL or LEAF_READS of
// the same record gave (wrapping within 29 bits, as the recorder's ids do). The recorder writes the
// first ENTER of every batch in full (a record holds whole batches), so one record decodes alone;
// an EXT LOST forgets the last frame, and a compact ENTER with none before it is refused.
import { Const, EventKind, Ext, KIND_MASK, SCOPE_TAG, ValueTag, headerProbe, valueWord } from './events';
import { TraceFormatError } from './errors';
import { eventEnd, valueLength } from './eventWalk';
import {
  type Edits,
  LENGTH_EDIT,
  ONE_BYTE_EDIT,
  expandOneByteString,
  findOneByteStrings,
  mayHoldOneByte,
} from './oneByteStrings';

/** Bit 31 of a header: the event is compact (its int32 is negative). */
export const COMPACT_BIT = 1 << 31;
/** Frame ids wrap within 29 bits (runtime/recorder/frameIds.ts): 1 … 2^29, then 1 again. */
const FRAME_ID_MASK = 0x1fffffff;
const UNDEFINED_WORD = valueWord(ValueTag.CONST, Const.UNDEFINED);
const EXT_LOST = (Ext.LOST << 4) | EventKind.EXT;
const EXT_LEAF_CALL = (Ext.LEAF_CALL << 4) | EventKind.EXT;
const EXT_LEAF_READS = (Ext.LEAF_READS << 4) | EventKind.EXT;
/** Where a leaf event's frameId is: [hdr, n, functionProbe, frameId, …] (extKinds.ts). */
const LEAF_FRAME_WORD = 3;

/** The frame id a compact ENTER implies after `frameId`: the recorder's next id (frameIds.ts newFrame). */
export function frameAfter(frameId: number): number {
  return (frameId & FRAME_ID_MASK) + 1;
}

/**
 * The ordinary event words of a COMPACT_EVENTS payload: `words` itself when nothing in it is
 * compact, else a new array. `payloadByteOffset`, where the payload starts in the file, makes every
 * refusal name the byte of the word it refuses (TR-07).
 */
export function expandCompactEvents(words: Int32Array, payloadByteOffset: number): Int32Array {
  let edits: Edits;
  try {
    edits = compactEventsOf(words);
  } catch (error) {
    if (!(error instanceof TraceFormatError) || error.unit !== 'word') throw error;
    const message = error.message.replace(/^\[rewind:trace\] /, '').replace(/ at word offset \d+$/, '');
    throw new TraceFormatError(`${message} in compact events`, payloadByteOffset + error.offset * 4, 'byte');
  }
  return edits.count === 0 ? words : expanded(words, edits);
}

/**
 * The edits that make the payload ordinary, in word order: pairs (word offset, code), the code the
 * implied frame of a compact ENTER, 0 for a compact RETURN, or oneByteStrings.ts's (a one-byte
 * string, a sized EXT's length word); and the words they add.
 */
function compactEventsOf(words: Int32Array): Edits {
  // At most one edit a word (each names a different word): room for all without growing (a
  // transient the size of the payload).
  const edits: Edits = { list: new Int32Array(words.length * 2), count: 0, addedWords: 0 };
  const list = edits.list;
  let lastFrame = 0;
  for (let at = 0; at < words.length;) {
    const header = words[at];
    const end = storedEventEnd(words, at);
    if (end > words.length) throw new TraceFormatError(`event runs past its record (${end - at} words)`, at);
    if (header >= 0) lastFrame = frameGiven(words, at, header, lastFrame);
    else if ((header & KIND_MASK) === EventKind.RETURN) {
      list[edits.count++] = at;
      list[edits.count++] = 0;
      edits.addedWords++;
    } else {
      if (lastFrame === 0) throw new TraceFormatError('a compact ENTER with no frame before it in its record', at);
      lastFrame = frameAfter(lastFrame);
      list[edits.count++] = at;
      list[edits.count++] = lastFrame;
      edits.addedWords++;
    }
    // A captured length is never an event's first two words: the shortest holder is [hdr, v:string].
    if (end - at > 2 && mayHoldOneByte(words, at + 2, end)) findOneByteStrings(words, at, end, edits);
    at = end;
  }
  return edits;
}

/**
 * Word offset just past the event at `offset` as a COMPACT_EVENTS record stores it: eventEnd's,
 * or a compact event's (refused unless an ENTER, ENTER_THIS or RETURN).
 */
export function storedEventEnd(words: Int32Array, offset: number): number {
  const header = words[offset];
  if (header >= 0) {
    // The commonest kinds first, without eventEnd's shape lookup: the walk runs once per record read.
    const kind = header & KIND_MASK;
    if (kind === EventKind.STEP) return offset + 1;
    if (kind === EventKind.ENTER || kind === EventKind.EXIT) return offset + 2;
    if (kind === EventKind.RETURN) return offset + 1 + valueLength(words, offset + 1);
    if (kind === EventKind.WRITE) {
      const at = (words[offset + 1] & KIND_MASK) === SCOPE_TAG ? offset + 2 : offset + 1;
      return at + valueLength(words, at);
    }
    return eventEnd(words, offset);
  }
  const kind = header & KIND_MASK;
  if (kind === EventKind.RETURN || kind === EventKind.ENTER) return offset + 1;
  if (kind === EventKind.ENTER_THIS) return offset + 1 + valueLength(words, offset + 1);
  throw new TraceFormatError(`a compact event of kind ${kind} (probe ${headerProbe(header & ~COMPACT_BIT)})`, offset);
}

/** The last frame id after the ordinary event at `at`: the one it gives, 0 after a loss, else unchanged. */
function frameGiven(words: Int32Array, at: number, header: number, lastFrame: number): number {
  const kind = header & KIND_MASK;
  if (kind === EventKind.ENTER || kind === EventKind.ENTER_THIS) return words[at + 1];
  if (kind !== EventKind.EXT) return lastFrame;
  if (header === EXT_LEAF_CALL || header === EXT_LEAF_READS) return words[at + LEAF_FRAME_WORD];
  return header === EXT_LOST ? 0 : lastFrame;
}

/** `words` with each edit made: compact events and one-byte strings in full, the runs between copied whole. */
function expanded(words: Int32Array, edits: Edits): Int32Array {
  const out = new Int32Array(words.length + edits.addedWords);
  const list = edits.list;
  let from = 0;
  let to = 0;
  for (let index = 0; index < edits.count; index += 2) {
    const at = list[index];
    // Most runs between edits are a few words: a loop beats set()'s call for those.
    if (at - from < 32) for (let word = from; word < at; word++) out[to++] = words[word];
    else {
      out.set(words.subarray(from, at), to);
      to += at - from;
    }
    const code = list[index + 1];
    if (code === ONE_BYTE_EDIT) {
      to = expandOneByteString(words, at, out, to);
      from = at + valueLength(words, at);
      continue;
    }
    if (code <= LENGTH_EDIT) out[to++] = words[at] + (LENGTH_EDIT - code);
    else {
      const header = words[at] & ~COMPACT_BIT;
      out[to++] = header;
      out[to++] = (header & KIND_MASK) === EventKind.RETURN ? UNDEFINED_WORD : code;
    }
    from = at + 1;
  }
  out.set(words.subarray(from), to);
  return out;
}
