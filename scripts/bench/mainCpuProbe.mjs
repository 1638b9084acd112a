// The main-thread CPU probe the bench preloads (`--require`) into plain and recorded runs alike: at
// exit each process writes its main thread's on-CPU time (schedstat) to stderr as `MAINCPU <ns>`,
// which a loaded machine blurs far less than wall time. Knows nothing of what the runs are.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CPU_PROBE = `process.on('exit', () => {
  const onCpuNs = Number(require('fs').readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8').split(' ')[0]);
  process.stderr.write('MAINCPU ' + onCpuNs + '\\n');
});
`;

/** Writes the probe into `workDir`; returns its path (for `--require`). */
export function writeCpuProbe(workDir) {
  const path = join(workDir, 'main-cpu-probe.cjs');
  writeFileSync(path, CPU_PROBE);
  return path;
}

/** Every process's main-thread CPU (ms) that a run's stderr reports, in the order they exited. */
export function mainCpuSamplesMs(stderr) {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('MAINCPU '))
    .map((line) => Number(line.slice(8)) / 1e6);
}
