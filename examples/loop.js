// A loop with a known number of iterations: `node examples/loop.js [N]` (default 10).
// Each iteration adds its index to a running total, so the trace shows `total` growing step by step.
const iterations = Number(process.argv[2] ?? 10);
let total = 0;
for (let index = 0; index < iterations; index++) {
  total += index;
}
console.log(`sum of 0..${iterations - 1} = ${total}`);
