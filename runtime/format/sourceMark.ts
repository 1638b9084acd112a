// The source mark: a comment the instrumenter puts just after the first token of every function,
// method and class, so that `Function.prototype.toString` can return the user's own text (INS-18).
// `/*rw@<token>:<at>:<end>*/` — token names the file's source (a prefix of its SHA-256), `at` is
// the mark's offset in that source and `end` where the function's text ends there. A comment:
// it changes no behaviour and no column before it. Knows text only.

export const SOURCE_MARK_STEM = '/*rw@';
export const SOURCE_MARK_CLOSE = '*/';
/** Hex digits of the source's SHA-256 that name it (48 bits: no collision among a process's files). */
const SOURCE_TOKEN_HEX_DIGITS = 12;
// Taken when the module is evaluated: the loader makes a token in a program's require(), where
// String.prototype.slice as the program sees it may be its own (INS-25).
const { apply } = Reflect;
const { slice } = String.prototype;

export function sourceMark(token: string, atOffset: number, endOffset: number): string {
  return `${SOURCE_MARK_STEM}${token}:${atOffset}:${endOffset}${SOURCE_MARK_CLOSE}`;
}

/** The token for a file whose SHA-256 (hex) is `sourceHash`; '' when there is none. */
export function sourceToken(sourceHash: string): string {
  return sourceHash.length >= SOURCE_TOKEN_HEX_DIGITS
    ? (apply(slice, sourceHash, [0, SOURCE_TOKEN_HEX_DIGITS]) as string)
    : '';
}
