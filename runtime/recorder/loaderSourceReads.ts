// Node 20's ES module loader reading a CommonJS module's code. When `import()` (or an `import`
// statement) loads a CommonJS file and the load hook leaves its source to Node, the loader reads
// the file itself, by its file URL (`readFileSync(new URL(url), 'utf8')` in
// node:internal/modules/esm/translators; `readFileSync(url)` in node:internal/modules/esm/load for
// one the ES loader's `require` loads), and hands the text to the CommonJS loader, which compiles it
// instead of reading the file again. That read is the loader's, not the program's: cjsHook.ts
// answers it with the instrumented text, and a deferred run neither logs nor feeds it. It is told
// apart by its caller, Node's loader files, so a program's own readFileSync(new URL(…)) is never
// touched. Knows that call's shapes and callers; not what is done with the code.
import { URL as NodeURL, fileURLToPath } from 'node:url';
import { B } from './builtins';
import { callerFile } from './callerFile';

/** The files whose functions make the read (Node 20.x; Rewind's hooks on 22+ give Node the code). */
const LOADER_FILES = new B.Set(['node:internal/modules/esm/translators', 'node:internal/modules/esm/load']);

/**
 * The path of the CommonJS file Node's ES loader is reading as code, when this readFileSync call
 * (its arguments `path`, `options`) is that read; undefined for every other call.
 */
export function loaderSourcePath(path: unknown, options: unknown): string | undefined {
  if ((options !== undefined && options !== 'utf8') || !(path instanceof NodeURL) || path.protocol !== 'file:')
    return undefined;
  return B.setHas(LOADER_FILES, callerFile()) ? fileURLToPath(path) : undefined;
}
