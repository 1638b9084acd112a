// The producer's side of the exit drain (exitDrain.ts): until its drain thread claims the ring, it
// keeps every message it posts to that thread (FILE, NOTE, END), so that at its exit it can claim
// the ring itself and write them, if the thread has not started. Knows when the option is lost (the
// thread claimed, a loader thread posts to the drain directly, the drain failed, too much kept) and
// the claim; not how the records are written.
import type { ProducerInfo } from '../format/records';
import type { OverflowStrategy } from '../format/environment';
import { Atomics, B } from './builtins';
import type { DrainMessage } from './drainWorker';
import { drainAtExit } from './exitDrain';
import { Control, DrainClaim, type RingShared } from './layout';

/**
 * Past this many bytes of FILE text the producer stops keeping messages (and will wait for the
 * thread at its exit): a program that loads that much before the thread starts is not one the
 * exit drain is for.
 */
const MAX_KEPT_BYTES = 16 << 20;

export interface ExitDrainTarget {
  outFile: string;
  shared: RingShared;
  producerId: number;
  producer: ProducerInfo;
  overflow: OverflowStrategy;
}

export class ExitDrainOption {
  /** The messages posted so far, while the option stands; undefined once it is lost. */
  private kept: DrainMessage[] | undefined;
  private keptBytes = 0;
  /** The ring's control words (DRAIN_CLAIM), while the option stands. */
  private readonly control: Int32Array | undefined;

  /** `target` undefined: the option never stands (the caller decided this producer cannot drain at exit). */
  constructor(private readonly target: ExitDrainTarget | undefined) {
    this.kept = target && B.list<DrainMessage>();
    this.control = target && new B.Int32Array(target.shared.control);
  }

  /**
   * Keeps `message` while the option stands; true when it was kept, so the caller must post a
   * clone rather than transfer its bytes.
   */
  keep(message: DrainMessage): boolean {
    const kept = this.kept;
    if (kept === undefined || this.drainThreadClaimed()) return false;
    B.listPush(kept, message);
    if (message.type === 'file') this.keptBytes += message.json.length;
    if (this.keptBytes > MAX_KEPT_BYTES) this.lose();
    return true;
  }

  /** The exit drain can no longer happen: what was kept is let go. */
  lose(): void {
    this.kept = undefined;
  }

  /** At exit: claims the ring and writes it when the drain thread never did; false to wait for the thread. */
  drained(warn: (message: string) => void): boolean {
    const { kept: messages, target, control } = this;
    if (messages === undefined || target === undefined || control === undefined) return false;
    const claim = Atomics.compareExchange(control, Control.DRAIN_CLAIM, DrainClaim.NONE, DrainClaim.PRODUCER_AT_EXIT);
    if (claim !== DrainClaim.NONE) return false;
    const { outFile, ...input } = target;
    const failure = drainAtExit(outFile, { ...input, messages });
    if (failure !== undefined) warn(`the recording could not be completed: ${failure}`);
    return true;
  }

  /** True once the drain thread claimed the ring; then nothing more is kept. */
  private drainThreadClaimed(): boolean {
    const control = this.control;
    if (control && Atomics.load(control, Control.DRAIN_CLAIM) === DrainClaim.NONE) return false;
    this.lose();
    return true;
  }
}
