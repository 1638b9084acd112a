// The main thread's drain worker, started as the very first thing the bootloader stub does. A
// worker takes ~100 ms to start, and a program shorter than that waits at its exit for the drain to
// exist (recorder/earlyDrain.ts); the stub's other modules cost ~25 ms to load on Node 24
// (node:crypto alone ~10 ms), so the stub imports this module before them: ES modules are evaluated
// in import order, and starting the worker here puts it that much sooner (docs/PERFORMANCE.md,
// "Session 34"). Knows only the conditions a process is recorded on and where the drain is.
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { ENV } from './format/environment';
import { restoreRegExpStatics, saveRegExpStatics } from './loader/regexpStatics';
import { startEarlyDrain, type EarlyDrain } from './recorder/earlyDrain';

const DRAIN_FILE = join(__dirname, 'drainWorker.js');

/**
 * Started on the conditions the body records this process on (a sink named, not this very
 * process's bootloader again). Undefined elsewhere, or when it cannot start: the recorder then
 * starts its own. The program's RegExp statics are as Node's start-up left them, before and after.
 */
function startedEarlyDrain(): EarlyDrain | undefined {
  if (!isMainThread) return undefined;
  const env = process.env;
  if (!env[ENV.SOCKET] && !env[ENV.OUT]) return undefined;
  if (env[ENV.LOADED_MARKER] === String(process.pid)) return undefined;
  const statics = saveRegExpStatics();
  try {
    return startEarlyDrain(DRAIN_FILE);
  } catch {
    return undefined;
  } finally {
    restoreRegExpStatics(statics);
  }
}

export const earlyDrain = startedEarlyDrain();
