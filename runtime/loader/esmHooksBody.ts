// What the off-thread ESM loader (esmHooks.ts) does once a module goes through it: the loader
// context (file filter, instrumentation cache, the shared probe counter) and the load hook's work,
// instrumenter and all. A CommonJS bundle (dist/esmHooksBody.js) that esmHooks.ts requires on its
// first load: a program whose modules never reach Node 20's hooks thread (a CommonJS one) no
// longer pays for compiling it there while its main thread waits. Knows nothing of registration.
import { drainTransfer } from '../recorder/drainTransfer';
import { tryInstrument } from '../instrument';
import { InstrumentCache } from './cache';
import { loadTypeScript, transformLoaded, type LoadResult } from './esmLoad';
import type { EsmHooksData } from './esmHooksData';
import { createFileFilter } from './globs';
import type { SourceRegistration } from './sourceTexts';
import type { LoaderContext } from './instrumentFile';

export type NextLoad = (url: string, context?: unknown) => Promise<LoadResult>;

export function createContext(data: EsmHooksData): LoaderContext {
  return {
    settings: { level: data.level, redact: data.redact, plan: data.plan, root: data.root, deferred: data.deferred },
    filter: createFileFilter(data),
    cache: new InstrumentCache(data.cacheDir),
    control: new Int32Array(data.control),
    probeFlags: new Uint8Array(data.probeFlags),
    stopFlags: data.stopFlags && new Uint8Array(data.stopFlags),
    post: (message) => data.port.postMessage(message, drainTransfer(message)),
    registerSource: (token, path, sourceType) =>
      data.sourcesPort.postMessage([token, path, sourceType] satisfies SourceRegistration),
    instrument: tryInstrument,
    instrumented: 0,
    hideForeignSourceMaps: data.hideForeignSourceMaps,
  };
}

export async function loadWith(
  context: LoaderContext,
  url: string,
  loadContext: unknown,
  nextLoad: NextLoad,
): Promise<LoadResult> {
  const typescript = loadTypeScript(context, url, false);
  if (typescript) return typescript;
  // CommonJS imported from ESM is left to Node: a source returned here would be compiled with the
  // ES loader's stand-in `require` (no require.cache, no Module._load; modules it requires read
  // through the ES loader). Node's CommonJS loader runs it instead, and cjsHook.ts instruments the
  // code Node's ES loader reads for it.
  return transformLoaded(context, url, await nextLoad(url, loadContext), false);
}
