// The epilogue appended to instrumented CommonJS an ES module imports: the lexer Node runs over the
// returned source must find exactly the original's names and reexports, the epilogue must never
// run, and the instrumented lines must stay where they were (source maps).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { cjsLexerEpilogue } from '../../../runtime/loader/cjsLexerEpilogue';

const lexer = createRequire(import.meta.url)('cjs-module-lexer') as typeof import('cjs-module-lexer');
/** Stands in for instrumented code: the lexer finds nothing in probe calls. */
const INSTRUMENTED = '__rw.p(1);__rw.assign(exports, "g", function () { return 7; });';

function sorted(found: { exports: string[]; reexports: string[] }): { exports: string[]; reexports: string[] } {
  return { exports: [...found.exports].sort(), reexports: [...found.reexports].sort() };
}

describe('cjsLexerEpilogue', () => {
  it.each([
    ['exports.g = function () { return 7; };\nexports.h = 3;'],
    ["module.exports.y = 2;\nObject.defineProperty(exports, 'v', { value: 1, enumerable: true });"],
    ["exports['a-b'] = 1;\nexports[\"q\\\"uote\"] = 2;\nexports['\\u00e9t\\u00e9'] = 3;\nexports.default = 4;"],
    ["Object.defineProperty(exports, '__esModule', { value: true });\nexports.x = 1;"],
    ["module.exports = require('./dep');"],
    ['module.exports = { ...require(\'./a\'), ...require("./b"), c: 1, d };\nexports.e = 5;'],
    ["exports.before = 1;\nmodule.exports = require('./dep');"],
  ])('the lexer finds in instrumented code + epilogue what it finds in %j', (original) => {
    const expected = sorted(lexer.parse(original));
    expect(expected.exports.length + expected.reexports.length).toBeGreaterThan(0);
    expect(sorted(lexer.parse(INSTRUMENTED + cjsLexerEpilogue(original)))).toEqual(expected);
  });

  it('is empty for a file with no names or one the lexer cannot read', () => {
    expect(cjsLexerEpilogue('console.log(1);')).toBe('');
    // An unterminated string both lexer builds refuse (the WebAssembly one, as Node, reads past an
    // unterminated template: such a file cannot compile, so what either lists does not matter).
    expect(cjsLexerEpilogue('exports.a = "abc')).toBe('');
  });

  it('never runs: module.exports and exports are left as they were', () => {
    const epilogue = cjsLexerEpilogue("exports.g = 1;\nmodule.exports = require('./dep');");
    const module = { exports: { kept: true } as Record<string, unknown> };
    const required: string[] = [];
    new Function('module', 'exports', 'require', epilogue)(module, module.exports, (id: string) => required.push(id));
    expect(module.exports).toEqual({ kept: true });
    expect(required).toEqual([]);
  });

  it('starts on a new line after the instrumented code', () => {
    const epilogue = cjsLexerEpilogue('exports.g = 1;');
    expect(epilogue.startsWith('\n')).toBe(true);
    expect(epilogue.trim().split('\n')).toHaveLength(1);
  });
});
