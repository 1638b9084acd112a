// Modules a test runner evaluates itself: vitest transforms each test file and each file it imports
// (vite's SSR transform, with a source map back to the file), wraps the result in an async function
// and compiles it with vm.runInThisContext under the file's name — past every module hook, so
// without this a vitest run records none of the user's code. The wrapper is told apart by what
// such an evaluator passes: the file's absolute path, no line offset, and a negative column offset
// that hides the text it put before the module's code on the first line; the module's code then
// runs to the last line break, after which only closing brackets follow, and it carries a map
// whose sources name the file. That code is instrumented as a module's body (top-level await is
// the wrapper's), its probes in the file's own positions (instrument/inputMap.ts); the instrumented
// code's map stays at vite's text, as V8 positions it, kept for stacks (evaluatedMaps.ts).
// Anything else goes to Node's function untouched. Knows vm's signature and this wrapper shape,
// nothing of the instrumenter's output.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { B } from '../recorder/builtins';
import { disguise } from '../recorder/functionText';
import { applyHidingOwnFrames } from '../recorder/ownFrames';
import { base64Bytes, utf8Text } from '../capturedText';
import { instrumentFile, mapCommentUrl, note, type LoaderContext } from './instrumentFile';
import { rememberEvaluatedMap } from './evaluatedMaps';
import { restoreRegExpStatics, saveRegExpStatics } from './regexpStatics';

interface VmModule {
  runInThisContext: (code: string, options?: unknown) => unknown;
}

/** After the module's code: its wrapper's closing brackets, nothing that runs. */
const WRAPPER_END = /^[\s)};]*$/;
const DATA_MAP_PREFIX = 'data:application/json;';

/** Replaces vm.runInThisContext (and Node's named export of it); the program sees Node's function. */
export function installVmModules(context: LoaderContext): void {
  const vm = createRequire(__filename)('node:vm') as VmModule;
  const original = vm.runInThisContext;
  if (typeof original !== 'function') return;
  const replacement = function runInThisContext(this: unknown, code: string, options?: unknown): unknown {
    const args: unknown[] = [];
    // eslint-disable-next-line prefer-rest-params
    for (let index = 0; index < arguments.length; index++) args[index] = arguments[index];
    if (typeof code === 'string' && typeof options === 'object' && options !== null) {
      const instrumented = instrumentWrapped(context, code, options as WrapperOptions);
      if (instrumented !== undefined) args[0] = instrumented;
    }
    // Node's own argument checks and SyntaxErrors, with a plain run's stack.
    return applyHidingOwnFrames(original as (...args: never[]) => unknown, this, args, 2);
  };
  disguise(replacement, original);
  vm.runInThisContext = replacement;
  // `import { runInThisContext } from 'node:vm'` reads the named export, which Node copies once.
  syncBuiltinESMExports();
}

interface WrapperOptions {
  filename?: unknown;
  lineOffset?: unknown;
  columnOffset?: unknown;
}

/** The wrapper with its module's code instrumented, or undefined: not this shape, or not recorded. */
function instrumentWrapped(context: LoaderContext, code: string, options: WrapperOptions): string | undefined {
  const { filename, lineOffset, columnOffset } = options;
  if (typeof filename !== 'string' || !isAbsolute(filename)) return undefined;
  if ((lineOffset ?? 0) !== 0 || typeof columnOffset !== 'number' || columnOffset >= 0) return undefined;
  // The program's RegExp statics come out as they went in (INS-25).
  const statics = saveRegExpStatics();
  try {
    const bodyStart = -columnOffset;
    const bodyEnd = B.stringLastIndexOf(code, '\n');
    if (bodyEnd < bodyStart || B.regexpExec(WRAPPER_END, B.stringSlice(code, bodyEnd)) === null) return undefined;
    const prefix = B.stringSlice(code, 0, bodyStart);
    if (B.stringIndexOf(prefix, '\n') >= 0 || B.stringIndexOf(prefix, '\r') >= 0) return undefined;
    // The filter before the map: a dependency's module (node_modules) costs no parsing at all.
    if (!context.filter(filename)) return undefined;
    const body = B.stringSlice(code, bodyStart, bodyEnd);
    const inputMap = mapToFile(body, filename);
    if (!inputMap) return undefined;
    const instrumented = instrumentFile(context, body, filename, 'module', false, {
      inputMap,
      takeMap: (map) => rememberEvaluatedMap(filename, map),
    });
    return instrumented === undefined ? undefined : `${prefix}${instrumented}${B.stringSlice(code, bodyEnd)}`;
  } catch (error) {
    note(context, 'error', `module evaluated by vm runs uninstrumented: ${(error as Error).message}`, filename);
    return undefined;
  } finally {
    restoreRegExpStatics(statics);
  }
}

/**
 * The code's own inline map (the map comment Node would read) when one of its sources is
 * `filename`: without it the code's positions cannot be shown as the file's, and it is not recorded.
 */
function mapToFile(body: string, filename: string): { json: string; sourceIndex: number } | undefined {
  const url = mapCommentUrl(body);
  if (url === undefined || B.stringSlice(url, 0, DATA_MAP_PREFIX.length) !== DATA_MAP_PREFIX) return undefined;
  const comma = B.stringIndexOf(url, ',');
  if (comma < 0 || B.stringSlice(url, comma - 7, comma) !== ';base64') return undefined;
  const json = utf8Text(base64Bytes(B.stringSlice(url, comma + 1)));
  const map = B.JSONParse(json) as { sources?: unknown; sourceRoot?: unknown };
  if (!B.isArray(map.sources)) return undefined;
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  const sources = map.sources as unknown[];
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index];
    if (typeof source === 'string' && sourcePath(root + source, filename) === filename)
      return { json, sourceIndex: index };
  }
  return undefined;
}

/** A map source as a path: a file: URL, an absolute path, or relative to the file the map is for. */
function sourcePath(source: string, filename: string): string | undefined {
  try {
    if (B.stringSlice(source, 0, 5) === 'file:') return fileURLToPath(source);
    return resolve(dirname(filename), source);
  } catch {
    return undefined;
  }
}
