// PROTOTYPE measurement (docs/DEFERRED_RECORDING.md): what logging only the nondeterminism costs a
// Node program, and whether a later re-execution fed with that log, plain or under `rewind record`,
// prints exactly what the logged run printed. Usage (after npm run build):
//   node scripts/prototypes/deferred-recording/measure.mjs [rounds=3]
// Prints, per workload: main-thread CPU of the timed region (plain vs logged, median), and how many
// re-executions matched the logged run's stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkloads } from '../../bench/workloads.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const preload = join(here, 'nondeterminism.cjs');
const cli = join(root, 'dist', 'cli.js');
const rounds = Number(process.argv[2] ?? 3);
const work = mkdtempSync(join(tmpdir(), 'rewind-deferred-'));

const workloads = writeWorkloads(join(work, 'w'), 1)
  .filter((w) => /richards|deltablue|crypto|raytrace|acorn|ts-transpile/.test(w.name))
  .map((w) => ({ name: w.name, file: w.file }));
const demo = join(work, 'demo.cjs');
copyFileSync(join(here, 'demo.cjs'), demo);
workloads.push({ name: 'demo (clocks, random, file, callbacks)', file: demo });
const clockHeavy = join(work, 'clockHeavy.cjs');
copyFileSync(join(here, 'clockHeavy.cjs'), clockHeavy);
workloads.push({ name: 'clock-heavy loop (400k reads)', file: clockHeavy });

function run(args, env) {
  writeFileSync(join(work, 'token.txt'), Math.random().toString(36).slice(2)); // the file changes every run
  const result = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8', cwd: work });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
const cpuOf = (stdout) => {
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
  return line ? JSON.parse(line.slice(6)).cpuMs : NaN;
};
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `| workload | plain main CPU ms | logged main CPU ms | ratio | log KiB | fed re-runs matching (plain node) | (under rewind record) |`,
);
console.log(`|---|---|---|---|---|---|---|`);
for (const w of workloads) {
  const plain = [];
  const logged = [];
  let logBytes = 0;
  let plainMatches = 0;
  let recordedMatches = 0;
  const notes = new Set();
  for (let round = 0; round < rounds; round++) {
    const log = join(work, `nd-${round}.json`);
    plain.push(cpuOf(run([w.file], {}).stdout));
    const original = run(['-r', preload, w.file], { REWIND_ND_MODE: 'log', REWIND_ND_LOG: log });
    logged.push(cpuOf(original.stdout));
    logBytes = readFileSync(log).length;
    const fed = run(['-r', preload, w.file], { REWIND_ND_MODE: 'feed', REWIND_ND_LOG: log });
    if (fed.stdout === original.stdout && !/DIVERGED/.test(fed.stderr)) plainMatches++;
    else notes.add(`plain: ${(fed.stderr.match(/DIVERGED.*/) ?? ['stdout differs'])[0]}`);
    const fedReordered = fed.stderr.match(/REORDERED.*/);
    if (fedReordered) notes.add(`plain (callback order, not enforced): ${fedReordered[0]}`);
    const trace = join(work, `t-${round}.rwd`);
    const recorded = run([cli, 'record', '--out', trace, '--', w.file], {
      REWIND_ND_MODE: 'feed',
      REWIND_ND_LOG: log,
      REWIND_ND_PROGRAM: w.file,
      NODE_OPTIONS: `-r ${preload}`,
    });
    const programOut = recorded.stdout
      .split('\n')
      .filter((l) => !l.startsWith('[rewind]'))
      .join('\n');
    if (programOut === original.stdout && !/DIVERGED/.test(recorded.stderr)) recordedMatches++;
    else notes.add(`recorded: ${(recorded.stderr.match(/DIVERGED.*/) ?? ['stdout differs'])[0]}`);
    const reordered = recorded.stderr.match(/REORDERED.*/);
    if (reordered) notes.add(`recorded (callback order, not enforced): ${reordered[0]}`);
    rmSync(trace, { force: true });
  }
  const p = median(plain);
  const l = median(logged);
  console.log(
    `| ${w.name} | ${p.toFixed(1)} | ${l.toFixed(1)} | ${(l / p).toFixed(2)} | ${(logBytes / 1024).toFixed(1)} | ${plainMatches}/${rounds} | ${recordedMatches}/${rounds} |`,
  );
  for (const note of notes) console.log(`|   ${note} | | | | | | |`);
}
rmSync(work, { recursive: true, force: true });
