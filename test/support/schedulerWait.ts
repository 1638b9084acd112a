// How long a thread waited for a CPU (Linux /proc/<pid>/task/<tid>/schedstat: time on a run
// queue, runnable but not running), for tests whose wall-clock bound is about our work, not about
// how busy a shared machine is. Elsewhere (no /proc) it reads 0: the wall time is taken whole.
import { readFileSync } from 'node:fs';

/** Milliseconds the thread (default: the process's main thread) has waited on a run queue so far. */
export function runQueueWaitMs(pid: number, threadId = pid): number {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${threadId}/schedstat`, 'utf8').trim().split(/\s+/);
    return Number(fields[1]) / 1e6;
  } catch {
    return 0;
  }
}
