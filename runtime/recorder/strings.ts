// Strings in events: inline STRING values (UTF-16 units packed two per word, truncated past the
// limit with the true length kept) and the bounded intern table of short repeated strings
// (EXT STRING_DEF once, then one-word STRING_REF). Reads strings only through captured builtins.
import { Ext, EventKind, ValueTag, eventHeader, valueWord } from '../format/events';
import { B } from './builtins';
import { REDACTED_MARKER, isEnvironmentSecret } from './limits';
import { beginSized, endSized, eventWordsLeft, put2, putStringUnits } from './ring';

/** Strings up to this length are interned; longer ones are written inline. */
export const INTERN_MAX_LENGTH = 40;
const INTERN_MAX_ENTRIES = 1 << 16;
const TRUE_LENGTH_MAX = 2 ** 27 - 1;
/** Words kept free in an event for what follows a string (keys, flags, the rest of the event). */
const EVENT_RESERVE_WORDS = 16;

const STRING_DEF_HEADER = eventHeader(EventKind.EXT, Ext.STRING_DEF);

let interned = new B.Map<string, number>();
let nextStringId = 0;

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
let internGeneration = 1;

/** Forget definitions (they may have been lost): strings are re-defined under fresh ids. */
export function resetInternTable(): void {
  interned = new B.Map<string, number>();
  internGeneration = (internGeneration + 1) | 0;
}

/** internedWord() for the key of a property-write probe, through the per-probe cache; -1 when not interned. */
export function keyWord(probeId: number, key: string): number {
  const slot = probeId & (KEY_CACHE_SIZE - 1);
  if (cachedKeys[slot] === key && cachedKeyGenerations[slot] === internGeneration) return cachedKeyWords[slot];
  if (key.length > INTERN_MAX_LENGTH) return -1;
  const word = internedWord(key);
  if (word !== -1) {
    cachedKeys[slot] = key;
    cachedKeyWords[slot] = word;
    cachedKeyGenerations[slot] = internGeneration;
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
  const id = nextStringId;
  beginSized();
  put2(STRING_DEF_HEADER, id);
  putInlineString(text, text.length);
  endSized();
  // Interned only once defined: a definition a stack overflow cut short is rolled back (ring.ts).
  nextStringId = (nextStringId + 1) & 0x7ffffff;
  B.mapSet(interned, text, id);
  return valueWord(ValueTag.STRING_REF, id);
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

/** STRING value: [tag|trueLength, capturedLength, packed units…], bounded by the limit and the event's room. */
export function putInlineString(text: string, maxChars: number): void {
  const length = text.length;
  const room = (eventWordsLeft() - EVENT_RESERVE_WORDS) * 2;
  let captured = length < maxChars ? length : maxChars;
  if (captured > room) captured = room > 0 ? room : 0;
  put2(valueWord(ValueTag.STRING, length < TRUE_LENGTH_MAX ? length : TRUE_LENGTH_MAX), captured);
  putStringUnits(text, captured);
}
