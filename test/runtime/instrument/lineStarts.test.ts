// A statement that starts its line keeps its line as written (runtime/instrument/lineStarts.ts): what
// the walk inserts before it goes before the line break, so V8's column for anything on that line is
// the user's (node:test's getCallerLocation, test/cli/nodeTest.test.ts). Rows: where each such
// statement's first token lands, the cases left as they were, programs whose previous statement
// relied on the line break (ASI) running as plain, and the streamed output writing the same text.
import { describe, expect, it } from 'vitest';
import { instrument, tryInstrument } from '../../../runtime/instrument';
import { instrumentSnippet, runInstrumented, runInstrumentedCode, runPlain } from './support/runVm';

/** The instrumented line `line1` (1-based) of `source`. */
function instrumentedLine(source: string, line1: number, filename = '/snippet.js'): string {
  const result = instrument(source, { filename, sourceType: 'commonjs' });
  if (!result) throw new Error('did not parse');
  return result.code.split(/\r?\n/)[line1 - 1];
}

describe('a line-starting statement keeps its line', () => {
  it.each<[string, string, number, string]>([
    ['after a statement', 'a();\nb(1);\n', 2, 'b(1);'],
    ['indented, in a function body', 'function f() {\n  g();\n  return h(2);\n}\nf();', 3, '  return $rw$r('],
    ['first in a block (after its `{`)', 'if (x) {\n  y();\n}', 2, '  y();'],
    ['after comments of both kinds', 'a();\n// a note\n/* more */\nb();', 4, 'b();'],
    ['after a directive', "'use strict';\nfoo();\nbar();", 3, 'bar();'],
    ['a declaration with a write', 'let a = 1;\nconst b = a;', 2, 'const b = $rw$w'],
    [
      'nested test declarations',
      "describe('s', () => {\n  it('t', () => {\n    x();\n  });\n});",
      2,
      "  it('t', () => {",
    ],
    ['a later switch case statement', 'switch (k) {\n  case 1:\n    a();\n    b();\n}', 4, '    b();'],
    ['CRLF line breaks', 'a();\r\nb();\r\nc();', 3, 'c();'],
  ])('%s', (_name, source, line1, start) => {
    expect(instrumentedLine(source, line1).startsWith(start)).toBe(true);
  });

  it('`await` and `yield` starting the line: the operand keeps its column, the keyword goes up', () => {
    const source =
      "async function s(t) {\n  await t.test('x');\n  await (t.done());\n}\nfunction* g() {\n  yield* inner();\n}";
    expect(instrumentedLine(source, 2).startsWith("        t.test('x')));")).toBe(true);
    expect(instrumentedLine(source, 3).indexOf('t.done()')).toBe(source.split('\n')[2].indexOf('t.done()'));
    expect(instrumentedLine(source, 6).indexOf('inner()')).toBe(source.split('\n')[5].indexOf('inner()'));
    expect(instrumentedLine(source, 1)).toMatch(/await \$rw\$as\(\$rw\$f1, +\d+,$/);
  });

  it.each<[string, string, number, string]>([
    ['a statement after another on its line: the STEP goes where it was', 'a(); b();', 1, 'b();'],
    ['the only statement of an if', 'if (x)\n  y();', 2, '  {'],
    ['the first statement of a case (after its `:`)', 'switch (k) {\n  case 1:\n    a();\n}', 3, '    $rw$s('],
  ])('left as it was: %s', (_name, source, line1, start) => {
    const line = instrumentedLine(source, line1);
    expect(line.includes(start)).toBe(true);
  });

  it('puts nothing past text TypeScript lowering inserts between two statements', () => {
    // A decorated class: `let C` goes where `@d` was, so the class's STEP stays at the class.
    const source = 'function d(c: any) { return c; }\n@d\nclass C {}\nlog(typeof C);';
    const result = instrument(source, { filename: '/c.ts', typescript: { experimentalDecorators: true } })!;
    expect(result.code.split('\n')[2]).toMatch(/^\$rw\$s\(/);
    // Moved past `let C`, the class's write would run before the binding exists.
    const run = runInstrumentedCode(result);
    expect(run.error).toBeUndefined();
    expect(run.logs).toEqual(['function']);
  });

  it.each<[string, string]>([
    ['an expression statement that ended at the line break', 'let a = 1\nlet b = a\nlog(a, b)'],
    ['an object literal ending the statement before', 'var o = {}\nlog(typeof o)'],
    ['a directive with no semicolon', "'use strict'\nlog((function () { return this; })())"],
    ['a parenthesised statement after a call', 'const f = () => 1\nlog(f())\n;(function () { log(2) })()'],
    ['a template statement', 'let t = 1\n`x`\nlog(t)'],
    ['a block ending before', '{ log(1) }\nlog(2)'],
    ['await at the line start', "(async () => {\n  await null\n  log('after')\n})()"],
  ])('runs as plain: %s', (_name, source) => {
    const plain = runPlain(source);
    const run = runInstrumented(source);
    expect(run.error).toBe(plain.error);
    expect(run.logs).toEqual(plain.logs);
    expect(instrumentSnippet(source).code.split('\n')).toHaveLength(source.split('\n').length);
  });

  it('a streamed file writes the same text and map', () => {
    const source = [
      'const log = console.log;',
      'async function s(t) {',
      '  await t.test(1);',
      '  await (t.done());',
      '}',
      'function* g() {',
      '  yield* inner();',
      '}',
      "let a = 'x'",
      'log(a)',
    ].join('\n');
    const plain = tryInstrument(source, { filename: '/large.js' });
    const streamed = tryInstrument(source, { filename: '/large.js', streamFromChars: 0 });
    expect(plain.ok && streamed.ok).toBe(true);
    if (!plain.ok || !streamed.ok) return;
    expect(streamed.result.code).toBe(plain.result.code);
    expect(JSON.stringify(streamed.result.map)).toBe(JSON.stringify(plain.result.map));
    expect(plain.result.code.split('\n')[2].startsWith('        t.test(1)));')).toBe(true);
  });
});
