// cjsLexer.ts lexes with cjs-module-lexer's WebAssembly build where this process has WebAssembly:
// it must find what the pure-JS build finds (the build Node uses under --jitless, and ours before),
// and refuse what it refuses, so an epilogue never depends on which build ran.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lexCommonJs, lexerBuild } from '../../../runtime/loader/cjsLexer';

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
  it('uses the WebAssembly build where the process has WebAssembly', () => {
    expect(typeof WebAssembly).toBe('object');
    expect(lexerBuild()).toBe('wasm');
  });

  it.each(READABLE)('finds what the JS build finds in %j', (source) => {
    expect(lexCommonJs(source)).toEqual(jsLexer.parse(source));
  });

  it.each(REFUSED)('refuses %j as the JS build does', (source) => {
    const expected = refusal(() => jsLexer.parse(source));
    expect(expected).toBeDefined();
    expect(refusal(() => lexCommonJs(source))).toBe(expected);
  });
});
