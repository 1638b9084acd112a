// The language's well-known symbols (Symbol.iterator, Symbol.toStringTag…) in a trace: from format
// 3.6 the recorder gives each a fixed symbol id at the top of the id space, so a reader can tell
// `Symbol.iterator` from a program's `Symbol('Symbol.iterator')` (same description, another
// symbol). Numbers are positions: append only. Knows nothing of events or the ring.
import { SYMBOL_REGISTERED_BIT } from './events';

export const WELL_KNOWN_SYMBOLS = [
  'asyncIterator',
  'hasInstance',
  'isConcatSpreadable',
  'iterator',
  'match',
  'matchAll',
  'replace',
  'search',
  'species',
  'split',
  'toPrimitive',
  'toStringTag',
  'unscopables',
  'dispose',
  'asyncDispose',
] as const;

/** Ids from here up are the well-known symbols' (by position); a writer counts its own ids below it. */
export const WELL_KNOWN_SYMBOL_FIRST_ID = SYMBOL_REGISTERED_BIT - 64;

/**
 * The name of the well-known symbol a recorded symbol is ("iterator"), or undefined. Both its id
 * and its description must say so: an older writer (3.5) never reached these ids in practice, and
 * its symbol would also need the very description to be taken for one.
 */
export function wellKnownSymbolName(
  id: number,
  description: string | undefined,
  registered: boolean,
): string | undefined {
  const name = registered ? undefined : WELL_KNOWN_SYMBOLS[id - WELL_KNOWN_SYMBOL_FIRST_ID];
  return name !== undefined && description === `Symbol.${name}` ? name : undefined;
}
