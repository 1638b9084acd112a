// Benchmark workloads: builds self-contained CommonJS programs from the Octane kernels and from
// real libraries into a scratch folder outside the repo. Each program runs its work a FIXED
// number of times (Octane's own harness runs for a fixed time and would hide slowdown) and prints
// one line `BENCH {"ms":…,"cpuMs":…,"rssBytes":…,"checksum":…}` on stdout: the timed region's wall
// time and its main thread's CPU time (Linux schedstat of the main thread, so recorder threads and a
// loaded machine do not blur it), and for a library workload a checksum of what it produced (so a
// recorded run that computes something else is caught, not timed). A scale multiplies every count
// (steady state: V8 warm-up amortised). Knows nothing about how it is measured.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
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

/**
 * Ends the timed region, then evaluates `checksumExpression` (outside it: hashing is not the workload)
 * and prints the BENCH line.
 */
const report = (checksumExpression = 'null') => `
  const elapsedMs = Number(process.hrtime.bigint() - benchStart) / 1e6;
  const mainCpuMs = benchMainCpuMs() - benchCpuStart;
  const checksum = ${checksumExpression};
  process.stdout.write('BENCH ' + JSON.stringify({ ms: elapsedMs, cpuMs: mainCpuMs, rssBytes: process.resourceUsage().maxRSS * 1024, checksum }) + '\\n');
`;

/** In a library workload's program: a short digest of a string (native sha256, so it adds no recorded steps). */
const DIGEST = `function benchDigest(text) {
  return require('crypto').createHash('sha256').update(text).digest('hex').slice(0, 16);
}
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
  ${report()}
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
${DIGEST}
const benchStart = process.hrtime.bigint();
let nodes = 0;
let ast;
for (let round = 0; round < ${2 * scale}; round++) {
  ast = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'script' });
  nodes += ast.body.length;
}
${report("nodes + ':' + benchDigest(JSON.stringify(ast))")}
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
${DIGEST}
const benchStart = process.hrtime.bigint();
let size = 0;
let output = '';
for (let round = 0; round < ${2 * scale}; round++) {
  output = ts.transpileModule(text, { compilerOptions: { module: 1, target: 9 } }).outputText;
  size += output.length;
}
${report("size + ':' + benchDigest(output)")}
`;
}

/** Every Markdown file of this repository, concatenated: real prose, tables, lists and code blocks (~300 KB). */
function repoMarkdown() {
  const docsDir = new URL('../../docs/', import.meta.url);
  const docs = readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  const files = [new URL('../../README.md', import.meta.url), ...docs.map((name) => new URL(name, docsDir))];
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

function markedProgram(dir, scale) {
  // marked's UMD build (the package's main entry is ESM): required like any CommonJS file.
  copyFileSync(
    join(dirname(require.resolve('marked/package.json')), 'lib', 'marked.umd.js'),
    join(dir, 'marked-lib.js'),
  );
  writeFileSync(join(dir, 'marked-input.md.txt'), repoMarkdown());
  return `
const markedLib = require('./marked-lib.js');
const text = require('fs').readFileSync(require('path').join(__dirname, 'marked-input.md.txt'), 'utf8');
${MAIN_CPU}
${DIGEST}
const benchStart = process.hrtime.bigint();
let size = 0;
let html = '';
for (let round = 0; round < ${scale}; round++) {
  html = markedLib.marked.parse(text);
  size += html.length;
}
${report("size + ':' + benchDigest(html)")}
`;
}

/** Repository sources prettier formats (to its default 80 columns, so it has work to do), and the parser for each. */
const PRETTIER_INPUTS = [
  ['debug-adapter/cli/main.ts', 'babel-ts'],
  ['runtime/format/records.ts', 'babel-ts'],
  ['scripts/bench/pairedStats.mjs', 'babel'],
];

function prettierProgram(dir, scale) {
  // prettier 3's standalone build and the two plugins JavaScript and TypeScript need, all UMD.
  const prettierDir = dirname(require.resolve('prettier/package.json'));
  copyFileSync(join(prettierDir, 'standalone.js'), join(dir, 'prettier-lib.js'));
  copyFileSync(join(prettierDir, 'plugins', 'babel.js'), join(dir, 'prettier-babel.js'));
  copyFileSync(join(prettierDir, 'plugins', 'estree.js'), join(dir, 'prettier-estree.js'));
  const inputs = PRETTIER_INPUTS.map(([path, parser]) => ({
    parser,
    text: readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'),
  }));
  writeFileSync(join(dir, 'prettier-input.json.txt'), JSON.stringify(inputs));
  return `
const prettier = require('./prettier-lib.js');
const plugins = [require('./prettier-babel.js'), require('./prettier-estree.js')];
const inputs = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, 'prettier-input.json.txt'), 'utf8'));
(async function formatFixedRounds() {
  ${MAIN_CPU}
  ${DIGEST}
  const benchStart = process.hrtime.bigint();
  let size = 0;
  let output = '';
  for (let round = 0; round < ${scale}; round++) {
    output = '';
    for (const input of inputs) output += await prettier.format(input.text, { parser: input.parser, plugins });
    size += output.length;
  }
  ${report("size + ':' + benchDigest(output)")}
})().catch((error) => {
  process.stderr.write(String(error && error.stack) + '\\n');
  process.exitCode = 1;
});
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
  const markedFile = join(dir, 'lib-marked.js');
  writeFileSync(markedFile, markedProgram(dir, scale));
  workloads.push({ name: 'lib/marked', file: markedFile, group: 'library', libraries: ['marked-lib.js'] });
  const prettierFile = join(dir, 'lib-prettier.js');
  writeFileSync(prettierFile, prettierProgram(dir, scale));
  const prettierLibraries = ['prettier-lib.js', 'prettier-babel.js', 'prettier-estree.js'];
  workloads.push({ name: 'lib/prettier', file: prettierFile, group: 'library', libraries: prettierLibraries });
  return workloads;
}
