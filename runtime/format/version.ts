// The trace format's identity: magic bytes and version. Owns nothing else.
// Bump FORMAT_MINOR for additive changes readers may ignore; bump FORMAT_MAJOR for anything an
// older reader would misread. test/runtime/format/encodingGuard.test.ts fails if the encoding
// changes without a bump here (TR-08).

/** "RWND" as bytes: the first four bytes of every trace file. */
export const TRACE_MAGIC = [0x52, 0x57, 0x4e, 0x44] as const;
export const FORMAT_MAJOR = 3;
export const FORMAT_MINOR = 2;

/** Bumped whenever instrument() output changes; part of the instrumentation cache key. */
export const INSTRUMENTER_VERSION = '10';
