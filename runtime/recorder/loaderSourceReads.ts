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
import { rawCallSites } from './stackFormat';

/** The files whose functions make the read (Node 20.x; Rewind's hooks on 22+ give Node the code). */
const LOADER_FILES = new B.Set(['node:internal/modules/esm/translators', 'node:internal/modules/esm/load']);
/** Frames looked at: the read's caller lies under at most a few of Rewind's wrappers of readFileSync. */
const FRAMES_LOOKED_AT = 12;

type FileNameOf = (this: object) => unknown;

/** CallSite's getFileName and this bundle's file name, taken before the program runs. */
const own = ((): { getFileName: FileNameOf; file: unknown } | undefined => {
  const sites = rawCallSites(1);
  if (!sites || sites.length === 0) return undefined;
  const getFileName = (B.getPrototypeOf(sites[0]) as { getFileName?: FileNameOf }).getFileName;
  if (typeof getFileName !== 'function') return undefined;
  return { getFileName, file: B.apply(getFileName, sites[0], []) };
})();

/**
 * The path of the CommonJS file Node's ES loader is reading as code, when this readFileSync call
 * (its arguments `path`, `options`) is that read; undefined for every other call.
 */
export function loaderSourcePath(path: unknown, options: unknown): string | undefined {
  if ((options !== undefined && options !== 'utf8') || !(path instanceof NodeURL) || path.protocol !== 'file:' || !own)
    return undefined;
  const sites = rawCallSites(FRAMES_LOOKED_AT);
  if (!sites) return undefined;
  for (let i = 0; i < sites.length; i++) {
    const fileName = B.apply(own.getFileName, sites[i], []);
    if (fileName === own.file) continue; // Rewind's own wrappers of readFileSync
    return B.setHas(LOADER_FILES, fileName) ? fileURLToPath(path) : undefined;
  }
  return undefined;
}
