// Which build of cjs-module-lexer lexes a CommonJS source for its epilogue: the WebAssembly build
// (as Node itself prefers: typescript.js lexes several times faster), initialized on the first
// call, not at every process start; the pure-JS build where WebAssembly is missing (`node
// --jitless`) or its init fails. Both give the same names for the same source. Knows the lexer's
// two builds; not the epilogue's syntax, the cache or the hooks.
// The `import` condition of the package's exports map is its WebAssembly build (dist/lexer.mjs,
// bundled by esbuild like any import); require() resolves the pure-JS lexer.js.
import { initSync as initWasmLexer, parse as parseWithWasm } from 'cjs-module-lexer';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the pure-JS build: see above
const jsLexer = require('cjs-module-lexer') as typeof import('cjs-module-lexer');

export interface LexedNames {
  exports: string[];
  reexports: string[];
}

/** undefined until the first parse; then whether the WebAssembly build is usable in this process. */
let wasmReady: boolean | undefined;

function wasmUsable(): boolean {
  if (wasmReady === undefined) {
    try {
      initWasmLexer();
      wasmReady = true;
    } catch {
      wasmReady = false; // no WebAssembly (--jitless), or it refused to compile: the JS build
    }
  }
  return wasmReady;
}

/** A lexer's own verdict on the source (it carries the offset it stopped at), not a failure of its build. */
function isLexerVerdict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'idx' in error;
}

/**
 * The names cjs-module-lexer finds in `source`; throws where the lexer throws (a source it cannot
 * read). A WebAssembly failure that is not such a verdict (memory it could not grow) is retried
 * with the JS build, so the answer never depends on which build ran.
 */
export function lexCommonJs(source: string): LexedNames {
  if (wasmUsable()) {
    try {
      return parseWithWasm(source);
    } catch (error) {
      if (isLexerVerdict(error)) throw error;
    }
  }
  return jsLexer.parse(source);
}

/** Which build lexCommonJs uses in this process (initializing it if it was not yet): for tests and benchmarks. */
export function lexerBuild(): 'wasm' | 'js' {
  return wasmUsable() ? 'wasm' : 'js';
}
