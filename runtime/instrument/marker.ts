// What makes instrumented output recognisable and bindable: the first-line marker (INS-27), the
// choice of a name prefix the source never uses (INS-25) and the probe-base trailer the loader
// patches in place. Knows text only — no AST.
import { PROBE_BASE_HEX_DIGITS, RUNTIME_NAME } from '../format/hotPath';
import { InstrumentError } from './errors';

/** Put on line 1 of every output (inside a comment, so no line is added). */
export const INSTRUMENTED_MARKER = '/*rewind:instrumented v1*/';
const MARKER_STEM = '/*rewind:instrumented';
const TRAILER_STEM = 'b(){return 0x';
/** istanbul/nyc put their coverage header on top: a `cov_<hash>` function or var naming `__coverage__`. */
const FOREIGN_MARKERS = [/__coverage__/, /\b(?:function|var) cov_[A-Za-z0-9]+\b/];
const FOREIGN_SCAN_CHARS = 16_384;

function firstLine(code: string): string {
  const end = code.search(/[\n\r\u2028\u2029]/);
  return end < 0 ? code : code.slice(0, end);
}

/** True for code we (any version) or istanbul/nyc already instrumented: instrumenting again would double-record. */
export function isInstrumented(code: string): boolean {
  if (firstLine(code).includes(MARKER_STEM)) return true;
  const head = code.slice(0, FOREIGN_SCAN_CHARS);
  return FOREIGN_MARKERS.every((marker) => marker.test(head));
}

/** `$rw$`, or `$rw1$`, `$rw2$`… — the first prefix that occurs nowhere in the source text. */
export function choosePrefix(code: string): string {
  if (!code.includes(RUNTIME_NAME)) return RUNTIME_NAME;
  const stem = RUNTIME_NAME.slice(0, -1);
  for (let n = 1; ; n++) {
    const candidate = `${stem}${n}$`;
    if (!code.includes(candidate)) return candidate;
  }
}

/** The hoisted probe-base function appended after the last statement. */
export function trailer(prefix: string): string {
  return `function ${prefix}${TRAILER_STEM}${'0'.repeat(PROBE_BASE_HEX_DIGITS)}}`;
}

/**
 * Writes the file's probe base into the trailer of instrumented code. Same width, so no column
 * moves and cached source maps stay valid. O(1)-ish: one lastIndexOf from the end.
 */
export function bindProbeBase(instrumentedCode: string, base: number): string {
  if (!Number.isInteger(base) || base < 0 || base > 0xffffffff) {
    throw new InstrumentError(`probe base ${base} is not a 32-bit unsigned integer`);
  }
  const at = instrumentedCode.lastIndexOf(TRAILER_STEM);
  if (at < 0) throw new InstrumentError('bindProbeBase: no probe-base trailer found (was this code instrumented?)');
  const digitsAt = at + TRAILER_STEM.length;
  const hex = base.toString(16).padStart(PROBE_BASE_HEX_DIGITS, '0');
  return instrumentedCode.slice(0, digitsAt) + hex + instrumentedCode.slice(digitsAt + PROBE_BASE_HEX_DIGITS);
}
