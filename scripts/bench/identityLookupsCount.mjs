// How often the recorder looks up an object's identity, and how often a memo of recent objects
// would answer (issue 9, hot13): a counting copy of the bundle logs every entryOf() call (the
// object as a small sequence number, and the probe whose value it is when prepareFor asked), then
// memo policies are replayed over the log. Counts only; the copy's timings mean nothing.
// Reads dist/ (run `npm run build` first) and never changes it: the counting copy is in a temp folder.
//
// Environment: BENCH_ONLY (a regexp over kernel names, default richards|deltablue|raytrace),
// BENCH_LEVELS (default "calls,full"), BENCH_SCALE (iterations multiplier, default 1).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OCTANE_KERNELS, writeWorkloads } from './workloads.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const only = new RegExp(process.env.BENCH_ONLY ?? 'richards|deltablue|raytrace');
const levels = (process.env.BENCH_LEVELS ?? 'calls,full').split(',');
const scale = Number(process.env.BENCH_SCALE ?? 1);
const scratch = mkdtempSync(join(tmpdir(), 'rewind-identity-count-'));

/** The counting copy: every entryOf() appends [object number, probe id or 0] to a log written at exit. */
function countingBuild() {
  const dist = join(scratch, 'dist');
  cpSync(join(root, 'dist'), dist, { recursive: true });
  const file = join(dist, 'bootloader.js');
  let text = readFileSync(file, 'utf8');
  const entryOf = 'function entryOf(target) {\n';
  const prepareFor = 'function prepareFor(header, value) {\n';
  if (!text.includes(entryOf) || !text.includes(prepareFor))
    throw new Error('entryOf/prepareFor not found in dist/bootloader.js');
  text = text.replace(
    entryOf,
    `var countLog = { numbers: new WeakMap(), next: 1, words: new Int32Array(1 << 27), length: 0, probe: 0 };
process.on('exit', () => require('fs').writeFileSync(process.env.REWIND_COUNT_OUT, Buffer.from(countLog.words.buffer, 0, countLog.length * 4)));
${entryOf}  let number = countLog.numbers.get(target);
  if (number === undefined) countLog.numbers.set(target, (number = countLog.next++));
  if (countLog.length < countLog.words.length - 1) { countLog.words[countLog.length++] = number; countLog.words[countLog.length++] = countLog.probe; }
  countLog.probe = 0;
`,
  );
  text = text.replace(prepareFor, `${prepareFor}  countLog.probe = header >>> 4;\n`);
  writeFileSync(file, text);
  return join(dist, 'cli.js');
}

/** Hits of a round-robin memo of `size` objects filled on a miss (identity.ts has size 4). */
function roundRobinHits(log, size) {
  const memo = new Int32Array(size).fill(-1);
  let next = 0;
  let hits = 0;
  for (let index = 0; index < log.length; index += 2) {
    if (memo.includes(log[index])) hits++;
    else {
      memo[next] = log[index];
      next = (next + 1) % size;
    }
  }
  return hits;
}

/** Hits of a memo of the last object each probe looked up (the same value again at the same probe). */
function perProbeHits(log) {
  const last = new Map();
  let hits = 0;
  for (let index = 0; index < log.length; index += 2) {
    const probe = log[index + 1];
    if (probe === 0) continue;
    if (last.get(probe) === log[index]) hits++;
    last.set(probe, log[index]);
  }
  return hits;
}

const cli = countingBuild();
const workloads = writeWorkloads(join(scratch, 'workloads'), scale);
console.log(
  `x${scale}: lookups = entryOf() calls; first sights = objects looked up for the first time; memo columns = share of lookups answered`,
);
console.log(
  '| kernel, level | lookups | first sights | memo 4 (today) | memo 8 | memo 16 | last object per probe | any memo at best |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const kernel of Object.keys(OCTANE_KERNELS).filter((name) => only.test(name))) {
  const workload = workloads.find((candidate) => candidate.name === `octane/${kernel}`);
  for (const level of levels) {
    const logFile = join(scratch, `${kernel}-${level}.bin`);
    const run = spawnSync(
      process.execPath,
      [cli, 'record', '--level', level, '--out', join(scratch, 'trace.rwd'), '--', workload.file],
      {
        env: { ...process.env, REWIND_COUNT_OUT: logFile },
        encoding: 'utf8',
      },
    );
    if (run.status !== 0) throw new Error(`${kernel} ${level}: exit ${run.status}\n${run.stderr.slice(-2000)}`);
    const bytes = readFileSync(logFile);
    const log = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const lookups = log.length / 2;
    let firstSights = 0;
    let highest = 0;
    for (let index = 0; index < log.length; index += 2) {
      if (log[index] > highest) {
        highest = log[index];
        firstSights++;
      }
    }
    const share = (count) => `${((100 * count) / lookups).toFixed(1)}%`;
    console.log(
      `| ${kernel} ${level} | ${(lookups / 1e6).toFixed(2)}M | ${share(firstSights)} | ${share(roundRobinHits(log, 4))} | ${share(roundRobinHits(log, 8))} | ${share(roundRobinHits(log, 16))} | ${share(perProbeHits(log))} | ${share(lookups - firstSights)} |`,
    );
    rmSync(logFile);
  }
}
rmSync(scratch, { recursive: true, force: true });
