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
// BENCH_SCALE (iteration multiplier, 4), BENCH_BUILD (the dist/ to ablate; default this repo's),
// BENCH_ABLATIONS (regexp over the ablation names below; default all).
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
// Fewer words per call (PERFORMANCE.md, route (b)): what a format with a one-word ENTER (frame id
// implied by counting), a one-word RETURN of undefined, and parameters folded into the ENTER event
// would cost. The words are written with today's writers (a STEP-sized write stands in for a
// one-word event), so the trace is not readable; the CPU is what the format change could save.
const ONE_WORD_ENTER = [
  ENTER_TEXT[0],
  'function eRecorded(probeId) {\n  const frame = newFrame();\n  stepEvent(probeId);\n  return frame;\n}\nfunction emRecorded(probeId, thisValue) {\n  const frame = newFrame();\n  headerAndFastValue(probeId << 4 | K.ENTER_THIS, thisValue);\n  return frame;\n}',
];
const ONE_WORD_RETURN = [
  RETURN_TEXT[0],
  'function r(probeId, value) {\n  if (value === void 0) stepEvent(probeId);\n  else headerAndFastValue(probeId << 4 | K.RETURN, value);\n  mark2();\n  return value;\n}',
];
// ENTER [hdr, v1…vn] when every parameter is one word (small int, undefined, constant, id, interned
// string) and none is redacted; otherwise the one-word ENTER and the WRITEs as today.
const FOLDED_TEXT = `
function foldWord(probeId, value) {
  if ((probeFlags[probeId] & ProbeFlag.REDACT) !== 0) return INLINE;
  if (typeof value === "number") return smallIntWord(value);
  if (value === void 0) return UNDEFINED_WORD;
  return prepareFor(probeId << 4, value);
}
function foldedEntries(enter, enterThis, w2) {
  const H = (probeId) => probeId << 4 | K.ENTER;
  const T = (probeId) => probeId << 4 | K.ENTER_THIS;
  return {
    e1(probeId, a) {
      const wa = foldWord(probeId + 1, a);
      if (wa !== INLINE) { const frame = newFrame(); event2(H(probeId), wa); return frame; }
      const frame = enter(probeId); w2(probeId + 1, a); return frame;
    },
    e2(probeId, a, b) {
      const wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b);
      if (wa !== INLINE && wb !== INLINE) { const frame = newFrame(); event3(H(probeId), wa, wb); return frame; }
      const frame = enter(probeId); w2(probeId + 1, a); w2(probeId + 2, b); return frame;
    },
    e3(probeId, a, b, c2) {
      const wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b), wc = foldWord(probeId + 3, c2);
      if (wa !== INLINE && wb !== INLINE && wc !== INLINE) { const frame = newFrame(); event4(H(probeId), wa, wb, wc); return frame; }
      const frame = enter(probeId); w2(probeId + 1, a); w2(probeId + 2, b); w2(probeId + 3, c2); return frame;
    },
    e4(probeId, a, b, c2, d) {
      const wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b), wc = foldWord(probeId + 3, c2), wd = foldWord(probeId + 4, d);
      if (wa !== INLINE && wb !== INLINE && wc !== INLINE && wd !== INLINE) { const frame = newFrame(); event5(H(probeId), wa, wb, wc, wd); return frame; }
      const frame = enter(probeId); w2(probeId + 1, a); w2(probeId + 2, b); w2(probeId + 3, c2); w2(probeId + 4, d); return frame;
    },
    em1(probeId, t, a) {
      const wt = foldWord(probeId, t), wa = foldWord(probeId + 1, a);
      if (wt !== INLINE && wa !== INLINE) { const frame = newFrame(); event3(T(probeId), wt, wa); return frame; }
      const frame = enterThis(probeId, t); w2(probeId + 1, a); return frame;
    },
    em2(probeId, t, a, b) {
      const wt = foldWord(probeId, t), wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b);
      if (wt !== INLINE && wa !== INLINE && wb !== INLINE) { const frame = newFrame(); event4(T(probeId), wt, wa, wb); return frame; }
      const frame = enterThis(probeId, t); w2(probeId + 1, a); w2(probeId + 2, b); return frame;
    },
    em3(probeId, t, a, b, c2) {
      const wt = foldWord(probeId, t), wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b), wc = foldWord(probeId + 3, c2);
      if (wt !== INLINE && wa !== INLINE && wb !== INLINE && wc !== INLINE) { const frame = newFrame(); event5(T(probeId), wt, wa, wb, wc); return frame; }
      const frame = enterThis(probeId, t); w2(probeId + 1, a); w2(probeId + 2, b); w2(probeId + 3, c2); return frame;
    },
    em4(probeId, t, a, b, c2, d) {
      const wt = foldWord(probeId, t), wa = foldWord(probeId + 1, a), wb = foldWord(probeId + 2, b), wc = foldWord(probeId + 3, c2), wd = foldWord(probeId + 4, d);
      if (wt !== INLINE && wa !== INLINE && wb !== INLINE && wc !== INLINE && wd !== INLINE) { const frame = newFrame(); event6(T(probeId), wt, wa, wb, wc, wd); return frame; }
      const frame = enterThis(probeId, t); w2(probeId + 1, a); w2(probeId + 2, b); w2(probeId + 3, c2); w2(probeId + 4, d); return frame;
    },
  };
}
`;
const FOLDED_PARAMETERS = [
  '    ...parameterEntries(eRecorded, emRecorded, wRecorded)',
  '    ...foldedEntries(eRecorded, emRecorded, wRecorded)',
];
const FOLDED_DEFINITION = [
  'function xRecorded(frameId, probeId) {',
  `${FOLDED_TEXT}function xRecorded(frameId, probeId) {`,
];
const ABLATIONS = {
  'no RETURN': [RETURN_TEXT],
  'no parameters': [PARAMETERS_TEXT],
  'no ENTER': [ENTER_TEXT],
  'shape only': [RETURN_TEXT, PARAMETERS_TEXT, ENTER_TEXT],
  '1-word ENTER': [ONE_WORD_ENTER],
  '1-word RETURN undefined': [ONE_WORD_RETURN],
  'parameters in ENTER': [ONE_WORD_ENTER, FOLDED_PARAMETERS, FOLDED_DEFINITION],
  'all three (lean)': [ONE_WORD_ENTER, ONE_WORD_RETURN, FOLDED_PARAMETERS, FOLDED_DEFINITION],
};
const selected = new RegExp(process.env.BENCH_ABLATIONS ?? '.');
for (const name of Object.keys(ABLATIONS)) if (!selected.test(name)) delete ABLATIONS[name];

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
  const wallMs = new Map(); // beside CPU: time blocked on a full ring shows in wall time only
  const runOnce = (args) => {
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: workDir, maxBuffer: 64 << 20 });
    const line = /BENCH (\{.*\})/.exec(run.stdout ?? '');
    if (run.status !== 0 || !line) throw new Error(`run failed: ${args.join(' ')}\n${run.stderr}`);
    return JSON.parse(line[1]);
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
        const { cpuMs: cpu, ms: wall } = run();
        cpuMs.set(key, [...(cpuMs.get(key) ?? []), cpu]);
        wallMs.set(key, [...(wallMs.get(key) ?? []), wall]);
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];
  console.log(
    `calls level, x${scale}, ${rounds} interleaved rounds: main-thread CPU ms, median (min–max); wall ms, median`,
  );
  for (const workload of workloads) {
    console.log(workload.name, `(iterations ${OCTANE_KERNELS[workload.name.split('/')[1]] * scale})`);
    const recorded = median(cpuMs.get(`${workload.name}\trecorded`));
    for (const name of ['plain', 'recorded', ...Object.keys(ABLATIONS)]) {
      const values = cpuMs.get(`${workload.name}\t${name}`);
      const wall = median(wallMs.get(`${workload.name}\t${name}`));
      const saved =
        name === 'plain' || name === 'recorded' ? '' : `  saves ${Math.round(recorded - median(values))} ms`;
      console.log(
        `  ${name.padEnd(24)} ${Math.round(median(values))} (${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))})${saved}; wall ${Math.round(wall)}`,
      );
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
