// Benchmark workloads: builds self-contained CommonJS programs from the Octane kernels and from
// real libraries into a scratch folder outside the repo. Each program runs its work a FIXED
// number of times (Octane's own harness runs for a fixed time and would hide slowdown) and prints
// one line `BENCH {"ms":…,"cpuMs":…,"rssBytes":…}` on stdout: the timed region's wall time and
// its main thread's CPU time (Linux schedstat of the main thread, so recorder threads and a loaded
// machine do not blur it). A scale multiplies every count (steady state: V8 warm-up amortised).
// Knows nothing about how it is measured.
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';

const require = createRequire(import.meta.url);
const octaneDir = join(dirname(require.resolve('benchmark-octane/package.json')), 'lib', 'octane');

/** kernel file → iterations of each of its benchmarks' run() (about 0.1–0.3 s plain each). */
export const OCTANE_KERNELS = {
  richards: 60,
  deltablue: 60,
  crypto: 6,
  raytrace: 12,
  'navier-stokes': 4,
  splay: 8,
  box2d: 6,
};

/** Main-thread CPU in ms (the main thread's task id is the pid); NaN where /proc is missing. */
const MAIN_CPU = `function benchMainCpuMs() {
  try { return Number(require('fs').readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[0]) / 1e6; } catch (error) { return NaN; }
}
var benchCpuStart = benchMainCpuMs();
`;

const REPORT = `
  const elapsedMs = Number(process.hrtime.bigint() - benchStart) / 1e6;
  const mainCpuMs = benchMainCpuMs() - benchCpuStart;
  process.stdout.write('BENCH ' + JSON.stringify({ ms: elapsedMs, cpuMs: mainCpuMs, rssBytes: process.resourceUsage().maxRSS * 1024 }) + '\\n');
`;

function octaneProgram(kernel, iterations) {
  const base = readFileSync(join(octaneDir, 'base.js'), 'utf8');
  const source = readFileSync(join(octaneDir, `${kernel}.js`), 'utf8');
  const driver = `
;(function runFixedIterations() {
  BenchmarkSuite.ResetRNG();
  ${MAIN_CPU}
  var benchStart = process.hrtime.bigint();
  for (var s = 0; s < BenchmarkSuite.suites.length; s++) {
    var suite = BenchmarkSuite.suites[s];
    for (var b = 0; b < suite.benchmarks.length; b++) {
      var benchmark = suite.benchmarks[b];
      benchmark.Setup();
      for (var i = 0; i < ${iterations}; i++) benchmark.run();
      benchmark.TearDown();
    }
  }
  ${REPORT}
})();
`;
  return `${base}\n${source}\n${driver}`;
}

function acornProgram(dir, scale) {
  copyFileSync(join(dirname(require.resolve('acorn/package.json')), 'dist', 'acorn.js'), join(dir, 'acorn-lib.js'));
  // Input: acorn's own 250 KB distribution file — a real, large, modern script.
  copyFileSync(join(dirname(require.resolve('acorn/package.json')), 'dist', 'acorn.js'), join(dir, 'acorn-input.txt'));
  return `
const acorn = require('./acorn-lib.js');
const text = require('fs').readFileSync(require('path').join(__dirname, 'acorn-input.txt'), 'utf8');
${MAIN_CPU}
const benchStart = process.hrtime.bigint();
let nodes = 0;
for (let round = 0; round < ${2 * scale}; round++) nodes += acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script' }).body.length;
${REPORT}
`;
}

function typescriptProgram(dir, scale) {
  // typescript@5 transpileModule over its own kind of input: a mid-sized TS source. The library is
  // copied next to the workload, so it is recorded (and istanbul-instrumented) like user code.
  copyFileSync(require.resolve('typescript'), join(dir, 'typescript-lib.js'));
  const sample = readFileSync(new URL('../../debug-adapter/cli/main.ts', import.meta.url)).toString();
  writeFileSync(join(dir, 'ts-input.ts.txt'), sample);
  return `
const ts = require('./typescript-lib.js');
const text = require('fs').readFileSync(require('path').join(__dirname, 'ts-input.ts.txt'), 'utf8');
${MAIN_CPU}
const benchStart = process.hrtime.bigint();
let size = 0;
for (let round = 0; round < ${2 * scale}; round++) size += ts.transpileModule(text, { compilerOptions: { module: 1, target: 9 } }).outputText.length;
${REPORT}
`;
}

/**
 * Writes every workload into `dir`, its counts multiplied by `scale`; returns
 * [{ name, file, group, libraries? }] (libraries: files it requires, beside it).
 */
export function writeWorkloads(dir, scale = 1) {
  mkdirSync(dir, { recursive: true });
  const workloads = [];
  for (const [kernel, iterations] of Object.entries(OCTANE_KERNELS)) {
    const file = join(dir, `octane-${kernel}.js`);
    writeFileSync(file, octaneProgram(kernel, iterations * scale));
    workloads.push({ name: `octane/${kernel}`, file, group: 'octane' });
  }
  const acornFile = join(dir, 'lib-acorn.js');
  writeFileSync(acornFile, acornProgram(dir, scale));
  workloads.push({ name: 'lib/acorn-parse', file: acornFile, group: 'library', libraries: ['acorn-lib.js'] });
  const tsFile = join(dir, 'lib-typescript.js');
  writeFileSync(tsFile, typescriptProgram(dir, scale));
  workloads.push({ name: 'lib/ts-transpile', file: tsFile, group: 'library', libraries: ['typescript-lib.js'] });
  return workloads;
}
