// `calls`-level cost by component (issue 9 §3: "what bounds calls, ns per call by component"):
// copies of a build's dist/ in which one hot-path function of the bundled recorder is made to write
// nothing (RETURN, parameter WRITEs, ENTER, or all three: the instrumented shape alone), each run
// interleaved with the unchanged build and plain Node on Octane workloads at `--level calls`,
// reporting the recorded program's main-thread CPU (the workload's BENCH line, schedstat) as
// medians with min–max. The ablated traces are wrong on purpose: they bound what each part costs,
// they are not recordings. Knows the bundle's function texts (it refuses to run if they changed)
// and the workloads; nothing of the trace format.
//
// Environment: BENCH_ROUNDS (3), BENCH_ONLY (regexp over kernel names; default richards|deltablue),
// BENCH_SCALE (iteration multiplier, 4), BENCH_BUILD (the dist/ to ablate; default this repo's).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OCTANE_KERNELS, writeWorkloads } from './workloads.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const build = resolve(process.env.BENCH_BUILD ?? join(root, 'dist'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 4);
const only = new RegExp(process.env.BENCH_ONLY ?? 'richards|deltablue');

// Each ablation: [text in the bundle, its replacement]. The texts are esbuild's output of
// runtime/recorder/hotPath.ts; a mismatch stops the run rather than measuring an unchanged copy.
const RETURN_TEXT = [
  'function r(probeId, value) {\n  headerAndFastValue(probeId << 4 | K.RETURN, value);\n  mark2();\n  return value;\n}',
  'function r(probeId, value) {\n  mark2();\n  return value;\n}', // the mark still spares the EXIT, as a RETURN does
];
const PARAMETERS_TEXT = [
  'function wRecorded(probeId, value) {\n  if ((probeFlags[probeId] & ProbeFlag.REDACT) !== 0) headerAndFastValue(probeId << 4 | K.WRITE, REDACTED);\n  else headerAndFastValue(probeId << 4 | K.WRITE, value);\n  return value;\n}',
  'function wRecorded(probeId, value) {\n  return value;\n}', // at `calls` level only parameters are written
];
const ENTER_TEXT = [
  'function eRecorded(probeId) {\n  const frame = newFrame();\n  event2(probeId << 4 | K.ENTER, frame);\n  return frame;\n}\nfunction emRecorded(probeId, thisValue) {\n  const frame = newFrame();\n  fixedAndValue(probeId << 4 | K.ENTER_THIS, frame, thisValue);\n  return frame;\n}',
  'function eRecorded(probeId) {\n  return newFrame();\n}\nfunction emRecorded(probeId, thisValue) {\n  return newFrame();\n}',
];
const ABLATIONS = {
  'no RETURN': [RETURN_TEXT],
  'no parameters': [PARAMETERS_TEXT],
  'no ENTER': [ENTER_TEXT],
  'shape only': [RETURN_TEXT, PARAMETERS_TEXT, ENTER_TEXT],
};

const workDir = mkdtempSync(join(tmpdir(), 'rewind-calls-ablation-'));
try {
  const bundle = readFileSync(join(build, 'bootloader.js'), 'utf8');
  const builds = { recorded: join(build, 'cli.js') };
  for (const [name, replacements] of Object.entries(ABLATIONS)) {
    let text = bundle;
    for (const [from, to] of replacements) {
      if (text.split(from).length !== 2) throw new Error(`the bundle's text for "${name}" changed: update this script`);
      text = text.replace(from, to);
    }
    const copy = join(workDir, name.replace(/ /g, '-'));
    cpSync(build, join(copy, 'dist'), { recursive: true });
    writeFileSync(join(copy, 'dist', 'bootloader.js'), text);
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    builds[name] = join(copy, 'dist', 'cli.js');
  }
  const workloads = writeWorkloads(join(workDir, 'workloads'), scale).filter(
    (workload) => workload.group === 'octane' && only.test(workload.name),
  );
  const cpuMs = new Map();
  const runOnce = (args) => {
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: workDir, maxBuffer: 64 << 20 });
    const line = /BENCH (\{.*\})/.exec(run.stdout ?? '');
    if (run.status !== 0 || !line) throw new Error(`run failed: ${args.join(' ')}\n${run.stderr}`);
    return JSON.parse(line[1]).cpuMs;
  };
  for (let round = 0; round < rounds; round++) {
    for (const workload of workloads) {
      const rows = [['plain', () => runOnce([workload.file])]];
      for (const [name, cli] of Object.entries(builds)) {
        const out = join(workDir, 'trace.rwd');
        rows.push([name, () => runOnce([cli, 'record', '--level', 'calls', '--out', out, workload.file])]);
      }
      for (const [name, run] of rows) {
        const key = `${workload.name}\t${name}`;
        cpuMs.set(key, [...(cpuMs.get(key) ?? []), run()]);
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  console.log(`calls level, x${scale}, ${rounds} interleaved rounds: main-thread CPU ms, median (min–max)`);
  for (const workload of workloads) {
    console.log(workload.name, `(iterations ${OCTANE_KERNELS[workload.name.split('/')[1]] * scale})`);
    const recorded = median(cpuMs.get(`${workload.name}\trecorded`));
    for (const name of ['plain', 'recorded', ...Object.keys(ABLATIONS)]) {
      const values = cpuMs.get(`${workload.name}\t${name}`);
      const saved =
        name === 'plain' || name === 'recorded' ? '' : `  saves ${Math.round(recorded - median(values))} ms`;
      console.log(
        `  ${name.padEnd(14)} ${Math.round(median(values))} (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})${saved}`,
      );
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
