// The bootloader NODE_OPTIONS=--require names (dist/bootloader.js): a stub that loads the recorder
// (bootloaderMain.ts, a 1 MB bundle) only in the threads that may record. Node 20's off-thread module
// loader, a worker with no parentPort, preloads it too, and the main thread waits for that thread to
// start: loading the bundle there for nothing cost every recorded process ~100 ms (docs/PERFORMANCE.md,
// "Start-up"). The ESM hooks running there define the no-op recorder instrumented code expects.
// Knows nothing of the recorder: only which threads are Node's own and where the body is.
import { readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { isMainThread, parentPort } from 'node:worker_threads';

const BODY_FILE = join(__dirname, 'bootloaderMain.js');
const COMMONJS_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';

(() => {
  if (!isMainThread && !parentPort) return;
  try {
    loadBody();
  } catch (error) {
    writeSync(2, `[rewind] recording disabled: ${(error as Error).message}\n`);
  }
})();

/**
 * Runs the body as Node runs a CommonJS file, but outside require.cache: the program's view of the
 * module registry stays what it was when the bootloader was one file (one entry, this stub).
 */
function loadBody(): void {
  const source = readFileSync(BODY_FILE, 'utf8');
  const script = new Script(`${COMMONJS_WRAPPER_HEAD}${source}\n})`, { filename: BODY_FILE });
  const body = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(body.exports, body.exports, createRequire(BODY_FILE), body, BODY_FILE, __dirname);
}
