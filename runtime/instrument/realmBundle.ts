// The entry of dist/instrumentRealm.js: the instrumenter as the loader evaluates it once in a
// private realm (loader/instrumentRealm.ts), so that parsing, planning, rewriting, TypeScript
// stripping and the source map use that realm's Set, Map, Array, String… and never the program's
// (INS-25). Its result carries the cache entry's text parts, made there too (cacheable.ts); the
// TypeScript stripper alone serves the loader's lexer epilogue and Function.prototype.toString.
// Needs nothing of its host but a TextEncoder (marker.ts), which the host defines in the realm.
// Knows the instrumenter's API, not the loader.
import { cacheableParts, type CacheableParts } from './cacheable';
import { tryInstrument, type InstrumentOptions, type TryInstrumentResult } from './instrument';
import { stripTypeScript, type TypeScriptOptions } from './typescript/strip';

export type InstrumentedWithParts = TryInstrumentResult & { parts?: CacheableParts };

export function instrumentWithParts(code: string, options: InstrumentOptions): InstrumentedWithParts {
  const outcome = tryInstrument(code, options);
  return outcome.ok ? { ...outcome, parts: cacheableParts(outcome.result) } : outcome;
}

/** The JavaScript a TypeScript file's types strip to (same offsets); throws where stripTypeScript throws. */
export function strippedJavaScript(
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  options: TypeScriptOptions | undefined,
): string {
  return stripTypeScript(source, filename, sourceType, options).code;
}
