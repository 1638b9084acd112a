// Long strings written as slices of a string defined earlier (STRING_SLICE, format 3.11, issue 9).
// A long string's value records its first `captured` units and its true length; a new string whose
// first `captured` units equal some defined units of a recent string (at the recent string's end:
// `src = src.substring(n)`, or at its start: a token's text, a string appended to) is written as a
// window of that definition: seven words, whatever its length. Owns the recent strings and which
// definition backs each; knows no event but through stringDefinitions.ts.
import { B } from './builtins';
import { isEnvironmentSecret, limits } from './limits';
import { defineSlice, defineString, definitionGeneration, lastDefinedUnits } from './stringDefinitions';

/** Long strings written most recently: the candidates a new string may be a window of. */
const RECENT_SIZE = 8;
/** Strings defined as sources, kept apart so that a chain of windows keeps its source. */
const SOURCE_SLOTS = 4;
const SLOTS = RECENT_SIZE + SOURCE_SLOTS;
/**
 * The most units a source definition holds (8K words: half a default batch, so defining one ends a
 * batch only when it would straddle its end). A source holding more serves more windows of a long
 * text before the next is needed; units past what the first window needs are paid only along a
 * chain of windows (see sliceOfNewSource).
 */
export const SOURCE_MAX_UNITS = 1 << 14;
/** Units all source definitions of a process may hold (64 MB): bounds what this path can add to a trace. */
const SOURCE_BUDGET_UNITS = 1 << 25;

// Slots [0, RECENT_SIZE): recent strings, round robin; [RECENT_SIZE, SLOTS): sources, least
// recently used replaced.
// Filled once at boot (before user code), like strings.ts's caches.
const texts: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);
/**
 * What defines the slot's string: its first definedUnits units are units [definedBases, definedBases +
 * definedUnits) of STRING_DEF definedIds (its own definition or a source: base 0; a string written
 * as a slice: its source, at the slice's offset, for the units the slice showed to be equal), in
 * generation definedGenerations (0: none). sourceHeld: the units that STRING_DEF holds.
 */
const definedIds = new B.Int32Array(SLOTS);
const definedUnits = new B.Int32Array(SLOTS);
const definedBases = new B.Int32Array(SLOTS);
const sourceHeld = new B.Int32Array(SLOTS);
const definedGenerations = new B.Int32Array(SLOTS);
/** Units of the source a recent string was written as a window of (0: none): a chain's growth. */
const parentUnits = new B.Int32Array(SLOTS);
/**
 * Where the last window of the slot's definition started: the next window often starts there too
 * (a lexer's token text starts where its `src`, the last window, does).
 */
const lastWindowAt = new B.Int32Array(SLOTS);
/** Each slot's string's first and last units. */
const firstUnits = new B.Int32Array(SLOTS);
const lastUnits = new B.Int32Array(SLOTS);
/** When the slot's definition last served a window: the least recently used source is replaced. */
const lastUse = new B.Int32Array(SLOTS);
let useTick = 0;
let nextRecent = 0;
let sourceUnitsLeft = SOURCE_BUDGET_UNITS;
// The last slice written: its source, offset and captured units, and the units its source holds.
let slicedId = 0;
let slicedOffset = 0;
let slicedCaptured = 0;
let slicedHeld = 0;
/** The first captured units of the string sliceWord() looks for, read once and only if needed. */
let headText: string | undefined;
/** Its first and last captured units, and the last of all (headLast -1: not read yet). */
let headFirst = 0;
let headLast = -1;
let textLast = 0;

/** Tests: whether the slice path is taken (a recording with it off is the inline path's reference). */
let enabled = true;
export function setStringSlices(on: boolean): void {
  enabled = on;
}

/**
 * A STRING_REF word for `text` as a slice of a definition (defining a recent string as its source
 * first when none holds the window and `mayDefineSource`: at a string's first write only, so a
 * string no recent one holds is looked for there once), or -1. `text` is over the intern limit, at most
 * LONG_CACHE_MAX_LENGTH units, and no environment secret (strings.ts checked).
 */
export function sliceWord(text: string, mayDefineSource: boolean): number {
  if (!enabled) return -1;
  const word = findSlice(text, mayDefineSource);
  headText = undefined; // a slice keeps its parent string alive: let it go
  return word;
}

function findSlice(text: string, mayDefineSource: boolean): number {
  const length = text.length;
  const captured = length < limits.maxStringLength ? length : limits.maxStringLength;
  const generation = definitionGeneration();
  headText = undefined;
  headLast = -1;
  // First a window a definition already holds (sources first): no units written.
  for (let turn = 0; turn < SLOTS; turn++) {
    const slot = turn < SOURCE_SLOTS ? sourceSlot(turn) : recentSlot(turn - SOURCE_SLOTS);
    if (definedGenerations[slot] !== generation) continue;
    const at = windowIn(slot, text, captured, definedUnits[slot], lastWindowAt[slot]);
    if (at < 0) continue;
    lastWindowAt[slot] = at;
    lastUse[slot] = ++useTick;
    return slice(definedIds[slot], generation, definedBases[slot] + at, length, captured, sourceHeld[slot]);
  }
  return mayDefineSource ? sliceOfNewSource(text, captured) : -1;
}

/**
 * A window of a recent string no definition holds: that string is defined as a source and the
 * window written as its slice; -1 when none matches, or the budget is spent.
 */
function sliceOfNewSource(text: string, captured: number): number {
  const length = text.length;
  for (let turn = 0; turn < RECENT_SIZE; turn++) {
    const slot = recentSlot(turn);
    const recent = texts[slot];
    // A string of the same length is this one again (its own definition is cheaper) or a twin.
    if (recent === undefined || recent.length === length) continue;
    const limit = recent.length < SOURCE_MAX_UNITS ? recent.length : SOURCE_MAX_UNITS;
    // Ends only: a source made for a window at a recent string's start costs what the window's inline
    // copy would, and strings that start alike (markup, a common prefix) would each be compared.
    const at = windowIn(slot, text, captured, limit < sourceUnitsLeft ? limit : sourceUnitsLeft, 0, false);
    if (at < 0 || isEnvironmentSecret(recent)) continue;
    // Twice the source the recent string was itself a window of (a text read window by window costs
    // about its own length in sources); a one-off window no more units than it needs.
    let units = 2 * parentUnits[slot];
    if (units < at + captured) units = at + captured;
    if (units > limit) units = limit;
    if (units > sourceUnitsLeft) units = sourceUnitsLeft;
    const sourceId = defineString(recent, units) >>> 4;
    const held = lastDefinedUnits();
    sourceUnitsLeft -= held;
    const source = leastRecentSource();
    texts[source] = recent;
    firstUnits[source] = firstUnits[slot];
    lastUnits[source] = lastUnits[slot];
    setDefinition(source, sourceId, held, 0, held);
    lastWindowAt[source] = at;
    lastUse[source] = ++useTick;
    // The event's room can hold fewer units than asked (a small ring): then no window of it.
    if (held < at + captured) return -1;
    return slice(sourceId, definitionGeneration(), at, length, captured, held);
  }
  return -1;
}

/** defineSlice(), remembering what the string is a window of. */
function slice(
  sourceId: number,
  generation: number,
  at: number,
  length: number,
  captured: number,
  held: number,
): number {
  slicedId = sourceId;
  slicedOffset = at;
  slicedCaptured = captured;
  slicedHeld = held;
  return defineSlice(sourceId, generation, at, length, captured);
}

/**
 * Where the slot's string, of which `units` units are (or can be) defined, holds the first `captured`
 * units of `text`: at its end (`text` is then what `recent.substring(n)` would make, as far as a
 * value shows), where its last window started (`lastAt`, 0: none), or its start; -1 when at none.
 * The slots' first and last units turn most strings away before any call: an end is only looked at
 * when the two strings end alike (a true suffix does), a start when they start alike. Reading
 * `text` (which flattens a cons string) is what the inline write this replaces would have done;
 * `recent` was read when it was written.
 */
function windowIn(slot: number, text: string, captured: number, units: number, lastAt: number, starts = true): number {
  const recent = texts[slot] as string;
  if (headLast < 0) {
    headFirst = B.stringCharCodeAt(text, 0);
    headLast = B.stringCharCodeAt(text, captured - 1);
    textLast = B.stringCharCodeAt(text, text.length - 1);
  }
  const suffixAt = recent.length - text.length;
  const suffix = suffixAt > 0 && suffixAt + captured <= units && lastUnits[slot] === textLast;
  const prefix = starts && captured <= units && captured <= recent.length && firstUnits[slot] === headFirst;
  const last = lastAt > 0 && lastAt !== suffixAt && lastAt + captured <= units;
  if (suffix && holdsAt(recent, text, captured, suffixAt)) return suffixAt;
  if (last && holdsAt(recent, text, captured, lastAt)) return lastAt;
  if (prefix && holdsAt(recent, text, captured, 0)) return 0;
  return -1;
}

/**
 * Whether `recent` holds the first `captured` units of `text` at `at`. The first and last units turn
 * most windows away; then one string compare, a memcmp in V8 (startsWith compares a unit at a time:
 * 0.85 ns a unit against 0.15 for a substring and `===`, Node 20).
 */
function holdsAt(recent: string, text: string, captured: number, at: number): boolean {
  const end = at + captured;
  if (B.stringCharCodeAt(recent, at) !== headFirst || B.stringCharCodeAt(recent, end - 1) !== headLast) return false;
  headText ??= captured < text.length ? B.stringSlice(text, 0, captured) : text;
  return B.stringSlice(recent, at, end) === headText;
}

function recentSlot(turn: number): number {
  return (nextRecent - 1 - turn) & (RECENT_SIZE - 1);
}

function sourceSlot(turn: number): number {
  return RECENT_SIZE + turn;
}

/** The source slot to replace: empty, or the one that served a window longest ago. */
function leastRecentSource(): number {
  let oldest = RECENT_SIZE;
  for (let slot = RECENT_SIZE + 1; slot < SLOTS; slot++) if (lastUse[slot] < lastUse[oldest]) oldest = slot;
  return oldest;
}

/** A long string just written: inline, or by the slice sliceWord() returned (`sliced`). */
export function rememberWritten(text: string, sliced: boolean): void {
  const slot = nextRecent;
  nextRecent = (nextRecent + 1) & (RECENT_SIZE - 1);
  texts[slot] = text;
  firstUnits[slot] = B.stringCharCodeAt(text, 0);
  lastUnits[slot] = B.stringCharCodeAt(text, text.length - 1);
  definedGenerations[slot] = 0;
  lastWindowAt[slot] = 0;
  parentUnits[slot] = sliced ? slicedHeld : 0;
  // Its windows within what the slice showed equal are windows of the slice's source.
  if (sliced) setDefinition(slot, slicedId, slicedCaptured, slicedOffset, slicedHeld);
}

/** A long string given a definition of its own (STRING_DEF `stringId`, holding its first `units`). */
export function rememberDefined(text: string, stringId: number, units: number): void {
  for (let turn = 0; turn < RECENT_SIZE; turn++) {
    const slot = recentSlot(turn);
    if (texts[slot] !== text) continue;
    setDefinition(slot, stringId, units, 0, units);
    return;
  }
  rememberWritten(text, false);
  setDefinition(recentSlot(0), stringId, units, 0, units);
}

function setDefinition(slot: number, stringId: number, units: number, base: number, held: number): void {
  definedIds[slot] = stringId;
  definedUnits[slot] = units;
  definedBases[slot] = base;
  sourceHeld[slot] = held;
  definedGenerations[slot] = definitionGeneration();
}
