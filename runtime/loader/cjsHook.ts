// CommonJS on Node versions without module.registerHooks (Node 20), in-thread. Nothing of ours
// may stay on the call stack while a module runs (INS-19: stack traces identical to the plain
// run), so we do not wrap Module.prototype._compile. Instead: Module._resolveFilename notes a
// file about to be loaded, and the loader's own fs.readFileSync(filename, 'utf8') call returns
// the instrumented text for exactly that file, once. Both return before the module body runs.
// A CommonJS file an ES module imports is read by Node's ES loader instead (a file URL, the
// loader's own call: loaderSourceReads.ts), which hands the text to the CommonJS loader: that read
// gets the instrumented text too, so the file runs under Node's own CommonJS loader, `require`
// and all, as in a plain run (the ESM hook leaves its source to Node: esmHooksBody.ts).
// Teaches require() the TypeScript extensions, only where Node's resolution fails without them
// (types are stripped by the instrumenter). On Node ≥ 22.15 require() goes through the in-thread
// hooks instead, and this is installed only once the program brings a loader of its own (tsx):
// then it takes just the files whose extension handler is that loader's, which reads them itself.
// Knows the CJS loader's internals, nothing of the recorder. Runs
// while the program runs: builtins only through B (the program may have replaced them, INS-25).
import fs from 'node:fs';
import Module from 'node:module';
import { extname } from 'node:path';
import { compileFunction } from 'node:vm';
import { B } from '../recorder/builtins';
import { disguise } from '../recorder/functionText';
import { applyRaisingLimit } from '../recorder/hiddenFrames';
import { loaderSourcePath } from '../recorder/loaderSourceReads';
import { isTypeScriptFile } from '../instrument/typescript/fileNames';
import { hasModuleSyntax, typeScriptFormat } from './esmLoad';
import { instrumentFile, plainSource, uninstrumentedSource, type LoaderContext } from './instrumentFile';
import { restoreRegExpStatics, saveRegExpStatics } from './regexpStatics';

interface ModuleInternals {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, { loaded?: boolean } | undefined>;
  _extensions: Record<string, unknown>;
}

/** Captured: the program may replace them. */
const bufferFrom = Buffer.from;
const compileCommonJs = compileFunction;
/** The parameters Node's CommonJS loader compiles a file's code with. */
const COMMONJS_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** '' — an extensionless file (`bin/tool`): Node runs it as CommonJS JavaScript. */
const SOURCE_EXTENSIONS = new Set(['.js', '.cjs', '.jsx', '.ts', '.cts', '.tsx', '']);
const TYPESCRIPT_EXTENSIONS = ['.ts', '.cts'];
/** Our frames below Node's resolution (applyRaisingLimit, resolveWithTypeScript, the _resolveFilename wrapper). */
const OWN_RESOLVE_FRAMES = 3;

/** Node's own handlers of Module._extensions, taken before the program's code runs. */
export function nodeExtensionHandlers(): ReadonlyMap<string, unknown> {
  const handlers = new Map<string, unknown>();
  const extensions = (Module as unknown as ModuleInternals)._extensions;
  const keys = B.ownKeys(extensions);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key === 'string') B.mapSet(handlers, key, extensions[key]);
  }
  return handlers;
}

export interface CjsHookOptions {
  /**
   * Node ≥ 22.15 (in-thread hooks take require()): only files whose extension handler is not one
   * of these, Node's own, are read here (a loader's handler such as tsx's, reading the file itself).
   */
  onlyForeignOf?: ReadonlyMap<string, unknown>;
}

export function installCjsHook(context: LoaderContext, options: CjsHookOptions = {}): void {
  const internals = Module as unknown as ModuleInternals;
  /** Files resolved, not yet loaded: their next utf8 read by the loader gets instrumented text. */
  const pending = new Set<string>();
  const foreignOnly = options.onlyForeignOf !== undefined;
  // Taken now, before the program's code (Node 20), or when the bootloader ran (Node ≥ 22.15).
  const nodeHandlers = options.onlyForeignOf ?? nodeExtensionHandlers();
  /** Whether the handler that will load `path` is the program's own loader's (tsx), not Node's. */
  const readByForeignHandler = (path: string): boolean => {
    const extension = extname(path);
    const handler = B.hasOwn(internals._extensions, extension) ? internals._extensions[extension] : undefined;
    if (handler === undefined) return false;
    return B.mapGet(nodeHandlers, extension) !== handler;
  };

  const resolveFilename = internals._resolveFilename;
  internals._resolveFilename = function _resolveFilename(this: unknown, ...args: [string, ...unknown[]]): string {
    // With in-thread hooks, Node's resolution is the program's, TypeScript extensions and all.
    const filename = foreignOnly
      ? (applyRaisingLimit(resolveFilename, this, args, OWN_RESOLVE_FRAMES - 1) as string)
      : resolveWithTypeScript(internals, resolveFilename, this, args);
    if (typeof filename === 'string' && B.setHas(SOURCE_EXTENSIONS, extname(filename))) {
      const cached = internals._cache[filename];
      // A loader's handler may be about to read an entry point Node's ES loader has already put
      // in the cache (not yet loaded) from its own load of it.
      const foreign = readByForeignHandler(filename);
      if ((cached === undefined && !foreignOnly) || (foreign && cached?.loaded !== true)) B.setAdd(pending, filename);
    }
    return filename;
  };

  const originalRead = fs.readFileSync;
  /** The text the CommonJS loader compiles for the file at `path`, read as `source`. */
  const code = (path: string, source: string): string => {
    // From here on nothing a plain run does: the program's RegExp statics come out as they went in.
    const statics = saveRegExpStatics();
    let refusal: unknown;
    try {
      // A loader's own handler (tsx) compiles what it read, and makes ES module syntax CommonJS,
      // which Node refuses: such code is instrumented as a module's, for that loader to convert.
      if (readByForeignHandler(path)) {
        const sourceType = hasModuleSyntax(source) ? 'module' : 'commonjs';
        return instrumentFile(context, source, path, sourceType) ?? plainSource(context, source);
      }
      // An ES-module TypeScript file require() was asked for (Node ≥ 20.19 detects module syntax
      // and loads it again through the ES loader, whose hook instruments it): leave it to that one.
      if (isTypeScriptFile(path) && typeScriptFormat(path, source) === 'module') return source;
      const instrumented = instrumentFile(context, source, path, 'commonjs');
      if (instrumented !== undefined) return instrumented;
      const plain = uninstrumentedSource(context, source, path, 'commonjs');
      if (isTypeScriptFile(path) && hasModuleSyntax(plain)) refusal = commonJsSyntaxError(plain, path, patched);
      if (refusal === undefined) return plain;
    } catch (error) {
      context.post({
        type: 'note',
        note: { level: 'error', message: `loader failed, file runs uninstrumented: ${(error as Error).message}`, path },
      });
      return plainSource(context, source);
    } finally {
      restoreRegExpStatics(statics);
    }
    throw refusal; // Node's loader gets it from its read, as it would from its compile
  };
  const patched = function readFileSync(this: unknown, path: unknown, options?: unknown): unknown {
    if (typeof path !== 'string') {
      // Node 20's ES loader reads CommonJS by URL; Node ≥ 22.15's goes through the in-thread hooks.
      const loaderPath = foreignOnly ? undefined : loaderSourcePath(path, options);
      // eslint-disable-next-line prefer-rest-params
      const read = B.apply(originalRead, this, arguments as unknown as unknown[]);
      if (loaderPath === undefined) return read;
      // Node's ES loader reading a CommonJS file it imports: text, or a Buffer, as the loader asked.
      if (typeof read === 'string') return code(loaderPath, read);
      if (!B.isBuffer(read)) return read;
      const source = B.bufferToString(read, 'utf8');
      const text = code(loaderPath, source);
      return text === source ? read : B.apply(bufferFrom, Buffer, [text, 'utf8']);
    }
    if (B.setSize(pending) === 0 || !B.setHas(pending, path) || !isUtf8(options)) {
      // eslint-disable-next-line prefer-rest-params
      return B.apply(originalRead, this, arguments as unknown as unknown[]);
    }
    B.setDelete(pending, path);
    const source = B.apply(originalRead, fs, [path, 'utf8']) as string;
    const cached = internals._cache[path];
    if (cached === undefined || cached.loaded) return source; // not the loader reading it
    return code(path, source);
  };
  disguise(patched, originalRead); // the program sees Node's readFileSync: text, name and length
  fs.readFileSync = patched as typeof fs.readFileSync;
}

/**
 * Node's own resolution first; only when it finds nothing, again with the TypeScript extensions
 * known for that one call (require('./x') → x.ts; the '.js' handler loads any extension), so a
 * plain JavaScript program never sees .ts/.cts in Module._extensions (issue 14 item 6).
 * A failed require()'s error must read as a plain run's: its stack leaves our frames out
 * (hiddenFrames.ts, with the limit raised by their count), and it is never caught and thrown again
 * (an uncaught one's source line stays Node's `throw err;`): the retry runs in `finally`, and only
 * its success replaces Node's error. (Any error is retried: a retry is invisible to the program,
 * and only a file found with the TypeScript extensions can make it succeed.)
 */
function resolveWithTypeScript(
  internals: ModuleInternals,
  resolveFilename: ModuleInternals['_resolveFilename'],
  self: unknown,
  args: [string, ...unknown[]],
): string {
  let resolved = false;
  try {
    const filename = applyRaisingLimit(resolveFilename, self, args, OWN_RESOLVE_FRAMES) as string;
    resolved = true;
    return filename;
  } finally {
    if (!resolved) {
      const typeScriptFile = resolveTypeScript(internals, resolveFilename, self, args);
      // A TypeScript file found replaces Node's error, on purpose; otherwise Node's error goes on.
      // eslint-disable-next-line no-unsafe-finally
      if (typeScriptFile !== undefined) return typeScriptFile;
    }
  }
}

/** Node's resolution with the TypeScript extensions known for this one call, or undefined when it still fails. */
function resolveTypeScript(
  internals: ModuleInternals,
  resolveFilename: ModuleInternals['_resolveFilename'],
  self: unknown,
  args: [string, ...unknown[]],
): string | undefined {
  const added = B.list<string>();
  for (let i = 0; i < TYPESCRIPT_EXTENSIONS.length; i++) {
    if (!B.hasOwn(internals._extensions, TYPESCRIPT_EXTENSIONS[i])) B.listPush(added, TYPESCRIPT_EXTENSIONS[i]);
  }
  if (added.length === 0) return undefined;
  for (let i = 0; i < added.length; i++) internals._extensions[added[i]] = internals._extensions['.js'];
  // A resolution a plain run does not make: whatever it matches, the program's statics stay as they were.
  const statics = saveRegExpStatics();
  try {
    return B.apply(resolveFilename, self, args) as string;
  } catch {
    return undefined; // Node's first error is the one the program gets
  } finally {
    for (let i = 0; i < added.length; i++) delete internals._extensions[added[i]];
    restoreRegExpStatics(statics);
  }
}

function isUtf8(options: unknown): boolean {
  const encoding =
    typeof options === 'string'
      ? options
      : typeof options === 'object' && options !== null
        ? (options as { encoding?: unknown }).encoding
        : undefined;
  return encoding === 'utf8' || encoding === 'utf-8';
}

/**
 * TypeScript declared CommonJS (package.json "type": "commonjs", or .cts) that holds import or
 * export statements does not compile as CommonJS: Node ≥ 22 compiles it as CommonJS TypeScript and
 * throws that SyntaxError. Node 20 sees a .ts file, with no format of its own, and retries code
 * that fails with ES module syntax as an ES module: the entry point then never ran (the program
 * ended at once with exit code 0), and require() loaded what Node ≥ 22 refuses. So the loader's
 * read throws the SyntaxError compiling the code as CommonJS gives (its stack from Node's loader
 * down, as Node's own would be); undefined for code that compiles.
 */
function commonJsSyntaxError(code: string, path: string, below: unknown): unknown {
  try {
    B.apply(compileCommonJs, undefined, [code, COMMONJS_PARAMETERS, { filename: path }]);
    return undefined;
  } catch (error) {
    const capture = (B.Error as unknown as { captureStackTrace?: unknown }).captureStackTrace;
    if (typeof capture === 'function' && typeof error === 'object' && error !== null)
      B.apply(capture as (target: object, below: unknown) => void, B.Error, [error, below]);
    return error;
  }
}
