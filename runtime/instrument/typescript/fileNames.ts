// Which files are TypeScript, by name. Its own file, apart from the stripper (strip.ts): the loader
// asks on every require() and import, in the program's realm, and must not carry acorn and the
// TypeScript plugin for it (they run in the loader's private realm). RegExp.prototype.exec is
// taken when the module is evaluated: .test() would call the program's patched exec (INS-25).
const { apply } = Reflect;
const { exec } = RegExp.prototype;

const TYPESCRIPT_EXTENSION = /\.(?:ts|mts|cts|tsx)$/i;
const DECLARATION_FILE = /\.d\.[cm]?ts$/i;
const TSX_EXTENSION = /\.tsx$/i;

function matches(pattern: RegExp, text: string): boolean {
  return apply(exec, pattern, [text]) !== null;
}

export function isTypeScriptFile(filename: string): boolean {
  return matches(TYPESCRIPT_EXTENSION, filename) && !matches(DECLARATION_FILE, filename);
}

/** TypeScript with JSX: no Node strips its types (Node ≥ 22.6 runs .ts, .mts and .cts). */
export function isTsxFileName(filename: string): boolean {
  return matches(TSX_EXTENSION, filename);
}
