// Recording slowdown benchmark (issue 2 §7, issue 9 §1): each workload runs plain, under istanbul
// (pre-instrumented with istanbul-lib-instrument, the coverage baseline) and recorded by Rewind at
// `calls` and `full` level, and deferred (`--deferred`: uninstrumented, the nondeterminism logged),
// through the real CLI (drain and collector included). Rounds are interleaved (A B C D A B C D …)
// and ratios are medians with min–max, because these machines are shared and noisy. Beside wall
// time it reports CPU, which a loaded machine blurs far less: the program's main thread (its
// schedstat), the drain thread and the collector (the CLI process), and the time the program waited
// for ring space. Also events, events/s, bytes/event, lost, peak RSS.
//
// Environment: BENCH_ROUNDS (3), BENCH_ONLY (a regexp over workload names), BENCH_SCALES (iteration
// multipliers, default "1,8": warm-up and steady state), BENCH_LEVELS (default "calls,full"; also
// "deferred", and "leaf": full with --leaf-calls), BENCH_BASELINE (another build's dist/cli.js:
// adds each level recorded by it as `<level>@base`, interleaved, for before/after), BENCH_FOCUSED=0
// (skips the focused rows), BENCH_STARTUP=0 (skips the start-up rows: startupBench.mjs). A library
// workload's istanbul or recorded run whose output checksum differs from plain node's stops the
// bench (sameOutput.mjs).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  writeFileSync,
  statSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { writeWorkloads } from './workloads.mjs';
import { runFocusedRows } from './focusedBench.mjs';
import { expectSameOutput } from './sameOutput.mjs';
import { runStartupRows } from './startupBench.mjs';

const require = createRequire(import.meta.url);
const root = resolve(new URL('../..', import.meta.url).pathname);
const cli = join(root, 'dist', 'cli.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const scales = (process.env.BENCH_SCALES ?? '1,8')
  .split(',')
  .map(Number)
  .filter((scale) => scale >= 1);
const levels = (process.env.BENCH_LEVELS ?? 'calls,full')
  .split(',')
  .filter((level) => ['calls', 'full', 'deferred', 'leaf'].includes(level));
const baselineCli = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const focused = process.env.BENCH_FOCUSED !== '0';
const startup = process.env.BENCH_STARTUP !== '0';
/** A baseline build older than leaf calls (issue 9 §2) has no --leaf-calls: its `leaf@base` row is left out. */
const baselineKnowsLeafCalls = baselineCli !== undefined && readFileSync(baselineCli, 'utf8').includes('leaf-calls');

/**
 * The workload and the libraries it requires, instrumented by istanbul into a sibling folder (same names, so requires
 * resolve there).
 */
function istanbulCopy(workload) {
  const { createInstrumenter } = require('istanbul-lib-instrument');
  const instrumenter = createInstrumenter({ esModules: false, compact: true, produceSourceMap: false });
  const folder = join(dirname(workload.file), `istanbul-${basename(workload.file, '.js')}`);
  mkdirSync(folder, { recursive: true });
  for (const name of [basename(workload.file), ...(workload.libraries ?? [])]) {
    const from = join(dirname(workload.file), name);
    writeFileSync(join(folder, name), instrumenter.instrumentSync(readFileSync(from, 'utf8'), from));
  }
  for (const data of readdirSync(dirname(workload.file)).filter((name) => name.endsWith('.txt')))
    copyFileSync(join(dirname(workload.file), data), join(folder, data));
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

/** Loaded with -r into the CLI process only (not NODE_OPTIONS, so never into the program): its CPU at exit. */
function writeCpuProbe(workDir) {
  const probe = join(workDir, 'cpu-probe.cjs');
  writeFileSync(
    probe,
    "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.BENCH_CPU_OUT, String((u.user + u.system) / 1000)); });\n",
  );
  return probe;
}

/**
 * The END records' JSON in a trace, read by skipping from record prefix to record prefix (a trace of
 * hundreds of MB is never loaded): the recorder's own costs are in its END.
 */
function endRecords(tracePath) {
  const fd = openSync(tracePath, 'r');
  try {
    const size = statSync(tracePath).size;
    const prefix = Buffer.alloc(12);
    readSync(fd, prefix, 0, 12, 0);
    let at = 12 + prefix.readUInt32LE(8) + 4;
    const ends = [];
    while (at + 12 <= size) {
      readSync(fd, prefix, 0, 12, at);
      const length = prefix.readUInt32LE(0);
      if (prefix[4] === 6 && prefix[5] === 0 && length < 1 << 20) {
        const payload = Buffer.alloc(length);
        readSync(fd, payload, 0, length, at + 12);
        try {
          ends.push({ producerId: prefix.readUInt16LE(6), ...JSON.parse(payload.toString('utf8')) });
        } catch {
          /* not JSON: skipped */
        }
      }
      at += 12 + length + 4;
    }
    return ends;
  } finally {
    closeSync(fd);
  }
}

function runRecorded(file, level, workDir, cliPath = cli) {
  const trace = join(workDir, `trace-${level}.rwd`);
  const cpuOut = join(workDir, 'collector-cpu.txt');
  rmSync(cpuOut, { force: true });
  // Only the workload folder (its istanbul copies excluded): libraries were copied beside the workloads.
  const includeArgs = ['--include', join(workDir, '*.js'), '--exclude', join(workDir, 'istanbul-*', '**')];
  const command = [
    process.execPath,
    '-r',
    writeCpuProbe(workDir),
    cliPath,
    'record',
    '--out',
    trace,
    ...(level === 'deferred'
      ? ['--deferred']
      : level === 'leaf'
        ? ['--level', 'full', '--leaf-calls']
        : ['--level', level]),
    ...includeArgs,
    '--',
    file,
  ];
  const wallStart = process.hrtime.bigint();
  // bash's `times` gives the CPU of its children once reaped: the CLI and the program, every thread.
  const result = spawnSync('bash', ['-c', `"$@"; status=$?; times >&2; exit $status`, 'bench', ...command], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, REWIND_CACHE_DIR: join(workDir, 'cache'), BENCH_CPU_OUT: cpuOut },
  });
  const processWallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  if (result.status !== 0)
    throw new Error(`recording ${file} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const childrenCpuMs = bashChildrenCpuMs(result.stderr);
  const bench = parseBench(result.stdout);
  // The program's END has the totals (`info` would read the whole trace, and cannot past 2 GiB).
  const end = endRecords(trace).find((record) => record.producerId === 0) ?? {};
  const cost = end.recorderCost ?? {};
  const info = { events: (end.eventsEmitted ?? NaN) - (end.eventsLost ?? 0), lost: end.eventsLost ?? NaN };
  const traceBytes = statSync(trace).size;
  rmSync(trace, { force: true });
  return {
    ...bench,
    processWallMs,
    events: info.events,
    lost: info.lost,
    traceBytes,
    collectorCpuMs: Number(readFileSync(cpuOut, 'utf8')),
    drainCpuMs: cost.drainCpuMs ?? NaN,
    ringWaitMs: cost.ringWaitMs ?? NaN,
    // The consumer's profile (a build that reports them): Atomics.wait calls of the producer, the
    // drain's rounds, sink writes (and bytes) and the sleeps a producer's notify ended.
    ringWaits: cost.ringWaits ?? NaN,
    drainRounds: cost.drainRounds ?? NaN,
    drainWrites: cost.drainWrites ?? NaN,
    drainWrittenBytes: cost.drainWrittenBytes ?? NaN,
    drainWakeups: cost.drainWakeups ?? NaN,
    drainWriteMs: cost.drainWriteMs ?? NaN,
    drainChecksumMs: cost.drainChecksumMs ?? NaN,
    // The program's CPU beyond its timed main thread: drain, GC and compiler threads, start-up and exit.
    otherThreadsCpuMs: childrenCpuMs - Number(readFileSync(cpuOut, 'utf8')) - bench.cpuMs,
  };
}

/** The last line of `times`: children's user and system time ("0m1.234s 0m0.056s"). */
function bashChildrenCpuMs(stderr) {
  const line = stderr.trimEnd().split('\n').at(-1) ?? '';
  const times = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(
    (match) => Number(match[1]) * 60_000 + Number(match[2]) * 1000,
  );
  return times.length === 2 ? times[0] + times[1] : NaN;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const geomean = (values) => Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const stats = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/** The variants of one round, in the order they interleave. */
function variants(workload, istanbulFile, workDir) {
  const list = [
    ['plain', () => runPlain(workload.file)],
    ['istanbul', () => runPlain(istanbulFile)],
  ];
  for (const level of levels) list.push([level, () => runRecorded(workload.file, level, workDir)]);
  if (baselineCli)
    for (const level of levels.filter((name) => name !== 'leaf' || baselineKnowsLeafCalls))
      list.push([`${level}@base`, () => runRecorded(workload.file, level, workDir, baselineCli)]);
  return list;
}

function benchWorkload(workload, workDir) {
  const istanbulFile = istanbulCopy(workload);
  for (const level of levels) runRecorded(workload.file, level, workDir); // warm the instrumentation cache
  if (baselineCli) runRecorded(workload.file, 'full', workDir, baselineCli);
  const round = variants(workload, istanbulFile, workDir);
  const samples = Object.fromEntries(round.map(([name]) => [name, []]));
  for (let index = 0; index < rounds; index++) for (const [name, run] of round) samples[name].push(run());
  const plain = samples.plain;
  for (const [name] of round)
    samples[name].forEach((sample, index) => expectSameOutput(workload.name, name, plain[index], sample));
  const row = {
    name: workload.name,
    group: workload.group,
    scale: workload.scale,
    plainMs: median(plain.map((s) => s.ms)),
    plainCpuMs: median(plain.map((s) => s.cpuMs)),
    variants: {},
  };
  for (const [name] of round.slice(1)) {
    const runs = samples[name];
    const per = (pick) => stats(runs.map((sample, index) => pick(sample, plain[index])));
    row.variants[name] = {
      wall: per((sample, base) => sample.ms / base.ms),
      cpu: per((sample, base) => sample.cpuMs / base.cpuMs),
      // Consumer side and waiting, in multiples of the plain program's own main-thread CPU.
      drain: per((sample, base) => sample.drainCpuMs / base.cpuMs),
      otherThreads: per((sample, base) => sample.otherThreadsCpuMs / base.cpuMs),
      collector: per((sample, base) => sample.collectorCpuMs / base.cpuMs),
      ringWaitMs: median(runs.map((sample) => sample.ringWaitMs)),
      offCpuMs: median(runs.map((sample) => sample.ms - sample.cpuMs)),
      processWall: per((sample, base) => sample.processWallMs / base.ms),
      last: runs.at(-1),
    };
  }
  return row;
}

export function runRecordingBench() {
  const rows = [];
  for (const scale of scales) {
    const workDir = mkdtempSync(join(tmpdir(), 'rewind-bench-'));
    const workloads = writeWorkloads(workDir, scale).filter((workload) => !only || only.test(workload.name));
    console.log(
      `-- iterations x${scale}${scale === 1 ? ' (warm-up dominated)' : ' (steady state)'}; ${rounds} interleaved rounds; ratios against plain node in the same round`,
    );
    for (const workload of workloads) {
      const row = benchWorkload({ ...workload, scale }, workDir);
      rows.push(row);
      printRow(row);
    }
    if (focused) runFocusedRows(workloads, workDir, rounds);
    rmSync(workDir, { recursive: true, force: true });
  }
  if (startup) runStartupRows(Math.max(rounds, 5));
  printSummary(rows);
  return rows;
}

function printRow(row) {
  const cell = (stats) => `${fmt(stats.median)}x (${fmt(stats.min)}–${fmt(stats.max)})`;
  console.log(
    `${row.name.padEnd(20)} x${row.scale} plain ${fmt(row.plainMs, 0)} ms (main-thread CPU ${fmt(row.plainCpuMs, 0)} ms)`,
  );
  for (const [name, variant] of Object.entries(row.variants)) {
    const last = variant.last;
    const recorded = name !== 'istanbul';
    console.log(
      `  ${name.padEnd(10)} wall ${cell(variant.wall)} | main CPU ${cell(variant.cpu)}` +
        (recorded
          ? ` | drain CPU ${fmt(variant.drain.median)}x (program beyond its timed main thread: drain, GC, start-up ${fmt(variant.otherThreads.median)}x) | collector CPU ${fmt(variant.collector.median)}x | ring wait ${fmt(variant.ringWaitMs, 0)} ms | off-CPU ${fmt(variant.offCpuMs, 0)} ms` +
            ` | drain ${fmt(last.drainCpuMs / (last.traceBytes / 2 ** 20), 2)} ms/MB, ${last.drainRounds} rounds, ${last.drainWrites} writes of ${fmt(last.drainWrittenBytes / Math.max(1, last.drainWrites) / 1024, 0)} KB, ${last.drainWakeups} wake-ups, ${last.ringWaits} ring waits, in write() ${fmt(last.drainWriteMs, 0)} ms, CRC ${fmt(last.drainChecksumMs, 0)} ms` +
            ` | process wall ${fmt(variant.processWall.median)}x | events ${last.events} | ${fmt(last.events / (last.ms / 1000) / 1e6, 1)} M ev/s | ${fmt(last.traceBytes / Math.max(1, last.events))} B/ev | lost ${last.lost} | RSS ${fmt(last.rssBytes / 2 ** 20, 0)} MB`
          : ''),
    );
  }
}

function printSummary(rows) {
  for (const scale of scales) {
    for (const group of ['octane', 'library']) {
      const groupRows = rows.filter((row) => row.group === group && row.scale === scale);
      if (!groupRows.length) continue;
      const gm = (name, measure) => geomean(groupRows.map((row) => row.variants[name][measure].median));
      const parts = Object.keys(groupRows[0].variants).map(
        (name) => `${name} ${fmt(gm(name, 'wall'))}x wall / ${fmt(gm(name, 'cpu'))}x CPU`,
      );
      const bytes = levels.includes('full')
        ? ` | full bytes/event ${fmt(geomean(groupRows.map((row) => row.variants.full.last.traceBytes / Math.max(1, row.variants.full.last.events))))} (target ≤ 8)`
        : '';
      console.log(
        `geomean ${group.padEnd(8)} x${scale}: ${parts.join(' | ')}${bytes}   (targets: full ≤ 6x steady, calls ≤ 2x)`,
      );
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) runRecordingBench();
