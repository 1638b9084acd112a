// The program's --require preloads, kept out of the off-thread module loader the recorder starts.
// Node 20 (and Node 22 before 22.15) runs module hooks registered with `module.register` in a worker
// of its own, and that worker runs every --require preload again as it starts: its console output
// reaches the program's stdout, and a preload that cannot run off the main thread fails there,
// which Node reports as the `module.register` call's error. A plain run starts that worker only when
// the program registers hooks itself. So the recorder marks the worker its own registration starts
// (environment data, which a new worker copies), and the bootloader stub, itself the first preload,
// skips the program's preloads in that worker only. (Where the program registers hooks of its own
// later, on Node 20 they share that worker, and its preloads do not run there: not a plain run's.)
// Knows Module._load's preload parent and the mark; nothing of the recorder.
import Module from 'node:module';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

/** Environment data present while the recorder's own `module.register` call starts the loader's worker. */
const RECORDER_REGISTERS_KEY = 'rewind.registersHooks';

/** `register()` with the mark set, so the worker it starts knows it is the recorder's. */
export function markingLoaderThread<T>(register: () => T): T {
  setEnvironmentData(RECORDER_REGISTERS_KEY, true);
  try {
    return register();
  } finally {
    setEnvironmentData(RECORDER_REGISTERS_KEY, undefined);
  }
}

/** In Node's loader worker: whether the recorder's registration started it. */
export function startedByRecorder(): boolean {
  return getEnvironmentData(RECORDER_REGISTERS_KEY) === true;
}

/** The parent Node's preloading gives each --require request (Module._preloadModules). */
const PRELOAD_PARENT_ID = 'internal/preload';

type Load = (request: string, parent: { id?: unknown } | null | undefined, isMain: boolean) => unknown;

/** From now on in this thread, a preload request loads nothing (its value is unused by Node). */
export function skipProgramPreloads(): void {
  const internals = Module as unknown as { _load: Load };
  const load = internals._load;
  internals._load = function _load(this: unknown, request, parent, isMain) {
    if (parent?.id === PRELOAD_PARENT_ID) return {};
    return Reflect.apply(load, this, [request, parent, isMain]);
  };
}
