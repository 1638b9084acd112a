// Public API of the instrumenter (ARCHITECTURE.md §2): a pure text transform plus the two text
// helpers the loader needs on every load from cache. Nothing here touches Node or the recorder.
//
//   instrument(code, { filename, sourceType?, level?, sourceHash? }) → { code, map, probes, runtimeName } | undefined
//     undefined: already instrumented (INS-27) or acorn rejects it (INS-28) — run the file untouched.
//     Throws InstrumentError for TypeScript it cannot strip (namespace with values, `import =`, .tsx…).
//   tryInstrument(code, options) → { ok: true, result } | { ok: false, reason, error } — the same, never
//     throwing for those cases, with a message the loader can log.
//   bindProbeBase(code, base) — writes the file's probe base into the trailer, in place (same width).
//   bindableCode(code, prefix), bindAtOffsets(bindable, base) — the same, split for the cache: the
//     fields found once when a file is instrumented, each later load only rewrites them.
//   isInstrumented(code), INSTRUMENTED_MARKER — the line-1 marker `/*rewind:instrumented v1*/`.
//   cacheableParts(result) — a result's code and map as the loader's cache entry keeps them.
//   realmBundle.ts — the entry of dist/instrumentRealm.js, which the loader evaluates in a private realm.
// Output: no line is added or removed; code calls `<runtimeName>.<hot path>(…)` with probe ids
// `<runtimeName>b()+<local id>` (runtime/format/hotPath.ts); `map` is a v3 map of the original text.
export { instrument, tryInstrument, withParsedProbes } from './instrument';
export type { InstrumentOptions, InstrumentResult, TryInstrumentResult } from './instrument';
export { bindAtOffsets, bindableCode, bindProbeBase, isInstrumented, INSTRUMENTED_MARKER } from './marker';
export type { BindableCode } from './marker';
export { InstrumentError } from './errors';
export { cacheableParts } from './cacheable';
export type { CacheableParts } from './cacheable';
export type { InstrumentedWithParts } from './realmBundle';
export { isTypeScriptFile } from './typescript/fileNames';
