// `accessor` fields in a JavaScript file (issue 14 item 8): TC39 decorators' syntax, which Node does
// not run. Rewind lowers them in TypeScript only (typescript/accessors.ts); in JavaScript, a parse
// error at one is explained by name and line, since the program fails there plain as well. Knows
// only acorn's error position and the text before it.
import { InstrumentError } from './errors';
import { LineIndex } from './positions';

/** How far back from the error the `accessor` keyword is looked for. */
const LOOKBEHIND_CHARS = 64;

/** The refusal for a parse error at the name after `accessor` in a class body, or undefined. */
export function accessorInJavaScript(code: string, error: unknown): InstrumentError | undefined {
  const at = (error as { pos?: unknown }).pos;
  if (typeof at !== 'number') return undefined;
  const before = code.slice(Math.max(0, at - LOOKBEHIND_CHARS), at);
  const keyword = /(?:^|[\s;{}])(?:static\s+)?(accessor)[ \t]+$/.exec(before);
  if (!keyword || !/^[#\p{ID_Start}$_[]/u.test(code.slice(at, at + 1))) return undefined;
  return new InstrumentError(
    "an `accessor` field is TC39 decorators' syntax, which Node does not run in JavaScript; write it in a .ts file",
    new LineIndex(code).position(at).line1,
  );
}
