// Live sessions benchmark (issue 13 §Performance): a conditional breakpoint that is rarely true,
// evaluated at every hit of a hot loop, against what recording the same loop costs.
// - Filtered (item 1): a simple condition (`i === N-1`) is compiled into a filter the recorder
//   evaluates on the values it writes; the program stops only where it holds. Its cost over N hits
//   is the live run's time to that stop minus the same loop recorded to its end (live: false).
// - typeof: `typeof i === 'number' && i === N-1`, decided by the recorder too (a round trip per hit before).
// - property: `box.limit > 0 && i === N-1` and call: `box.name.startsWith('h') && i === N-1`, decided
//   by the recorder (liveFilterReads.ts; a round trip per hit before: BENCH_LIVE_HITS=2000 on an older build).
// - Round trip: a condition the recorder cannot decide (a closure's variable whose function ran twice,
//   so which activation's it is cannot be told in the recorder) stops the program at every hit
//   for the adapter to decide; per hit = (stop at the last hit − stop at the first) / hits, over a
//   shorter loop, extrapolated to 1M hits.
// - Step Over (item 3): from a live stop at `x = work(N)`, the ms from the `next` request to the
//   stop on the next line, N = BENCH_STEP_ITERATIONS (100000); BENCH_STEP_ONLY=1 runs only this.
// (The flag check's cost on probes without a breakpoint is the recording bench's `full` vs a
// baseline build: BENCH_BASELINE=<build without the check>/dist/cli.js BENCH_ONLY=octane.)
// Environment: BENCH_LIVE_HITS (1000000), BENCH_ROUNDTRIP_HITS (2000), BENCH_ROUNDS (3),
// BENCH_ADAPTER (a dist/debugAdapter.js, e.g. another build for before/after; default this checkout's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import testSupport from '@vscode/debugadapter-testsupport';

const root = resolve(new URL('../..', import.meta.url).pathname);
const adapter = process.env.BENCH_ADAPTER ?? join(root, 'dist', 'debugAdapter.js');
const hits = Number(process.env.BENCH_LIVE_HITS ?? 1_000_000);
const roundTripHits = Number(process.env.BENCH_ROUNDTRIP_HITS ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'rewind-live-bench-'));
const BREAK_LINE = 3;

function hotLoop(count) {
  const program = join(dir, `hotLoop${count}.js`);
  writeFileSync(
    program,
    [
      "let total = 0; const box = { limit: 1, name: 'hot' };",
      `function run(seen) { return () => { for (let i = 0; i < ${count}; i++) {`,
      '  total += i + seen; // the conditional breakpoint',
      '} }; }',
      "run(1); // a second activation of run(): its closures' `seen` is the adapter's to decide",
      'run(0)();',
      'console.log(`total ${total}`);',
      '',
    ].join('\n'),
  );
  return program;
}

/** ms from configurationDone to the first stop. */
async function session(program, launch, breakpoints) {
  const client = new testSupport.DebugClient(process.execPath, adapter, 'rewind');
  await client.start();
  try {
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest({ program, cwd: dir, ...launch });
    if (breakpoints) await client.setBreakpointsRequest({ source: { path: program }, breakpoints });
    const stopped = client.waitForEvent('stopped', 1_200_000);
    const startedMs = performance.now();
    await client.configurationDoneRequest();
    const event = await stopped;
    return { ms: performance.now() - startedMs, reason: event.body.reason };
  } finally {
    await client.stop().catch(() => undefined);
  }
}

async function breakpointStop(program, condition) {
  const result = await session(program, { live: true }, [{ line: BREAK_LINE, condition }]);
  if (result.reason !== 'breakpoint') throw new Error(`${condition}: did not stop (${result.reason})`);
  return result.ms;
}

function plainMs(program) {
  const startedMs = performance.now();
  const result = spawnSync(process.execPath, [program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return performance.now() - startedMs;
}

function stepProgram(iterations) {
  const program = join(dir, `stepOver${iterations}.js`);
  writeFileSync(
    program,
    [
      'function work(n) {',
      '  let total = 0;',
      '  for (let i = 0; i < n; i++) total += i % 7;',
      '  return total;',
      '}',
      `const x = work(${iterations}); // the breakpoint, then Step Over`,
      'console.log(`x ${x}`);',
      'setInterval(() => {}, 1000);',
      '',
    ].join('\n'),
  );
  return program;
}

/** ms from the `next` request at a live stop on line 6 to the stop on line 7. */
async function stepOverMs(iterations) {
  const program = stepProgram(iterations);
  const client = new testSupport.DebugClient(process.execPath, adapter, 'rewind');
  await client.start();
  try {
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest({ program, cwd: dir, live: true });
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 6 }] });
    const first = client.waitForEvent('stopped', 120_000);
    await client.configurationDoneRequest();
    const threadId = (await first).body.threadId;
    const stepped = client.waitForEvent('stopped', 1_200_000);
    const startedMs = performance.now();
    await client.nextRequest({ threadId });
    await stepped;
    const ms = performance.now() - startedMs;
    const top = (await client.stackTraceRequest({ threadId })).body.stackFrames[0];
    if (top.line !== 7) throw new Error(`step over ended on line ${top.line}`);
    return ms;
  } finally {
    await client.stop().catch(() => undefined);
  }
}

const stepIterations = Number(process.env.BENCH_STEP_ITERATIONS ?? 100_000);
const stepSamples = [];
for (let round = 0; round < rounds; round++) stepSamples.push(await stepOverMs(stepIterations));
const stepMedian = [...stepSamples].sort((a, b) => a - b)[Math.floor(stepSamples.length / 2)];
console.log(
  `live Step Over of a call doing ${stepIterations} iterations: ${stepMedian.toFixed(0)} ms (median of ${rounds}: ${stepSamples.map((ms) => ms.toFixed(0)).join('/')})`,
);
if (process.env.BENCH_STEP_ONLY === '1') {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

const long = hotLoop(hits);
const short = hotLoop(roundTripHits);
/** Not decidable by the recorder (a closure's variable, its function run twice): the adapter decides at every hit. */
const undecidable = (value) => `seen === 0 && i === ${value}`;
const typeofCondition = `typeof i === 'number' && i === ${hits - 1}`;
/** Rarely true conditions of the other kinds the recorder decides, each read at every hit. */
const kinds = {
  property: `box.limit > 0 && i === ${hits - 1}`,
  call: `box.name.startsWith('h') && i === ${hits - 1}`,
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = {
  plain: [],
  recorded: [],
  filtered: [],
  typeofFiltered: [],
  first: [],
  last: [],
  property: [],
  call: [],
};
for (let round = 0; round < rounds; round++) {
  samples.plain.push(plainMs(long));
  samples.recorded.push((await session(long, { live: false })).ms);
  samples.filtered.push(await breakpointStop(long, `i === ${hits - 1}`));
  samples.typeofFiltered.push(await breakpointStop(long, typeofCondition));
  for (const [kind, condition] of Object.entries(kinds)) samples[kind].push(await breakpointStop(long, condition));
  samples.first.push(await breakpointStop(short, undecidable(0)));
  samples.last.push(await breakpointStop(short, undecidable(roundTripHits - 1)));
}
rmSync(dir, { recursive: true, force: true });
const [plain, recorded, filtered, typeofFiltered, first, last] = [
  'plain',
  'recorded',
  'filtered',
  'typeofFiltered',
  'first',
  'last',
].map((key) => median(samples[key]));
const recordingMs = Math.max(0, recorded - plain);
const filterMs = filtered - recorded;
const perHitMs = (last - first) / (roundTripHits - 1);
console.log(
  `conditional breakpoint in a hot loop (${rounds} rounds, medians, wall ms from configurationDone to the stop):`,
);
console.log(
  `  ${hits} iterations: plain node ${plain.toFixed(0)} | recorded to the end (live:false) ${recorded.toFixed(0)} | live, i === ${hits - 1} (filtered by the recorder) ${filtered.toFixed(0)}`,
);
console.log(
  `  filter: ${filterMs.toFixed(0)} ms for ${hits} hits (${((filterMs / hits) * 1e6).toFixed(0)} ns per hit) vs recording the loop ${recordingMs.toFixed(0)} ms — ${filterMs < recordingMs ? 'met' : 'NOT met'} (target: less than the recording itself)`,
);
console.log(
  `  ${typeofCondition} (filtered by the recorder): ${typeofFiltered.toFixed(0)} ms, ${(typeofFiltered - recorded).toFixed(0)} ms over recording the loop`,
);
for (const [kind, condition] of Object.entries(kinds)) {
  const overMs = median(samples[kind]) - recorded;
  console.log(
    `  ${kind}: ${condition}: ${median(samples[kind]).toFixed(0)} ms, ${overMs.toFixed(0)} ms over recording the loop (${((overMs / hits) * 1e6).toFixed(0)} ns per hit)`,
  );
}
console.log(
  `  round trip (a condition the recorder cannot decide), ${roundTripHits} hits: first ${first.toFixed(0)}, last ${last.toFixed(0)} → ${(perHitMs * 1000).toFixed(0)} µs per hit, ~${((perHitMs * 1e6) / 1000).toFixed(0)} s for 1M hits`,
);
