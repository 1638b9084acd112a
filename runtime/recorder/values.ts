// Encoding one value (events.ts "Values") in two phases: prepare() runs BEFORE an event begins and
// writes whatever definitions the value needs (STRING_DEF, SNAPSHOT events) and returns its word
// when it is one word; putPrepared() then writes the value inside the event. Never calls user
// code: only typeof, captured builtins and own-property descriptors (snapshot.ts).
import { Const, SYMBOL_REGISTERED_BIT, Typeof, ValueTag, valueWord } from '../format/events';
import { WELL_KNOWN_SYMBOLS, WELL_KNOWN_SYMBOL_FIRST_ID } from '../format/wellKnownSymbols';
import { B } from './builtins';
import { isEnvironmentSecret, limits, REDACTED_MARKER } from './limits';
import { INTERN_MAX_LENGTH, internedWord, longStringWord } from './strings';
import { putInlineString } from './stringDefinitions';
import { put, put2 } from './ring';

/** prepare() result for values written by putPrepared() in several words. */
export const INLINE = valueWord(ValueTag.NOT_CAPTURED, 15);
export const UNDEFINED_WORD = valueWord(ValueTag.CONST, Const.UNDEFINED);
export const NULL_WORD = valueWord(ValueTag.CONST, Const.NULL);
const FALSE_WORD = valueWord(ValueTag.CONST, Const.FALSE);
const TRUE_WORD = valueWord(ValueTag.CONST, Const.TRUE);
export const HOLE_WORD = valueWord(ValueTag.CONST, Const.HOLE);

const float64 = new B.Float64Array(1);
const float64Words = new B.Int32Array(float64.buffer);
/** The first word of a DOUBLE value; its two payload words follow (doubleBits). */
export const DOUBLE_WORD = valueWord(ValueTag.DOUBLE, 0);

/**
 * A number's IEEE-754 bits as two words, low first (read both before the next call): lets the hot
 * path write a number that is not a small int as a fixed-size event, with no prepare/putPrepared
 * dispatch (issue 9: crypto's 28-bit digits and their products are half its WRITEs and PROP_SETs).
 */
export function doubleBits(value: number): Int32Array<ArrayBuffer> {
  float64[0] = value;
  return float64Words;
}

/**
 * Objects are prepared by snapshot.ts, whose snapshots prepare their properties here in turn: it
 * installs its two entry points when it loads, so this file need not import it (no import cycle).
 */
let prepareObject: (value: object, depth: number) => number;
let objectIdOnly: (value: object) => number;
export function installObjectEncoders(
  prepareObjectOf: (value: object, depth: number) => number,
  objectIdOf: (value: object) => number,
): void {
  prepareObject = prepareObjectOf;
  objectIdOnly = objectIdOf;
}

let symbolIds = wellKnownSymbolIds();
let nextSymbolId = 1;

/**
 * The well-known symbols at their fixed ids (format 3.6, wellKnownSymbols.ts), read at load before
 * any program code can replace `Symbol`: a replay then knows `Symbol.iterator` from a look-alike.
 */
function wellKnownSymbolIds(): Map<symbol, number> {
  const ids = new B.Map<symbol, number>();
  for (let index = 0; index < WELL_KNOWN_SYMBOLS.length; index++) {
    const symbol = (Symbol as unknown as Record<string, unknown>)[WELL_KNOWN_SYMBOLS[index]];
    if (typeof symbol === 'symbol') B.mapSet(ids, symbol, WELL_KNOWN_SYMBOL_FIRST_ID + index);
  }
  return ids;
}

/** One-word encoding of a number, or INLINE when it needs a DOUBLE (non-integers, -0, large). */
export function smallIntWord(value: number): number {
  const word = value << 4;
  return word >> 4 === value && (value !== 0 || 1 / value > 0) ? word : INLINE;
}

/** Phase 1: definitions this value needs; returns its word, or INLINE. `depth` is the snapshot depth. */
export function prepare(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'number':
      return smallIntWord(value);
    case 'string':
      return stringWord(value);
    case 'undefined':
      return UNDEFINED_WORD;
    case 'boolean':
      return value ? TRUE_WORD : FALSE_WORD;
    case 'object':
      return value === null ? NULL_WORD : prepareObject(value, depth);
    case 'function':
      return prepareObject(value, depth);
    default:
      return INLINE; // bigint, symbol
  }
}

/** Short strings interned, long ones written again by reference (strings.ts); INLINE otherwise. */
function stringWord(text: string): number {
  const word = text.length <= INTERN_MAX_LENGTH ? internedWord(text) : longStringWord(text);
  return word === -1 ? INLINE : word;
}

/**
 * prepare() at `calls` level (ProbeFlag.IDS_ONLY): objects and functions by identity only, no
 * snapshot (issue 9: a snapshot costs 0.5–1.7 µs, the call around it tens of ns).
 */
export function prepareIdOnly(value: unknown): number {
  const type = typeof value;
  if ((type === 'object' && value !== null) || type === 'function') return objectIdOnly(value as object);
  return prepare(value);
}

/** Phase 2: inside an event, the value's words. */
export function putPrepared(value: unknown, word: number): void {
  if (word !== INLINE) return put(word);
  switch (typeof value) {
    case 'number':
      return putDouble(value);
    case 'string':
      putInlineString(isEnvironmentSecret(value) ? REDACTED_MARKER : value, limits.maxStringLength);
      return;
    case 'bigint':
      return putBigInt(value);
    case 'symbol':
      return putSymbol(value);
    default:
      return put(valueWord(ValueTag.NOT_CAPTURED, typeofCode(value)));
  }
}

/**
 * Words putPrepared(value, word) writes into an event with room for them, or -1 when it cannot say
 * without writing (a bigint's digits). An event that sizes itself by this must stay well within
 * the smallest ring's event room (an inline string is cut short only when the room runs out).
 */
export function preparedWords(value: unknown, word: number): number {
  if (word !== INLINE) return 1;
  switch (typeof value) {
    case 'number':
      return 3;
    case 'string':
      return inlineStringWords(isEnvironmentSecret(value) ? REDACTED_MARKER : value);
    case 'symbol': {
      const description = B.symbolKeyFor(value) ?? B.symbolDescription(value);
      return 1 + (description === undefined ? 1 : inlineStringWords(description));
    }
    case 'bigint':
      return -1;
    default:
      return 1;
  }
}

function inlineStringWords(text: string): number {
  const units = text.length < limits.maxStringLength ? text.length : limits.maxStringLength;
  return 2 + ((units + 1) >> 1);
}

/** The word of the redaction marker (SEC-10), defining it first if needed. */
export function redactedWord(): number {
  return prepare(REDACTED_MARKER);
}

function putDouble(value: number): void {
  const bits = doubleBits(value);
  put2(DOUBLE_WORD, bits[0]);
  put(bits[1]);
}

function putBigInt(value: bigint): void {
  const negative = value < 0n;
  put(valueWord(ValueTag.BIGINT, negative ? 1 : 0));
  putInlineString(B.bigintToString(negative ? -value : value), limits.maxStringLength);
}

function putSymbol(value: symbol): void {
  let id = B.mapGet(symbolIds, value) as number | undefined;
  if (id === undefined) {
    id = nextSymbolId;
    // Wraps below the well-known symbols' ids (after 67M symbols: ids are then reused).
    nextSymbolId = nextSymbolId + 1 < WELL_KNOWN_SYMBOL_FIRST_ID ? nextSymbolId + 1 : 1;
    B.mapSet(symbolIds, value, id);
  }
  const key = B.symbolKeyFor(value);
  put(valueWord(ValueTag.SYMBOL, key === undefined ? id : id | SYMBOL_REGISTERED_BIT));
  const description = key ?? B.symbolDescription(value);
  if (description === undefined) put(UNDEFINED_WORD);
  else putInlineString(description, limits.maxStringLength);
}

function typeofCode(value: unknown): number {
  switch (typeof value) {
    case 'object':
      return Typeof.OBJECT;
    case 'function':
      return Typeof.FUNCTION;
    case 'string':
      return Typeof.STRING;
    case 'number':
      return Typeof.NUMBER;
    case 'bigint':
      return Typeof.BIGINT;
    case 'symbol':
      return Typeof.SYMBOL;
    case 'boolean':
      return Typeof.BOOLEAN;
    default:
      return Typeof.UNDEFINED;
  }
}

export function notCapturedWord(value: unknown): number {
  return valueWord(ValueTag.NOT_CAPTURED, typeofCode(value));
}

/** Tests start from a clean table. */
export function resetSymbolIds(): void {
  symbolIds = wellKnownSymbolIds();
  nextSymbolId = 1;
}
