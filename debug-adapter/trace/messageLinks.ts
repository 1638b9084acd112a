// Messages between a worker and its creating thread, as one thread's index sees them (EXT MESSAGE,
// events.ts): the step of each send, and which listener activations each receive ran, so the Call
// Stack can show, below a 'message' listener, the thread and frames that posted the message. A send
// and its receive share a key (worker thread id, direction, number; the process is the thread's).
// Filled by callbackOrigins.ts; knows event words and activations, nothing of other threads.
import { MessageAction } from '../../runtime/format';

/** One message of a worker's channel, as both of its ends name it. */
export interface MessageKey {
  workerThreadId: number;
  /** Sent by the creating thread to the worker (else by the worker to its creator). */
  towardsWorker: boolean;
  sequence: number;
}

const SENDS: ReadonlySet<number> = new Set([MessageAction.SEND_TO_WORKER, MessageAction.SEND_TO_CREATOR]);
const TOWARDS_WORKER: ReadonlySet<number> = new Set([MessageAction.SEND_TO_WORKER, MessageAction.RECEIVE_FROM_CREATOR]);

function keyText(key: MessageKey): string {
  return `${key.workerThreadId}:${key.towardsWorker ? 'down' : 'up'}:${key.sequence}`;
}

export class MessageLinks {
  /** Send key → the (index-relative) step that posted it. */
  private readonly sends = new Map<string, number>();
  /** Listener activation → the message whose receive ran it. */
  private readonly received = new Map<number, MessageKey>();
  /** The last receive, until the callback that delivered it is over: its listeners are entered at `below`. */
  private pending: { key: MessageKey; below: number } | undefined;

  /** MESSAGE [hdr, 3, action, workerThreadId, sequence] with `top` running and `step` the last step. */
  seen(action: number, workerThreadId: number, sequence: number, top: number, step: number): void {
    const key = { workerThreadId, towardsWorker: TOWARDS_WORKER.has(action), sequence };
    if (SENDS.has(action)) this.sends.set(keyText(key), step);
    else this.pending = { key, below: top };
  }

  /** The receive whose listeners an emit starting at `top` runs (the emit takes it), if one is pending. */
  takeForEmit(top: number): MessageKey | undefined {
    const pending = this.pending;
    if (pending === undefined || pending.below !== top) return undefined;
    this.pending = undefined;
    return pending.key;
  }

  /**
   * Activation `activation` entered at `below`: a listener of the emit open there (`emitted`: the
   * receive it delivers, if any), or with no emit open ('none') of the pending receive (a worker's
   * port dispatches to its listeners without an emit).
   */
  entered(activation: number, below: number, emitted: MessageKey | undefined | 'none'): void {
    const key = emitted !== 'none' ? emitted : this.pending?.below === below ? this.pending.key : undefined;
    if (key !== undefined) this.received.set(activation, key);
  }

  /** A new callback runs: the receive before it delivered its message. */
  callbackStarted(): void {
    this.pending = undefined;
  }

  /** The message whose receive ran listener `activation`, if one did. */
  messageOf(activation: number): MessageKey | undefined {
    return this.received.get(activation);
  }

  /** The (index-relative) step that posted `key` in this thread, or -1. */
  sendStep(key: MessageKey): number {
    return this.sends.get(keyText(key)) ?? -1;
  }
}
