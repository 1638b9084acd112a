// Lexing a CommonJS source for its epilogue (cjsLexerEpilogue.ts) without the program seeing it.
// On Node ≥ 22 the loader runs in the program's thread and realm, and cjs-module-lexer looks up
// globals as it runs: `new Set` and `.add` for every name, `eval` for a quoted one, the WebAssembly
// build `WebAssembly.Module` and `Buffer.from`. A program that patched one of them before requiring
// a recorded file would see our loader call its patch (INS-25: never change what the program does).
// So the lexer's pure-JS build runs in a private realm, a vm context made at the first lex (only a
// cache miss lexes; most runs never do), from the package's source text, which the build embeds.
// Its results are the package's own, name for name. Knows the lexer package; not the epilogue's
// syntax, the cache or the hooks.
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';

export interface LexedNames {
  exports: string[];
  reexports: string[];
}

/** cjs-module-lexer's lexer.js, embedded by scripts/build.mjs; undefined when running unbundled (tests). */
declare const __REWIND_CJS_LEXER_SOURCE__: string | undefined;

function lexerSource(): string {
  if (typeof __REWIND_CJS_LEXER_SOURCE__ === 'string') return __REWIND_CJS_LEXER_SOURCE__;
  // Unbundled (vitest, scripts): the installed package's file, the one the build embeds. A name in a
  // variable: this line never runs bundled, and esbuild need not resolve it.
  const lexerPackage = 'cjs-module-lexer';
  return readFileSync(require.resolve(lexerPackage), 'utf8');
}

type Parse = (source: string) => LexedNames;
let parseInRealm: Parse | undefined;

function privateParse(): Parse {
  if (parseInRealm === undefined) {
    const context = createContext(Object.create(null) as object);
    // Everything the lexer touches (Set, eval, Array, String, Error…) is the fresh realm's own.
    const load = runInContext(`(function (module) {${lexerSource()}\n})`, context, {
      filename: 'cjs-module-lexer/lexer.js',
    }) as (module: { exports: Record<string, unknown> }) => void;
    const module = runInContext('({ exports: {} })', context) as { exports: { parse?: unknown } };
    load(module as { exports: Record<string, unknown> });
    if (typeof module.exports.parse !== 'function') throw new Error('[rewind] cjs-module-lexer: no parse()');
    parseInRealm = module.exports.parse as Parse;
  }
  return parseInRealm;
}

/**
 * The names cjs-module-lexer finds in `source`; throws where the lexer throws (a source it cannot
 * read; the error belongs to the private realm). The arrays belong to the private realm too: read
 * them, do not hand them to program code.
 */
export function lexCommonJs(source: string): LexedNames {
  return privateParse()(source);
}
