// Emit labels benchmark (issue 11 item 4 leftovers): what recording Node's EventEmitter emits costs
// — EventEmitter.prototype.emit replaced (runtime/recorder/nodeEmits.ts) — measured where no
// instrumentation runs: a library in node_modules (not recorded) emits N times to one listener, N
// times to two and N times to none, timing each loop with process.cpuUsage(). Plain run, recorded by this build and,
// with BENCH_BASELINE=<a build without the hook>/dist/cli.js, by that build; medians of
// BENCH_ROUNDS (3); BENCH_EMITS (1000000).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');
const baseline = process.env.BENCH_BASELINE;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const emits = Number(process.env.BENCH_EMITS ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'rewind-emits-bench-'));
mkdirSync(join(dir, 'node_modules', 'emitter-loop'), { recursive: true });
writeFileSync(
  join(dir, 'node_modules', 'emitter-loop', 'index.js'),
  `const { EventEmitter } = require('node:events');
module.exports = function run(count) {
  const emitter = new EventEmitter();
  let total = 0;
  emitter.on('x', (value) => { total += value; });
  const cpu = () => { const used = process.cpuUsage(); return (used.user + used.system) / 1000; };
  const start = cpu();
  for (let i = 0; i < count; i++) emitter.emit('x', 1);
  const listened = cpu();
  for (let i = 0; i < count; i++) emitter.emit('none', 1);
  const end = cpu();
  emitter.on('y', (value) => { total += value; });
  emitter.on('y', (value) => { total -= value; });
  for (let i = 0; i < count; i++) emitter.emit('y', 1);
  const two = cpu();
  return 'LISTENER_MS ' + (listened - start) + ' NONE_MS ' + (end - listened) + ' TWO_MS ' + (two - end) + ' total ' + total;
};
`,
);
const program = join(dir, 'emits.js');
writeFileSync(program, `console.log(require('emitter-loop')(${emits}));\n`);

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  const match = /LISTENER_MS ([\d.]+) NONE_MS ([\d.]+) TWO_MS ([\d.]+)/.exec(result.stdout);
  if (result.status !== 0 || !match) throw new Error(`run failed: ${result.stderr.slice(0, 2000)}`);
  return { listener: Number(match[1]), none: Number(match[2]), two: Number(match[3]) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const recorded = (tool) => () => [tool, 'record', '--out', join(dir, 'trace.rwd'), '--', program];
const variants = [['plain', () => [program]]];
if (baseline) variants.push(['recorded, baseline build', recorded(baseline)]);
variants.push(['recorded, this build (emits labelled)', recorded(cli)]);
const results = new Map(variants.map(([name]) => [name, []]));
try {
  for (let round = 0; round < rounds; round++) for (const [name, args] of variants) results.get(name).push(run(args()));
  console.log(`${emits} emits to one listener, to two, and to none, in node_modules code; median of ${rounds}`);
  for (const [name, values] of results) {
    const perEmit = (key) => ((median(values.map((value) => value[key])) * 1e6) / emits).toFixed(0);
    console.log(
      `${name.padEnd(40)} ${perEmit('listener').padStart(5)} ns/emit with a listener, ${perEmit('two').padStart(5)} with two, ${perEmit('none').padStart(5)} without`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
