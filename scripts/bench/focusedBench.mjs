// The "focused" rows of the recording benchmark (issue 9 §2): each library workload recorded with
// `full` on its own file (--focus) and the planner's choice for the library it requires — the
// default `calls`, and `none` — against plain node, rounds interleaved like recordingBench.mjs.
// Besides the workload's own wall time it reports main-thread CPU (schedstat, read at exit by a
// preloaded probe), which a loaded machine blurs far less.
// Kept apart from that script so the two evolve without merge pain; it calls runFocusedRows().
// Alone: `node scripts/bench/focusedBench.mjs` (BENCH_ROUNDS, default 3; BENCH_ONLY, a regexp).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeWorkloads } from './workloads.mjs';
import { expectSameOutput } from './sameOutput.mjs';
import { mainCpuSamplesMs, writeCpuProbe } from './mainCpuProbe.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');

const VARIANTS = {
  'focus+calls': (file) => ['--focus', file],
  'focus+none': (file) => ['--focus', file, '--level', 'none'],
};

function parseBench(stdout) {
  const line = stdout.split('\n').find((text) => text.startsWith('BENCH '));
  if (!line) throw new Error(`workload printed no BENCH line:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(6));
}

function cpuProbe(workDir) {
  return writeCpuProbe(workDir);
}

/** The workload's process: the only one the probe is preloaded into. */
function mainCpuMs(stderr) {
  return mainCpuSamplesMs(stderr)[0] ?? NaN;
}

function runPlain(file, workDir) {
  const result = spawnSync(process.execPath, ['--require', cpuProbe(workDir), file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return { ...parseBench(result.stdout), cpuMs: mainCpuMs(result.stderr) };
}

function runFocused(file, planArgs, workDir) {
  const trace = join(workDir, 'trace-focused.rwd');
  const includeArgs = ['--include', join(workDir, '*.js'), '--exclude', join(workDir, 'istanbul-*', '**')];
  const probeArgs = [`--node-arg=--require=${cpuProbe(workDir)}`];
  const result = spawnSync(
    process.execPath,
    [cli, 'record', '--out', trace, ...planArgs, ...includeArgs, ...probeArgs, '--', file],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, REWIND_CACHE_DIR: join(workDir, 'cache') } },
  );
  if (result.status !== 0)
    throw new Error(`recording ${file} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const info = JSON.parse(
    spawnSync(process.execPath, [cli, 'info', '--json', trace], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout,
  );
  const traceBytes = statSync(trace).size;
  rmSync(trace, { force: true });
  return {
    ...parseBench(result.stdout),
    cpuMs: mainCpuMs(result.stderr),
    events: info.events,
    lost: info.lost,
    traceBytes,
    fileLevels: info.fileLevels,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** One row per library workload; `rounds` interleaved plain / focus+calls / focus+none runs. */
export function runFocusedRows(workloads, workDir, rounds) {
  const rows = [];
  for (const workload of workloads.filter((candidate) => candidate.group === 'library')) {
    // Warm the cache.
    for (const planArgs of Object.values(VARIANTS)) runFocused(workload.file, planArgs(workload.file), workDir);
    const samples = { plain: [], ...Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []])) };
    for (let round = 0; round < rounds; round++) {
      samples.plain.push(runPlain(workload.file, workDir));
      for (const [name, planArgs] of Object.entries(VARIANTS)) {
        const sample = runFocused(workload.file, planArgs(workload.file), workDir);
        expectSameOutput(workload.name, name, samples.plain[round], sample);
        samples[name].push(sample);
      }
    }
    const row = {
      name: workload.name,
      plainMs: median(samples.plain.map((sample) => sample.ms)),
      plainCpuMs: median(samples.plain.map((sample) => sample.cpuMs)),
    };
    for (const name of Object.keys(VARIANTS)) {
      const ratios = samples[name].map((sample, index) => sample.ms / samples.plain[index].ms);
      const cpuRatios = samples[name].map((sample, index) => sample.cpuMs / samples.plain[index].cpuMs);
      const last = samples[name][samples[name].length - 1];
      row[name] = {
        median: median(ratios),
        min: Math.min(...ratios),
        max: Math.max(...ratios),
        cpuMedian: median(cpuRatios),
        events: last.events,
        lost: last.lost,
        levels: last.fileLevels.map((file) => file.level).join('/'),
      };
    }
    rows.push(row);
    printFocusedRow(row);
  }
  return rows;
}

function printFocusedRow(row) {
  const cell = (name) => {
    const stats = row[name];
    return `${name} ${fmt(stats.median)}x (${fmt(stats.min)}–${fmt(stats.max)}), main CPU ${fmt(stats.cpuMedian)}x [${stats.levels}, ${stats.events} events, lost ${stats.lost}]`;
  };
  console.log(
    `focused ${row.name.padEnd(18)} plain ${fmt(row.plainMs, 0).padStart(6)} ms (main CPU ${fmt(row.plainCpuMs, 0)} ms) | ${Object.keys(VARIANTS).map(cell).join(' | ')} (target ≤ 1.5x)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-bench-focused-'));
  try {
    const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
    const workloads = writeWorkloads(workDir).filter((workload) => !only || only.test(workload.name));
    runFocusedRows(workloads, workDir, Number(process.env.BENCH_ROUNDS ?? 3));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
