// Blanking: ranges of source replaced by spaces, line terminators kept, so no offset moves.
// Knows no TypeScript: handlers.ts decides what to blank.
import type { LineIndex } from '../positions';
import { skipTrivia } from '../text';

/** A decorator's expression: a source range, read from the stripped text once blanking is known. */
export type DecoratorText = [number, number];
/** Code added after a class (decorators.ts): text, and decorator expressions to read from the stripped code. */
export type Trailer = Array<string | DecoratorText>;

export interface Blanks {
  code: string;
  ranges: Array<[number, number]>;
  /** Code that must be added (parameter properties); applied by the instrumenter's magic-string. */
  insertions: Array<[number, string]>;
  /** Code written over blanked characters (never across a line terminator), so the walker sees it. */
  fills: Array<[number, string]>;
  lines: LineIndex;
  /** Whether each enclosing class has an `extends` clause, innermost last. */
  derived: boolean[];
  /** Each enclosing class's name (undefined: anonymous), innermost last. */
  classNames: Array<string | undefined>;
  sourceType: 'commonjs' | 'module';
  /** tsconfig.json's `experimentalDecorators`: legacy decorators are lowered (decorators.ts), TC39 ones refused. */
  experimentalDecorators: boolean;
  /** Decorators, blanked only once their expressions were read from the stripped text. */
  decoratorRanges: Array<[number, number]>;
  /** Code added after the walk, after whatever the instrumenter added at the same offset (decorators.ts). */
  trailers: Array<[number, Trailer]>;
  /** Code added before whatever the instrumenter adds at the same offset (a decorated computed key's opening). */
  leaders: Array<[number, Trailer]>;
  /** Code around a class expression, keyed by its end (tc39Decorators.ts): see StrippedTypeScript.wraps. */
  wraps: Array<[number, Trailer, Trailer]>;
  /** How many TC39-decorated classes got a state constant so far (tc39Decorators.ts names them). */
  tc39States: number;
}

export function blank(blanks: Blanks, start: number, end: number): void {
  if (end > start) blanks.ranges.push([start, end]);
}

/** Blanks `word` if it is the next token at or after `pos`; returns the offset after it (or pos). */
export function blankWord(blanks: Blanks, pos: number, word: string): number {
  const at = skipTrivia(blanks.code, pos);
  if (!blanks.code.startsWith(word, at) || /[\w$]/.test(blanks.code[at + word.length] ?? '')) return pos;
  blank(blanks, at, at + word.length);
  return at + word.length;
}

/** Blanks a node plus the `,` that follows it (list elements such as `this` params and type-only specifiers). */
export function blankWithComma(blanks: Blanks, start: number, end: number): void {
  const after = skipTrivia(blanks.code, end);
  blank(blanks, start, blanks.code[after] === ',' ? after + 1 : end);
}

export function blankRanges(code: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return code;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    out += code.slice(at, from) + code.slice(from, end).replace(/[^\n\r\u2028\u2029]/g, ' ');
    at = end;
  }
  return out + code.slice(at);
}

/** Writes each fill over the (blanked) code at its offset; offsets and lines stay as they were. */
export function applyFills(code: string, fills: Array<[number, string]>): string {
  let out = code;
  for (const [at, text] of fills) out = out.slice(0, at) + text + out.slice(at + text.length);
  return out;
}
