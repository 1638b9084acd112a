// What the loader keeps of an instrumented file in its cache entry, made from the instrumenter's
// result: the code as bytes with its probe-id fields' offsets (ASCII code; else the text) and the
// source map as JSON text. Made where the result was made — in the loader's private realm on a
// cache miss (realmBundle.ts) — so the loader's realm never walks the result's text with the
// program's builtins. Knows the entry's two text parts, not the cache's layout.
import type { InstrumentResult } from './instrument';
import { bindableCode, type BindableCode } from './marker';

export interface CacheableParts {
  code: string | BindableCode;
  map: string;
}

export function cacheableParts(result: Pick<InstrumentResult, 'code' | 'map' | 'runtimeName'>): CacheableParts {
  return { code: bindableCode(result.code, result.runtimeName) ?? result.code, map: JSON.stringify(result.map) };
}
