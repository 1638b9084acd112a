// Deferred recording workload (docs/DEFERRED_RECORDING.md): a program that reads clocks and randomness in its hot loop
// (a rate limiter,
// a sampler), the worst case for logging nondeterminism. Prints a BENCH line like the bench kernels.
'use strict';
const fs = require('node:fs');
const cpuMs = () => Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const cpuStart = cpuMs();
const started = process.hrtime.bigint();
let sampled = 0;
let lastMs = 0;
for (let i = 0; i < 200_000; i++) {
  if (Math.random() < 0.1) sampled++;
  const now = Date.now();
  if (now !== lastMs) lastMs = now;
}
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
console.log('sampled', sampled);
process.stdout.write('BENCH ' + JSON.stringify({ ms: elapsedMs, cpuMs: cpuMs() - cpuStart }) + '\n');
