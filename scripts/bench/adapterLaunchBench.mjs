// The adapter (socket) path of recording (issue 9 §1): a DAP launch of an Octane kernel, as VS Code
// sends it (`live: false`: recorded to its end, then replayed), timed from the launch request to the
// session's first stop (the recording opened; the program's end on the way), with the adapter process's CPU (the
// collector, the
// store's indexing) from its /proc stat. BENCH_BASELINE (another build's dist/cli.js) adds the same
// launch through that build's adapter, interleaved round by round, for before/after.
// Environment: BENCH_ROUNDS (3), BENCH_ONLY (regexp over kernel names, default richards|deltablue|crypto),
// BENCH_SCALES (default "1,4"), BENCH_LEVELS (default "calls,full").
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import testSupport from '@vscode/debugadapter-testsupport';
import { writeWorkloads } from './workloads.mjs';

const root = resolve(new URL('../..', import.meta.url).pathname);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const only = new RegExp(process.env.BENCH_ONLY ?? 'richards|deltablue|crypto');
const scales = (process.env.BENCH_SCALES ?? '1,4').split(',').map(Number);
const levels = (process.env.BENCH_LEVELS ?? 'calls,full').split(',');
const adapters = [['this', join(root, 'dist', 'debugAdapter.js')]];
if (process.env.BENCH_BASELINE)
  adapters.push(['base', join(dirname(resolve(process.env.BENCH_BASELINE)), 'debugAdapter.js')]);
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** utime + stime of a process, in ms (Linux /proc), or NaN. */
function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** Launch → first stop (the recording replayable), and the adapter's CPU meanwhile. */
async function launch(adapter, program, level) {
  const client = new testSupport.DebugClient(process.execPath, adapter, 'rewind');
  await client.start();
  try {
    const pid = client._adapterProcess?.pid;
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const cpuBefore = processCpuMs(pid);
    const startedMs = performance.now();
    const stopped = client.waitForEvent('stopped', 1_200_000);
    // The program's end, as the adapter reports it (its recordingStats turn to running: false).
    let programEndMs = NaN;
    client.on('rewind/recordingStats', (event) => {
      if (!event.body.running && Number.isNaN(programEndMs)) programEndMs = performance.now() - startedMs;
    });
    await client.launchRequest({ program, cwd: dirname(program), live: false, level, stopOnEntry: true });
    await client.configurationDoneRequest();
    await stopped;
    return { ms: performance.now() - startedMs, programEndMs, adapterCpuMs: processCpuMs(pid) - cpuBefore };
  } finally {
    await client.stop().catch(() => undefined);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const scale of scales) {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-adapter-bench-'));
  const workloads = writeWorkloads(dir, scale).filter((workload) => only.test(workload.name));
  console.log(`-- adapter launches, iterations x${scale}; ${rounds} interleaved rounds; medians`);
  for (const workload of workloads) {
    for (const level of levels) {
      const samples = Object.fromEntries(adapters.map(([name]) => [name, []]));
      for (const [, adapter] of adapters) await launch(adapter, workload.file, level); // warm the cache
      for (let round = 0; round < rounds; round++)
        for (const [name, adapter] of adapters) samples[name].push(await launch(adapter, workload.file, level));
      const cells = adapters.map(([name]) => {
        const runs = samples[name];
        return `${name}: launch→stop ${median(runs.map((run) => run.ms)).toFixed(0)} ms (program ended at ${median(runs.map((run) => run.programEndMs)).toFixed(0)}), adapter CPU ${median(runs.map((run) => run.adapterCpuMs)).toFixed(0)} ms`;
      });
      console.log(`${workload.name.padEnd(18)} ${level.padEnd(5)} ${cells.join(' | ')}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
