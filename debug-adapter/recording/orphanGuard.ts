// Ending a launched program tree when the adapter dies however it dies (DAP-10, issue 10 item 8):
// SIGKILL leaves no chance to clean up, so a small watcher process, in its own process group, holds
// a pipe from us; when the pipe closes without a "release", it kills the program's process group
// and every descendant. The program never sees it: no fd, no listener, no environment of its own.
// It leaves by itself once the program's group is empty. Knows pids and pipes, not recording.
import { spawn } from 'node:child_process';

/** Runs in the watcher (node -e): argv[1] is the program's pid, which is also its process group id. */
const WATCHER_SOURCE = `
const { execFileSync } = require('node:child_process');
const root = Number(process.argv[1]);
let released = false;
const quietly = (pid, signal) => { try { process.kill(pid, signal); return true; } catch { return false; } };
function descendants() {
  let listing = '';
  try { listing = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); } catch { return []; }
  const children = new Map();
  for (const line of listing.split('\\n')) {
    const [pid, ppid] = line.trim().split(/\\s+/).map(Number);
    if (Number.isInteger(pid) && Number.isInteger(ppid)) children.set(ppid, [...(children.get(ppid) || []), pid]);
  }
  const found = [];
  const queue = [root];
  while (queue.length) for (const child of children.get(queue.shift()) || []) { found.push(child); queue.push(child); }
  return found;
}
function end() {
  if (!released) {
    const tree = descendants();
    quietly(-root, 'SIGKILL');
    quietly(root, 'SIGKILL');
    for (const pid of tree) quietly(pid, 'SIGKILL');
  }
  process.exit(0);
}
process.stdin.on('data', (chunk) => { if (String(chunk).includes('release')) released = true; });
process.stdin.on('end', end);
process.stdin.on('error', end);
setInterval(() => { if (!quietly(-root, 0) && !quietly(root, 0)) process.exit(0); }, 2000);
`;

export interface OrphanGuard {
  /** The tree was ended (or is about to be) by us: the watcher leaves without killing anything. */
  release(): void;
}

/** Watches `pid` (the leader of its own process group). POSIX only: elsewhere there are no groups to end. */
export function guardAgainstOrphans(pid: number): OrphanGuard {
  if (process.platform === 'win32') return { release: () => undefined };
  const watcher = spawn(process.execPath, ['-e', WATCHER_SOURCE, String(pid)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ELECTRON_RUN_AS_NODE: '1' },
  });
  watcher.on('error', () => undefined);
  watcher.stdin.on('error', () => undefined);
  // Neither the watcher nor its pipe keeps the adapter alive.
  watcher.unref();
  (watcher.stdin as unknown as { unref?: () => void }).unref?.();
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      watcher.stdin.end('release\n');
    },
  };
}
