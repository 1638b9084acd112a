// CommonJS on Node versions without module.registerHooks (Node 20), in-thread. Nothing of ours
// may stay on the call stack while a module runs (INS-19: stack traces identical to the plain
// run), so we do not wrap Module.prototype._compile. Instead: Module._resolveFilename notes a
// file about to be loaded, and the loader's own fs.readFileSync(filename, 'utf8') call returns
// the instrumented text for exactly that file, once. Both return before the module body runs.
// Teaches require() the TypeScript extensions by mapping them to the '.js' handler (types are
// stripped by the instrumenter). Knows the CJS loader's internals, nothing of the recorder. Runs
// while the program runs: builtins only through B (the program may have replaced them, INS-25).
import fs from 'node:fs';
import Module from 'node:module';
import { extname } from 'node:path';
import { B } from '../recorder/builtins';
import { instrumentFile, plainSource, type LoaderContext } from './instrumentFile';

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, { loaded?: boolean } | undefined>;
  _extensions: Record<string, unknown>;
}

/** '' — an extensionless file (`bin/tool`): Node runs it as CommonJS JavaScript. */
const SOURCE_EXTENSIONS = new Set(['.js', '.cjs', '.jsx', '.ts', '.cts', '.tsx', '']);
const TYPESCRIPT_EXTENSIONS = ['.ts', '.cts'];

export function installCjsHook(context: LoaderContext): void {
  const internals = Module as unknown as ModuleInternals;
  /** Files resolved, not yet loaded: their next utf8 read by the loader gets instrumented text. */
  const pending = new Set<string>();

  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function _resolveFilename(this: unknown, ...args: [string, ...unknown[]]): string {
    const filename = B.apply(resolveFilename, this, args) as string;
    if (typeof filename === 'string' && B.setHas(SOURCE_EXTENSIONS, extname(filename)) && internals._cache[filename] === undefined) {
      B.setAdd(pending, filename);
    }
    return filename;
  };

  const originalRead = fs.readFileSync;
  const patched = function readFileSync(this: unknown, path: unknown, options?: unknown): unknown {
    if (B.setSize(pending) === 0 || typeof path !== 'string' || !B.setHas(pending, path) || !isUtf8(options)) {
      // eslint-disable-next-line prefer-rest-params
      return B.apply(originalRead, this, arguments as unknown as unknown[]);
    }
    B.setDelete(pending, path);
    const source = B.apply(originalRead, fs, [path, 'utf8']) as string;
    const cached = internals._cache[path];
    if (cached === undefined || cached.loaded) return source; // not the loader reading it
    try {
      return instrumentFile(context, source, path, 'commonjs') ?? plainSource(context, source);
    } catch (error) {
      context.post({ type: 'note', note: { level: 'error', message: `loader failed, file runs uninstrumented: ${(error as Error).message}`, path } });
      return plainSource(context, source);
    }
  };
  fs.readFileSync = patched as typeof fs.readFileSync;

  // require('./x') finds x.ts once .ts is a known extension; the '.js' handler itself loads it.
  for (const extension of TYPESCRIPT_EXTENSIONS) internals._extensions[extension] ??= internals._extensions['.js'];
}

function isUtf8(options: unknown): boolean {
  const encoding = typeof options === 'string' ? options : typeof options === 'object' && options !== null ? (options as { encoding?: unknown }).encoding : undefined;
  return encoding === 'utf8' || encoding === 'utf-8';
}
