// Decoding one encoded value (events.ts "Values") into a plain description. Allocates, so the
// store calls it lazily — only for values a user looks at. Interned strings are resolved through
// a lookup the caller provides (the store keeps the STRING_DEF table): a definition is a STRING
// value, truncated like an inline one since format 3.10, so a reference keeps its true length; a
// STRING_SLICE's (3.11) is a window of one (stringTable.ts).
import { Const, KIND_MASK, SYMBOL_REGISTERED_BIT, Typeof, ValueTag } from './events';
import { TraceFormatError } from './errors';
import { valueLength } from './eventWalk';

/** A string value: its first characters (all of them unless truncated) and its true length. */
export type DecodedString = { type: 'string'; value: string; length: number; truncated: boolean };

export type DecodedValue =
  | { type: 'undefined' }
  | { type: 'null' }
  | { type: 'hole' }
  | { type: 'boolean'; value: boolean }
  | { type: 'number'; value: number }
  | DecodedString
  | { type: 'bigint'; text: string }
  | { type: 'symbol'; id: number; description: string | undefined; registered: boolean }
  | { type: 'object'; id: number }
  | { type: 'notCaptured'; typeofName: string };

/** The string a STRING_DEF defined (its decodeString()), or undefined for an id never defined. */
export type StringLookup = (stringId: number) => DecodedString | undefined;

const TYPEOF_NAMES = Object.keys(Typeof).map((name) => name.toLowerCase());
const float64 = new Float64Array(1);
const float64Words = new Int32Array(float64.buffer);

export function decodeValue(words: Int32Array, offset: number, strings: StringLookup): DecodedValue {
  const word = words[offset];
  const payload = word >> 4;
  switch (word & KIND_MASK) {
    case ValueTag.SMALL_INT:
      return { type: 'number', value: payload };
    case ValueTag.CONST:
      return decodeConst(payload, offset);
    case ValueTag.DOUBLE:
      float64Words[0] = words[offset + 1];
      float64Words[1] = words[offset + 2];
      return { type: 'number', value: float64[0] };
    case ValueTag.STRING:
      return decodeString(words, offset);
    case ValueTag.STRING_REF:
      return strings(payload >>> 0) ?? { type: 'string', value: '', length: 0, truncated: false };
    case ValueTag.OBJECT:
      return { type: 'object', id: word >>> 4 };
    case ValueTag.BIGINT: {
      const digits = decodeString(words, offset + 1).value;
      return { type: 'bigint', text: (payload & 1 ? '-' : '') + digits };
    }
    case ValueTag.SYMBOL:
      return decodeSymbol(words, offset, strings);
    case ValueTag.NOT_CAPTURED:
      return { type: 'notCaptured', typeofName: TYPEOF_NAMES[payload] ?? 'unknown' };
    default:
      throw new TraceFormatError(`unknown value tag ${word & KIND_MASK}`, offset);
  }
}

function decodeConst(payload: number, offset: number): DecodedValue {
  switch (payload) {
    case Const.UNDEFINED:
      return { type: 'undefined' };
    case Const.NULL:
      return { type: 'null' };
    case Const.FALSE:
      return { type: 'boolean', value: false };
    case Const.TRUE:
      return { type: 'boolean', value: true };
    case Const.HOLE:
      return { type: 'hole' };
    default:
      throw new TraceFormatError(`unknown constant ${payload}`, offset);
  }
}

/** STRING: [tag|trueLength, capturedLength, packed code units…] — lone surrogates survive. */
export function decodeString(words: Int32Array, offset: number): DecodedString {
  const { trueLength, captured } = stringLengths(words, offset);
  const text = decodeStringUnits(words, offset, 0, captured);
  return { type: 'string', value: text, length: trueLength, truncated: captured < trueLength };
}

/** A STRING value's true and captured lengths, checked. */
export function stringLengths(words: Int32Array, offset: number): { trueLength: number; captured: number } {
  if ((words[offset] & KIND_MASK) !== ValueTag.STRING) throw new TraceFormatError('expected a string value', offset);
  const trueLength = words[offset] >>> 4;
  const captured = words[offset + 1];
  if (captured < 0 || captured > trueLength) throw new TraceFormatError(`bad string length ${captured}`, offset);
  return { trueLength, captured };
}

/**
 * Units [start, start + count) of the STRING value at `offset`, within its captured units (the
 * caller checks): a STRING_SLICE reads its window of a source without decoding the whole source.
 */
export function decodeStringUnits(words: Int32Array, offset: number, start: number, count: number): string {
  let text = '';
  const CHUNK = 4096;
  const end = start + count;
  for (let chunkStart = start; chunkStart < end; chunkStart += CHUNK) {
    const units: number[] = [];
    const chunkEnd = Math.min(end, chunkStart + CHUNK);
    for (let index = chunkStart; index < chunkEnd; index++) {
      const packed = words[offset + 2 + (index >>> 1)];
      units.push(index & 1 ? (packed >>> 16) & 0xffff : packed & 0xffff);
    }
    text += String.fromCharCode(...units);
  }
  return text;
}

function decodeSymbol(words: Int32Array, offset: number, strings: StringLookup): DecodedValue {
  const payload = words[offset] >>> 4;
  const description = decodeValue(words, offset + 1, strings);
  return {
    type: 'symbol',
    id: payload & (SYMBOL_REGISTERED_BIT - 1),
    registered: (payload & SYMBOL_REGISTERED_BIT) !== 0,
    description: description.type === 'string' ? description.value : undefined,
  };
}

/** Offset just past the value at `offset` (re-exported for convenience). */
export { valueLength };

/** `c` UTF-16 units packed two a word, low first, after the count word at `at` (sized EXT texts: REQUEST). */
export function decodePackedText(words: Int32Array, at: number): string {
  const chars = words[at];
  let text = '';
  for (let char = 0; char < chars; char++) {
    const word = words[at + 1 + (char >>> 1)];
    text += String.fromCharCode(char & 1 ? word >>> 16 : word & 0xffff);
  }
  return text;
}
