// The lexer epilogue a CommonJS cache entry keeps (cache.ts): lexed from the ORIGINAL source, or
// for TypeScript from the JavaScript its types strip to, as Node would lex it. Computed once, when
// the entry is made; a hit hands it back without lexing. Knows what is lexed; not the lexer's
// syntax (cjsLexerEpilogue.ts) or the cache.
import { stripTypeScript, type TypeScriptOptions } from '../instrument/typescript/strip';
import { cjsLexerEpilogue } from './cjsLexerEpilogue';

/** `typescript`: the file's TypeScript options when it is TypeScript (its types are stripped first). */
export function commonJsEpilogue(source: string, filename: string, typescript: TypeScriptOptions | undefined): string {
  if (!typescript) return cjsLexerEpilogue(source);
  let javaScript: string;
  try {
    javaScript = stripTypeScript(source, filename, 'commonjs', typescript).code;
  } catch {
    return ''; // Node cannot run it either; no names to list
  }
  return cjsLexerEpilogue(javaScript);
}
