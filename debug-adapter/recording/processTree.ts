// Killing a launched program with everything it started (DAP-10): its process group when it has
// its own, plus any descendant that left the group (found through `ps`); and ending a tree the way
// Ctrl+C would, then surely (a signal, a grace period, SIGKILL). Knows nothing of recording; it
// only needs a pid.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Pids of every descendant of `rootPid`, deepest last (from one `ps` snapshot). */
export function descendantPids(rootPid: number): number[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
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
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
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

/** Linux: the process's start time (clock ticks since boot), so a pid reused later is not mistaken for it. */
function startTimeOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

export interface TreeEnding {
  /** SIGKILL now to every process of the tree still alive (a second Ctrl+C). */
  now(): void;
  /** Forget the pending SIGKILL (the tree ended on its own). */
  cancel(): void;
}

/**
 * Ends `rootPid` and everything it started: `signal` now (none when a terminal already delivered
 * it to the foreground group), SIGKILL after `graceMs` to whatever of the tree is left, including
 * children started meanwhile. The tree is noted now, while the root can still name its children:
 * once it exits they are reparented and no longer found under it.
 */
export function endProcessTree(rootPid: number, signal: NodeJS.Signals | undefined, graceMs: number): TreeEnding {
  const known = new Map<number, string>();
  const note = (pids: number[]) => {
    for (const pid of pids) if (!known.has(pid)) known.set(pid, startTimeOf(pid));
  };
  note([rootPid, ...descendantPids(rootPid)]);
  if (signal) for (const pid of known.keys()) signalQuietly(pid, signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const killAll = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    for (const pid of [...known.keys()]) note(descendantPids(pid));
    for (const [pid, started] of known) if (startTimeOf(pid) === started) signalQuietly(pid, 'SIGKILL');
  };
  timer = setTimeout(killAll, graceMs);
  timer.unref();
  return {
    now: killAll,
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
