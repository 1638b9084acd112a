// The off-thread ESM loader (dist/esmHooks.mjs) for Node versions without module.registerHooks:
// registered by the bootloader with module.register(url, { data }). It shares the probe counter
// and probe flags through SharedArrayBuffers and posts FILE/NOTE messages straight to the drain
// worker on its own port. Never touches the recorder's ring: it only transforms text. Kept small:
// the main thread waits while Node's hooks thread starts, so the instrumenter and its context
// (esmHooksBody.ts) load on the first module that comes through, not before. The bootloader does
// not load in this thread (bootloader.ts): initialize() defines the no-op recorder that code it
// instruments for this thread (a later-registered hook's modules) runs against.
import { createRequire } from 'node:module';
import { defineGlobalBinding, hasGlobalBinding } from '../recorder/globalBinding';
import { createNoopHotPath } from '../recorder/noop';
import { RUNTIME_NAME } from '../format/hotPath';
import type { LoadResult } from './esmLoad';
import type { LoaderContext } from './instrumentFile';
import type * as Body from './esmHooksBody';
import type { EsmHooksData } from './esmHooksData';

let hooksData: EsmHooksData | undefined;
let loaded: { body: typeof Body; context: LoaderContext } | undefined;

export function initialize(data: EsmHooksData): void {
  data.port.unref();
  data.sourcesPort.unref();
  if (!hasGlobalBinding(RUNTIME_NAME)) defineGlobalBinding(RUNTIME_NAME, createNoopHotPath());
  hooksData = data;
}

export async function load(url: string, loadContext: unknown, nextLoad: Body.NextLoad): Promise<LoadResult> {
  if (!hooksData) return nextLoad(url, loadContext);
  if (!loaded) {
    const body = createRequire(hooksData.bodyFile)(hooksData.bodyFile) as typeof Body;
    loaded = { body, context: body.createContext(hooksData) };
  }
  return loaded.body.loadWith(loaded.context, url, loadContext, nextLoad);
}
