// The bootloader NODE_OPTIONS=--require names (dist/bootloader.js): a stub that loads the recorder
// (bootloaderMain.ts, a 1 MB bundle) only in the threads that may record, through a V8 code cache
// (loader/codeCache.ts). Node 20's off-thread module loader, a worker with no parentPort, preloads
// it too, and the main thread waits for that thread to start: loading the bundle there for nothing
// cost every recorded process ~100 ms (docs/PERFORMANCE.md, "Start-up"). The ESM hooks running
// there define the no-op recorder instrumented code expects.
// The main thread's drain worker starts first of all, before the body loads (bootloaderDrain.ts).
// Knows nothing of the recorder: only which threads are Node's own, where the body, the drain and
// the cache are.
// Starting the body leaves the program's RegExp statics as they were (loader/regexpStatics.ts).
// First: it starts the drain worker as it is evaluated, before the modules below load (bootloaderDrain.ts).
import { earlyDrain } from './bootloaderDrain';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { getEnvironmentData, isMainThread, parentPort } from 'node:worker_threads';
import { ENV, RECORDER_VARIABLES_KEY } from './format/environment';
import { defaultCacheDir } from './loader/cacheSecret';
import { runCachedBundle } from './loader/codeCache';
import { skipProgramPreloads, startedByRecorder } from './loader/loaderThreadPreloads';
import { restoreRegExpStatics, saveRegExpStatics } from './loader/regexpStatics';

const BODY_FILE = join(__dirname, 'bootloaderMain.js');

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

(() => {
  if (!isMainThread && !parentPort) {
    // Node's off-thread module loader: it records nothing, and when the recorder started it, the
    // program's preloads have no place there (loaderThreadPreloads.ts).
    if (startedByRecorder()) skipProgramPreloads();
    return;
  }
  // Starting a recording matches regexps (the bundle's module code, Node's emit text, settings):
  // the program's first line reads the RegExp statics as Node's own start-up left them.
  const statics = saveRegExpStatics();
  try {
    runCachedBundle(BODY_FILE, cacheDirOfThread() ?? defaultCacheDir(), { earlyDrain });
  } catch (error) {
    writeSync(2, `[rewind] recording disabled: ${(error as Error).message}\n`);
  } finally {
    restoreRegExpStatics(statics);
  }
})();
