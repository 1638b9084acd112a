// Killing a launched program with everything it started (DAP-10): its process group when it has
// its own, plus any descendant that left the group (found through `ps`). Knows nothing of
// recording; it only needs a pid.
import { execFileSync } from 'node:child_process';

/** Pids of every descendant of `rootPid`, deepest last (from one `ps` snapshot). */
export function descendantPids(rootPid: number): number[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of listing.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!Number.isInteger(pid) || !Number.isInteger(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const child of children.get(queue.shift() as number) ?? []) { found.push(child); queue.push(child); }
  }
  return found;
}

function signalQuietly(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // already gone, or not ours
  }
}

/**
 * Sends `signal` to the program and all its descendants. With `ownGroup` (spawned detached), the
 * whole group is signalled at once, so children that start between the snapshot and the kill die too.
 */
export function killProcessTree(rootPid: number, signal: NodeJS.Signals = 'SIGKILL', ownGroup = false): void {
  const descendants = descendantPids(rootPid);
  if (ownGroup) signalQuietly(-rootPid, signal);
  signalQuietly(rootPid, signal);
  for (const pid of descendants) signalQuietly(pid, signal);
}
