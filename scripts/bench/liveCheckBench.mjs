// Live sessions benchmark (issue 13 §Performance): what the breakpoint check costs a program whose
// breakpoints are all in other files. Each Octane kernel runs as a module of a small main that
// also loads `elsewhere.js`, whose function (never called) holds the breakpoints, so their probes
// are flagged in the live program's stop table but never reached. The same program is debugged
// with `live: true` and with `live: false`, alternating in one run: a recording no live session
// watches gets the hot path with no check at all (runtime/recorder/hotPath.ts createHotPath), and
// both get the same ring (`bufferEvents`), so the difference is the checks. Compared on the
// kernel's own main-thread CPU (the workload's BENCH line; schedstat, so the drain, the adapter and
// a loaded machine blur it less than wall time), at steady state (scale 4: the kernel's optimized
// code dominates). Target: geomean ≤ 5% over `live: false`.
// Environment: BENCH_ROUNDS (5), BENCH_ONLY (kernel names, comma-separated), BENCH_SCALE (4),
// BENCH_ADAPTER (a dist/debugAdapter.js; default this checkout's), BENCH_PROFILE_DIR (the kernel's
// main thread is profiled through node:inspector and its .cpuprofile written there, named by kernel,
// side and time: where the checks cost; `--cpu-prof` writes nothing, as the session ends the program).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import testSupport from '@vscode/debugadapter-testsupport';
import { writeWorkloads } from './workloads.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const adapter = process.env.BENCH_ADAPTER ?? join(root, 'dist', 'debugAdapter.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const scale = Number(process.env.BENCH_SCALE ?? 4);
/** The live session's ring (debug-adapter/session/liveRecording.ts LIVE_BUFFER_WORDS, 1 MiB), given to both. */
const BUFFER_EVENTS = 65_536;
const only = process.env.BENCH_ONLY?.split(',');
const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'rewind-live-check-'));
const ELSEWHERE = join(dir, 'elsewhere.js');
/** Lines of elsewhere.js's function body: one breakpoint on each. */
const BREAK_LINES = [3, 4, 5, 6];

writeFileSync(
  ELSEWHERE,
  [
    '// Loaded, never called: the breakpoints of the live session are here.',
    'function neverCalled(n) {',
    '  let total = 0;',
    '  for (let i = 0; i < n; i++) total += i;',
    '  if (total > 10) total = 10;',
    '  return total;',
    '}',
    'module.exports = { neverCalled };',
    '',
  ].join('\n'),
);

const kernels = writeWorkloads(dir, scale)
  .filter((workload) => workload.group === 'octane')
  .filter((workload) => !only || only.some((name) => workload.name.endsWith(`/${name}`)))
  .map((workload) => {
    const main = join(dir, `main-${workload.name.slice('octane/'.length)}.js`);
    const kernel = `require(${JSON.stringify(workload.file)});`;
    writeFileSync(main, `require('./elsewhere.js');\n${profileDir ? profiled(kernel, workload.name) : kernel}\n`);
    return { name: workload.name, main };
  });

/** `code` run under the inspector's profiler, the profile written to profileDir (side: live or notlive, from argv). */
function profiled(code, name) {
  const file = JSON.stringify(join(profileDir, name.replace(/\W+/g, '-')));
  return [
    "const inspector = require('node:inspector');",
    'const session = new inspector.Session();',
    'session.connect();',
    "session.post('Profiler.enable');",
    "session.post('Profiler.start');",
    code,
    "session.post('Profiler.stop', (error, result) => require('node:fs').writeFileSync(",
    `  ${file} + '-' + process.argv[2] + '-' + Date.now() + '.cpuprofile', JSON.stringify(result.profile)));`,
  ].join('\n');
}

/** The kernel's main-thread CPU ms (its BENCH line) in a session that ran the program to its end. */
async function sessionCpuMs(program, live) {
  const client = new testSupport.DebugClient(process.execPath, adapter, 'rewind');
  await client.start();
  let text = '';
  client.on('output', (event) => (text += event.body.output));
  try {
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const args = [live ? 'live' : 'notlive'];
    await client.launchRequest({ program, args, cwd: dir, live, bufferEvents: BUFFER_EVENTS });
    // Not loaded yet at launch: the loader flags them as it registers elsewhere.js (livePending.ts).
    await client.setBreakpointsRequest({
      source: { path: ELSEWHERE },
      breakpoints: BREAK_LINES.map((line) => ({ line })),
    });
    // live: the program runs to its end, never stopping (no breakpoint is reached); not live: it
    // is recorded to its end, then stops at the last step.
    const ended = live ? client.waitForEvent('terminated', 1_200_000) : client.waitForEvent('stopped', 1_200_000);
    await client.configurationDoneRequest();
    await Promise.race([ended, waitFor(() => text.includes('BENCH '), 1_200_000)]);
    await waitFor(() => /BENCH (\{.*\})/.test(text), 30_000);
    return JSON.parse(/BENCH (\{.*\})/.exec(text)[1]).cpuMs;
  } finally {
    await client.stop().catch(() => undefined);
  }
}

async function waitFor(condition, timeoutMs) {
  const startedMs = Date.now();
  while (!condition()) {
    if (Date.now() - startedMs > timeoutMs) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 20));
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** The spread of a sample: (max − min) / median, in percent. */
const spread = (values) => ((Math.max(...values) - Math.min(...values)) / median(values)) * 100;
const ratios = [];
console.log(
  `live session, breakpoints only in another file, vs live: false, no check on its hot path (kernel main-thread CPU ms, medians of ${rounds}, scale ${scale}):`,
);
for (const kernel of kernels) {
  const samples = { live: [], notLive: [], ratios: [] };
  for (let round = 0; round < rounds; round++) {
    // Alternating first: a drift in the machine's load over the run falls on both alike.
    const liveFirst = round % 2 === 1;
    const firstMs = await sessionCpuMs(kernel.main, liveFirst);
    const secondMs = await sessionCpuMs(kernel.main, !liveFirst);
    const [liveMs, notLiveMs] = liveFirst ? [firstMs, secondMs] : [secondMs, firstMs];
    samples.notLive.push(notLiveMs);
    samples.live.push(liveMs);
    samples.ratios.push(liveMs / notLiveMs);
  }
  const live = median(samples.live);
  const notLive = median(samples.notLive);
  ratios.push(live / notLive);
  const list = (values) => values.map((value) => value.toFixed(0)).join('/');
  console.log(
    `  ${kernel.name.padEnd(22)} live:false ${notLive.toFixed(0).padStart(6)} ±${spread(samples.notLive).toFixed(0)}% | live ${live.toFixed(0).padStart(6)} ±${spread(samples.live).toFixed(0)}% | ${((live / notLive - 1) * 100).toFixed(1).padStart(5)}% (paired median ${((median(samples.ratios) - 1) * 100).toFixed(1)}%)   (live:false ${list(samples.notLive)}, live ${list(samples.live)})`,
  );
}
rmSync(dir, { recursive: true, force: true });
const geomean = Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length);
console.log(
  `  geomean ${((geomean - 1) * 100).toFixed(1)}% over ${ratios.length} kernels — ${geomean <= 1.05 ? 'met' : 'NOT met'} (target: ≤ 5%)`,
);

process.exit(0); // a DebugClient may leave a socket open
