// The tsconfig.json settings that change how a TypeScript file becomes JavaScript, read as tsx
// reads them: the nearest tsconfig.json above the file, with comments and trailing commas, its
// relative `extends` chain followed (a package's shared config is not looked up). Read through
// captured fs functions (a program spying on fs never sees it) and kept per folder.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { capturedFs, readWholeFile } from '../capturedNode';
import type { JsxOptions } from '../instrument/jsx';
import type { TypeScriptOptions } from '../instrument/typescript/strip';
import { B } from '../recorder/builtins';

const byFolder = new B.Map<string, TypeScriptOptions>();
const MAX_EXTENDS = 8;

/** JSON with comments and trailing commas (tsconfig's dialect) → plain JSON; strings untouched. */
function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return out.replace(/,(\s*[\]}])/g, '$1');
}

interface TsConfig {
  extends?: unknown;
  compilerOptions?: Record<string, unknown>;
}

/** The string settings read (a .tsx file's JSX), each from the nearest config in the chain that has it. */
const JSX_SETTINGS = B.freeze([
  ['jsx', 'mode'],
  ['jsxFactory', 'factory'],
  ['jsxFragmentFactory', 'fragmentFactory'],
  ['jsxImportSource', 'importSource'],
] as const);

function readConfig(path: string): TsConfig | undefined {
  try {
    const parsed: unknown = B.JSONParse(withoutComments(readWholeFile(path).toString('utf8')));
    return parsed !== null && typeof parsed === 'object' ? (parsed as TsConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** The settings of the config at `path`, its own first, then what it extends. */
function settingsOf(path: string): TypeScriptOptions {
  let experimentalDecorators: boolean | undefined;
  const jsx: JsxOptions = {};
  for (let at: string | undefined = path, depth = 0; at !== undefined && depth < MAX_EXTENDS; depth++) {
    const config = readConfig(at);
    if (!config) break;
    const own = config.compilerOptions?.experimentalDecorators;
    if (experimentalDecorators === undefined && typeof own === 'boolean') experimentalDecorators = own;
    // Indexed: this runs while the program runs, which may have replaced the array iterator (INS-25).
    for (let i = 0; i < JSX_SETTINGS.length; i++) {
      const [setting, field] = [JSX_SETTINGS[i][0], JSX_SETTINGS[i][1]];
      const value = config.compilerOptions?.[setting];
      if (jsx[field] === undefined && typeof value === 'string') jsx[field] = value;
    }
    const parent = config.extends;
    at =
      typeof parent === 'string' && (parent.startsWith('.') || isAbsolute(parent))
        ? resolve(dirname(at), parent.endsWith('.json') ? parent : `${parent}.json`)
        : undefined;
  }
  return { experimentalDecorators: experimentalDecorators === true, jsx };
}

function exists(path: string): boolean {
  try {
    return capturedFs.lstatSync(path).isFile() || capturedFs.lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** What the nearest tsconfig.json says for `filename` (no config: tsx's defaults). */
export function typeScriptOptions(filename: string): TypeScriptOptions {
  const folder = dirname(filename);
  const known = B.mapGet(byFolder, folder) as TypeScriptOptions | undefined;
  if (known) return known;
  let options: TypeScriptOptions = { experimentalDecorators: false };
  for (let dir = folder; ; dir = dirname(dir)) {
    const config = join(dir, 'tsconfig.json');
    if (exists(config)) {
      options = settingsOf(config);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  B.mapSet(byFolder, folder, options);
  return options;
}

/** The part of a cache key that tells apart the JavaScript of one TypeScript text under two configs. */
export function typeScriptVariant(options: TypeScriptOptions): string {
  const { mode, factory, fragmentFactory, importSource } = options.jsx ?? {};
  // No array methods: this runs while the program runs (INS-25).
  const jsx =
    mode === undefined && factory === undefined && fragmentFactory === undefined && importSource === undefined
      ? ''
      : `+jsx:${mode ?? ''}:${factory ?? ''}:${fragmentFactory ?? ''}:${importSource ?? ''}`;
  return `${options.experimentalDecorators ? 'ts+legacy-decorators' : 'ts'}${jsx}`;
}
