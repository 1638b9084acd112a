// Messages between a worker and its creating thread, as one thread's index sees them (EXT MESSAGE,
// events.ts): the step of each send, and which listener activations each receive ran, so the Call
// Stack can show, below a 'message' listener, the thread and frames that posted the message. A send
// and its receive share a key (worker thread id, direction, number; the process is the thread's).
// Compact: 4 bytes a send, 12 a listener linked. Filled by callbackOrigins.ts; knows event words and
// activations, nothing of other threads.
import { MessageAction } from '../../runtime/format';
import { IntList, upperBound } from './columns';

/** One message of a worker's channel, as both of its ends name it. */
export interface MessageKey {
  workerThreadId: number;
  /** Sent by the creating thread to the worker (else by the worker to its creator). */
  towardsWorker: boolean;
  sequence: number;
}

const SENDS: ReadonlySet<number> = new Set([MessageAction.SEND_TO_WORKER, MessageAction.SEND_TO_CREATOR]);
const TOWARDS_WORKER: ReadonlySet<number> = new Set([MessageAction.SEND_TO_WORKER, MessageAction.RECEIVE_FROM_CREATOR]);

/** One direction of one worker's channel: its sends' steps by number (4 bytes a message). */
interface Channel {
  workerThreadId: number;
  towardsWorker: boolean;
  /** The number of the first send this index holds (a window may start mid-channel). */
  firstSequence: number;
  sendSteps: IntList;
}

export class MessageLinks {
  private readonly channels: Channel[] = [];
  private readonly channelIds = new Map<string, number>();
  /** Listener activations (ascending: activations are numbered as entered) and their message. */
  private readonly receivers = new IntList();
  private readonly receivedChannel = new IntList();
  private readonly receivedSequence = new IntList();
  /** The last receive, until the callback that delivered it is over: its listeners are entered at `below`. */
  private pending: { channel: number; sequence: number; below: number } | undefined;

  /** MESSAGE [hdr, 3, action, workerThreadId, sequence] with `top` running and `step` the last step. */
  seen(action: number, workerThreadId: number, sequence: number, top: number, step: number): void {
    const channelId = this.channelOf(workerThreadId, TOWARDS_WORKER.has(action));
    if (!SENDS.has(action)) {
      this.pending = { channel: channelId, sequence, below: top };
      return;
    }
    const channel = this.channels[channelId];
    if (channel.sendSteps.length === 0) channel.firstSequence = sequence;
    // Numbers come in order from one thread; a gap (lost events) holds -1 (unknown).
    while (channel.firstSequence + channel.sendSteps.length < sequence) channel.sendSteps.push(-1);
    if (channel.firstSequence + channel.sendSteps.length === sequence) channel.sendSteps.push(step);
  }

  /** The receive whose listeners an emit starting at `top` runs (the emit takes it), if one is pending. */
  takeForEmit(top: number): MessageKey | undefined {
    const pending = this.pending;
    if (pending === undefined || pending.below !== top) return undefined;
    this.pending = undefined;
    return this.keyOf(pending.channel, pending.sequence);
  }

  /**
   * Activation `activation` entered at `below`: a listener of the emit open there (`emitted`: the
   * receive it delivers, if any), or with no emit open ('none') of the pending receive (a worker's
   * port dispatches to its listeners without an emit).
   */
  entered(activation: number, below: number, emitted: MessageKey | undefined | 'none'): void {
    if (emitted !== 'none') {
      if (emitted !== undefined)
        this.link(activation, this.channelOf(emitted.workerThreadId, emitted.towardsWorker), emitted.sequence);
    } else if (this.pending?.below === below) this.link(activation, this.pending.channel, this.pending.sequence);
  }

  /** A new callback runs: the receive before it delivered its message. */
  callbackStarted(): void {
    this.pending = undefined;
  }

  /** The message whose receive ran listener `activation`, if one did. */
  messageOf(activation: number): MessageKey | undefined {
    const at = upperBound(this.receivers.length, activation, (index) => this.receivers.get(index)) - 1;
    if (at < 0 || this.receivers.get(at) !== activation) return undefined;
    return this.keyOf(this.receivedChannel.get(at), this.receivedSequence.get(at));
  }

  /** The (index-relative) step that posted `key` in this thread, or -1. */
  sendStep(key: MessageKey): number {
    const id = this.channelIds.get(channelText(key.workerThreadId, key.towardsWorker));
    if (id === undefined) return -1;
    const channel = this.channels[id];
    const at = key.sequence - channel.firstSequence;
    return at >= 0 && at < channel.sendSteps.length ? channel.sendSteps.get(at) : -1;
  }

  private link(activation: number, channel: number, sequence: number): void {
    this.receivers.push(activation);
    this.receivedChannel.push(channel);
    this.receivedSequence.push(sequence);
  }

  private channelOf(workerThreadId: number, towardsWorker: boolean): number {
    const text = channelText(workerThreadId, towardsWorker);
    let id = this.channelIds.get(text);
    if (id === undefined) {
      id = this.channels.push({ workerThreadId, towardsWorker, firstSequence: 0, sendSteps: new IntList() }) - 1;
      this.channelIds.set(text, id);
    }
    return id;
  }

  private keyOf(channelId: number, sequence: number): MessageKey {
    const { workerThreadId, towardsWorker } = this.channels[channelId];
    return { workerThreadId, towardsWorker, sequence };
  }
}

function channelText(workerThreadId: number, towardsWorker: boolean): string {
  return `${workerThreadId}:${towardsWorker ? 'down' : 'up'}`;
}
