// Live sessions benchmark (issue 13 §Performance): what the breakpoint check costs a program whose
// breakpoints are all in other files. Each Octane kernel runs as a module of a small main that
// also loads `elsewhere.js`, whose function (never called) holds the breakpoints, so their probes
// are flagged in the live program's stop table but never reached. The same program is debugged in
// a live session of this build and in one without the checks (below), alternating in one run, both
// on the same ring (`bufferEvents`), so the difference is the checks. Compared on the kernel's own
// main-thread CPU (the workload's BENCH line; schedstat, so the drain, the adapter and a loaded
// machine blur it less than wall time). Scale 1 is the default; 0.25 keeps each round short (many
// rounds narrow the interval more than long ones), scale 4 weighs the optimized code more.
// Target: geomean ≤ 5% over the unchecked side.
// On a shared, loaded machine a few long rounds gave spreads of ±60–150%, wider than the effect. So:
// many short rounds, each a pair (live, not live) run back to back in alternating order, kernels
// interleaved within a round (a drift in load falls on every kernel and both sides alike); the
// figure is the median of the paired ratios per kernel, with a distribution-free 95% interval (order
// statistics of the median), and the geomean over kernels with a 95% bootstrap interval (rounds
// resampled per kernel, seeded: the same samples give the same interval). Wall time is shown beside it.
// What the bar measures is the check, so by default the other side is a live session too, of a copy
// of the adapter's dist/ whose recorder never takes the checked calls (createHotPath's `options.live`
// patched to false in the copy's bootloader.js): the same session, queue and start stop, without
// the checks. `live: false` differs in more than the checks (a 16 MiB send queue, no start stop) and
// is what BENCH_VERSUS=notlive compares with.
// Environment: BENCH_ROUNDS (12), BENCH_UNTIL (no round starts after this date), BENCH_ONLY (kernel
// names, comma-separated), BENCH_SCALE (1), BENCH_VERSUS (unchecked, the default, or notlive),
// BENCH_ADAPTER (a dist/debugAdapter.js; default this checkout's), BENCH_BASELINE_ADAPTER (instead of
// either, a live session of this other build), BENCH_PROFILE_DIR (the kernel's
// main thread is profiled through node:inspector and its .cpuprofile written there, named by kernel,
// side and time: where the checks cost; `--cpu-prof` writes nothing, as the session ends the program).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import testSupport from '@vscode/debugadapter-testsupport';
import { median, medianInterval, percent, seededRandom, sorted } from './pairedStats.mjs';
import { writeWorkloads } from './workloads.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const adapter = process.env.BENCH_ADAPTER ?? join(root, 'dist', 'debugAdapter.js');
const versus = process.env.BENCH_VERSUS ?? 'unchecked';
if (versus !== 'unchecked' && versus !== 'notlive')
  throw new Error(`BENCH_VERSUS: unchecked or notlive, not ${versus}`);
const rounds = Number(process.env.BENCH_ROUNDS ?? 12);
const scale = Number(process.env.BENCH_SCALE ?? 1);
/** The live session's ring (debug-adapter/session/liveRecording.ts LIVE_BUFFER_WORDS, 1 MiB), given to both. */
const BUFFER_EVENTS = 65_536;
const only = process.env.BENCH_ONLY?.split(',');
/** BENCH_UNTIL (a date, e.g. 2026-12-04T18:30Z): no round starts after it; the statistics cover the rounds done. */
const untilMs = process.env.BENCH_UNTIL ? Date.parse(process.env.BENCH_UNTIL) : undefined;
const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
const dir = mkdtempSync(join(tmpdir(), 'rewind-live-check-'));
const baselineAdapter = process.env.BENCH_BASELINE_ADAPTER
  ? resolve(process.env.BENCH_BASELINE_ADAPTER)
  : versus === 'unchecked'
    ? uncheckedCopy(adapter)
    : undefined;
/** The side the live session is compared with: a live session of the baseline build, or `live: false`. */
const baseline = baselineAdapter ? { adapter: baselineAdapter, live: true } : { adapter, live: false };

/**
 * A copy of the adapter's dist/ (its bundles are self-contained) whose recorder takes the unchecked
 * calls in live sessions too: the one expression that chooses them, patched; refused if the bundle
 * no longer has it exactly once (the bench would measure nothing).
 */
function uncheckedCopy(adapterPath) {
  const copy = join(dir, 'unchecked-dist');
  cpSync(dirname(adapterPath), copy, { recursive: true });
  const bootloader = join(copy, 'bootloader.js');
  const text = readFileSync(bootloader, 'utf8');
  const choice = /const calls = options\.live \?/g;
  const found = text.match(choice)?.length ?? 0;
  if (found !== 1) throw new Error(`liveCheckBench: createHotPath's choice found ${found} times in ${bootloader}`);
  writeFileSync(bootloader, text.replace(choice, 'const calls = false ?'));
  return join(copy, 'debugAdapter.js');
}
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

/** The kernel's main-thread CPU ms and wall ms (its BENCH line) in a session that ran the program to its end. */
async function sessionTimes(program, live, adapterPath = adapter) {
  const client = new testSupport.DebugClient(process.execPath, adapterPath, 'rewind');
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
    const report = JSON.parse(/BENCH (\{.*\})/.exec(text)[1]);
    return { cpuMs: report.cpuMs, wallMs: report.ms };
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

const baselineTimes = (program) => sessionTimes(program, baseline.live, baseline.adapter);
const baselineName = process.env.BENCH_BASELINE_ADAPTER
  ? 'baseline live'
  : baselineAdapter
    ? 'unchecked live'
    : 'live:false';

const geomean = (values) => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);

/** The geomean over kernels of each kernel's median ratio, and its 95% bootstrap interval. */
function geomeanInterval(ratiosByKernel, resamples = 4000) {
  const next = seededRandom(13);
  const estimates = [];
  for (let round = 0; round < resamples; round++) {
    const medians = ratiosByKernel.map((values) =>
      median(values.map(() => values[Math.floor(next() * values.length)])),
    );
    estimates.push(geomean(medians));
  }
  const list = sorted(estimates);
  return {
    value: geomean(ratiosByKernel.map(median)),
    low: list[Math.floor(resamples * 0.025)],
    high: list[Math.ceil(resamples * 0.975) - 1],
  };
}

const samples = new Map(kernels.map((kernel) => [kernel.name, { cpu: [], wall: [], live: [], notLive: [] }]));
const loadAtStart = loadavg()[0];
console.log(
  `live session, breakpoints only in another file, vs ${process.env.BENCH_BASELINE_ADAPTER ? `a live session of ${baselineAdapter}` : baselineAdapter ? 'a live session without the checks (a patched copy of its dist/)' : 'live: false, no check on its hot path'}: ${rounds} paired rounds, scale ${scale}, kernels interleaved (load average ${loadAtStart.toFixed(1)})`,
);
for (let round = 0; round < rounds; round++) {
  if (untilMs !== undefined && Date.now() >= untilMs) {
    console.log(`  stopped at BENCH_UNTIL after ${round} complete rounds`);
    break;
  }
  for (const [index, kernel] of kernels.entries()) {
    // Alternating first, by round and kernel: a drift in the machine's load falls on both sides alike.
    const liveFirst = (round + index) % 2 === 1;
    const first = liveFirst ? await sessionTimes(kernel.main, true) : await baselineTimes(kernel.main);
    const second = liveFirst ? await baselineTimes(kernel.main) : await sessionTimes(kernel.main, true);
    const [live, notLive] = liveFirst ? [first, second] : [second, first];
    const sample = samples.get(kernel.name);
    sample.cpu.push(live.cpuMs / notLive.cpuMs);
    sample.wall.push(live.wallMs / notLive.wallMs);
    sample.live.push(live.cpuMs);
    sample.notLive.push(notLive.cpuMs);
    // As it goes: a run cut short still leaves its pairs.
    process.stderr.write(
      `${kernel.name} round ${round + 1}: cpu live ${live.cpuMs.toFixed(0)} / ${baselineName} ${notLive.cpuMs.toFixed(0)} = ${(live.cpuMs / notLive.cpuMs).toFixed(3)}, wall ${(live.wallMs / notLive.wallMs).toFixed(3)}\n`,
    );
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}
rmSync(dir, { recursive: true, force: true });

console.log(`  main-thread CPU, live / ${baselineName}, median of paired ratios [95% interval]; wall beside it`);
for (const kernel of kernels) {
  const sample = samples.get(kernel.name);
  const [low, high] = medianInterval(sample.cpu);
  const [wallLow, wallHigh] = medianInterval(sample.wall);
  console.log(
    `  ${kernel.name.padEnd(20)} cpu ${percent(median(sample.cpu)).padStart(7)} [${percent(low)}, ${percent(high)}]  wall ${percent(median(sample.wall)).padStart(7)} [${percent(wallLow)}, ${percent(wallHigh)}]  (cpu ms ${baselineName} ${median(sample.notLive).toFixed(0)}, live ${median(sample.live).toFixed(0)})`,
  );
  console.log(`    paired cpu ratios: ${sample.cpu.map((ratio) => ratio.toFixed(3)).join(' ')}`);
}
const cpu = geomeanInterval(kernels.map((kernel) => samples.get(kernel.name).cpu));
const wall = geomeanInterval(kernels.map((kernel) => samples.get(kernel.name).wall));
console.log(
  `  geomean over ${kernels.length} kernels: cpu ${percent(cpu.value)} [95% ${percent(cpu.low)}, ${percent(cpu.high)}], wall ${percent(wall.value)} [${percent(wall.low)}, ${percent(wall.high)}] (load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)})`,
);
// Under 6 rounds a kernel's interval covers less than 95% (medianInterval): no verdict from it.
const fewestRounds = Math.min(...kernels.map((kernel) => samples.get(kernel.name).cpu.length));
const verdict =
  fewestRounds < 6
    ? `no verdict from ${fewestRounds} round(s): 6 or more are needed`
    : cpu.high <= 1.05
      ? 'met (the whole interval is below it)'
      : cpu.value <= 1.05
        ? 'the median is below it, the interval is not'
        : 'NOT met';
console.log(`  target ≤ +5%: ${verdict}`);

process.exit(0); // a DebugClient may leave a socket open
