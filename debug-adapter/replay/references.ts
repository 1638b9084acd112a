// variablesReference / frame id handles (DAP-08). Every handle maps to (thread, step, target);
// handles are never reused, and a handle from an earlier stop of its thread is refused with a clear
// message, so it can never show another moment's data. A stop of one thread leaves the handles of
// the others valid (they did not move). Knows nothing of what targets mean.
import { ReplayError } from './errors';

export class References<Target extends { stepIndex: number; threadId: number }> {
  /** The current stop's handles, per thread (a handful of threads: lookups try each). */
  private tables = new Map<number, Map<number, Target>>();
  private nextHandle = 1;

  /** Called on every stop of a thread: that thread's earlier handles become stale. */
  newStop(threadId: number): void {
    this.tables.delete(threadId);
  }

  add(target: Target): number {
    // DAP handles are positive 31-bit integers; wrap long before that and keep refusing old ones.
    if (this.nextHandle >= 0x7fff0000) this.nextHandle = 1;
    const handle = this.nextHandle++;
    let table = this.tables.get(target.threadId);
    if (!table) this.tables.set(target.threadId, (table = new Map()));
    table.set(handle, target);
    return handle;
  }

  get(handle: number): Target {
    for (const table of this.tables.values()) {
      const target = table.get(handle);
      if (target) return target;
    }
    // Every handle below the next one was handed out once: one that is gone belongs to an earlier stop.
    if (handle > 0 && handle < this.nextHandle)
      throw new ReplayError(
        `reference ${handle} belongs to an earlier stop; request it again for the current step`,
        false,
      );
    throw new ReplayError(`unknown reference ${handle}`);
  }
}
