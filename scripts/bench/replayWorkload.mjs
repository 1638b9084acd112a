// The replay bench's workload, shared by its table and its tree-against-tree comparison: bundling one
// source tree's replay engine and test trace builder, the synthetic recording, the request kinds (in
// the bench's real order), and measuring one kind in wall time, this process's CPU time and the main
// thread's own CPU time. Knows nothing of printing or of comparing trees (replayBench.mjs,
// replayCompare.mjs).
import { build } from 'esbuild';
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setImmediate } from 'node:timers';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc');

/**
 * Bundles `tree`'s replay engine and trace builder into `outfile`. Packages resolve from this
 * checkout's node_modules, so a tree extracted without them (git archive) bundles too.
 */
export async function bundleTree(tree, outfile) {
  await build({
    stdin: {
      contents: `export * from './debug-adapter/replay/index.ts';\nexport { TraceBuilder } from './test/support/traceBuilder.ts';`,
      resolveDir: tree,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    target: 'node20',
    nodePaths: [join(root, 'node_modules')],
  });
}

/** The modules of `tree` (bundled into a temp file), or of an already bundled file. */
export async function loadModules({ tree = root, bundle } = {}) {
  if (bundle) return import(pathToFileURL(bundle).href);
  const dir = mkdtempSync(join(tmpdir(), 'rewind-replay-bench-'));
  const outfile = join(dir, 'bench-entry.mjs');
  await bundleTree(tree, outfile);
  const modules = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return modules;
}

/**
 * The synthetic program (10 steps per iteration, 2 calls, 4 variable writes, a push every 16
 * iterations, console output every 1000, recursion depth varying with i):
 *   for (let i = 0; ; i++) {            // L  (write i)
 *     f(i);                             // S1
 *     list.push(i) every 16th;          // S2
 *     total = total + i;                // S3 (write total)
 *     if (i % 1000 === 0) console.log() // S4
 *   }
 *   function f(a) { let x = a * 2; g(depth); return x; }   // f1 f2 f3
 *   function g(d) { if (d > 0) g(d - 1); return d; }       // g1 g2
 */
function makeProgram(TraceBuilder) {
  const b = new TraceBuilder().file('/bench/main.js');
  b.recordWords = 1 << 16;
  const p = {};
  p.module = b.module({ line: 1, endLine: 40 });
  p.f = b.fn('f', p.module, { line: 20, endLine: 24, paramNames: ['a'] });
  p.g = b.fn('g', p.module, { line: 30, endLine: 33, paramNames: ['d'] });
  p.L = b.probe('loopHead', { line: 2, functionProbe: p.module });
  p.S1 = b.stmt(3, p.module);
  p.S2 = b.stmt(4, p.module);
  p.S3 = b.stmt(5, p.module);
  p.S4 = b.stmt(6, p.module);
  p.f1 = b.stmt(21, p.f);
  p.f2 = b.stmt(22, p.f);
  p.f3 = b.stmt(23, p.f);
  p.g1 = b.stmt(31, p.g);
  p.g2 = b.stmt(32, p.g);
  p.wI = b.writeProbe('i', p.module, p.module, { line: 2 });
  p.wTotal = b.writeProbe('total', p.module, p.module, { line: 5 });
  p.wList = b.writeProbe('list', p.module, p.module, { line: 1, declarationKind: 'const' });
  p.wA = b.writeProbe('a', p.f, p.f, { line: 20, declarationKind: 'param' });
  p.wX = b.writeProbe('x', p.f, p.f, { line: 21 });
  p.wD = b.writeProbe('d', p.g, p.g, { line: 30, declarationKind: 'param' });
  p.push = b.probe('mutatorCall', { line: 4, functionProbe: p.module, operation: 'push', argumentCount: 1 });
  p.retF = b.probe('return', { line: 23, functionProbe: p.f });
  p.retG = b.probe('return', { line: 32, functionProbe: p.g });
  return { b, p };
}

function* generate(b, p, targetSteps) {
  const moduleFrame = b.enter(p.module);
  b.snapshot(1, { type: 'ARRAY', entries: [] });
  b.write(p.wList, { $object: 1 }, 0);
  let steps = 0;
  let total = 0;
  const g = (depth) => {
    const frame = b.enter(p.g);
    b.write(p.wD, depth, frame);
    b.step(p.g1);
    steps++;
    if (depth > 0) g(depth - 1);
    b.step(p.g2);
    steps++;
    b.ret(frame, p.retG, depth).exit(frame, p.g);
  };
  for (let i = 0; steps < targetSteps; i++) {
    b.step(p.L).write(p.wI, i, 0);
    b.step(p.S1);
    const frame = b.enter(p.f);
    b.write(p.wA, i, frame);
    b.step(p.f1).write(p.wX, i * 2, frame);
    b.step(p.f2);
    g(i % 64 === 0 ? 1 + ((i >> 6) % 24) : 0);
    b.step(p.f3)
      .ret(frame, p.retF, i * 2)
      .exit(frame, p.f);
    b.step(p.S2);
    if (i % 16 === 0) b.mutator(p.push, { $object: 1 }, [i], i / 16 + 1);
    total += i;
    b.step(p.S3).write(p.wTotal, total, 0);
    b.step(p.S4);
    if (i % 1000 === 0) b.output(`tick ${i}\n`);
    steps += 7;
    if (i % 4096 === 0) yield steps;
  }
  b.ret(moduleFrame, p.module).exit(moduleFrame, p.module);
  b.end();
  yield steps;
}

/**
 * Full collections until memory stops shrinking: one gc() can leave freed ArrayBuffer backing stores
 * (the indexes' pages) counted until a later cycle, which made a single reading vary by 15%.
 */
export async function settleHeap() {
  let previous = Infinity;
  for (let round = 0; round < 6; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const usage = process.memoryUsage();
    const total = usage.heapUsed + usage.arrayBuffers;
    if (total >= previous - 1024 * 1024) break;
    previous = total;
  }
}

/**
 * The main thread's own CPU time in ms (Linux schedstat, nanoseconds): unlike process.cpuUsage it
 * leaves out V8's concurrent GC and compiler threads. Read with pread on a descriptor kept open.
 * The kernel updates it at ticks and context switches only, so it serves sums over a phase, never
 * one sub-millisecond call (process.cpuUsage, precise to the µs, measures those). Undefined off Linux.
 */
function threadCpuClock() {
  let fd;
  try {
    fd = openSync('/proc/thread-self/schedstat', 'r');
  } catch {
    return { nowMs: () => undefined, close: () => undefined };
  }
  const buffer = Buffer.alloc(96);
  return {
    nowMs: () => {
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      const text = buffer.toString('latin1', 0, length);
      return Number(text.slice(0, text.indexOf(' '))) / 1e6;
    },
    close: () => closeSync(fd),
  };
}

/** Builds the recording and indexes it as a live stream would arrive. */
export async function indexRecording(modules, targetSteps) {
  const { TraceBuilder, TraceStore } = modules;
  await settleHeap();
  const before = process.memoryUsage();
  const { b, p } = makeProgram(TraceBuilder);
  const store = new TraceStore();
  const clock = threadCpuClock();
  let indexMs = 0;
  let indexCpuMs = 0;
  let totalSteps = 0;
  for (const steps of generate(b, p, targetSteps)) {
    const records = b.takeRecords();
    const cpuStart = clock.nowMs();
    const start = performance.now();
    store.append(records);
    indexMs += performance.now() - start;
    indexCpuMs += clock.nowMs() - cpuStart;
    totalSteps = steps;
  }
  const cpuStart = clock.nowMs();
  const finishStart = performance.now();
  store.finish();
  indexMs += performance.now() - finishStart;
  indexCpuMs += clock.nowMs() - cpuStart;
  clock.close();
  await settleHeap();
  const after = process.memoryUsage();
  const adapterBytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  const thread = store.threads.get(store.mainThreadId()).index;
  return { store, thread, totalSteps, indexMs, indexCpuMs, adapterBytes };
}

/**
 * The request kinds in the bench's real order: each with its id (for --only), its table name, how
 * many of the positions it is measured from, its target, and its breakpoint setup and teardown.
 */
export function requestKinds(engine, stepCount) {
  const evaluate = () => {
    try {
      engine.evaluate('total + i * 2');
    } catch {
      /* not defined yet */
    }
  };
  const scopesAndVariables = () => {
    const frames = engine.stackTrace().frames;
    for (const scope of engine.scopes(frames[0].id).concat(engine.scopes(frames.at(-1).id))) {
      for (const variable of engine.variables({ variablesReference: scope.variablesReference })) {
        if (variable.variablesReference)
          engine.variables({ variablesReference: variable.variablesReference, start: 0, count: 100 });
      }
    }
  };
  const dataBreakpoint = () => {
    engine.gotoStep(stepCount - 1);
    // `total` is a module binding: the Module scope holds it (the module body's own Local is empty).
    const bottomScopes = engine.scopes(engine.stackTrace().frames.at(-1).id);
    const moduleScope =
      bottomScopes.find((scope) => scope.name === 'Module') ?? bottomScopes.find((scope) => scope.name === 'Local');
    const dataId = engine.dataBreakpointInfo(moduleScope.variablesReference, 'total').dataId;
    engine.setDataBreakpoints([{ dataId }]);
  };
  const lineBreakpoint = () => engine.setBreakpoints('/bench/main.js', [{ line1: 6 }]);
  const clearLines = () => engine.setBreakpoints('/bench/main.js', []);
  return [
    { id: 'stepIn', name: 'stepIn forward', run: () => engine.stepIn('forward'), targetMs: 10 },
    { id: 'stepBack', name: 'stepBack (stepIn backward)', run: () => engine.stepIn('backward'), targetMs: 10 },
    { id: 'next', name: 'next forward', run: () => engine.next('forward'), targetMs: 10 },
    { id: 'nextBack', name: 'next backward (stepBack)', run: () => engine.next('backward'), targetMs: 10 },
    { id: 'nextLine', name: 'next forward, line', run: () => engine.next('forward', 'line'), targetMs: 10 },
    { id: 'stepOut', name: 'stepOut forward', run: () => engine.stepOut('forward'), targetMs: 10 },
    { id: 'stepOutBack', name: 'stepOut backward', run: () => engine.stepOut('backward'), targetMs: 10 },
    { id: 'goto', name: 'goto', run: (position) => engine.gotoStep(Math.floor(position / 2)), targetMs: 10 },
    {
      id: 'continueLine',
      name: 'continue → line bp',
      setup: lineBreakpoint,
      run: () => engine.continue('forward'),
      teardown: clearLines,
      targetMs: 10,
    },
    {
      id: 'reverseLine',
      name: 'reverseContinue → line bp',
      setup: lineBreakpoint,
      run: () => engine.continue('backward'),
      teardown: clearLines,
      targetMs: 10,
    },
    {
      id: 'continueHit',
      name: 'continue → bp hit % 1000',
      setup: () => engine.setBreakpoints('/bench/main.js', [{ line1: 32, hitCondition: '% 1000' }]),
      run: () => engine.continue('forward'),
      teardown: clearLines,
      targetMs: 10,
    },
    {
      id: 'reverseFunction',
      name: 'reverseContinue → function bp',
      setup: () => engine.setFunctionBreakpoints([{ name: 'f' }]),
      run: () => engine.continue('backward'),
      teardown: () => engine.setFunctionBreakpoints([]),
      targetMs: 10,
    },
    {
      id: 'reverseData',
      name: 'reverseContinue → data bp (total)',
      setup: dataBreakpoint,
      run: () => engine.continue('backward'),
      teardown: () => engine.setDataBreakpoints([]),
      targetMs: 10,
    },
    { id: 'stackTrace', name: 'stackTrace', run: () => engine.stackTrace(), targetMs: 10 },
    { id: 'scopes', name: 'scopes + all variables (+ expand list)', run: scopesAndVariables, targetMs: 20 },
    { id: 'evaluate', name: 'evaluate "total + i * 2"', run: evaluate, targetMs: 20 },
    {
      id: 'timeline',
      name: 'timeline whole (1000 buckets)',
      positions: 50,
      run: () => engine.timeline(0, stepCount - 1, 1000),
      targetMs: 50,
    },
    {
      id: 'timelineZoom',
      name: 'timeline zoom 100k steps (500)',
      positions: 50,
      run: (position) => engine.timeline(position, position + 100_000, 500),
      targetMs: 50,
    },
    { id: 'search', name: 'search "g"', positions: 20, run: () => engine.search('g', 100) },
    { id: 'console', name: 'console page', positions: 50, run: (position) => engine.console(position % 1000, 100) },
  ];
}

export const REQUEST_IDS = requestKinds(undefined, 0).map((kind) => kind.id);

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

/**
 * One kind from positions spread over the recording: the first call (JIT, lazily built caches) is
 * reported apart; the percentiles are over the others. Per call: wall time and this process's CPU
 * time (with the GC's and compiler's helper threads; the median leaves their rare bursts out); per
 * phase besides: the totals, the main thread's own CPU total, and the heap (used + array buffers)
 * after it, not collected first.
 */
export function measureKind(kind, positions, engine) {
  const clock = threadCpuClock();
  const wall = [];
  const cpu = [];
  const threadCpu = [];
  // Monotonic µs, the clock of a --cpu-prof profile's timestamps: a profile can be cut per phase.
  const phaseStartUs = Number(process.hrtime.bigint() / 1000n);
  kind.setup?.();
  engine.gotoStep(positions[0]);
  const coldStart = performance.now();
  kind.run(positions[0]);
  const coldMs = performance.now() - coldStart;
  for (const position of positions.slice(1)) {
    engine.gotoStep(position);
    const threadStart = clock.nowMs();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    kind.run(position);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    threadCpu.push(clock.nowMs() - threadStart);
    cpu.push((used.user + used.system) / 1000);
  }
  kind.teardown?.();
  clock.close();
  const phaseEndUs = Number(process.hrtime.bigint() / 1000n);
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  const heap = process.memoryUsage();
  const result = {
    coldMs,
    wallTotalMs: sum(wall),
    cpuTotalMs: sum(cpu),
    threadCpuTotalMs: sum(threadCpu),
    heapAfterBytes: heap.heapUsed + heap.arrayBuffers,
    phaseStartUs,
    phaseEndUs,
  };
  for (const [name, values] of [
    ['wall', wall],
    ['cpu', cpu],
  ]) {
    values.sort((a, b) => a - b);
    result[`${name}P50Ms`] = percentile(values, 0.5);
    result[`${name}P99Ms`] = percentile(values, 0.99);
  }
  return result;
}

/**
 * Indexes a recording of `steps` steps and measures the kinds listed in `only` (ids, in that order;
 * all in the real order when absent) from `positionCount` positions spread over it.
 */
export async function runReplay(modules, { steps, positionCount, only }) {
  const recording = await indexRecording(modules, steps);
  const { store, thread } = recording;
  const engine = modules.createReplayEngine(store);
  const stepCount = thread.stepCount;
  // Positions spread over the whole recording (deterministic).
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const positions = Array.from({ length: positionCount }, () => Math.floor(random() * stepCount));
  const kinds = requestKinds(engine, stepCount);
  const chosen = only
    ? only.map((id) => kinds.find((kind) => kind.id === id) ?? fail(`unknown request kind ${id}`))
    : kinds;
  engine.open();
  const requests = [];
  for (const kind of chosen) {
    const measured = measureKind(kind, positions.slice(0, kind.positions ?? positions.length), engine);
    requests.push({ id: kind.id, name: kind.name, targetMs: kind.targetMs, ...measured });
  }
  return {
    ...recording,
    stepCount,
    eventsSeen: thread.eventsSeen,
    traceBytesPerStep: (thread.words.totalWords * 4) / stepCount,
    adapterBytesPerStep: recording.adapterBytes / stepCount,
    requests,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

function fail(message) {
  throw new Error(message);
}

/**
 * Both trees' engines in one process, each over its own indexing of the same recording, called
 * alternately at the same positions (which goes first alternates by position): each call is paired
 * with the other tree's call made a moment before or after it, on the same machine load, so the
 * per-call ratio is much steadier than between processes. Each bundle has its own functions, so
 * their inline caches and optimized code stay apart; the heap and the GC are shared. Per kind: each
 * side's CPU p50 per call and the CPU ratios (current / baseline) of every position (process CPU,
 * precise to the µs; a call that measured 0 on either side has no ratio).
 */
export async function runInterleaved(current, baseline, { steps, positionCount, only, baselineFirst }) {
  const sides = baselineFirst ? [baseline, current] : [current, baseline];
  const indexed = [];
  for (const modules of sides) indexed.push(await indexRecording(modules, steps));
  const [currentRecording, baselineRecording] = baselineFirst ? [indexed[1], indexed[0]] : indexed;
  const engines = [current, baseline].map((modules, at) =>
    modules.createReplayEngine([currentRecording, baselineRecording][at].store),
  );
  const stepCount = currentRecording.thread.stepCount;
  if (baselineRecording.thread.stepCount !== stepCount) throw new Error('the trees index different step counts');
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const positions = Array.from({ length: positionCount }, () => Math.floor(random() * stepCount));
  const kindsOf = engines.map((engine) => requestKinds(engine, stepCount));
  const ids = only ?? REQUEST_IDS;
  for (const engine of engines) engine.open();
  const requests = [];
  for (const id of ids) {
    const kinds = kindsOf.map((list) => list.find((kind) => kind.id === id) ?? fail(`unknown request kind ${id}`));
    const chosen = positions.slice(0, kinds[0].positions ?? positions.length);
    const times = [[], []];
    for (const kind of kinds) kind.setup?.();
    for (const [at, kind] of kinds.entries()) {
      engines[at].gotoStep(chosen[0]);
      kind.run(chosen[0]); // the cold call, apart
    }
    for (const [index, position] of chosen.slice(1).entries()) {
      const order = index % 2 === 0 ? [0, 1] : [1, 0];
      for (const at of order) {
        engines[at].gotoStep(position);
        const start = process.cpuUsage();
        kinds[at].run(position);
        const used = process.cpuUsage(start);
        times[at].push((used.user + used.system) / 1000);
      }
    }
    for (const kind of kinds) kind.teardown?.();
    const ratios = times[0]
      .map((value, index) => value / times[1][index])
      .filter((ratio) => Number.isFinite(ratio) && ratio > 0);
    const p50 = (values) =>
      percentile(
        [...values].sort((a, b) => a - b),
        0.5,
      );
    requests.push({ id, currentP50Ms: p50(times[0]), baselineP50Ms: p50(times[1]), ratios });
  }
  return {
    stepCount,
    indexCpuMs: { current: currentRecording.indexCpuMs, baseline: baselineRecording.indexCpuMs },
    adapterBytesPerStep: {
      current: currentRecording.adapterBytes / stepCount,
      baseline: baselineRecording.adapterBytes / stepCount,
    },
    requests,
  };
}
