// Callback origins of one thread (EXT ORIGIN / ORIGIN_RUN, events.ts): where each timer, tick,
// promise reaction, I/O callback and emitter listener was scheduled (a step), and which activation
// ran each callback. Filled by eventIndexer.ts, read by replay/stack.ts for the async rows of the
// Call Stack. Also which activations are listeners run by an `emit(…)` call (EMIT: the program's,
// or Node's EventEmitter's), for their label row. Knows event words and step numbers, nothing of frames' contents or of
// DAP.
import { OriginKind, decodePackedText } from '../../runtime/format';
import { MessageLinks, type MessageKey } from './messageLinks';

/** How far a chain of origins scheduled by no recorded code is followed to one that was. */
const MAX_INHERIT_HOPS = 64;

const LABELS: Record<number, string> = {
  [OriginKind.TIMEOUT]: 'setTimeout',
  [OriginKind.INTERVAL]: 'setInterval',
  [OriginKind.IMMEDIATE]: 'setImmediate',
  [OriginKind.NEXT_TICK]: 'process.nextTick',
  [OriginKind.MICROTASK]: 'queueMicrotask',
  [OriginKind.PROMISE]: 'Promise.then',
  [OriginKind.FS]: 'fs',
  [OriginKind.NET]: 'net',
  [OriginKind.HTTP]: 'http',
  [OriginKind.CHILD_PROCESS]: 'child process',
};

interface OriginRecord {
  kind: number;
  /** The step that scheduled it; -1 when no recorded code was running (see `parent`). */
  step: number;
  /** The origin of what was running when it was scheduled (its async trigger), -1 when unknown. */
  parent: number;
}

/** The callbacks an ORIGIN_RUN announced: attached in order to activations entered at `below`. */
interface OpenEmit {
  label: string;
  message: MessageKey | undefined;
}

interface PendingRun {
  originIds: Int32Array;
  next: number;
  below: number;
}

export class CallbackOrigins {
  private readonly records: OriginRecord[] = [];
  private readonly byId = new Map<number, number>();
  private readonly byActivation = new Map<number, number>();
  private pending: PendingRun | undefined;
  /**
   * Calling activation (-1: none recorded) → the emit calls it is in: label ("EventEmitter 'x'") and the message it
   * delivers.
   */
  private readonly emitting = new Map<number, OpenEmit[]>();
  /** Worker messages: sends, and the listeners each receive ran. */
  readonly messages = new MessageLinks();
  /** Listener activation → the label of the emit call that ran it. */
  private readonly listeners = new Map<number, string>();
  /** The listener activations in the order they were entered (so by step), for the timeline's markers. */
  readonly listenerActivations: number[] = [];

  get size(): number {
    return this.records.length;
  }

  /** ORIGIN [hdr, 3, originId, triggerId, kind]: scheduled at `step` (-1: by no recorded code). */
  scheduled(words: Int32Array, at: number, step: number): void {
    const trigger = words[at + 3];
    const parent = step < 0 && trigger > 0 ? (this.byId.get(trigger) ?? -1) : -1;
    this.byId.set(words[at + 2], this.records.push({ kind: words[at + 4], step, parent }) - 1);
  }

  /** ORIGIN_RUN [hdr, n, ids…] with `top` the running activation (-1 at the event loop). */
  running(words: Int32Array, at: number, top: number): void {
    const count = words[at + 1];
    this.messages.callbackStarted();
    this.pending = count > 0 ? { originIds: words.slice(at + 2, at + 2 + count), next: 0, below: top } : undefined;
  }

  /**
   * EMIT [hdr, n, phase, c, text] in activation `top` (-1: Node emitting from the event loop, as an
   * http server's 'request'): its emit call starts (phase 1) or ends (0). Emits nest (a listener of
   * Node's own runs Node's next emit in the same activation), and the program's call and Node's
   * EventEmitter both mark one emit: the innermost start (Node's, naming the event at run time) labels.
   */
  emitCall(words: Int32Array, at: number, top: number): void {
    const open = this.emitting.get(top);
    if (words[at + 2] === 0) {
      open?.pop();
      if (open?.length === 0) this.emitting.delete(top);
      return;
    }
    const name = words[at + 3] > 0 ? decodePackedText(words, at + 3) : '';
    const label = name ? `EventEmitter '${name}'` : 'EventEmitter';
    const entry = { label, message: this.messages.takeForEmit(top) };
    if (open) open.push(entry);
    else this.emitting.set(top, [entry]);
  }

  /** A step of `activation`: an emit call it was in is over (one that threw has no end). */
  stepped(activation: number): void {
    if (this.emitting.size > 0) this.emitting.delete(activation);
  }

  /** The label of the emit call that ran listener `activation` ("EventEmitter 'x'"), if one did. */
  listenerLabel(activation: number): string | undefined {
    return this.listeners.get(activation);
  }

  /** A new activation `activation` entered above `below`: the next announced callback, if it is one. */
  entered(activation: number, below: number): void {
    const open = this.emitting.size > 0 ? this.emitting.get(below) : undefined;
    if (open !== undefined) {
      this.listeners.set(activation, open[open.length - 1].label);
      this.listenerActivations.push(activation);
    }
    this.messages.entered(activation, below, open === undefined ? 'none' : open[open.length - 1].message);
    const pending = this.pending;
    if (!pending || pending.below !== below || pending.next >= pending.originIds.length) return;
    const origin = this.byId.get(pending.originIds[pending.next++]);
    if (origin !== undefined) this.byActivation.set(activation, origin);
  }

  /** A frame resumed above `below` (an await's continuation): an announced reaction was that, not a call. */
  resumed(below: number): void {
    if (this.pending?.below === below && this.pending.originIds.length === 1) this.pending = undefined;
  }

  /** The origin that scheduled the callback `activation` runs, or -1. */
  ofActivation(activation: number): number {
    return this.byActivation.get(activation) ?? -1;
  }

  /** The step where the origin's callback was scheduled by recorded code (following triggers), or -1. */
  schedulingStep(origin: number): number {
    for (let hops = 0; origin >= 0 && hops < MAX_INHERIT_HOPS; hops++) {
      const record = this.records[origin];
      if (record.step >= 0) return record.step;
      origin = record.parent;
    }
    return -1;
  }

  /** The Call Stack's label: "setTimeout", "Promise.then", "fs"… */
  label(origin: number): string {
    return LABELS[this.records[origin].kind] ?? 'async';
  }
}
