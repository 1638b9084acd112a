// The program's legacy RegExp statics (RegExp.$1…$9, input/$_, lastMatch/$&, lastParen/$+,
// leftContext/$`, rightContext/$') kept across the loader's work. The loader runs in the program's
// thread at every require/import of a file (globs, acorn, the instrumenter, TypeScript, the cache),
// and every successful match there sets the realm's statics that a program may read after its own
// match (INS-25). Too much of that code is not ours to move into a private realm (quietRegExp.ts),
// so the statics are saved before and put back after. Owns saving and putting back; knows nothing
// of what the loader does in between.
//
// Only `input` is writable; the rest are put back by one match that reproduces them: on the subject
// S = leftContext + lastMatch + rightContext, a sticky regexp run from start = leftContext.length
// matches lastMatch.length units, after one lookaround per capture that captures its value where it
// occurs in S (any occurrence: every capture is a substring of the subject). Positions only, so
// nothing of the text is escaped into the pattern.
//
// The bootloader's stub (runtime/bootloader.ts) keeps the statics across the whole start of a
// recording too, and must not load the recorder: so the builtins used here are captured here (when
// this module is evaluated, before program code runs), not taken from recorder/builtins.ts.

const OwnRegExp = RegExp;
const { apply, getOwnPropertyDescriptor } = Reflect;
const regexpExec = RegExp.prototype.exec;
const stringIndexOf = String.prototype.indexOf;
const stringLastIndexOf = String.prototype.lastIndexOf;
const stringStartsWith = String.prototype.startsWith;
const stringEndsWith = String.prototype.endsWith;
const OwnError = Error;
const CAPTURES = 9;
/** [$1…$9, input, lastMatch, lastParen, leftContext, rightContext]: the statics every alias reads. */
const STATIC_NAMES = ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9'] as const;
const INPUT = CAPTURES;
const LAST_MATCH = CAPTURES + 1;
const LAST_PAREN = CAPTURES + 2;
const LEFT = CAPTURES + 3;
const RIGHT = CAPTURES + 4;
const COUNT = CAPTURES + 5;

/**
 * Node's own getters and input's setter, taken when this module is evaluated (before program code
 * runs): a program may redefine RegExp.$1 and the others (they are configurable). Undefined on an
 * engine without them, where there is nothing to keep.
 */
const accessors = ((): { getters: Array<() => string>; setInput: (value: string) => void } | undefined => {
  const names = [...STATIC_NAMES, 'input', 'lastMatch', 'lastParen', 'leftContext', 'rightContext'];
  const getters: Array<() => string> = [];
  for (const name of names) {
    const get = getOwnPropertyDescriptor(OwnRegExp, name)?.get;
    if (typeof get !== 'function') return undefined;
    getters.push(get as () => string);
  }
  const setInput = getOwnPropertyDescriptor(OwnRegExp, 'input')?.set;
  if (typeof setInput !== 'function') return undefined;
  return { getters, setInput };
})();

const NO_ARGUMENTS: readonly unknown[] = Object.freeze([]);

/** What the statics read when saved: opaque to callers, handed back to restoreRegExpStatics. */
export type SavedStatics = readonly string[] | undefined;

/** One static as V8 has it (its getters return strings, whatever was assigned to input). */
function read(index: number): string {
  return apply(accessors!.getters[index], OwnRegExp, NO_ARGUMENTS) as string;
}

/** The statics as they are now. */
export function saveRegExpStatics(): SavedStatics {
  if (!accessors) return undefined;
  // An array literal defines its elements: an index setter a program put on Array.prototype is not reached.
  return [
    read(0),
    read(1),
    read(2),
    read(3),
    read(4),
    read(5),
    read(6),
    read(7),
    read(8),
    read(INPUT),
    read(LAST_MATCH),
    read(LAST_PAREN),
    read(LEFT),
    read(RIGHT),
  ];
}

/**
 * Puts the statics back as `saved` read them. Never throws into the program: a statics it cannot
 * put back (no room on the stack for the match) stays as the loader left it.
 */
export function restoreRegExpStatics(saved: SavedStatics): void {
  if (!accessors || !saved) return;
  try {
    if (unchanged(saved)) return; // no match since: no regexp to compile
    reproduce(saved);
    if (read(INPUT) !== saved[INPUT]) apply(accessors.setInput, OwnRegExp, [saved[INPUT]]);
  } catch {
    // no stack left (a load deep in the program's recursion, a match of many megabytes): the load goes on
  }
}

function unchanged(saved: readonly string[]): boolean {
  // input first: the loader's matches are on paths and source texts, which nearly always differ.
  if (read(INPUT) !== saved[INPUT]) return false;
  for (let index = 0; index < COUNT; index++) {
    if (index !== INPUT && read(index) !== saved[index]) return false;
  }
  return true;
}

/** One match whose statics read as `saved` does, input aside (the match sets it to the subject). */
function reproduce(saved: readonly string[]): void {
  const lastMatch = saved[LAST_MATCH];
  const left = saved[LEFT];
  const right = saved[RIGHT];
  const start = left.length;
  // The program's own subject when input still is it (it mostly is): no copy of a long text.
  const input = saved[INPUT];
  const subject =
    input.length === start + lastMatch.length + right.length &&
    apply(stringStartsWith, input, [left]) &&
    apply(stringStartsWith, input, [lastMatch, start]) &&
    apply(stringEndsWith, input, [right])
      ? input
      : left + lastMatch + right;
  // lastParen is the last group's value, however many groups there are: groups $1…$k up to the last
  // non-empty one; one more empty group when lastParen is '' but $k is not; a 10th group when
  // lastParen is a value none of $1…$9 ends on (the program's regexp had more than nine).
  let groups = 0;
  for (let index = 0; index < CAPTURES; index++) if (saved[index] !== '') groups = index + 1;
  const lastParen = saved[LAST_PAREN];
  let tenth: string | undefined;
  if (lastParen !== (groups > 0 ? saved[groups - 1] : '')) {
    if (lastParen === '' && groups < CAPTURES) groups++;
    else {
      groups = CAPTURES;
      tenth = lastParen;
    }
  }
  let captures = '';
  for (let index = 0; index < groups; index++) captures += capture(saved[index], subject, lastMatch, start);
  if (tenth !== undefined) captures += capture(tenth, subject, lastMatch, start);
  const own = new OwnRegExp(`${captures}${units(lastMatch.length)}`, 'y');
  own.lastIndex = start;
  apply(regexpExec, own, [subject]);
}

/**
 * A group capturing `value` at an occurrence in the subject, written to stand at the match's start:
 * a lookahead for one at or after it, a lookbehind (back to it, then a lookahead) for one before.
 * The nearest occurrence, so the regexp walks the captures' neighbourhood, never the whole subject
 * (a lexer's sticky match deep in a long text costs what its tokens do).
 */
function capture(value: string, subject: string, lastMatch: string, start: number): string {
  if (value === '') return '()';
  const inMatch = apply(stringIndexOf, lastMatch, [value]);
  if (inMatch >= 0) return `(?=${units(inMatch)}(${units(value.length)}))`;
  const after = apply(stringIndexOf, subject, [value, start]);
  const before = apply(stringLastIndexOf, subject, [value, start]);
  if (after < 0 && before < 0) throw new OwnError('capture outside its subject'); // not from V8: left as they are
  if (before < 0 || (after >= 0 && after - start <= start - before))
    return `(?=${units(after - start)}(${units(value.length)}))`;
  return `(?<=(?=(${units(value.length)}))${units(start - before)})`;
}

/** `count` UTF-16 units, whatever they are (no `u` flag: a surrogate pair is two). */
function units(count: number): string {
  return count === 0 ? '' : count === 1 ? '[\\s\\S]' : `[\\s\\S]{${count}}`;
}
