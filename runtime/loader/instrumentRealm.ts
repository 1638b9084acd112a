// The instrumenter, run in a private realm: on a cache miss the loader parses, plans, rewrites,
// strips TypeScript and maps a file in the program's own thread (CommonJS, and ES modules on
// Node ≥ 22), and acorn, magic-string and the walk look up Set, Map, Array.prototype.push,
// String.prototype.charCodeAt… as they run. A program that patched or broke one of them would see
// our calls, or make its file run unrecorded (INS-25: never change what the program does). So the
// instrumenter's own bundle (dist/instrumentRealm.js, runtime/instrument/realmBundle.ts) is
// evaluated once in a vm context made at the first miss (a run whose files are all cached makes
// none), and uses that realm's builtins alone. The realm lacks the host's TextEncoder/TextDecoder:
// it gets stand-ins that call the host's methods captured when this module is evaluated (before
// any user code). Knows how to make the realm and reach the bundle; not what instrumenting does.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import type { InstrumentedWithParts, InstrumentOptions } from '../instrument';
import type { TypeScriptOptions } from '../instrument/typescript/strip';
import { readWholeFile } from '../capturedNode';
import { decodeUtf8, encodeUtf8Into } from '../capturedText';

/** The bundle's file name beside this one's (scripts/build.mjs defines it); undefined when unbundled (vitest). */
declare const __REWIND_INSTRUMENT_REALM_FILE__: string | undefined;

const { create } = Object;

/** Defines the realm's TextEncoder/TextDecoder as thin callers of the host's. */
const STAND_INS = `(function (encodeInto, decode) {
  globalThis.TextEncoder = class TextEncoder {
    encodeInto(text, bytes) { const r = encodeInto(text, bytes); return { read: r.read, written: r.written }; }
  };
  globalThis.TextDecoder = class TextDecoder {
    decode(bytes) { return decode(bytes); }
  };
})`;

/**
 * The realm's own intrinsics, handed to the bundle as parameters: a name the bundle reads as a
 * global is then a local. A vm context's global object intercepts every lookup (a call into Node
 * for `Map`, `Math`, `Object`… each time): acorn and the walk read globals in their hottest loops,
 * and instrumenting typescript.js took 8.6 s against 5.9 s in the host realm; as parameters, 5.4 s.
 * A global not listed still works, at the slower lookup.
 */
const INTRINSICS = (
  'Object Function Array Number Boolean String Symbol BigInt Date Promise RegExp Error ' +
  'AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError JSON Math ' +
  'Reflect Proxy Map Set WeakMap WeakSet WeakRef ArrayBuffer DataView Uint8Array Uint8ClampedArray ' +
  'Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array BigInt64Array ' +
  'BigUint64Array parseInt parseFloat isNaN isFinite encodeURIComponent decodeURIComponent ' +
  'encodeURI decodeURI escape unescape globalThis TextEncoder TextDecoder'
).split(' ');
// Joined when this module is evaluated (before any user code), not at the first miss: map and join
// are the program's Array.prototype methods by then.
const PARAMETERS = INTRINSICS.join(', ');
const ARGUMENTS = INTRINSICS.map((name) => `typeof ${name} === 'undefined' ? undefined : ${name}`).join(', ');

function bundleText(): string {
  if (typeof __REWIND_INSTRUMENT_REALM_FILE__ === 'string')
    return decodeUtf8(readWholeFile(join(__dirname, __REWIND_INSTRUMENT_REALM_FILE__)));
  // Unbundled (vitest, scripts): the same bundle, built in memory from the sources by the build's
  // own options. Names in variables: this branch never runs bundled, and esbuild need not follow it.
  const script = join(__dirname, '../../scripts/instrumentRealmBuild.cjs');
  const { instrumentRealmText } = createRequire(__filename)(script) as { instrumentRealmText(root: string): string };
  return instrumentRealmText(join(__dirname, '../..'));
}

/** What realmBundle.ts exports, as the realm's functions. */
interface RealmInstrumenter {
  instrumentWithParts(code: string, options: InstrumentOptions): InstrumentedWithParts;
  strippedJavaScript(
    source: string,
    filename: string,
    sourceType: 'commonjs' | 'module',
    options: TypeScriptOptions | undefined,
  ): string;
}
let realm: RealmInstrumenter | undefined;

/** Makes the realm and evaluates the bundle in it, at the first call. */
function privateRealm(): RealmInstrumenter {
  if (realm === undefined) {
    const context = createContext(create(null) as object);
    (runInContext(STAND_INS, context) as (e: typeof encodeUtf8Into, d: typeof decodeUtf8) => void)(
      encodeUtf8Into,
      decodeUtf8,
    );
    // An outer function in the realm passes the realm's intrinsics in (each looked up once, there).
    const load = runInContext(
      `(function (module, exports) { (function (module, exports, ${PARAMETERS}) {${bundleText()}\n})(module, exports, ${ARGUMENTS}); })`,
      context,
      { filename: 'rewind/instrumentRealm.js' },
    ) as (module: { exports: Record<string, unknown> }, exports: Record<string, unknown>) => void;
    const module = runInContext('({ exports: {} })', context) as { exports: Record<string, unknown> };
    load(module, module.exports);
    const { instrumentWithParts, strippedJavaScript } = module.exports;
    if (typeof instrumentWithParts !== 'function' || typeof strippedJavaScript !== 'function')
      throw new Error('[rewind] instrumentRealm.js: not the instrumenter realm bundle');
    realm = module.exports as unknown as RealmInstrumenter;
  }
  return realm;
}

/**
 * The loader's instrumenter (LoaderContext.instrument) for a thread the program runs in: the
 * realm's tryInstrument, whose results (and errors) belong to that realm — plain data and strings,
 * read by the loader, never handed to program code.
 */
export function instrumentPrivately(code: string, options: InstrumentOptions): InstrumentedWithParts {
  // Called as the realm's own function (no method lookup on anything the program can reach).
  const { instrumentWithParts } = privateRealm();
  return instrumentWithParts(code, options);
}

/**
 * A TypeScript file's JavaScript (types blanked, offsets kept), stripped in the private realm: for
 * the lexer epilogue of a CommonJS TypeScript file and the source text Function.prototype.toString
 * returns. Throws (an error of that realm) where the stripper refuses the file.
 */
export function stripTypeScriptPrivately(
  source: string,
  filename: string,
  sourceType: 'commonjs' | 'module',
  options: TypeScriptOptions | undefined,
): string {
  const { strippedJavaScript } = privateRealm();
  return strippedJavaScript(source, filename, sourceType, options);
}
