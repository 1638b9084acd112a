// Reading raw source text between tokens: whitespace and comments only. Used where acorn gives no
// position (the `;` of an empty for-test, the parentheses around an arrow's expression body).
// Never used across strings, templates or regexps: callers only scan gaps between known tokens.

function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && /\s/.test(String.fromCharCode(c));
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** First offset at or after `pos` that is not whitespace or inside a comment. */
export function skipTrivia(code: string, pos: number): number {
  for (;;) {
    const c = code.charCodeAt(pos);
    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === 47 /* / */) {
      const next = code.charCodeAt(pos + 1);
      if (next === 47) {
        while (pos < code.length && !isLineBreak(code.charCodeAt(pos))) pos++;
        continue;
      }
      if (next === 42) {
        const close = code.indexOf('*/', pos + 2);
        pos = close < 0 ? code.length : close + 2;
        continue;
      }
    }
    return pos;
  }
}

/** Offset of `token` at the next non-trivia position after `pos`, or -1 when something else is there. */
export function expectToken(code: string, pos: number, token: string): number {
  const at = skipTrivia(code, pos);
  return code.startsWith(token, at) ? at : -1;
}

/** Scans forward from `pos` over trivia and `)` tokens to the `=>` of an arrow function. */
export function findArrow(code: string, pos: number): number {
  for (;;) {
    pos = skipTrivia(code, pos);
    if (code.startsWith('=>', pos) || pos >= code.length) return pos;
    pos++;
  }
}
