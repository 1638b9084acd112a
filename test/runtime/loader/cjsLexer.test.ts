// cjsLexer.ts lexes with cjs-module-lexer's pure-JS build evaluated in a private realm: it must find
// what the package finds (the build Node uses under --jitless) and refuse what it refuses, so an
// epilogue is the package's answer; and a program that patched the globals the lexer looks up
// (Set, eval, Array) must never see the loader call its patch (INS-25).
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { lexCommonJs } from '../../../runtime/loader/cjsLexer';

const jsLexer = createRequire(import.meta.url)('cjs-module-lexer') as typeof import('cjs-module-lexer');

/** Sources both builds read: names, reexports, __esModule, names no identifier can spell, detection patterns. */
const READABLE = [
  'exports.g = function () { return 7; };\nexports.h = 3;',
  "Object.defineProperty(exports, '__esModule', { value: true });\nexports.x = 1;\nexports.default = 2;",
  "exports['a-b'] = 1;\nexports[\"q\\\"uote\"] = 2;\nexports['\\u00e9t\\u00e9'] = 3;",
  "module.exports = require('./dep');",
  'module.exports = { ...require(\'./a\'), ...require("./b"), c: 1, d };\nexports.e = 5;',
  "var _x = require('./x'); Object.keys(_x).forEach(function (k) { if (k === 'default' || k === '__esModule') return;" +
    ' Object.defineProperty(exports, k, { enumerable: true, get: function () { return _x[k]; } }); });',
  "__exportStar(require('./star'), exports);\nexports.after = /re[g]ex/.test('x') ? `t${1}` : 2 / 3;",
  'console.log("no names at all");',
];

/** Sources both builds refuse (ES module syntax in CommonJS, an unterminated string). */
const REFUSED = ['exports.a = 1; import x from "y";', 'exports.a = "abc'];

function refusal(parse: () => unknown): string | undefined {
  try {
    parse();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'refused';
  }
}

describe('lexCommonJs', () => {
  it.each(READABLE)('finds what the JS build finds in %j', (source) => {
    expect(lexCommonJs(source)).toEqual(jsLexer.parse(source));
  });

  it.each(REFUSED)('refuses %j as the JS build does', (source) => {
    const expected = refusal(() => jsLexer.parse(source));
    expect(expected).toBeDefined();
    expect(refusal(() => lexCommonJs(source))).toBe(expected);
  });
});

describe('lexCommonJs beside a program that patched the globals the lexer uses', () => {
  const saved = { add: Set.prototype.add, eval: globalThis.eval, push: Array.prototype.push };
  afterEach(() => {
    Set.prototype.add = saved.add;
    globalThis.eval = saved.eval;
    Array.prototype.push = saved.push;
  });

  it('calls none of the patches, and finds the same names', () => {
    const calls: string[] = [];
    // The patches record into a preallocated log by index: a push would be the patch itself.
    Set.prototype.add = function (this: Set<unknown>, value: unknown) {
      calls[calls.length] = 'Set.prototype.add';
      return saved.add.call(this, value);
    };
    globalThis.eval = ((code: string) => {
      calls[calls.length] = 'eval';
      return saved.eval(code);
    }) as typeof eval;
    Array.prototype.push = function (this: unknown[], ...items: unknown[]) {
      calls[calls.length] = 'Array.prototype.push';
      return saved.push.apply(this, items);
    };
    const source = "exports.g = 1;\nexports['a-b'] = 2;\nmodule.exports = require('./dep');\nexports.h = 3;";
    const found = lexCommonJs(source);
    Set.prototype.add = saved.add;
    globalThis.eval = saved.eval;
    Array.prototype.push = saved.push;
    expect(calls).toEqual([]);
    expect(found).toEqual(jsLexer.parse(source));
    expect([...found.exports].sort()).toEqual(['a-b', 'g', 'h']);
  });
});
