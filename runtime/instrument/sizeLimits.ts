// How large a file Rewind instruments. Instrumenting costs memory in proportion to the file's
// syntax (an 85,000-line file of `a = 1; b = 2;`, 340,000 probes: ~275 MB of heap at its peak, the
// syntax tree and magic-string's chunks; the probe table streams, format/probeTable.ts),
// and a file past these limits would cost the program more memory than it may have: it runs
// untouched instead, and a NOTE in the trace says so. Knows sizes, not what is instrumented.
import { InstrumentError } from './errors';

/**
 * Source characters: a file longer runs untouched without being parsed (its syntax tree alone
 * would take hundreds of MB). 16 Mi: typescript.js (9.1 MB, 234,000 probes) is instrumented.
 */
export const MAX_INSTRUMENTED_SOURCE_CHARS = 16 * 2 ** 20;
/**
 * Probes in one file: past this the walk stops (heap ~330 MB, and a probe table of about
 * 60 MB, near the most a trace record holds: MAX_RECORD_PAYLOAD).
 */
export const MAX_PROBES_PER_FILE = 400_000;

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
