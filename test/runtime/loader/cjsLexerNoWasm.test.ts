// Without WebAssembly (`node --jitless` has none) cjsLexer.ts falls back to the pure-JS build, and
// the epilogue still lists the names. A file of its own: WebAssembly is stubbed before the first lex.
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it, vi } from 'vitest';

const jsLexer = createRequire(import.meta.url)('cjs-module-lexer') as typeof import('cjs-module-lexer');

describe('lexCommonJs without WebAssembly', () => {
  afterAll(() => vi.unstubAllGlobals());

  it('lexes with the JS build', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const { lexCommonJs, lexerBuild } = await import('../../../runtime/loader/cjsLexer');
    expect(lexerBuild()).toBe('js');
    const source = "exports.g = 1;\nexports['a-b'] = 2;\nmodule.exports = require('./dep');";
    expect(lexCommonJs(source)).toEqual(jsLexer.parse(source));
  });
});
