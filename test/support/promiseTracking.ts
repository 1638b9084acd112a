// Whether a Node binary's async_hooks.createHook takes `trackPromises` (Node 24): asked of the
// binary itself, as the recorder asks (runtime/recorder/promiseTracking.ts), but by code of its own,
// so a recorder whose probe broke fails the tests that expect a plain run's promise reactions.
import { spawnSync } from 'node:child_process';

/** Prints `yes` where createHook validates the option (a TypeError for a non-boolean). */
const PROBE = `
try {
  require('node:async_hooks').createHook({ trackPromises: 0 });
  process.stdout.write('no');
} catch (error) {
  process.stdout.write(error.code === 'ERR_INVALID_ARG_TYPE' ? 'yes' : 'no');
}`;

const known = new Map<string, boolean>();

export function leavesPromisesUntracked(nodeBinary: string): boolean {
  let answer = known.get(nodeBinary);
  if (answer === undefined) {
    const probe = spawnSync(nodeBinary, ['-e', PROBE], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (probe.status !== 0) throw new Error(`probing ${nodeBinary} failed: ${probe.stderr}`);
    answer = probe.stdout === 'yes';
    known.set(nodeBinary, answer);
  }
  return answer;
}
