// The bootloader NODE_OPTIONS=--require names (dist/bootloader.js): a stub that loads the recorder
// (bootloaderMain.ts, a 1 MB bundle) only in the threads that may record, through a V8 code cache
// (loader/codeCache.ts). Node 20's off-thread module loader, a worker with no parentPort, preloads
// it too, and the main thread waits for that thread to start: loading the bundle there for nothing
// cost every recorded process ~100 ms (docs/PERFORMANCE.md, "Start-up"). The ESM hooks running
// there define the no-op recorder instrumented code expects.
// The main thread's drain worker starts here, before the body loads (recorder/earlyDrain.ts says why).
// Knows nothing of the recorder: only which threads are Node's own, where the body, the drain and
// the cache are.
// Starting the body leaves the program's RegExp statics as they were (loader/regexpStatics.ts).
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvironmentData, isMainThread, parentPort } from 'node:worker_threads';
import { ENV, RECORDER_VARIABLES_KEY } from './format/environment';
import { defaultCacheDir } from './loader/cacheSecret';
import { runCachedBundle } from './loader/codeCache';
import { restoreRegExpStatics, saveRegExpStatics } from './loader/regexpStatics';
import { startEarlyDrain, type EarlyDrain } from './recorder/earlyDrain';

const BODY_FILE = join(__dirname, 'bootloaderMain.js');
const DRAIN_FILE = join(__dirname, 'drainWorker.js');

/**
 * The instrumentation cache's directory ('' turns both caches off). The main thread reads it before
 * the body hides the variable; a worker thread's process.env was copied after that, so it reads
 * what its creator passed on as environment data (hiddenEnvironment.ts), as the body does.
 */
function cacheDirOfThread(): string | undefined {
  if (isMainThread) return process.env[ENV.CACHE_DIR];
  const inherited: unknown = getEnvironmentData(RECORDER_VARIABLES_KEY);
  if (inherited !== null && typeof inherited === 'object') {
    const passed: unknown = (inherited as Record<string, unknown>)[ENV.CACHE_DIR];
    if (typeof passed === 'string') return passed;
  }
  return process.env[ENV.CACHE_DIR];
}

/**
 * The main thread's drain worker, started before the body loads (recorder/earlyDrain.ts): on the
 * conditions the body records this process on (a sink named, not this very process's bootloader
 * again). Undefined elsewhere, or when it cannot start: the recorder then starts its own.
 */
function earlyDrainOfThread(): EarlyDrain | undefined {
  if (!isMainThread) return undefined;
  const env = process.env;
  if (!env[ENV.SOCKET] && !env[ENV.OUT]) return undefined;
  if (env[ENV.LOADED_MARKER] === String(process.pid)) return undefined;
  try {
    return startEarlyDrain(DRAIN_FILE);
  } catch {
    return undefined;
  }
}

(() => {
  if (!isMainThread && !parentPort) return;
  // Starting a recording matches regexps (the bundle's module code, Node's emit text, settings):
  // the program's first line reads the RegExp statics as Node's own start-up left them.
  const statics = saveRegExpStatics();
  try {
    runCachedBundle(BODY_FILE, cacheDirOfThread() ?? defaultCacheDir(), { earlyDrain: earlyDrainOfThread() });
  } catch (error) {
    writeSync(2, `[rewind] recording disabled: ${(error as Error).message}\n`);
  } finally {
    restoreRegExpStatics(statics);
  }
})();
