// The off-thread ESM loader (dist/esmHooks.mjs) for Node versions without module.registerHooks:
// registered by the bootloader with module.register(url, { data }). It shares the probe counter
// and probe flags through SharedArrayBuffers and posts FILE/NOTE messages straight to the drain
// worker on its own port. Never touches the recorder's ring: it only transforms text. The bootloader
// does not load in this thread (bootloader.ts): initialize() defines the no-op recorder that code it
// instruments for this thread (a later-registered hook's modules) runs against.
import { drainTransfer } from '../recorder/drainTransfer';
import { defineGlobalBinding, hasGlobalBinding } from '../recorder/globalBinding';
import { createNoopHotPath } from '../recorder/noop';
import { RUNTIME_NAME } from '../format/hotPath';
import type { MessagePort } from 'node:worker_threads';
import type { LevelPlan } from '../format/plan';
import { tryInstrument } from '../instrument';
import { InstrumentCache } from './cache';
import { loadTypeScript, transformLoaded, type LoadResult } from './esmLoad';
import { createFileFilter } from './globs';
import type { SourceRegistration } from './sourceTexts';
import type { LoaderContext } from './instrumentFile';

export interface EsmHooksData {
  control: SharedArrayBuffer;
  probeFlags: SharedArrayBuffer;
  stopFlags?: SharedArrayBuffer;
  port: MessagePort;
  /** Source registrations for Function.prototype.toString (loader/sourceTexts.ts), read by the main thread. */
  sourcesPort: MessagePort;
  level: 'full' | 'calls';
  /** The focused-recording plan (per-file levels), when the launcher sent one. */
  plan?: LevelPlan;
  /** A deferred recording: files left unrecorded are still hashed (their identity is checked at re-execution). */
  deferred?: 'log';
  redact: boolean;
  include: string[];
  exclude: string[];
  root: string;
  cacheDir: string;
  hideForeignSourceMaps: boolean;
}

let context: LoaderContext | undefined;

export function initialize(data: EsmHooksData): void {
  data.port.unref();
  data.sourcesPort.unref();
  if (!hasGlobalBinding(RUNTIME_NAME)) defineGlobalBinding(RUNTIME_NAME, createNoopHotPath());
  context = {
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

type NextLoad = (url: string, context?: unknown) => Promise<LoadResult>;

export async function load(url: string, loadContext: unknown, nextLoad: NextLoad): Promise<LoadResult> {
  if (!context) return nextLoad(url, loadContext);
  const typescript = loadTypeScript(context, url, false);
  if (typescript) return typescript;
  // CommonJS imported from ESM: Node 20 compiles the source we return (require() goes through cjsHook.ts).
  return transformLoaded(context, url, await nextLoad(url, loadContext), true);
}
