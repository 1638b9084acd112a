// The bootloader NODE_OPTIONS=--require names (dist/bootloader.js): a stub that loads the recorder
// (bootloaderMain.ts, a 1 MB bundle) only in the threads that may record, through a V8 code cache
// (loader/codeCache.ts). Node 20's off-thread module loader, a worker with no parentPort, preloads
// it too, and the main thread waits for that thread to start: loading the bundle there for nothing
// cost every recorded process ~100 ms (docs/PERFORMANCE.md, "Start-up"). The ESM hooks running
// there define the no-op recorder instrumented code expects.
// Knows nothing of the recorder: only which threads are Node's own, where the body and the cache are.
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';
import { ENV } from './format/environment';
import { defaultCacheDir } from './loader/cacheSecret';
import { runCachedBundle } from './loader/codeCache';

const BODY_FILE = join(__dirname, 'bootloaderMain.js');

(() => {
  if (!isMainThread && !parentPort) return;
  try {
    // The instrumentation cache's directory ('' turns both off): read before the body hides the variable.
    runCachedBundle(BODY_FILE, process.env[ENV.CACHE_DIR] ?? defaultCacheDir());
  } catch (error) {
    writeSync(2, `[rewind] recording disabled: ${(error as Error).message}\n`);
  }
})();
