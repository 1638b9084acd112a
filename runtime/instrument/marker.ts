// What makes instrumented output recognisable and bindable: the first-line marker (INS-27), the
// choice of a name prefix the source never uses (INS-25) and the fixed-width probe-id fields the
// loader rewrites in place to global ids. Knows text only — no AST.
import { PROBE_ID_DIGITS, RUNTIME_NAME } from '../format/hotPath';
import { InstrumentError } from './errors';

// Taken when the module is evaluated: binding runs in a program's require() on every load (cache
// hits included), where Math.floor or String.prototype.indexOf as the program sees it may be its
// own (INS-25). Methods are uncurried: charCodeAt(code, at) is code.charCodeAt(at) as it was then.
const { floor } = Math;
const { isInteger } = Number;
const { bind, call } = Function.prototype;
const uncurryThis = bind.bind(call) as <A extends unknown[], R>(
  fn: (...args: A) => R,
) => (self: unknown, ...args: A) => R;
const charCodeAt = uncurryThis(String.prototype.charCodeAt);
const indexOf = uncurryThis(String.prototype.indexOf);
const includes = uncurryThis(String.prototype.includes);
const startsWith = uncurryThis(String.prototype.startsWith);
const slice = uncurryThis(String.prototype.slice);
const padStart = uncurryThis(String.prototype.padStart);
const regexpExec = uncurryThis(RegExp.prototype.exec);
const join = uncurryThis(Array.prototype.join);

/** Put on line 1 of every output (inside a comment, so no line is added). */
export const INSTRUMENTED_MARKER = '/*rewind:instrumented v1*/';
const MARKER_STEM = '/*rewind:instrumented';
/** istanbul/nyc put their coverage header on top: a `cov_<hash>` function or var naming `__coverage__`. */
const FOREIGN_MARKERS = [/__coverage__/, /\b(?:function|var) cov_[A-Za-z0-9]+\b/];
const FOREIGN_SCAN_CHARS = 16_384;

const LINE_END = /[\n\r\u2028\u2029]/;

function firstLine(code: string): string {
  const end = regexpExec(LINE_END, code);
  return end === null ? code : slice(code, 0, end.index);
}

/** True for code we (any version) or istanbul/nyc already instrumented: instrumenting again would double-record. */
export function isInstrumented(code: string): boolean {
  if (includes(firstLine(code), MARKER_STEM)) return true;
  const head = slice(code, 0, FOREIGN_SCAN_CHARS);
  for (let index = 0; index < FOREIGN_MARKERS.length; index++)
    if (regexpExec(FOREIGN_MARKERS[index], head) === null) return false;
  return true;
}

/** `$rw$`, or `$rw1$`, `$rw2$`… — the first prefix that occurs nowhere in the source text. */
export function choosePrefix(code: string): string {
  if (!includes(code, RUNTIME_NAME)) return RUNTIME_NAME;
  const stem = slice(RUNTIME_NAME, 0, -1);
  for (let n = 1; ; n++) {
    const candidate = `${stem}${n}$`;
    if (!includes(code, candidate)) return candidate;
  }
}

/** A local probe id as the fixed-width literal the loader rewrites (spaces, then digits: never octal). */
export function probeIdField(localId: number): string {
  return padStart(String(localId), PROBE_ID_DIGITS, ' ');
}

const CHAR_DOT = 0x2e;
const CHAR_OPEN = 0x28;
const CHAR_COMMA = 0x2c;
const CHAR_SPACE = 0x20;
const CHAR_F = 0x66;
const CHAR_E = 0x65;
const CHAR_Q = 0x71;
const CHAR_L = 0x6c;
const isLower = (code: number): boolean => code >= 0x61 && code <= 0x7a;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/**
 * Global probe ids from local ones: adds `base` to every probe-id field of freshly instrumented
 * code (fields follow `<prefix>m(` / `<prefix>.m(`, or the frame variable first argument of
 * `r`/`x`/`as`/`ar`). Same width, so no column moves and cached source maps stay valid. The
 * prefix occurs nowhere in the user's source (choosePrefix), so every match is ours. O(length):
 * the price of literal ids in the hot path, paid once per load instead of once per event.
 */
export function bindProbeBase(instrumentedCode: string, base: number, prefix: string = RUNTIME_NAME): string {
  if (!isInteger(base) || base < 0 || base > MAX_BASE) {
    throw new InstrumentError(`probe base ${base} does not fit a ${PROBE_ID_DIGITS}-digit probe id`);
  }
  if (!includes(firstLine(instrumentedCode), MARKER_STEM))
    throw new InstrumentError('bindProbeBase: no instrumented marker (was this code instrumented?)');
  if (base === 0) return instrumentedCode;
  return bindInPlace(instrumentedCode, base, prefix) ?? bindByJoining(instrumentedCode, base, prefix);
}

/**
 * bindProbeBase for ASCII code (all generated giants, nearly all code): the fields rewritten in
 * one copy of its bytes, decoded once. Joining slices cost ~50 MB more RSS for an 85,000-line file
 * (7.5 MB of output, 340,000 fields), all of it alive while the script is then compiled. Undefined
 * for code with other characters (its bytes are not its UTF-16 offsets) or an id wider than its field.
 */
function bindInPlace(code: string, base: number, prefix: string): string | undefined {
  const bindable = bindableCode(code, prefix);
  const bound = bindable && bindAtOffsets(bindable, base);
  return bound && new TextDecoder().decode(bound);
}

/**
 * ASCII instrumented code as bytes, with the offset of each probe-id field in it: what the
 * instrumentation cache keeps, so that binding a cached file's ids is one pass over its fields,
 * not a search of its text (typescript.js: 16 MB of output, ~270 ms a load). Undefined for code
 * with other characters.
 */
export interface BindableCode {
  /** The code's bytes, one per character (never written: bindAtOffsets copies them). */
  readonly bytes: Uint8Array;
  /** Each field's first character, ascending. */
  readonly fieldOffsets: Int32Array;
}

export function bindableCode(code: string, prefix: string): BindableCode | undefined {
  const bytes = new Uint8Array(code.length);
  const { read, written } = new TextEncoder().encodeInto(code, bytes);
  if (read !== code.length || written !== code.length) return undefined;
  const offsets: number[] = [];
  for (let at = indexOf(code, prefix); at >= 0; at = indexOf(code, prefix, at + 1)) {
    const field = fieldAfter(code, at + prefix.length, prefix);
    if (field < 0) continue;
    offsets[offsets.length] = field;
    at = field + PROBE_ID_DIGITS - 1;
  }
  return { bytes, fieldOffsets: Int32Array.from(offsets) };
}

/**
 * The code's bytes with `base` added to every field's id (ASCII: the loader decodes them as Latin-1,
 * which Node does without a copy, where a UTF-8 decoder takes ~70 ms for 15 MB). Undefined when an
 * id outgrows its field (a base past MAX_BASE) or the offsets are not fields of these bytes.
 */
export function bindAtOffsets(bindable: BindableCode, base: number): Uint8Array | undefined {
  const bytes = new Uint8Array(bindable.bytes);
  const { fieldOffsets } = bindable;
  let previousEnd = 0;
  for (let index = 0; index < fieldOffsets.length; index++) {
    const field = fieldOffsets[index];
    const end = field + PROBE_ID_DIGITS;
    if (!(field >= previousEnd && end <= bytes.length)) return undefined;
    previousEnd = end;
    let local = 0;
    let digits = 0;
    for (let at = field; at < end; at++) {
      const char = bytes[at];
      if (isDigit(char)) {
        local = local * 10 + (char - 0x30);
        digits++;
      } else if (char !== CHAR_SPACE || digits > 0) return undefined;
    }
    if (digits === 0) return undefined;
    let id = local + base;
    for (let at = end - 1; at >= field; at--) {
      if (id === 0 && at < end - 1) bytes[at] = CHAR_SPACE;
      else {
        bytes[at] = 0x30 + (id % 10);
        id = floor(id / 10);
      }
    }
    if (id !== 0) return undefined;
  }
  return bytes;
}

/** bindProbeBase for any code: the text between fields and the rewritten fields, joined. */
function bindByJoining(code: string, base: number, prefix: string): string {
  // Joined a batch at a time: a huge file's 1,000,000s of small parts die young (collected
  // cheaply) instead of living together in one array until the end (64 MB at 340,000 probes).
  const joined: string[] = [];
  let parts: string[] = [];
  let copied = 0;
  for (let at = indexOf(code, prefix); at >= 0; at = indexOf(code, prefix, at + 1)) {
    const field = fieldAfter(code, at + prefix.length, prefix);
    if (field < 0) continue;
    let digits = field;
    while (charCodeAt(code, digits) === CHAR_SPACE) digits++;
    const local = Number(slice(code, digits, field + PROBE_ID_DIGITS));
    parts[parts.length] = slice(code, copied, field);
    parts[parts.length] = probeIdField(local + base);
    copied = field + PROBE_ID_DIGITS;
    at = copied - 1;
    if (parts.length < BIND_BATCH_PARTS) continue;
    joined[joined.length] = join(parts, '');
    parts = [];
  }
  parts[parts.length] = slice(code, copied);
  joined[joined.length] = join(parts, '');
  return join(joined, '');
}

/** Parts bindProbeBase joins at a time. */
const BIND_BATCH_PARTS = 8192;

const MAX_BASE = 10 ** PROBE_ID_DIGITS - 1;

// Globals of Node (≥ 20) and every runtime Rewind loads in; this folder's tsconfig has neither DOM nor Node types.
declare const TextEncoder: new () => {
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
};
declare const TextDecoder: new () => { decode(input: Uint8Array): string };

/** Offset of the probe-id field of the hot call whose prefix ends at `at`, or -1 when it is not one. */
function fieldAfter(code: string, at: number, prefix: string): number {
  if (charCodeAt(code, at) === CHAR_DOT) at++;
  const name = at;
  while (isLower(charCodeAt(code, at)) && at - name < 3) at++;
  // e1…e4 / em1…em4 (ENTER with parameters), lf0…lf4 and lq0…lq4 (a leaf call): the only calls with
  // a digit and a probe id (temps `<prefix>t0`, a leaf's guard `lk2(` and copy `lc1(` are not calls
  // with one; its reads `leafRead(` have a name too long to take one).
  const withDigit =
    charCodeAt(code, name) === CHAR_E
      ? at - name <= 2
      : at - name === 2 &&
        charCodeAt(code, name) === CHAR_L &&
        (charCodeAt(code, name + 1) === CHAR_F || charCodeAt(code, name + 1) === CHAR_Q);
  if (withDigit && isDigit(charCodeAt(code, at))) at++;
  if (at === name || charCodeAt(code, at) !== CHAR_OPEN) return -1;
  at++;
  if (startsWith(code, prefix, at) && charCodeAt(code, at + prefix.length) === CHAR_F) {
    at += prefix.length + 1; // the frame variable before the id: `<prefix>f<depth>,`
    while (isDigit(charCodeAt(code, at))) at++;
    if (charCodeAt(code, at) !== CHAR_COMMA) return -1;
    at++;
  }
  for (let index = 0; index < PROBE_ID_DIGITS; index++) {
    const char = charCodeAt(code, at + index);
    if (char !== CHAR_SPACE && !isDigit(char))
      throw new InstrumentError(`bindProbeBase: malformed probe id at offset ${at}`);
  }
  return at;
}
