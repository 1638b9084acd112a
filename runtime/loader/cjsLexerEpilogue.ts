// The lexer epilogue of an instrumented CommonJS file (for when an ES module imports it): Node finds a
// CommonJS module's named exports by running cjs-module-lexer over the source the load hook
// returned, and in our instrumented source `exports.g = …` has become probe calls the lexer does
// not recognise, so `import { g } from './x.cjs'` would fail. The epilogue lists, in a form the
// lexer recognises and that never runs (`0&&(…)`), what the lexer finds in the ORIGINAL source.
// Computed once per cache entry (instrumentFile.ts), never on a cache hit: from the ORIGINAL source,
// or for TypeScript from the JavaScript its types strip to, as Node would lex it. Knows the lexer's
// syntax; not which build lexes (cjsLexer.ts), the cache or the hooks.
import type { TypeScriptOptions } from '../instrument/typescript/strip';
import { B } from '../recorder/builtins';
import { lexCommonJs, type LexedNames } from './cjsLexer';
import { stripTypeScriptPrivately } from './instrumentRealm';

/** A name the lexer reads after `exports.` (else the string-literal form `exports["a-b"]`). */
const PLAIN_IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `\n;0&&(module.exports={...require("./d")},exports.g=0);` for the original `source`, or '' when
 * it has no exports the lexer finds, or the lexer fails on it (Node then imports no names either).
 * Reexports go first: the lexer's `module.exports = {…}` replaces earlier reexports, never names.
 * Starts on a new line so the instrumented lines (and their source map) stay where they were; the
 * source map comment follows it on a line of its own (instrumentFile.ts). Built from captured
 * builtins and string concatenation: on Node ≥ 22 this runs in the program's realm (cjsLexer.ts).
 */
export function cjsLexerEpilogue(source: string): string {
  let found: LexedNames;
  try {
    found = lexCommonJs(source);
  } catch {
    return '';
  }
  let list = '';
  const { reexports, exports } = found;
  if (reexports.length > 0) {
    let spread = '';
    for (let index = 0; index < reexports.length; index++)
      spread += `${index > 0 ? ',' : ''}...require(${B.JSONStringify(reexports[index])})`;
    list = `module.exports={${spread}}`;
  }
  for (let index = 0; index < exports.length; index++) {
    const name = exports[index];
    const target =
      B.regexpExec(PLAIN_IDENTIFIER, name) !== null ? `exports.${name}=0` : `exports[${B.JSONStringify(name)}]=0`;
    list += list === '' ? target : `,${target}`;
  }
  return list === '' ? '' : `\n;0&&(${list});`;
}

/** A file's epilogue; `typescript`: its TypeScript options when it is TypeScript (types stripped first). */
export function fileLexerEpilogue(source: string, filename: string, typescript: TypeScriptOptions | undefined): string {
  if (!typescript) return cjsLexerEpilogue(source);
  let javaScript: string;
  try {
    javaScript = stripTypeScriptPrivately(source, filename, 'commonjs', typescript); // in the private realm
  } catch {
    return ''; // Node cannot run it either; no names to list
  }
  return cjsLexerEpilogue(javaScript);
}
