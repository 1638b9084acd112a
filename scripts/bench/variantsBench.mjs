// Interleaved A/B/C… of several builds of the recorder on the Octane kernels (issue 9): each round
// records every kernel at every level with every build in turn, so a loaded machine's drift hits
// them alike; reports the program's main-thread CPU (its schedstat, from the workload's BENCH line)
// as median (min–max) and every round's value, and the wall-time median beside it. Knows nothing
// of what differs between the builds: pass each as name=<its dist/cli.js> (for example main, built
// in a `git worktree add --detach`, and a copy of dist/ with one function changed).
//
// Usage: BENCH_ROUNDS=5 BENCH_ONLY='richards|deltablue' BENCH_LEVELS=calls,full BENCH_SCALE=4 \
//          node scripts/bench/variantsBench.mjs main=/tmp/base/dist/cli.js this=dist/cli.js
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OCTANE_KERNELS, writeWorkloads } from './workloads.mjs';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const only = new RegExp(process.env.BENCH_ONLY ?? 'richards|deltablue|raytrace');
const levels = (process.env.BENCH_LEVELS ?? 'calls,full').split(',');
const scale = Number(process.env.BENCH_SCALE ?? 4);
const builds = process.argv.slice(2).map((argument) => {
  const [name, cli] = argument.split('=');
  if (!name || !cli) throw new Error(`expected name=path/to/dist/cli.js, got ${argument}`);
  return { name, cli: resolve(cli) };
});
if (builds.length === 0)
  throw new Error('usage: node scripts/bench/variantsBench.mjs name=dist/cli.js [name=dist/cli.js …]');

const scratch = mkdtempSync(join(tmpdir(), 'rewind-variants-'));
const workloads = writeWorkloads(join(scratch, 'workloads'), scale);
const kernels = Object.keys(OCTANE_KERNELS).filter((kernel) => only.test(kernel));
/** `${kernel} ${level}` → build name → [{ cpuMs, wallMs }] */
const results = new Map();
const loads = [];

for (let round = 0; round < rounds; round++) {
  loads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  for (const kernel of kernels) {
    const file = workloads.find((workload) => workload.name === `octane/${kernel}`).file;
    for (const level of levels) {
      for (const build of builds) {
        const run = spawnSync(
          process.execPath,
          [build.cli, 'record', '--level', level, '--out', join(scratch, 'trace.rwd'), '--', file],
          {
            encoding: 'utf8',
          },
        );
        const line = /BENCH (\{.*\})/.exec(run.stdout);
        if (run.status !== 0 || !line)
          throw new Error(`${build.name} ${kernel} ${level}: exit ${run.status}\n${run.stderr.slice(-2000)}`);
        const { cpuMs, ms } = JSON.parse(line[1]);
        const key = `${kernel} ${level}`;
        if (!results.has(key)) results.set(key, new Map());
        const byBuild = results.get(key);
        if (!byBuild.has(build.name)) byBuild.set(build.name, []);
        byBuild.get(build.name).push({ cpuMs, wallMs: ms });
      }
    }
  }
}
rmSync(scratch, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
console.log(`x${scale}, ${rounds} interleaved rounds, load average at each round's start: ${loads.join(' ')}`);
console.log(`main-thread CPU ms, median (min–max) [every round]; wall ms median`);
console.log(`| kernel, level | ${builds.map((build) => build.name).join(' | ')} |`);
console.log(`|---|${builds.map(() => '---').join('|')}|`);
for (const [key, byBuild] of results) {
  const cells = builds.map((build) => {
    const runs = byBuild.get(build.name);
    const cpu = runs.map((run) => run.cpuMs);
    const wall = median(runs.map((run) => run.wallMs));
    return `${median(cpu).toFixed(0)} (${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)}) [${cpu.map((value) => value.toFixed(0)).join(' ')}]; wall ${wall.toFixed(0)}`;
  });
  console.log(`| ${key} | ${cells.join(' | ')} |`);
}
