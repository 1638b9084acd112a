// Live sessions benchmark (issue 13 §Performance): a conditional breakpoint that is rarely true,
// evaluated at every hit of a hot loop, against what recording the same loop costs. The program
// stops at each hit (one flag load + branch found it flagged) and the adapter decides over the
// recorded state, so every hit is a round trip: reported per hit (the time to a stop at the last
// hit minus the time to a stop at the first, over the hits between) and extrapolated to 1M hits.
// (The flag check's cost on probes without a breakpoint is the recording bench's `full` vs a
// baseline build: BENCH_BASELINE=<build without the check>/dist/cli.js BENCH_ONLY=octane.)
// Environment: BENCH_LIVE_HITS (2000), BENCH_ROUNDS (3).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import testSupport from '@vscode/debugadapter-testsupport';

const root = resolve(new URL('../..', import.meta.url).pathname);
const adapter = join(root, 'dist', 'debugAdapter.js');
const hits = Number(process.env.BENCH_LIVE_HITS ?? 2000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'rewind-live-bench-'));
const program = join(dir, 'hotLoop.js');
writeFileSync(
  program,
  [
    'let total = 0;',
    `for (let i = 0; i < ${hits}; i++) {`,
    '  total += i; // the conditional breakpoint',
    '}',
    'console.log(`total ${total}`);',
    '',
  ].join('\n'),
);
const BREAK_LINE = 3;

/** ms from configurationDone to the first stop. */
async function session(launch, breakpoints) {
  const client = new testSupport.DebugClient(process.execPath, adapter, 'rewind');
  await client.start();
  try {
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest({ program, cwd: dir, ...launch });
    if (breakpoints) await client.setBreakpointsRequest({ source: { path: program }, breakpoints });
    const stopped = client.waitForEvent('stopped', 600_000);
    const startedMs = performance.now();
    await client.configurationDoneRequest();
    const event = await stopped;
    return { ms: performance.now() - startedMs, reason: event.body.reason };
  } finally {
    await client.stop().catch(() => undefined);
  }
}

function plainMs() {
  const startedMs = performance.now();
  const result = spawnSync(process.execPath, [program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return performance.now() - startedMs;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = { plain: [], recorded: [], first: [], conditional: [] };
for (let round = 0; round < rounds; round++) {
  samples.plain.push(plainMs());
  samples.recorded.push((await session({ live: false })).ms);
  samples.first.push((await session({ live: true }, [{ line: BREAK_LINE, condition: 'i === 0' }])).ms);
  const conditional = await session({ live: true }, [{ line: BREAK_LINE, condition: `i === ${hits - 1}` }]);
  if (conditional.reason !== 'breakpoint')
    throw new Error(`the conditional breakpoint did not stop (${conditional.reason})`);
  samples.conditional.push(conditional.ms);
}
rmSync(dir, { recursive: true, force: true });
const plain = median(samples.plain);
const recorded = median(samples.recorded);
const first = median(samples.first);
const conditional = median(samples.conditional);
const perHitMs = (conditional - first) / (hits - 1);
const recordingPerIterationMs = Math.max(0, recorded - plain) / hits;
console.log(
  `conditional breakpoint, ${hits} hits (${rounds} rounds, medians, wall ms from configurationDone to the stop):`,
);
console.log(
  `  plain node ${plain.toFixed(0)} | recorded to the end (live:false) ${recorded.toFixed(0)} | live, condition true at the first hit ${first.toFixed(0)}, at the last ${conditional.toFixed(0)}`,
);
console.log(
  `  per hit: ${(perHitMs * 1000).toFixed(0)} µs (a stop, the adapter's evaluation, a resume) vs recording ${(recordingPerIterationMs * 1000).toFixed(1)} µs per iteration (incl. start-up)`,
);
console.log(
  `  1M hits: ~${((perHitMs * 1e6) / 1000).toFixed(0)} s of breakpoint evaluation (target: less than the recording itself) — ${perHitMs <= recordingPerIterationMs ? 'met' : 'NOT met'}`,
);
