// The entry of dist/instrumentRealm.js: the instrumenter as the loader evaluates it once in a
// private realm (loader/instrumentRealm.ts), so that parsing, planning, rewriting, TypeScript
// stripping and the source map use that realm's Set, Map, Array, String… and never the program's
// (INS-25). Its result carries the cache entry's text parts, made there too (cacheable.ts).
// Needs nothing of its host but a TextEncoder (marker.ts), which the host defines in the realm.
// Knows the instrumenter's API, not the loader.
import { cacheableParts, type CacheableParts } from './cacheable';
import { tryInstrument, type InstrumentOptions, type TryInstrumentResult } from './instrument';

export type InstrumentedWithParts = TryInstrumentResult & { parts?: CacheableParts };

export function instrumentWithParts(code: string, options: InstrumentOptions): InstrumentedWithParts {
  const outcome = tryInstrument(code, options);
  return outcome.ok ? { ...outcome, parts: cacheableParts(outcome.result) } : outcome;
}
