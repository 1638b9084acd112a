// The bootloader's body (dist/bootloaderMain.js), loaded by the stub NODE_OPTIONS=--require names
// (dist/bootloader.js, runtime/bootloader.ts) in the threads that may record: one guarded IIFE that
// runs once per process, captures builtins before user code (importing the recorder does), reads
// the environment contract, starts the recording, installs the recorder global and module hooks.
// It never throws into the user's program: a failure is one `[rewind]` line on stderr.
// Child processes inherit NODE_OPTIONS and record too (appending to the same trace file, or as
// their own producer on the collector's socket); so do worker threads of a recorded process, each
// its own producer with its own ring and drain (workerThreads.ts says why).
import { Atomics } from './recorder/builtins';
import { closeSync, openSync, writeSync, fchmodSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { MessageChannel, isMainThread, parentPort, threadId } from 'node:worker_threads';
import { ENV, fromEnvironment, type RecorderSettings } from './format/environment';
import type { EarlyDrain } from './recorder/earlyDrain';
import { RUNTIME_NAME } from './format/hotPath';
import type { TraceHeader } from './format/records';
import { planInstrumentsNothing } from './format/plan';
import { isRecorderMap } from './format/recorderMaps';
import { encodeFileHeader } from './format/recordWriter';
import { InstrumentCache, defaultCacheDir } from './loader/cache';
import { installCjsHook, nodeExtensionHandlers } from './loader/cjsHook';
import type { EsmHooksData } from './loader/esmHooksData';
import { loadTypeScript, transformLoaded, type LoadResult } from './loader/esmLoad';
import { watchForeignHooks } from './loader/foreignHooks';
import { markingLoaderThread } from './loader/loaderThreadPreloads';
import { installVmModules } from './loader/vmModules';
import { evaluatedMap } from './loader/evaluatedMaps';
import { createFileFilter } from './loader/globs';
import { isInstrumentedFile, receiveSourcesFrom, registerSource, sourceText } from './loader/sourceTexts';
import { takeSourceMaps } from './loader/sourceMapsView';
import type { LoaderContext } from './loader/instrumentFile';
import { instrumentPrivately } from './loader/instrumentRealm';
import { createHotPath } from './recorder/hotPath';
import { createNoopHotPath } from './recorder/noop';
import { budgetedOptions, childBudget, installSpawnAdjustment } from './recorder/childStackBudget';
import {
  inheritedVariables,
  passToWorkers,
  takeRecorderVariables,
  withRecorderVariables,
} from './recorder/hiddenEnvironment';
import { installFunctionToString } from './recorder/functionText';
import { installStackFormat } from './recorder/stackFormat';
import { withoutQueuedTicks } from './recorder/quietWorkerStart';
import { defineGlobalBinding, hasGlobalBinding } from './recorder/globalBinding';
import { Control } from './recorder/layout';
import { startRecording, warn, type RecordingHandle } from './recorder/recorder';
import { installMessageEvents } from './recorder/workerMessages';
import { installCallbackOrigins } from './recorder/callbackOrigins';
import { hideRecorderAsyncResources } from './recorder/hiddenAsyncResources';
import { installRequestEvents } from './recorder/httpRequests';
import { installNodeEmits, observeMessageEmits } from './recorder/nodeEmits';
import { claimEndSlot, installWorkerEnds } from './recorder/workerEnds';
import { installAssertSource } from './recorder/assertSource';
import { installCallSitesView } from './recorder/callSitesView';
import { installWorkerEval, workerProducerId } from './loader/workerThreads';
import { installDeferred } from './recorder/deferredBoot';
import { installWorkerEnvironment, passAddedExecArg, restoreWorkerOptions } from './recorder/workerEnvironment';

const LOADED = Symbol.for('rewind.bootloader.loaded');
/** The stub the launcher's NODE_OPTIONS names (runtime/bootloader.ts): children and workers are recorded by it. */
const BOOTLOADER_FILE = join(__dirname, 'bootloader.js');
/** What the stub handed this body (runtime/bootloader.ts, loader/codeCache.ts): the main thread's early drain. */
const handedOver: { earlyDrain?: EarlyDrain } = (module as { handoff?: { earlyDrain?: EarlyDrain } }).handoff ?? {};

(() => {
  try {
    const global = globalThis as Record<symbol, unknown>;
    if (global[LOADED]) return;
    if (!isMainThread) return bootWorkerThread(global);
    const ancestor = process.env[ENV.LOADED_MARKER];
    if (ancestor === String(process.pid)) return;
    global[LOADED] = true;
    const addedExecArg = hideAddedExecArg();
    const parsed = fromEnvironment(process.env);
    if (!parsed) return;
    const settings: RecorderSettings = {
      ...parsed,
      root: parsed.root || process.cwd(),
      cacheDir: process.env[ENV.CACHE_DIR] === undefined ? defaultCacheDir() : parsed.cacheDir,
      // A deferred recording instruments nothing: files are only registered (with their hashes).
      ...(parsed.deferred ? { plan: { defaultLevel: 'none' as const, rules: [] } } : {}),
    };
    const ours = takeRecorderVariables(
      { marker: ENV.LOADED_MARKER, userOptions: ENV.USER_NODE_OPTIONS, added: ENV.ADDED_VARIABLES },
      String(process.pid),
      BOOTLOADER_FILE,
    );
    const budget =
      addedExecArg === undefined ? undefined : childBudget(addedExecArg, ENV.ADDED_EXEC_ARG, BOOTLOADER_FILE);
    installSpawnAdjustment((options) => {
      const withVariables = withRecorderVariables(options, ours, ours[ENV.USER_NODE_OPTIONS]);
      return (budget && budgetedOptions(withVariables ?? options, budget)) ?? withVariables;
    });
    boot(settings, ancestor ? process.pid & 0xffff || 1 : 0);
    // After boot: the drain thread it started must not inherit them (it would record itself).
    passToWorkers(ours);
    passAddedExecArg(addedExecArg);
    installWorkerEnvironment(ours, ours[ENV.USER_NODE_OPTIONS]);
  } catch (error) {
    warn(`recording disabled: ${(error as Error).message}`);
  }
})();

/**
 * The launcher's `--stack-size` (recording needs deeper stacks) is not the program's: take it out
 * of process.execArgv, as a plain run has it (issue 14 item 6). Recorded Node children get it the same
 * way (childStackBudget); returned so they can.
 */
function hideAddedExecArg(): string | undefined {
  const added = process.env[ENV.ADDED_EXEC_ARG];
  if (added === undefined) return undefined;
  delete process.env[ENV.ADDED_EXEC_ARG];
  if (process.execArgv[0] === added) process.execArgv.splice(0, 1);
  return added;
}

/**
 * A worker thread of a recorded process records as one more producer. Node's own threads (the
 * off-thread module loader of Node 20, which has no parentPort), threads of a process that is not
 * recorded, and our drain workers (started with an empty environment) do not: code instrumented
 * for them anyway (an off-thread loader's) runs against a no-op recorder.
 */
function bootWorkerThread(global: Record<symbol, unknown>): void {
  // The recorder's variables left process.env at the process's boot: its threads get them as environment data.
  const inherited = inheritedVariables();
  if (inherited) restoreWorkerOptions(inherited, ENV.USER_NODE_OPTIONS);
  const env: Record<string, string | undefined> = inherited ? { ...process.env, ...inherited } : process.env;
  const parsed = fromEnvironment(env);
  if (!parsed) return;
  if (!parentPort) return defineNoopRecorder();
  if (env[ENV.LOADED_MARKER] !== String(process.pid)) return defineNoopRecorder();
  global[LOADED] = true;
  const settings: RecorderSettings = {
    ...parsed,
    root: parsed.root || process.cwd(),
    cacheDir: env[ENV.CACHE_DIR] === undefined ? defaultCacheDir() : parsed.cacheDir,
  };
  passToWorkers(undefined); // not to this thread's own drain
  boot(settings, workerProducerId(process.pid, threadId));
  if (!inherited) return;
  passToWorkers(inherited);
  installWorkerEnvironment(inherited, inherited[ENV.USER_NODE_OPTIONS]);
  installSpawnAdjustment((options) => withRecorderVariables(options, inherited, inherited[ENV.USER_NODE_OPTIONS]));
}

function defineNoopRecorder(): void {
  if (hasGlobalBinding(RUNTIME_NAME)) return;
  defineGlobalBinding(RUNTIME_NAME, createNoopHotPath());
}

/** producerId: 0 for the root process (which writes the file header); a descendant's or worker's own otherwise. */
function boot(settings: RecorderSettings, producerId: number): void {
  const header = traceHeader(settings);
  // The root process creates the file (0600) and writes its header before any producer appends
  // (with a socket too, the drains write the file and the socket carries progress only).
  if (settings.outFile && producerId === 0) writeFileHeader(settings.outFile, header);
  const endSlot = isMainThread ? undefined : claimEndSlot(threadId);
  const recording = startRecording({
    settings,
    drainWorkerPath: join(__dirname, 'drainWorker.js'),
    earlyDrain: isMainThread ? handedOver.earlyDrain : undefined,
    producerId,
    streamHeader: settings.socketPath && !settings.outFile ? encodeFileHeader(header) : undefined,
    endSlot,
  });
  defineGlobalBinding(
    RUNTIME_NAME,
    createHotPath({ live: settings.live === true, explicit: settings.explicitEvents === true }),
  );
  installFunctionToString(sourceText);
  const context = installHooks(settings, recording);
  // After the module hooks: the wrapped fs.readFileSync lets their reads of code through.
  if (isMainThread && (settings.deferred || settings.feedFrom)) installDeferred(settings, recording);
  if (settings.deferred) {
    hideRecorderAsyncResources(); // the program's hooks see none of the log's work either
    return; // nothing else is recorded in a deferred run
  }
  installCallbackOrigins();
  installRequestEvents(settings.sessionId, recording.beforeEnd);
  // The creating thread sees its workers' messages through the emit replacement, when there is one.
  installMessageEvents(installNodeEmits() ? observeMessageEmits : undefined);
  installWorkerEnds(recording.beforeEnd);
  if (!isMainThread) installWorkerEval(context);
  hideRecorderAsyncResources(); // last: every async resource so far is the recorder's
}

/**
 * Node's loader thread pipes its output into process.stdout/stderr, creating them at register()
 * time; a plain program creates them on first use (INS-26). Hand it streams that reach the real
 * ones only when something is written.
 */
function withLazyStdio(register: () => void): void {
  const saved = (['stdout', 'stderr'] as const).map(
    (name) => [name, Object.getOwnPropertyDescriptor(process, name)] as const,
  );
  for (const [name] of saved) {
    const forward = new Writable({
      write: (chunk, encoding, callback) => {
        process[name].write(chunk, encoding, callback);
      },
    });
    Object.defineProperty(process, name, { value: forward, configurable: true, writable: true });
  }
  try {
    register();
  } finally {
    for (const [name, descriptor] of saved) if (descriptor) Object.defineProperty(process, name, descriptor);
  }
}

function traceHeader(settings: RecorderSettings): TraceHeader {
  const { sessionId, level, overflow, bufferWords, maxStringLength, maxCollectionEntries, maxDepth, redact } = settings;
  return {
    sessionId,
    pid: process.pid,
    threadId,
    nodeVersion: process.version,
    startWallTimeMs: Date.now(),
    argv: process.argv.slice(),
    cwd: process.cwd(),
    options: {
      level,
      overflow,
      bufferWords,
      maxStringLength,
      maxCollectionEntries,
      maxDepth,
      redact,
      // A deferred run's re-execution must instrument the files it registered: the same scope.
      ...(settings.deferred
        ? { deferred: settings.deferred, root: settings.root, include: settings.include, exclude: settings.exclude }
        : {}),
      ...(settings.feedFrom ? { expandedFrom: settings.feedFrom } : {}),
      // Readers regenerate its leaf calls before replay (debug-adapter/trace/regenerate.ts).
      ...(settings.attributes?.leafCalls === true && settings.live !== true ? { leafCalls: true } : {}),
    },
  };
}

function writeFileHeader(path: string, header: TraceHeader): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, encodeFileHeader(header));
  } finally {
    closeSync(fd);
  }
}

/**
 * Node's findSourceMap, taken by installHooks before anything replaces it: the recorder's own view
 * for the program (sourceMapsView.ts) hides the instrumenter's maps. Declared without a value: this
 * module's later top-level statements run after installHooks (an initializer would overwrite it),
 * which is also why a module-level constant would have taken the view.
 */
let nodeFindSourceMap: ((fileName: string) => object | undefined) | undefined;
let findingMap = false;

/** A module evaluated by vm has its map here (Node keeps none); every other file's is Node's. */
function findMap(fileName: string): object | undefined {
  return evaluatedMap(fileName) ?? nodeFindSourceMap?.(fileName);
}

/**
 * Whether `fileName`'s frames show the instrumenter's positions mapped by the instrumenter's own map.
 * Not so where the program's loader (tsx) compiled the instrumented code again: Node then holds that
 * loader's map, folded with ours down to the user's source, and maps its frames as in a plain run.
 */
function mappedByRecorder(fileName: string): boolean {
  // Node's lookup can make an error whose stack is formatted again, asking this about the same file.
  if (!isInstrumentedFile(fileName) || findingMap) return false;
  findingMap = true;
  try {
    return isRecorderMap((findMap(fileName) as { payload?: unknown } | undefined)?.payload);
  } finally {
    findingMap = false;
  }
}

function installHooks(settings: RecorderSettings, recording: RecordingHandle): LoaderContext {
  nodeFindSourceMap = Module.findSourceMap;
  // Node's mapped formatter (maps are turned on below) prints frames its own way: the stand-in prints them as V8 does.
  installStackFormat({
    isInstrumented: mappedByRecorder,
    findSourceMap: findMap,
    findEntry: Module.SourceMap.prototype.findEntry,
  });
  // Node 20's assert(expr) message reads the source at the raw instrumented position (assertSource.ts).
  installAssertSource({
    isInstrumented: mappedByRecorder,
    findSourceMap: findMap,
    findEntry: Module.SourceMap.prototype.findEntry,
  });
  // util.getCallSites() (Node 22.9+) reads V8's positions too (callSitesView.ts).
  installCallSitesView({
    isInstrumented: mappedByRecorder,
    findSourceMap: findMap,
    findEntry: Module.SourceMap.prototype.findEntry,
  });
  const control = new Int32Array(recording.shared.control);
  Atomics.store(control, Control.PROBE_COUNTER, 1); // probe id 0 stays unused (OUTPUT events carry it)
  const context: LoaderContext = {
    settings,
    control,
    filter: createFileFilter(settings),
    cache: new InstrumentCache(settings.cacheDir),
    probeFlags: new Uint8Array(recording.probeFlags),
    stopFlags: recording.stopFlags && new Uint8Array(recording.stopFlags),
    post: recording.post,
    // In a private realm: the program's builtins never see the instrumenter (loader/instrumentRealm.ts).
    instrument: instrumentPrivately,
    registerSource,
    defineAlias: (name) => {
      if (!hasGlobalBinding(name)) defineGlobalBinding(name, runInThisContext(RUNTIME_NAME));
    },
    instrumented: 0,
  };
  // Instrumented files carry inline source maps: with Node's source-map support on, a crash message
  // and err.stack show the user's own line and column, as in a plain run (INS-19). If the user had
  // not turned it on, files we leave alone must not start being mapped: plainSource() hides theirs.
  // The program reads and sets maps as if the recorder had not turned them on (sourceMapsView.ts).
  // A run that instruments nothing (a deferred run, `--level none`) leaves them as the program has
  // them: with maps on, Node 24 finds no map for a file and loses assert(expr)'s message ("false == true").
  if (!planInstrumentsNothing(settings.plan)) takeSourceMaps(context, mappedByRecorder);
  installModuleHooks(settings, recording, context);
  // A test runner's own module evaluation (vitest): code compiled by vm under a recorded file's name.
  if (!planInstrumentsNothing(settings.plan)) installVmModules(context);
  recording.beforeEnd.push(() =>
    recording.note({
      level: 'info',
      message: `instrumentation cache: ${Atomics.load(control, Control.CACHE_HITS)} hits, ${Atomics.load(control, Control.CACHE_MISSES)} misses`,
    }),
  );
  return context;
}

type SyncNextLoad = (url: string, context?: unknown) => LoadResult;
interface ModuleWithHooks {
  registerHooks?: (hooks: { load: (url: string, context: unknown, nextLoad: SyncNextLoad) => LoadResult }) => void;
  register?: (specifier: string, options: { data: EsmHooksData; transferList: unknown[] }) => void;
}

function installModuleHooks(settings: RecorderSettings, recording: RecordingHandle, context: LoaderContext): void {
  const module = Module as unknown as ModuleWithHooks;
  if (typeof module.registerHooks === 'function') {
    // In-thread and synchronous (Node ≥ 22.15), for require() and import alike.
    module.registerHooks({
      load: (url, loadContext, nextLoad) =>
        loadTypeScript(context, url, true, foreign.registered) ??
        transformLoaded(context, url, nextLoad(url, loadContext), true),
    });
    // Registered after ours, the program's hooks run first and call ours as their next load. Such
    // a loader (tsx) also reads and compiles some CommonJS files itself, past every hook.
    const nodeHandlers = nodeExtensionHandlers();
    const foreign = watchForeignHooks(module, () => installCjsHook(context, { onlyForeignOf: nodeHandlers }));
    return;
  }
  installCjsHook(context);
  if (typeof module.register !== 'function') return;
  // The loader thread posts FILE/NOTE straight to the drain worker: nothing waits on this thread.
  const port = recording.takeLoaderPort();
  const sources = new MessageChannel();
  receiveSourcesFrom(sources.port1);
  const data: EsmHooksData = {
    control: recording.shared.control,
    probeFlags: recording.probeFlags,
    stopFlags: recording.stopFlags,
    port,
    sourcesPort: sources.port2,
    level: settings.level,
    plan: settings.plan,
    deferred: settings.deferred,
    redact: settings.redact,
    include: settings.include,
    exclude: settings.exclude,
    root: settings.root,
    cacheDir: settings.cacheDir,
    hideForeignSourceMaps: context.hideForeignSourceMaps ?? false,
    bodyFile: join(__dirname, 'esmHooksBody.js'),
  };
  // Node 20's hooks worker queues ticks (its stdio pipes, its 'worker' emit): run them now, or the
  // program's first promise reactions would run under processTicksAndRejections (quietWorkerStart.ts).
  // The worker it starts runs no preload of the program's (loaderThreadPreloads.ts).
  withLazyStdio(() =>
    withoutQueuedTicks(() =>
      markingLoaderThread(() =>
        module.register!(pathToFileURL(join(__dirname, 'esmHooks.mjs')).href, {
          data,
          transferList: [port, sources.port2],
        }),
      ),
    ),
  );
}
