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
import { readWholeFile } from '../capturedNode';

/** The bundle's file name beside this one's (scripts/build.mjs defines it); undefined when unbundled (vitest). */
declare const __REWIND_INSTRUMENT_REALM_FILE__: string | undefined;

const { apply } = Reflect;
const { create } = Object;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const encodeIntoMethod = TextEncoder.prototype.encodeInto;
const decodeMethod = TextDecoder.prototype.decode;

/** The host's encodeInto/decode, called without looking anything up on the program's prototypes. */
function encodeInto(text: string, bytes: Uint8Array): { read: number; written: number } {
  return apply(encodeIntoMethod, encoder, [text, bytes]) as { read: number; written: number };
}
function decode(bytes: Uint8Array): string {
  return apply(decodeMethod, decoder, [bytes]) as string;
}

/** Defines the realm's TextEncoder/TextDecoder as thin callers of the host's. */
const STAND_INS = `(function (encodeInto, decode) {
  globalThis.TextEncoder = class TextEncoder {
    encodeInto(text, bytes) { const r = encodeInto(text, bytes); return { read: r.read, written: r.written }; }
  };
  globalThis.TextDecoder = class TextDecoder {
    decode(bytes) { return decode(bytes); }
  };
})`;

function bundleText(): string {
  if (typeof __REWIND_INSTRUMENT_REALM_FILE__ === 'string')
    return decode(readWholeFile(join(__dirname, __REWIND_INSTRUMENT_REALM_FILE__)));
  // Unbundled (vitest, scripts): the same bundle, built in memory from the sources by the build's
  // own options. Names in variables: this branch never runs bundled, and esbuild need not follow it.
  const script = join(__dirname, '../../scripts/instrumentRealmBuild.cjs');
  const { instrumentRealmText } = createRequire(__filename)(script) as { instrumentRealmText(root: string): string };
  return instrumentRealmText(join(__dirname, '../..'));
}

type InstrumentInRealm = (code: string, options: InstrumentOptions) => InstrumentedWithParts;
let instrumentInRealm: InstrumentInRealm | undefined;

/** Makes the realm and evaluates the bundle in it, at the first call. */
function privateRealmInstrumenter(): InstrumentInRealm {
  if (instrumentInRealm === undefined) {
    const context = createContext(create(null) as object);
    (runInContext(STAND_INS, context) as (e: typeof encodeInto, d: typeof decode) => void)(encodeInto, decode);
    const load = runInContext(`(function (module, exports) {${bundleText()}\n})`, context, {
      filename: 'rewind/instrumentRealm.js',
    }) as (module: { exports: Record<string, unknown> }, exports: Record<string, unknown>) => void;
    const module = runInContext('({ exports: {} })', context) as { exports: Record<string, unknown> };
    load(module, module.exports);
    const instrument = module.exports.instrumentWithParts;
    if (typeof instrument !== 'function') throw new Error('[rewind] instrumentRealm.js: no instrumentWithParts()');
    instrumentInRealm = instrument as InstrumentInRealm;
  }
  return instrumentInRealm;
}

/**
 * The loader's instrumenter (LoaderContext.instrument) for a thread the program runs in: the
 * realm's tryInstrument, whose results (and errors) belong to that realm — plain data and strings,
 * read by the loader, never handed to program code.
 */
export function instrumentPrivately(code: string, options: InstrumentOptions): InstrumentedWithParts {
  return privateRealmInstrumenter()(code, options);
}
