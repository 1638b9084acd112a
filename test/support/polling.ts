// Waiting on processes and conditions in tests that drive real programs: whether a pid is alive,
// which processes a pid started, and polling a condition until it holds or a deadline passes.
// Knows nothing of Rewind.
import { execFileSync } from 'node:child_process';

/** Whether a process with this pid exists (signal 0 probes without delivering anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passed; says whether it holds. */
export async function waitUntil(condition: () => boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !condition()) await new Promise((resolve) => setTimeout(resolve, intervalMs));
  return condition();
}

/** The pids whose parent is `pid` (ps, as the orphan guard reads the tree). */
export function childPids(pid: number): number[] {
  const listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, ppid]) => ppid === pid)
    .map(([child]) => child);
}

/** Whether a process whose command line names `text` is running (ps, full width: Linux and macOS). */
export function runningWith(text: string): boolean {
  return execFileSync('ps', ['-eo', 'args', '-ww'], { encoding: 'utf8' })
    .split('\n')
    .some((line) => line.includes(text));
}
