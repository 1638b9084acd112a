// The start-up rows of the recording benchmark (issue 9, "record whole test suites"): the fixed
// cost of one recorded process, paid once per process by a test runner or a CLI that forks.
// Three programs: `empty` (`let x = 1;`), `spawn20` (spawns 20 child `node` processes one after
// another, each running an empty file: a test runner's shape) and `requireTs` (requires a copy of
// typescript.js, 9 MB, outside node_modules so it is recorded: the load of a large dependency from
// a warm instrumentation cache, which a test runner pays per process). Each runs plain, recorded at `full`
// and `--deferred` through the real CLI, rounds interleaved. Reported per process: wall time, the
// user+sys CPU of the whole process tree (the CLI, its collector, drains, hooks threads; from this
// process's cutime/cstime, 10 ms ticks), and the recorded program's main-thread CPU (schedstat, read
// at exit by a preloaded probe in every process of the tree).
// Kept apart from recordingBench.mjs, which calls runStartupRows(); BENCH_STARTUP=0 skips it there.
// Alone: `node scripts/bench/startupBench.mjs` (BENCH_ROUNDS, default 5; BENCH_ONLY, a regexp over
// `empty`/`spawn20`/`requireTs`; BENCH_NODE: another node
// binary to run everything with, e.g. Node 24; BENCH_BASELINE: another build's dist/cli.js, adding
// `<variant>@base` rows interleaved, for before/after).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { mainCpuSamplesMs, writeCpuProbe } from './mainCpuProbe.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');
const CHILDREN = 20;
const TICK_MS = 10; // USER_HZ is 100 on Linux

function writePrograms(workDir) {
  const probe = writeCpuProbe(workDir);
  const empty = join(workDir, 'empty.js');
  writeFileSync(empty, 'let x = 1;\n');
  const spawner = join(workDir, 'spawn20.js');
  writeFileSync(
    spawner,
    `const { spawnSync } = require('node:child_process');
for (let i = 0; i < ${CHILDREN}; i++) {
  const result = spawnSync(process.execPath, ['--require', ${JSON.stringify(probe)}, ${JSON.stringify(empty)}], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('child ' + i + ' failed: ' + result.status);
}
`,
  );
  copyFileSync(createRequire(import.meta.url).resolve('typescript'), join(workDir, 'typescript-lib.js'));
  const requireTs = join(workDir, 'requireTs.js');
  writeFileSync(requireTs, "require('./typescript-lib.js');\n");
  const programs = {
    empty: { file: empty, processes: 1 },
    spawn20: { file: spawner, processes: CHILDREN + 1 },
    requireTs: { file: requireTs, processes: 1 },
  };
  return { probe, programs };
}

/** This process's reaped children's user+sys CPU, in ms (fields 16 and 17 of /proc/self/stat). */
function childrenCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** The mean over the tree's processes. */
function mainCpuMs(stderr) {
  const values = mainCpuSamplesMs(stderr);
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN;
}

function measure(command, args, env) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, env });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return { wallMs, treeCpuMs: childrenCpuMs() - cpuBefore, mainCpuMs: mainCpuMs(result.stderr) };
}

function variants(node, workDir, probe) {
  const env = { ...process.env, REWIND_CACHE_DIR: join(workDir, 'cache') };
  const trace = join(workDir, 'trace.rwd');
  const recorded = (cliPath, extra) => (file) =>
    measure(node, [cliPath, 'record', '--out', trace, ...extra, `--node-arg=--require=${probe}`, '--', file], env);
  const list = {
    plain: (file) => measure(node, ['--require', probe, file], env),
    full: recorded(cli, []),
    deferred: recorded(cli, ['--deferred']),
  };
  const baseline = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
  if (baseline) {
    list['full@base'] = recorded(baseline, []);
    list['deferred@base'] = recorded(baseline, ['--deferred']);
  }
  return list;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** One row per program and variant; `rounds` interleaved runs; figures per process of the tree. */
export function runStartupRows(rounds, node = process.env.BENCH_NODE || process.execPath) {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-bench-startup-'));
  try {
    const { probe, programs } = writePrograms(workDir);
    const runners = variants(node, workDir, probe);
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(
      `-- start-up: ${rounds} interleaved rounds, node ${version}, load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}; per process: wall, user+sys of the whole tree, the program's main thread`,
    );
    const rows = [];
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
    for (const [name, program] of Object.entries(programs).filter(([candidate]) => !only || only.test(candidate))) {
      for (const run of Object.values(runners)) run(program.file); // warm the instrumentation cache and the page cache
      const samples = Object.fromEntries(Object.keys(runners).map((variant) => [variant, []]));
      for (let round = 0; round < rounds; round++)
        for (const [variant, run] of Object.entries(runners)) samples[variant].push(run(program.file));
      const per = (variant, key) => median(samples[variant].map((sample) => sample[key])) / program.processes;
      for (const variant of Object.keys(runners)) {
        const row = {
          program: name,
          variant,
          wallMs: per(variant, 'wallMs'),
          treeCpuMs: per(variant, 'treeCpuMs'),
          mainCpuMs: median(samples[variant].map((sample) => sample.mainCpuMs)),
        };
        rows.push(row);
        const ratio = variant === 'plain' ? '' : ` (${fmt(row.wallMs / per('plain', 'wallMs'), 2)}x wall)`;
        console.log(
          `startup ${name.padEnd(9)} ${variant.padEnd(14)} wall ${fmt(row.wallMs).padStart(4)} ms${ratio.padEnd(13)} | ` +
            `tree CPU ${fmt(row.treeCpuMs).padStart(4)} ms | main-thread CPU ${fmt(row.mainCpuMs).padStart(4)} ms (per process)`,
        );
      }
    }
    return rows;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runStartupRows(Number(process.env.BENCH_ROUNDS ?? 5));
