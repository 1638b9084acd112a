// The replay bench against a baseline tree: each request kind's latency, the indexing rate and the
// memory of this checkout's replay engine over another tree's (a directory, or a git ref extracted
// with git archive), both driven by the same workload (replayWorkload.mjs). On a shared, loaded
// machine one long run per tree says little, so: many short rounds, each a fresh child process
// per tree (no V8 state carried over) run back to back in alternating order; each figure is the
// median of the paired ratios with a distribution-free 95% interval (order statistics, as in
// liveCheckBench.mjs). A configuration is a list of request kinds run in that order in one process:
// `real` is the bench's whole order, `alone` one configuration per kind, or ids joined by commas.
// Knows nothing of the table the bench prints for one tree.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, medianInterval, percent, sorted } from './pairedStats.mjs';
import { REQUEST_IDS, bundleTree, root } from './replayWorkload.mjs';

const BENCH = join(root, 'scripts', 'bench', 'replayBench.mjs');

/** The baseline's sources: a directory as it is, else a git ref of this repository extracted to a temp dir. */
function baselineTree(baseline, tempDir) {
  if (existsSync(baseline)) return { tree: resolve(baseline), label: baseline };
  const tree = join(tempDir, 'baseline-tree');
  const extracted = spawnSync(
    'sh',
    ['-c', `mkdir -p "${tree}" && git -C "${root}" archive "$0" | tar -x -C "${tree}"`, baseline],
    {
      encoding: 'utf8',
    },
  );
  if (extracted.status !== 0) return { error: `cannot extract ${baseline}: ${extracted.stderr.trim()}` };
  return { tree, label: baseline };
}

/** The configurations named by `spec` (`real`, `alone`, or kind ids joined by commas), separated by `;`. */
export function configurations(spec) {
  return spec.split(';').flatMap((part) => {
    if (part === 'real') return [{ label: 'real order', only: REQUEST_IDS }];
    if (part === 'alone') return REQUEST_IDS.map((id) => ({ label: `${id} alone`, only: [id] }));
    const only = part.split(',');
    for (const id of only) if (!REQUEST_IDS.includes(id)) throw new Error(`unknown request kind ${id}`);
    return [{ label: only.length === 1 ? `${only[0]} alone` : only.join(' → '), only }];
  });
}

function runChild(bundle, only, { steps, positions, nodeFlags }) {
  const args = [...nodeFlags, BENCH, '--child', '--bundle', bundle, '--steps', String(steps)];
  args.push('--positions', String(positions), '--only', only.join(','));
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (child.status !== 0) throw new Error(`replay bench child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

/** Per child: the figures that are not a request's (indexing, memory). */
function recordingFigures(result) {
  return {
    'indexing cpu ms / M steps': (result.indexCpuMs / result.stepCount) * 1e6,
    'adapter bytes / step': result.adapterBytesPerStep,
    'trace bytes / step': result.traceBytesPerStep,
    'peak rss MiB': result.maxRssBytes / 2 ** 20,
  };
}

/**
 * Per request: process CPU p50 per call (precise; the median leaves the helper threads' bursts out),
 * the phase's main-thread CPU total (schedstat) and the phase's process CPU total (GC threads included).
 */
function requestFigures(request) {
  return {
    [`${request.id}: cpu p50 ms`]: request.cpuP50Ms,
    [`${request.id}: thread cpu total ms`]: request.threadCpuTotalMs,
    [`${request.id}: process cpu total ms`]: request.cpuTotalMs,
  };
}

export async function compareTrees({
  baseline,
  configSpec = 'real',
  rounds = 8,
  steps = 1_000_000,
  positions = 100,
  maxSeconds = Infinity,
  nodeFlags = [],
}) {
  const tempDir = mkdtempSync(join(tmpdir(), 'rewind-replay-compare-'));
  try {
    const base = baselineTree(baseline, tempDir);
    if (base.error) {
      console.log(`\nreplay against a baseline: skipped (${base.error})`);
      return;
    }
    const bundles = { current: join(tempDir, 'current.mjs'), baseline: join(tempDir, 'baseline.mjs') };
    await bundleTree(root, bundles.current);
    await bundleTree(base.tree, bundles.baseline);
    const configs = configurations(configSpec);
    const loadAtStart = loadavg()[0];
    console.log(
      `\nreplay, this checkout against ${base.label}: ${rounds} rounds of paired fresh processes (alternating order), ${steps.toLocaleString()} steps, ${positions} positions, configurations: ${configs.map((config) => config.label).join('; ')}${nodeFlags.length ? `, node ${nodeFlags.join(' ')}` : ''} (load average ${loadAtStart.toFixed(1)})`,
    );
    // samples[config label][figure] = { ratios, current, baseline }
    const samples = new Map(configs.map((config) => [config.label, new Map()]));
    const add = (config, name, current, baselineValue) => {
      const figures = samples.get(config.label);
      if (!figures.has(name)) figures.set(name, { ratios: [], current: [], baseline: [] });
      const figure = figures.get(name);
      figure.ratios.push(current / baselineValue);
      figure.current.push(current);
      figure.baseline.push(baselineValue);
    };
    const deadlineMs = Date.now() + maxSeconds * 1000;
    let roundsDone = 0;
    for (let round = 0; round < rounds; round++) {
      if (Date.now() >= deadlineMs) {
        console.log(`  stopped by the time limit (${maxSeconds} s) after ${round} complete rounds`);
        break;
      }
      for (const [index, config] of configs.entries()) {
        const options = { steps, positions, nodeFlags };
        const currentFirst = (round + index) % 2 === 0;
        const first = runChild(currentFirst ? bundles.current : bundles.baseline, config.only, options);
        const second = runChild(currentFirst ? bundles.baseline : bundles.current, config.only, options);
        const [current, baselineResult] = currentFirst ? [first, second] : [second, first];
        const currentFigures = recordingFigures(current);
        const baselineFigures = recordingFigures(baselineResult);
        for (const name of Object.keys(currentFigures)) add(config, name, currentFigures[name], baselineFigures[name]);
        for (const [at, request] of current.requests.entries()) {
          const mine = requestFigures(request);
          const theirs = requestFigures(baselineResult.requests[at]);
          for (const name of Object.keys(mine)) add(config, name, mine[name], theirs[name]);
        }
      }
      roundsDone++;
      process.stderr.write(`replay compare: round ${round + 1}/${rounds} done (load ${loadavg()[0].toFixed(1)})\n`);
    }
    if (roundsDone === 0) return;
    console.log(
      `  this / ${base.label}: median of ${roundsDone} paired ratios [${roundsDone >= 6 ? '95% interval' : 'range (under 6 rounds: less than 95%)'}]; medians of each side in parentheses`,
    );
    for (const config of configs) {
      console.log(`  ${config.label}:`);
      for (const [name, figure] of samples.get(config.label)) {
        const [low, high] = medianInterval(figure.ratios);
        // Under 6 rounds the range covers less than 95%: no verdict from it.
        const sure = figure.ratios.length >= 6;
        const verdict = sure && low > 1 ? '  slower/larger' : sure && high < 1 ? '  faster/smaller' : '';
        console.log(
          `    ${name.padEnd(44)} ${percent(median(figure.ratios)).padStart(7)} [${percent(low)}, ${percent(high)}]  (${formatValue(median(figure.baseline))} → ${formatValue(median(figure.current))})${verdict}`,
        );
      }
    }
    printOrderEffects(configs, samples, base.label);
    console.log(`  load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}

/**
 * Within each tree, a kind run after others over the same kind run alone (both configurations
 * measured): paired by round, so whether an order effect is one tree's or both trees' shows.
 */
function printOrderEffects(configs, samples, baselineLabel) {
  const alone = new Map(configs.filter((config) => config.only.length === 1).map((config) => [config.only[0], config]));
  const lines = [];
  for (const config of configs) {
    if (config.only.length === 1) continue;
    for (const id of config.only) {
      const single = alone.get(id);
      if (!single) continue;
      const name = `${id}: cpu p50 ms`;
      const after = samples.get(config.label).get(name);
      const first = samples.get(single.label).get(name);
      const side = (key) => {
        const ratios = after[key].map((value, round) => value / first[key][round]);
        const [low, high] = medianInterval(ratios);
        return `${percent(median(ratios)).padStart(7)} [${percent(low)}, ${percent(high)}]`;
      };
      lines.push(`    ${id} in ${config.label}: this ${side('current')}, ${baselineLabel} ${side('baseline')}`);
    }
  }
  if (lines.length === 0) return;
  console.log('  order effect within each tree (cpu p50 per call, after others / alone, paired by round):');
  for (const line of lines) console.log(line);
}

function formatValue(value) {
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toFixed(4);
}

/**
 * Interleaved in one process per round (replayWorkload.mjs runInterleaved): per kind, the median of
 * every call's paired ratio (all rounds pooled) with its 95% interval, and the range of the rounds'
 * own medians (a round's process state shows there). Which tree indexes first alternates by round.
 */
export async function compareInterleaved({
  baseline,
  only,
  rounds = 4,
  steps = 1_000_000,
  positions = 100,
  maxSeconds,
}) {
  const tempDir = mkdtempSync(join(tmpdir(), 'rewind-replay-compare-'));
  try {
    const base = baselineTree(baseline, tempDir);
    if (base.error) {
      console.log(`\nreplay against a baseline, interleaved: skipped (${base.error})`);
      return;
    }
    const bundles = { current: join(tempDir, 'current.mjs'), baseline: join(tempDir, 'baseline.mjs') };
    await bundleTree(root, bundles.current);
    await bundleTree(base.tree, bundles.baseline);
    const loadAtStart = loadavg()[0];
    console.log(
      `\nreplay, this checkout against ${base.label}, interleaved call by call in one process per round: ${rounds} rounds, ${steps.toLocaleString()} steps, ${positions} positions (load average ${loadAtStart.toFixed(1)})`,
    );
    const byKind = new Map();
    const indexing = [];
    const memory = [];
    const deadlineMs = Date.now() + (maxSeconds ?? Infinity) * 1000;
    let roundsDone = 0;
    for (let round = 0; round < rounds && Date.now() < deadlineMs; round++) {
      const args = [BENCH, '--child-interleaved', '--bundle', bundles.current, '--baseline-bundle', bundles.baseline];
      args.push('--steps', String(steps), '--positions', String(positions));
      if (only) args.push('--only', only.join(','));
      if (round % 2 === 1) args.push('--baseline-first');
      const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
      if (child.status !== 0) throw new Error(`replay bench child failed: ${child.stderr}`);
      const result = JSON.parse(child.stdout.trim().split('\n').at(-1));
      indexing.push(result.indexCpuMs.current / result.indexCpuMs.baseline);
      memory.push(result.adapterBytesPerStep.current / result.adapterBytesPerStep.baseline);
      for (const request of result.requests) {
        if (!byKind.has(request.id))
          byKind.set(request.id, { ratios: [], roundMedians: [], current: [], baseline: [] });
        const kind = byKind.get(request.id);
        kind.ratios.push(...request.ratios);
        kind.roundMedians.push(median(request.ratios));
        kind.current.push(request.currentP50Ms);
        kind.baseline.push(request.baselineP50Ms);
      }
      roundsDone++;
      process.stderr.write(`replay interleaved: round ${round + 1}/${rounds} done (load ${loadavg()[0].toFixed(1)})\n`);
    }
    if (roundsDone === 0) return;
    console.log(
      `  CPU per call, this / ${base.label}: median of the paired calls' ratios [95% interval] (rounds' medians: range); p50 ms of each side`,
    );
    for (const [id, kind] of byKind) {
      const [low, high] = medianInterval(kind.ratios);
      const rounds = sorted(kind.roundMedians);
      const verdict = low > 1 ? '  slower' : high < 1 ? '  faster' : '';
      console.log(
        `    ${id.padEnd(16)} ${percent(median(kind.ratios)).padStart(7)} [${percent(low)}, ${percent(high)}] (rounds ${percent(rounds[0])}…${percent(rounds.at(-1))}; n ${kind.ratios.length})  ${formatValue(median(kind.baseline))} → ${formatValue(median(kind.current))} ms${verdict}`,
      );
    }
    console.log(
      `    indexing main-thread CPU total ${percent(median(indexing))} (rounds ${percent(Math.min(...indexing))}…${percent(Math.max(...indexing))}); adapter bytes/step ${percent(median(memory))}`,
    );
    console.log(`  load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
