// The esbuild define that embeds cjs-module-lexer's pure-JS build as text: runtime/loader/cjsLexer.ts
// evaluates it in a private realm, so the lexer never touches the program's globals. Shared by
// scripts/build.mjs and the tests' recorder build (test/support/recorder/build.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export function cjsLexerSourceDefine() {
  const path = createRequire(import.meta.url).resolve('cjs-module-lexer');
  return { __REWIND_CJS_LEXER_SOURCE__: JSON.stringify(readFileSync(path, 'utf8')) };
}
