// Replay engine benchmark (issue 3 §5): builds a synthetic recording of ≥ 10M steps with the test
// trace builder, indexes it as a live stream would arrive, then measures p50/p99 latency of each
// request kind from positions spread over the whole recording, the indexing rate and memory per
// step. Then the same memory figure for real recordings: Octane richards and acorn parsing itself,
// recorded with the built CLI (`dist/cli.js`) and loaded the way the adapter opens a saved trace.
// Then (issue 16) this checkout against a baseline tree (replayCompare.mjs).
// Bundles its TypeScript entry with esbuild's API into a temp file (nothing in build.mjs).
// Usage: node scripts/bench/replayBench.mjs [--steps N] [--positions N] [--only id,id…] [--no-real]
//   [--baseline REF|DIR (REWIND_BENCH_BASELINE, default d34b7ae; "none" skips)] [--rounds N]
//   [--compare-steps N] [--compare-positions N] [--max-seconds S] [--only-compare]
//   [--configs real;alone;id,id… [--node-flags "…"]: a fresh process per tree and configuration]
// By default the comparison runs both trees' engines in one process, called alternately.
// A child of the comparison: --child --bundle FILE --steps N --positions N --only ids (one JSON line);
// --child-interleaved --bundle FILE --baseline-bundle FILE [--baseline-first] likewise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareTrees } from './replayCompare.mjs';
import { compareInterleaved } from './replayCompare.mjs';
import { loadModules, root, runInterleaved, runReplay, settleHeap } from './replayWorkload.mjs';

const option = (name) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const numberOption = (name, fallback) => (option(name) === undefined ? fallback : Number(option(name)));
const flag = (name) => process.argv.includes(`--${name}`);
const only = option('only')?.split(',');

async function child() {
  const modules = await loadModules({ bundle: option('bundle') });
  const result = await runReplay(modules, {
    steps: numberOption('steps', 1_000_000),
    positionCount: numberOption('positions', 100),
    only,
  });
  const { store: _store, thread: _thread, ...figures } = result;
  console.log(JSON.stringify(figures));
}

async function table() {
  const modules = await loadModules();
  const result = await runReplay(modules, {
    steps: numberOption('steps', 10_000_000),
    positionCount: numberOption('positions', 200),
    only,
  });
  const { thread, store, stepCount } = result;
  const rows = result.requests.map((request) => ({
    request: request.name,
    coldMs: request.coldMs.toFixed(1),
    p50Ms: request.wallP50Ms.toFixed(3),
    p99Ms: request.wallP99Ms.toFixed(3),
    cpuP99Ms: request.cpuP99Ms.toFixed(2),
    cpuP50Ms: request.cpuP50Ms.toFixed(3),
    targetMs: request.targetMs ?? '',
    ok:
      request.targetMs === undefined
        ? ''
        : request.wallP99Ms <= request.targetMs
          ? 'yes'
          : request.cpuP99Ms <= request.targetMs
            ? 'cpu'
            : 'NO',
  }));
  console.log(
    `\nReplay bench: ${stepCount.toLocaleString()} steps (${result.totalSteps.toLocaleString()} generated), ${result.eventsSeen.toLocaleString()} events, ${result.traceBytesPerStep.toFixed(1)} trace bytes/step`,
  );
  console.log(
    `indexing: ${(result.indexMs / 1000).toFixed(2)} s = ${(stepCount / (result.indexMs / 1000) / 1e6).toFixed(2)} M steps/s (main-thread CPU ${(result.indexCpuMs / 1000).toFixed(2)} s)`,
  );
  console.log(
    `adapter memory: ${(result.adapterBytes / 2 ** 20).toFixed(0)} MiB = ${result.adapterBytesPerStep.toFixed(1)} bytes/step (target ≤ 40; of which trace words ${result.traceBytesPerStep.toFixed(1)}, indexes ≈ ${((store.sizeBytes - thread.words.sizeBytes) / stepCount).toFixed(1)} by self-accounting); peak RSS ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  console.table(rows);
  console.log(
    `load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} (ok = "cpu": only the CPU-time p99 meets the target; the wall clock was shared)`,
  );
  if (process.env.REWIND_BENCH_BREAKDOWN) {
    const breakdown = Object.entries(thread)
      .filter(([, value]) => value && typeof value === 'object' && 'sizeBytes' in value)
      .map(([name, value]) => ({ name, bytesPerStep: (value.sizeBytes / stepCount).toFixed(2) }));
    for (const [name, value] of Object.entries(thread)) {
      if (value instanceof Map) {
        let bytes = value.size * 40;
        for (const item of value.values())
          if (item && typeof item === 'object' && 'sizeBytes' in item) bytes += item.sizeBytes;
        breakdown.push({ name: `${name} (map ${value.size})`, bytesPerStep: (bytes / stepCount).toFixed(2) });
      }
    }
    console.table(breakdown.filter((row) => Number(row.bytesPerStep) > 0.05));
  }
  if (!flag('no-real')) await realRecordings(modules.loadRecording);
}

/** Adapter memory per step for real programs: the index depends on their shape, not just their length. */
async function realRecordings(loadRecording) {
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log('\nreal recordings: skipped (dist/cli.js missing: run npm run build)');
    return;
  }
  const { writeWorkloads } = await import('./workloads.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'rewind-replay-real-'));
  try {
    const workloads = writeWorkloads(dir).filter((workload) =>
      ['octane/richards', 'lib/acorn-parse'].includes(workload.name),
    );
    const rows = [];
    for (const workload of workloads) {
      const trace = join(dir, `${workload.name.replace('/', '-')}.rwd`);
      const recorded = spawnSync(process.execPath, [cli, 'record', '--out', trace, '--', workload.file], {
        cwd: dir,
        encoding: 'utf8',
      });
      if (recorded.status !== 0) throw new Error(`recording ${workload.name} failed: ${recorded.stderr}`);
      let bytes = readFileSync(trace);
      const fileBytes = bytes.length;
      await settleHeap();
      const before = process.memoryUsage();
      let { store } = await loadRecording(bytes);
      bytes = undefined; // the adapter keeps the indexed words, not the file
      await settleHeap();
      const after = process.memoryUsage();
      const thread = store.threads.get(store.mainThreadId()).index;
      const used = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers) + fileBytes;
      rows.push({
        recording: workload.name,
        steps: thread.stepCount.toLocaleString(),
        fileMiB: (fileBytes / 2 ** 20).toFixed(0),
        traceBytesPerStep: ((thread.words.totalWords * 4) / thread.stepCount).toFixed(1),
        adapterBytesPerStep: (used / thread.stepCount).toFixed(1),
      });
      store = undefined;
      rmSync(trace, { force: true });
    }
    console.log(
      '\nreal recordings (adapter memory after loading a saved trace; trace bytes/step = the recording itself):',
    );
    console.table(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function interleavedChild() {
  const current = await loadModules({ bundle: option('bundle') });
  const baseline = await loadModules({ bundle: option('baseline-bundle') });
  const result = await runInterleaved(current, baseline, {
    steps: numberOption('steps', 1_000_000),
    positionCount: numberOption('positions', 100),
    only,
    baselineFirst: flag('baseline-first'),
  });
  console.log(JSON.stringify(result));
}

if (flag('child')) {
  await child();
} else if (flag('child-interleaved')) {
  await interleavedChild();
} else {
  if (!flag('only-compare')) await table();
  const baseline = option('baseline') ?? process.env.REWIND_BENCH_BASELINE ?? 'd34b7ae';
  const common = {
    baseline,
    steps: numberOption('compare-steps', 1_000_000),
    positions: numberOption('compare-positions', 100),
    maxSeconds: numberOption('max-seconds', 120),
  };
  // By default both trees in one process, call by call (tight); --configs: a fresh process per tree
  // and configuration, to see what order and process state do (wide: ±50% at load 18).
  if (baseline === 'none') {
    // no comparison
  } else if (option('configs') === undefined) {
    await compareInterleaved({ ...common, only, rounds: numberOption('rounds', 3) });
  } else {
    await compareTrees({
      ...common,
      configSpec: option('configs'),
      rounds: numberOption('rounds', 6),
      nodeFlags: option('node-flags')?.split(' ').filter(Boolean) ?? [],
    });
  }
}
