// The load step shared by the in-thread hooks (module.registerHooks, Node ≥ 22.15: ES modules
// and CommonJS alike) and the off-thread loader (module.register, Node 20: ES modules only; its
// CommonJS goes through cjsHook.ts). Loads TypeScript files ourselves (Node 20 has no type
// stripping; the instrumenter strips). Knows URLs and formats, not the recorder.
import { B } from '../recorder/builtins';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTypeScriptFile } from '../instrument/typescript/fileNames';
import { instrumentFile, plainSource, uninstrumentedSource, type LoaderContext } from './instrumentFile';
import { restoreRegExpStatics, saveRegExpStatics } from './regexpStatics';

export interface LoadResult {
  format?: string | null;
  /** Where the source came from, as Node's own load says (a loader reads it to decide how to compile). */
  responseURL?: string;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

// Captured builtins (B) on every load, not the program's String/RegExp prototypes (INS-25).
function filePath(url: string): string | undefined {
  return B.stringSlice(url, 0, 5) === 'file:' ? fileURLToPath(url) : undefined;
}

/**
 * For a TypeScript URL: what to return instead of calling the next loader (which may not know
 * .ts). `withCommonJs`: this loader's CommonJS source is used (registerHooks); otherwise
 * CommonJS TypeScript is handed to require(), where cjsHook.ts strips and instruments it.
 */
export function loadTypeScript(
  context: LoaderContext,
  url: string,
  withCommonJs: boolean,
  forOuterLoader = false,
): LoadResult | undefined {
  // In-thread (registerHooks), the program's RegExp statics come out as they went in; off-thread, no harm.
  const statics = saveRegExpStatics();
  try {
    return typeScriptLoad(context, url, withCommonJs, forOuterLoader);
  } finally {
    restoreRegExpStatics(statics);
  }
}

/** Node's load reports TypeScript as such ('commonjs-typescript', 'module-typescript') where it strips types. */
const NODE_LOADS_TYPESCRIPT = Boolean((process.features as { typescript?: unknown }).typescript);

function typeScriptLoad(
  context: LoaderContext,
  url: string,
  withCommonJs: boolean,
  forOuterLoader: boolean,
): LoadResult | undefined {
  const filename = filePath(url);
  if (!filename || !isTypeScriptFile(filename)) return undefined;
  const source = readFileSync(filename, 'utf8');
  const format = typeScriptFormat(filename, source);
  if (format === 'commonjs' && !withCommonJs) return { format: 'commonjs', source: null, shortCircuit: true };
  if (forOuterLoader && NODE_LOADS_TYPESCRIPT) return forProgramLoader(context, url, source, filename, format);
  // CommonJS TypeScript an ES module imports (registerHooks): instrumentFile's code carries the
  // lexer epilogue Node reads its names from.
  const code = instrumentFile(context, source, filename, format);
  return { format, source: code ?? uninstrumentedSource(context, source, filename, format), shortCircuit: true };
}

/**
 * For the program's own TypeScript loader (tsx), whose hooks call ours as their next load
 * (foreignHooks.ts): the format Node's load would report, which tells that loader to compile the
 * file itself, and our code in place of the file's. Such a loader accepts what Node refuses: ES
 * module syntax in a file its package.json declares CommonJS (tsx makes it CommonJS), so that code
 * is instrumented as a module's and the loader turns it into CommonJS, as it would the file's.
 */
function forProgramLoader(
  context: LoaderContext,
  url: string,
  source: string,
  filename: string,
  format: 'module' | 'commonjs',
): LoadResult {
  const sourceType = format === 'commonjs' && hasModuleSyntax(source) ? 'module' : format;
  const code = instrumentFile(context, source, filename, sourceType);
  return {
    format: `${format}-typescript`,
    source: code ?? uninstrumentedSource(context, source, filename, sourceType),
    responseURL: url,
    shortCircuit: true,
  };
}

/** .js, .cjs, .jsx, or no extension at all (`bin/tool`, which Node runs as CommonJS). */
const COMMONJS_EXTENSIONS = /(?:\.(?:c?js|jsx)|(?:^|[\\/])[^.\\/]+)$/;

/** After the next loader: instrument ES module sources (and CommonJS ones when `withCommonJs`). */
export function transformLoaded(
  context: LoaderContext,
  url: string,
  loaded: LoadResult,
  withCommonJs: boolean,
): LoadResult {
  // After Node's own load (`loaded`): only the loader's work is kept from the program's statics.
  const statics = saveRegExpStatics();
  try {
    return transformed(context, url, loaded, withCommonJs);
  } finally {
    restoreRegExpStatics(statics);
  }
}

function transformed(context: LoaderContext, url: string, loaded: LoadResult, withCommonJs: boolean): LoadResult {
  const filename = filePath(url);
  if (!filename) return loaded;
  const sourceType =
    loaded.format === 'module'
      ? 'module'
      : withCommonJs &&
          (loaded.format === 'commonjs' || loaded.format == null) &&
          B.regexpExec(COMMONJS_EXTENSIONS, filename) !== null
        ? 'commonjs'
        : undefined;
  if (!sourceType) return loaded;
  // Node 20's loader leaves CommonJS sources null (require() reads them); a source we return is compiled.
  const source =
    loaded.source == null
      ? readFileSync(filename, 'utf8')
      : typeof loaded.source === 'string'
        ? loaded.source
        : Buffer.from(loaded.source as ArrayBuffer).toString('utf8');
  try {
    const code = instrumentFile(context, source, filename, sourceType);
    // A CommonJS file's code ends with the lexer epilogue Node reads an ES module's imports from (instrumentFile).
    if (code !== undefined) return { ...loaded, format: loaded.format ?? sourceType, source: code, shortCircuit: true };
    const plain = plainSource(context, source);
    // Only a source Node already had is replaced (Node 20 leaves CommonJS sources to require()).
    return plain === source || loaded.source == null ? loaded : { ...loaded, source: plain };
  } catch (error) {
    context.post({
      type: 'note',
      note: {
        level: 'error',
        message: `loader failed, file runs uninstrumented: ${(error as Error).message}`,
        path: filename,
      },
    });
    return loaded;
  }
}

/**
 * .mts → module, .cts → commonjs, .ts → the nearest package.json "type"; with no "type", Node
 * ≥ 22.7 (and 20.19+) detects module syntax (as it does for .js), so we do too on those versions.
 */
export function typeScriptFormat(filename: string, source = ''): 'module' | 'commonjs' {
  const extension = B.stringSlice(filename, -4);
  if (extension === '.mts') return 'module';
  if (extension === '.cts') return 'commonjs';
  const declared = packageType(filename);
  if (declared) return declared;
  return DETECTS_MODULE_SYNTAX && hasModuleSyntax(source) ? 'module' : 'commonjs';
}

/** Whether `source` looks like it holds ES module syntax (MODULE_SYNTAX: a heuristic, by lines). */
export function hasModuleSyntax(source: string): boolean {
  return B.regexpExec(MODULE_SYNTAX, source) !== null;
}

const [NODE_MAJOR, NODE_MINOR] = process.versions.node.split('.').map(Number);
/** Module-syntax detection is on by default from Node 22.7, and in 20.19+ (backported). */
const DETECTS_MODULE_SYNTAX =
  NODE_MAJOR > 22 || (NODE_MAJOR === 22 && NODE_MINOR >= 7) || (NODE_MAJOR === 20 && NODE_MINOR >= 19);
/**
 * A heuristic for "has ESM syntax": an import/export statement at column 0 (a namespace's indented
 * `export`s are TypeScript, not ES module syntax), not TypeScript's CommonJS `import x = require(…)`.
 */
const MODULE_SYNTAX =
  /^(?:import(?![ \t]+[\w$]+[ \t]*=[^=>])[ \t]*[\w{*'"]|export[ \t]+(?:\{|\*|default|const|let|var|function|class|async|type|interface|enum))/m;

function packageType(filename: string): 'module' | 'commonjs' | undefined {
  for (let dir = dirname(filename); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const type = (B.JSONParse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
        return type === 'module' ? 'module' : type === 'commonjs' ? 'commonjs' : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
