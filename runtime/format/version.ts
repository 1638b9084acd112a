// The trace format's identity: magic bytes and version. Owns nothing else.
// Bump FORMAT_MINOR for additive changes readers may ignore; bump FORMAT_MAJOR for anything an
// older reader would misread. test/runtime/format/encodingGuard.test.ts fails if the encoding
// changes without a bump here (TR-08).

/** "RWND" as bytes: the first four bytes of every trace file. */
export const TRACE_MAGIC = [0x52, 0x57, 0x4e, 0x44] as const;
export const FORMAT_MAJOR = 3;
export const FORMAT_MINOR = 7;

/** Bumped whenever instrument() output changes; part of the instrumentation cache key. */
export const INSTRUMENTER_VERSION = '13';

declare const __REWIND_INSTRUMENTER_BUILD__: string | undefined;
/**
 * The hash of the runtime sources this bundle was built from (scripts/build.mjs defines it; code
 * run unbundled, as in unit tests, says 'unbundled'). Also part of the cache key: a build whose
 * instrumented code differs never reads another build's entries, bumped version or not.
 */
export const INSTRUMENTER_BUILD: string =
  typeof __REWIND_INSTRUMENTER_BUILD__ === 'string' ? __REWIND_INSTRUMENTER_BUILD__ : 'unbundled';
