// Strings in events: the bounded intern table of short repeated strings (EXT STRING_DEF once, then
// one-word STRING_REF), and the small cache that writes a long string seen again as a STRING_REF to
// a definition of it (format 3.10) or a new one as a slice of a recent one (3.11, stringSlices.ts).
// Reads strings only through captured builtins; the events are stringDefinitions.ts's.
import { ValueTag, valueWord } from '../format/events';
import { B } from './builtins';
import { REDACTED_MARKER, isEnvironmentSecret, limits } from './limits';
import { defineString, definitionGeneration, lastDefinedUnits, newDefinitionGeneration } from './stringDefinitions';
import { rememberDefined, rememberWritten, sliceWord } from './stringSlices';

/** Strings up to this length are interned; longer ones are written inline. */
export const INTERN_MAX_LENGTH = 40;
const INTERN_MAX_ENTRIES = 1 << 16;

let interned = new B.Map<string, number>();

/**
 * The property key a PROP_SET probe last wrote, and its STRING_REF word: a probe's key is almost
 * always the same literal, and a hit costs one pointer compare instead of a Map lookup (hashing)
 * per property write. Direct-mapped by probe id; a collision just misses. Only strings are held
 * (never user objects: a strong reference could keep an object a WeakRef expects to be collected).
 */
const KEY_CACHE_SIZE = 1 << 12;
// Filled once at boot (before user code): later stores hit existing elements, so no index setter a
// user might define on Array.prototype is ever consulted.
const cachedKeys: Array<string | undefined> = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);
const cachedKeyWords = new B.Int32Array(KEY_CACHE_SIZE);
/** A slot is valid only in the intern generation it was filled in (definitions die with a reset). */
const cachedKeyGenerations = new B.Int32Array(KEY_CACHE_SIZE);

/**
 * Long strings (over INTERN_MAX_LENGTH) written recently, direct-mapped by length: a program passes
 * the same long string (a source text) to function after function, and a hit is then the same
 * object, which `===` finds by pointer before looking at a character. Hashing one into the intern
 * Map instead would read it whole. A miss compares characters only against a string of the same
 * length, and stops at the first difference; reading a cons string makes V8 flatten it, which the
 * inline write that follows a miss does anyway (docs/PERFORMANCE.md "Strings built by appending").
 * A string is defined (STRING_DEF, holding what an inline STRING would) the second time it is seen,
 * so one written once costs nothing more than before, unless it is a window of a recent string's
 * definition (then a STRING_SLICE, from its first write: stringSlices.ts). Filled once at boot, like
 * cachedKeys.
 */
const LONG_CACHE_SIZE = 1 << 4;
/**
 * Longer strings are always written inline: the cache holds strong references, and a plain run
 * would have let a huge string go (16 slots of at most 2 MB each), nor is a same-length miss
 * allowed to compare more than this many characters.
 */
export const LONG_CACHE_MAX_LENGTH = 1 << 20;
/** A slot's word for a string seen once and not defined yet. */
const SEEN_ONCE = -1;
const cachedLongTexts: Array<string | undefined> = new Array<string | undefined>(LONG_CACHE_SIZE).fill(undefined);
const cachedLongWords = new B.Int32Array(LONG_CACHE_SIZE);
const cachedLongGenerations = new B.Int32Array(LONG_CACHE_SIZE);

/** Forget definitions (they may have been lost): strings are re-defined under fresh ids. */
export function resetInternTable(): void {
  interned = new B.Map<string, number>();
  newDefinitionGeneration();
}

/**
 * The STRING_REF word for a long string written before (through the cache), writing its definition
 * first when it has none in this intern generation, or for a new one that is a window of a recent
 * one (a STRING_SLICE, stringSlices.ts); -1 to write it inline: the first time when no recent
 * string holds it, after the cache lost it, past LONG_CACHE_MAX_LENGTH, or an environment secret
 * (SEC-10), checked at every write because a program's read of process.env makes a string a secret later.
 */
export function longStringWord(text: string): number {
  const length = text.length;
  if (length > LONG_CACHE_MAX_LENGTH || isEnvironmentSecret(text)) return -1;
  const slot = length & (LONG_CACHE_SIZE - 1);
  if (cachedLongTexts[slot] !== text) {
    const sliced = sliceWord(text, true);
    rememberWritten(text, sliced !== -1);
    cachedLongTexts[slot] = text;
    cachedLongWords[slot] = sliced === -1 ? SEEN_ONCE : sliced;
    cachedLongGenerations[slot] = definitionGeneration();
    return sliced;
  }
  const generation = definitionGeneration();
  if (cachedLongGenerations[slot] === generation && cachedLongWords[slot] !== SEEN_ONCE) {
    return cachedLongWords[slot];
  }
  // Seen before: a slice if a definition holds it (seven words), else a definition of its own.
  let word = sliceWord(text, false);
  if (word === -1) {
    word = defineString(text, limits.maxStringLength);
    rememberDefined(text, word >>> 4, lastDefinedUnits());
  }
  cachedLongWords[slot] = word;
  cachedLongGenerations[slot] = definitionGeneration();
  return word;
}

/** internedWord() for the key of a property-write probe, through the per-probe cache; -1 when not interned. */
export function keyWord(probeId: number, key: string): number {
  const slot = probeId & (KEY_CACHE_SIZE - 1);
  if (cachedKeys[slot] === key && cachedKeyGenerations[slot] === definitionGeneration()) return cachedKeyWords[slot];
  if (key.length > INTERN_MAX_LENGTH) return -1;
  const word = internedWord(key);
  if (word !== -1) {
    cachedKeys[slot] = key;
    cachedKeyWords[slot] = word;
    cachedKeyGenerations[slot] = definitionGeneration();
  }
  return word;
}

/**
 * The STRING_REF word for a short string, writing its STRING_DEF event first if needed;
 * -1 when the table is full (write it inline).
 */
export function internedWord(text: string): number {
  const known = B.mapGet(interned, text) as number | undefined;
  if (known !== undefined) return valueWord(ValueTag.STRING_REF, known);
  if (B.mapSize(interned) >= INTERN_MAX_ENTRIES) return -1;
  if (isEnvironmentSecret(text)) return redactedAlias(text);
  const word = defineString(text, text.length);
  // Interned only once defined: a definition a stack overflow cut short is rolled back (ring.ts).
  B.mapSet(interned, text, word >>> 4);
  return word;
}

/**
 * An environment secret (SEC-10) is interned as the redaction marker's id: it is checked once, when
 * first defined, and every later use is an ordinary table hit. -1 (written inline, where values.ts
 * redacts it) when the table is full.
 */
function redactedAlias(text: string): number {
  const word = internedWord(REDACTED_MARKER);
  if (word === -1) return -1;
  B.mapSet(interned, text, B.mapGet(interned, REDACTED_MARKER));
  return word;
}
