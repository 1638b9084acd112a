// The cheap replay requests (stepping, continue, goto, stackTrace) against a baseline tree, at the
// nanosecond: replayCompare.mjs times each call with process.cpuUsage, whose 1 µs grain is a whole
// step of a 1–10 µs request (7 → 8 µs reads as +12.5%). Here both trees' engines run in one process
// over the same recording, called alternately at the same positions, each call timed by
// process.hrtime (wall: a call this short is rarely descheduled, and the paired median discards the
// ones that are); each figure is the median of the paired ratios with its 95% interval.
// Usage: node scripts/bench/replayStepCompare.mjs [--baseline DIR] [--steps N] [--positions N] [--only id,id…]
// The baseline DIR is a source tree (replayCompare.mjs extracts one with git archive; pass its path).
import { loadavg } from 'node:os';
import { median, medianInterval, percent } from './pairedStats.mjs';
import { indexRecording, loadModules, requestKinds, root } from './replayWorkload.mjs';

const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const baselineDir = option('baseline');
if (!baselineDir)
  throw new Error('--baseline DIR (a source tree, e.g. git archive d34b7ae | tar -x -C DIR) is required');
const steps = Number(option('steps', 1_000_000));
const positionCount = Number(option('positions', 2000));
const cheapKinds =
  'stepIn,stepBack,next,nextBack,nextLine,stepOut,stepOutBack,goto,continueLine,reverseLine,' +
  'continueHit,reverseFunction,reverseData,stackTrace';
const only = option('only', cheapKinds).split(',');

const loadStart = loadavg()[0];
const sides = [await loadModules({ tree: root }), await loadModules({ tree: baselineDir })];
const recordings = [];
for (const modules of sides) recordings.push(await indexRecording(modules, steps));
const engines = sides.map((modules, at) => modules.createReplayEngine(recordings[at].store));
const stepCount = recordings[0].thread.stepCount;
const kindsOf = engines.map((engine) => requestKinds(engine, stepCount));
for (const engine of engines) engine.open();
let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const positions = Array.from({ length: positionCount }, () => Math.floor(random() * stepCount));

console.log(`replay, this checkout / ${baselineDir}: ${stepCount} steps, ${positionCount} positions, ns per call`);
for (const id of only) {
  const kinds = kindsOf.map((list) => list.find((kind) => kind.id === id));
  if (!kinds[0] || !kinds[1]) throw new Error(`unknown request kind ${id}`);
  for (const kind of kinds) kind.setup?.();
  const times = [[], []];
  // A warm-up pass over every position, then the measured one.
  for (const measured of [false, true])
    for (const [index, position] of positions.entries())
      for (const at of index % 2 === 0 ? [0, 1] : [1, 0]) {
        engines[at].gotoStep(position);
        const start = process.hrtime.bigint();
        kinds[at].run(position);
        const elapsedNs = Number(process.hrtime.bigint() - start);
        if (measured) times[at].push(elapsedNs);
      }
  for (const kind of kinds) kind.teardown?.();
  const ratios = times[0].map((value, index) => value / times[1][index]).sort((a, b) => a - b);
  const [low, high] = medianInterval(ratios);
  const p50 = (values) => median([...values].sort((a, b) => a - b));
  console.log(
    `  ${id.padEnd(16)} ${percent(median(ratios)).padStart(7)} [${percent(low)}, ${percent(high)}]` +
      `  p50 ${(p50(times[0]) / 1000).toFixed(2)} µs (this) vs ${(p50(times[1]) / 1000).toFixed(2)} µs`,
  );
}
console.log(`  load average ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
