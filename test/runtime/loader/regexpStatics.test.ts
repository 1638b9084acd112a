// Saving and putting back the legacy RegExp statics around the loader's work (INS-25), held against
// V8 itself: random subjects and random regexps (0–12 groups, some not taking part, captures in a
// lookbehind or lookahead outside the match), matched by the program's ways of matching, sometimes
// followed by `RegExp.input = …`; then save, the loader's kind of matches, restore — and every
// static, under each of its names, reads as it did before the save.
import { describe, expect, it } from 'vitest';
import { restoreRegExpStatics, saveRegExpStatics } from '../../../runtime/loader/regexpStatics';

const NAMES = [
  '$1',
  '$2',
  '$3',
  '$4',
  '$5',
  '$6',
  '$7',
  '$8',
  '$9',
  'input',
  '$_',
  'lastMatch',
  '$&',
  'lastParen',
  '$+',
  'leftContext',
  '$`',
  'rightContext',
  "$'",
] as const;

function statics(): string[] {
  return NAMES.map((name) => (RegExp as unknown as Record<string, string>)[name]);
}

/** mulberry32: a seeded generator, so a failure names its case. */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** Units a subject is made of: a surrogate pair, a line break, a unit above 0xFF among them. */
const UNITS = ['a', 'b', 'c', ' ', '-', '\n', '→', '😀', '1', '2'];

function randomText(random: (below: number) => number, maxLength: number): string {
  let text = '';
  const length = random(maxLength + 1);
  while (text.length < length) text += UNITS[random(UNITS.length)];
  return text;
}

/** Pieces with groups in each shape V8 records: taking part or not, empty, nested, before or after the match. */
const GROUPED = [
  () => '([ab]+)',
  () => '(c)?',
  () => '(?:(a)|(b))',
  () => '()',
  () => '((\\d)-?)',
  () => '(?<=(.))',
  () => '(?=([\\s\\S]{0,3}))',
  () => '(\\w*?)',
  () => '(?<n>[^a])?',
  () => '(\\n|→)?',
];
const PLAIN = ['a', 'b?', '.', '[\\s\\S]', ' ', '\\d*', '(?:c|-)?'];
const FLAGS = ['', 'i', 'm', 's', 'u', 'g', 'gi', 'y'];

function randomRegExp(random: (below: number) => number): RegExp {
  let source = '';
  let groups = 0;
  const wanted = random(13);
  while (groups < wanted) {
    if (random(3) === 0) {
      source += PLAIN[random(PLAIN.length)];
      continue;
    }
    const piece = GROUPED[random(GROUPED.length)]();
    const added = (piece.match(/\((?!\?[:=!<][^n])/g) ?? []).length;
    if (groups + added > 12) break;
    source += piece.replace('?<n>', `?<n${groups}>`);
    groups += added;
  }
  return new RegExp(source, FLAGS[random(FLAGS.length)]);
}

/** The program's match: each way a match sets the statics. */
function programMatch(random: (below: number) => number, pattern: RegExp, subject: string): void {
  switch (random(5)) {
    case 0:
      pattern.exec(subject);
      break;
    case 1:
      pattern.test(subject);
      break;
    case 2:
      subject.match(pattern);
      break;
    case 3:
      subject.replace(pattern, '<$&>');
      break;
    default:
      subject.search(pattern);
  }
}

/** What the loader does between save and restore: matches on paths and code, an input of its own. */
function loaderMatches(): void {
  /\.(?:ts|mts|cts|tsx)$/i.test('/work/app/other.ts');
  /^(\/[^/]+)*\/(\w+)\.js$/.exec('/tmp/project/lib/other.js');
  'const x = 1;\n//# sourceMappingURL=a.map'.replace(/\/([*/])[#@](\s+sourceMappingURL=)/g, '/$1 $2');
  /(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/.exec('abcdefghijk');
  RegExp.input = 'the loader was here';
}

describe('saving and restoring the RegExp statics', () => {
  it('puts back every static V8 reports after random matches, loader matches in between', () => {
    let withTenthGroup = 0;
    let withInputSet = 0;
    let withCapturesOutsideMatch = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const random = generator(seed);
      const pattern = randomRegExp(random);
      const subject = random(20) === 0 ? randomText(random, 3000) : randomText(random, 40);
      programMatch(random, pattern, subject);
      if (random(4) === 0) {
        RegExp.input = random(2) === 0 ? subject : randomText(random, 10);
        withInputSet++;
      }
      const before = statics();
      const saved = saveRegExpStatics();
      loaderMatches();
      restoreRegExpStatics(saved);
      expect(statics(), `seed ${seed}: ${String(pattern)} on ${JSON.stringify(subject)}`).toEqual(before);
      const [, , , , , , , , $9, , , , , lastParen] = before;
      if (lastParen !== '' && lastParen !== $9 && before.slice(0, 9).every((value) => value !== lastParen))
        withTenthGroup++;
      const match = before[11];
      if (before.slice(0, 9).some((value) => value !== '' && !match.includes(value))) withCapturesOutsideMatch++;
    }
    // The generator reached each path of the reproduction, not only the easy ones.
    expect(withTenthGroup).toBeGreaterThan(20);
    expect(withInputSet).toBeGreaterThan(500);
    expect(withCapturesOutsideMatch).toBeGreaterThan(20);
  });

  it('puts back a match deep in a long subject (positions over a million units)', () => {
    const subject = `${'x'.repeat(1_500_000)}key=value;${'y'.repeat(700_000)}`;
    /(?<=(x{3}))(key)=(\w+?);(?=(y))/.exec(subject);
    const before = statics();
    const saved = saveRegExpStatics();
    loaderMatches();
    restoreRegExpStatics(saved);
    expect(statics()).toEqual(before);
  });

  it("reads and writes through Node's own accessors, whatever the program put on RegExp", () => {
    /(\d+)-(\w+)/.exec('id 42-alpha end');
    const before = statics();
    const own = Object.getOwnPropertyDescriptor(RegExp, '$1')!;
    const input = Object.getOwnPropertyDescriptor(RegExp, 'input')!;
    try {
      Object.defineProperty(RegExp, '$1', { get: () => 'program', configurable: true });
      Object.defineProperty(RegExp, 'input', { get: () => 'program', set: () => {}, configurable: true });
      const saved = saveRegExpStatics();
      loaderMatches();
      restoreRegExpStatics(saved);
    } finally {
      Object.defineProperty(RegExp, '$1', own);
      Object.defineProperty(RegExp, 'input', input);
    }
    expect(statics()).toEqual(before);
  });
});
