// Recording slowdown benchmark (issue 2 §7): each workload runs plain, under istanbul
// (pre-instrumented with istanbul-lib-instrument, the coverage baseline) and recorded by Rewind at
// `calls` and `full` level through the real CLI (drain and collector included). Rounds are
// interleaved (A B C D A B C D …) and ratios are medians with min–max, because these machines are
// shared and noisy. Also reports events, events/s, bytes/event, lost events and peak RSS.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { writeWorkloads } from './workloads.mjs';
import { runFocusedRows } from './focusedBench.mjs';

const require = createRequire(import.meta.url);
const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;

/** The workload and the libraries it requires, instrumented by istanbul into a sibling folder (same names, so requires resolve there). */
function istanbulCopy(workload) {
  const { createInstrumenter } = require('istanbul-lib-instrument');
  const instrumenter = createInstrumenter({ esModules: false, compact: true, produceSourceMap: false });
  const folder = join(dirname(workload.file), `istanbul-${basename(workload.file, '.js')}`);
  mkdirSync(folder, { recursive: true });
  for (const name of [basename(workload.file), ...(workload.libraries ?? [])]) {
    const from = join(dirname(workload.file), name);
    writeFileSync(join(folder, name), instrumenter.instrumentSync(readFileSync(from, 'utf8'), from));
  }
  for (const data of readdirSync(dirname(workload.file)).filter((name) => name.endsWith('.txt'))) copyFileSync(join(dirname(workload.file), data), join(folder, data));
  return join(folder, basename(workload.file));
}

function parseBench(stdout) {
  const line = stdout.split('\n').find((text) => text.startsWith('BENCH '));
  if (!line) throw new Error(`workload printed no BENCH line:\n${stdout.slice(-2000)}`);
  return JSON.parse(line.slice(6));
}

function runPlain(file) {
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`${file} failed: ${result.stderr}`);
  return parseBench(result.stdout);
}

function runRecorded(file, level, workDir) {
  const trace = join(workDir, `trace-${level}.rwd`);
  // Only the workload folder (its istanbul copies excluded): libraries were copied beside the workloads.
  const includeArgs = ['--include', join(workDir, '*.js'), '--exclude', join(workDir, 'istanbul-*', '**')];
  const wallStart = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [cli, 'record', '--out', trace, '--level', level, ...includeArgs, '--', file],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, REWIND_CACHE_DIR: join(workDir, 'cache') } });
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  if (result.status !== 0) throw new Error(`recording ${file} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const bench = parseBench(result.stdout);
  const info = JSON.parse(spawnSync(process.execPath, [cli, 'info', '--json', trace], { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout);
  const traceBytes = statSync(trace).size;
  rmSync(trace, { force: true });
  return { ...bench, wallMs, events: info.events, lost: info.lost, traceBytes };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const geomean = (values) => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
const fmt = (value, digits = 2) => Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

export function runRecordingBench() {
  const workDir = mkdtempSync(join(tmpdir(), 'rewind-bench-'));
  const workloads = writeWorkloads(workDir).filter((workload) => !only || only.test(workload.name));
  const rows = [];
  for (const workload of workloads) {
    const istanbulFile = istanbulCopy(workload);
    runRecorded(workload.file, 'full', workDir); // warm the instrumentation cache
    const samples = { plain: [], istanbul: [], calls: [], full: [] };
    let fullStats;
    for (let round = 0; round < rounds; round++) {
      samples.plain.push(runPlain(workload.file));
      samples.istanbul.push(runPlain(istanbulFile));
      samples.calls.push(runRecorded(workload.file, 'calls', workDir));
      fullStats = runRecorded(workload.file, 'full', workDir);
      samples.full.push(fullStats);
    }
    const ratio = (variant) => samples[variant].map((sample, index) => sample.ms / samples.plain[index].ms);
    const row = { name: workload.name, group: workload.group, plainMs: median(samples.plain.map((s) => s.ms)) };
    for (const variant of ['istanbul', 'calls', 'full']) {
      const ratios = ratio(variant);
      row[variant] = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
    }
    const wallRatios = samples.full.map((sample, index) => sample.wallMs / Math.max(1, samples.plain[index].ms));
    row.fullWallRatio = median(wallRatios);
    row.events = fullStats.events;
    row.eventsPerSecond = fullStats.events / (median(samples.full.map((s) => s.ms)) / 1000);
    row.bytesPerEvent = fullStats.traceBytes / Math.max(1, fullStats.events);
    row.lost = fullStats.lost;
    row.plainRssMb = median(samples.plain.map((s) => s.rssBytes)) / 2 ** 20;
    row.fullRssMb = median(samples.full.map((s) => s.rssBytes)) / 2 ** 20;
    rows.push(row);
    printRow(row);
  }
  runFocusedRows(workloads, workDir, rounds);
  rmSync(workDir, { recursive: true, force: true });
  printSummary(rows);
  return rows;
}

function printRow(row) {
  const cell = (stats) => `${fmt(stats.median)}x (${fmt(stats.min)}–${fmt(stats.max)})`;
  console.log(`${row.name.padEnd(22)} plain ${fmt(row.plainMs, 0).padStart(6)} ms | istanbul ${cell(row.istanbul)} | calls ${cell(row.calls)} | full ${cell(row.full)} | `
    + `events ${row.events} | ${fmt(row.eventsPerSecond / 1e6, 1)} M ev/s | ${fmt(row.bytesPerEvent)} B/ev | lost ${row.lost} | RSS ${fmt(row.plainRssMb, 0)}→${fmt(row.fullRssMb, 0)} MB`);
}

function printSummary(rows) {
  for (const group of ['octane', 'library']) {
    const groupRows = rows.filter((row) => row.group === group);
    if (!groupRows.length) continue;
    const gm = (variant) => geomean(groupRows.map((row) => row[variant].median));
    console.log(`geomean ${group.padEnd(8)}: istanbul ${fmt(gm('istanbul'))}x | calls ${fmt(gm('calls'))}x (target ≤ 1.3x) | full ${fmt(gm('full'))}x (target ≤ 3x) | `
      + `bytes/event ${fmt(geomean(groupRows.map((row) => row.bytesPerEvent)))} (target ≤ 8)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runRecordingBench();
