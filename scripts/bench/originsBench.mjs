// Callback origins benchmark (issue 11 item 4): what recording where callbacks came from costs on
// callback-heavy code — promise reactions, awaits, timers, immediates and ticks — as the recorded
// process's CPU time (all its threads: the program and its drain) against the same program recorded
// by a baseline build without origins (BENCH_BASELINE=<that build's dist/cli.js>), and against a
// plain run. Environment: BENCH_BASELINE (unset: plain vs recorded only), BENCH_ROUNDS (3),
// BENCH_CALLBACKS (100000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');
const baseline = process.env.BENCH_BASELINE;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const callbacks = Number(process.env.BENCH_CALLBACKS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'rewind-origins-bench-'));
const program = join(dir, 'callbacks.js');
writeFileSync(
  program,
  `const N = ${callbacks};
async function reactions() {
  let total = 0;
  for (let i = 0; i < N; i++) total += await Promise.resolve(i).then((v) => v + 1);
  return total;
}
function ticks(left, done) {
  if (left === 0) return done();
  if (left % 3 === 0) setImmediate(() => ticks(left - 1, done));
  else if (left % 3 === 1) process.nextTick(() => ticks(left - 1, done));
  else queueMicrotask(() => ticks(left - 1, done));
}
reactions().then((total) => {
  ticks(N / 10, () => {
    const cpu = process.cpuUsage();
    console.log('CPU_MS ' + (cpu.user + cpu.system) / 1000 + ' total ' + total);
  });
});
`,
);

/** CPU ms of one run (the program reports its process's user + system time at its end). */
function cpuMs(args) {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const match = /CPU_MS ([\d.]+)/.exec(result.stdout);
  if (result.status !== 0 || !match) throw new Error(`run failed: ${result.stderr.slice(0, 2000)}`);
  return Number(match[1]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const variants = [['plain', () => [program]]];
const recorded = (tool) => () => [tool, 'record', '--out', join(dir, 'trace.rwd'), '--', program];
if (baseline) variants.push(['recorded, baseline build (no origins)', recorded(baseline)]);
variants.push(['recorded, this build (origins)', recorded(cli)]);
const results = new Map(variants.map(([name]) => [name, []]));
try {
  for (let round = 0; round < rounds; round++)
    for (const [name, args] of variants) results.get(name).push(cpuMs(args()));
  const plain = median(results.get('plain'));
  console.log(
    `${callbacks} promise reactions + awaits, ${callbacks / 10} immediates/ticks/microtasks; median of ${rounds}`,
  );
  for (const [name, values] of results)
    console.log(
      `${name.padEnd(40)} ${median(values).toFixed(0).padStart(7)} ms CPU  ×${(median(values) / plain).toFixed(2)}`,
    );
  if (baseline) {
    const ratio =
      median(results.get('recorded, this build (origins)')) /
      median(results.get('recorded, baseline build (no origins)'));
    console.log(`origins cost: ×${ratio.toFixed(2)} of the baseline recording's CPU time`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
