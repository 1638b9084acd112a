// How large a file Rewind instruments. A large file is parsed, walked and written out a top-level
// statement at a time (largeFile.ts, streamedOutput.ts), so its syntax tree and edits are never
// held whole; what grows with it is the output, its source map and the probe table (which streams
// and splits over records, format/probeTable.ts): `a = 1; b = 2;` × 125,000 lines, 500,004 probes,
// peaks at ~500 MB RSS for the recorded process (690 MB with the whole tree and magic-string). A
// file past these limits would cost the program more memory than it may have: it runs untouched
// instead, and a NOTE in the trace says so. Knows sizes, not what is instrumented.
import { InstrumentError } from './errors';

/**
 * Source characters: a file longer runs untouched without being parsed (its syntax tree alone
 * would take hundreds of MB). 16 Mi: typescript.js (9.1 MB, 234,000 probes) is instrumented.
 */
export const MAX_INSTRUMENTED_SOURCE_CHARS = 16 * 2 ** 20;
/**
 * Probes in one file: past this the walk stops. 1 Mi (about 260,000 lines of `a = 1; b = 2;`,
 * ~900 MB peak RSS, 1.1 GB before the streamed walk; a live heap within the default heap limit of
 * a 4 GB machine). The probe table
 * itself has no limit: it streams and continues over PROBES records (loader/instrumentFile.ts).
 */
export const MAX_PROBES_PER_FILE = 2 ** 20;

/**
 * Source characters from which a file is parsed and walked a top-level statement at a time, its
 * text and source map written out as the walk goes (largeFile.ts, streamedOutput.ts), instead of
 * one syntax tree and magic-string's chunk per edit: 256 Ki (about 18,700 lines of `a = 1; b = 2;`;
 * 40,000 such lines then peak at ~285 MB instead of ~345 MB). Below it magic-string, whose output is
 * the same, byte for byte.
 */
export const STREAMED_OUTPUT_MIN_CHARS = 2 ** 18;

/** Thrown by the walk when a file needs more probes than MAX_PROBES_PER_FILE. */
export class TooLargeError extends InstrumentError {}

/** Why a source is too large to instrument, or undefined when it is not (before parsing). */
export function sourceTooLarge(code: string): string | undefined {
  if (code.length <= MAX_INSTRUMENTED_SOURCE_CHARS) return undefined;
  return `${code.length} characters, more than Rewind instruments in one file (${MAX_INSTRUMENTED_SOURCE_CHARS})`;
}

export function tooManyProbes(): TooLargeError {
  return new TooLargeError(`more than ${MAX_PROBES_PER_FILE} probes, more than Rewind instruments in one file`);
}
