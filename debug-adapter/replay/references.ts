// variablesReference / frame id handles (DAP-08). Every handle maps to (step, target); handles are
// never reused, and a handle from an earlier stop is refused with a clear message, so it can never
// show another moment's data. Knows nothing of what targets mean.
import { ReplayError } from './errors';

export class References<Target extends { stepIndex: number }> {
  private table = new Map<number, Target>();
  private nextHandle = 1;
  private firstOfStop = 1;

  /** Called on every stop: earlier handles become stale. */
  newStop(): void {
    this.table = new Map();
    this.firstOfStop = this.nextHandle;
  }

  add(target: Target): number {
    // DAP handles are positive 31-bit integers; wrap long before that and keep refusing old ones.
    if (this.nextHandle >= 0x7fff0000) this.nextHandle = 1;
    const handle = this.nextHandle++;
    this.table.set(handle, target);
    return handle;
  }

  get(handle: number): Target {
    const target = this.table.get(handle);
    if (target) return target;
    if (handle > 0 && handle < this.firstOfStop) throw new ReplayError(`reference ${handle} belongs to an earlier stop; request it again for the current step`, false);
    throw new ReplayError(`unknown reference ${handle}`);
  }
}
