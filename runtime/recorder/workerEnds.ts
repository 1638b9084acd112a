// Ending a worker's recording when the worker is stopped from outside: worker.terminate() and the
// end of the process stop a worker's JavaScript at once, with no 'exit' for the recorder to finish
// on, and take the worker's own drain thread with it. So every recorded thread shares a small
// table of end requests with the workers it creates (environment data, inherited by each new
// Worker); a worker claims a slot for its drain, and the thread that terminates it (or ends the
// process) raises that slot's request and waits (bounded) for the drain to write what was
// published and its END. The worker itself, while it still runs, answers the request by publishing
// what it has not yet: its drain, seeing the request, asks for an idle flush over the port they
// share (idleFlush.ts), and the flush marks the request answered; then the drain finishes at once.
// No timer of ours runs in the worker: a timer callback goes through Node's timer code, which
// writes an array index a program can break with a getter on Array.prototype (INS-25). A worker too
// busy to answer is finished without its tail after ANSWER_WAIT_MS. Knows the slot layout and
// Node's Worker, not the ring.
import { Worker, getEnvironmentData, setEnvironmentData } from 'node:worker_threads';
import { Atomics, B } from './builtins';
import { disguise } from './functionText';
import { Control } from './layout';
import { applyHidingOwnFrames } from './ownFrames';

/** A key no program asks for: its workers' copies reach only our bootloader. */
const KEY = 'rewind.workerEnds';
const SLOTS = 256;
/** Word 0 counts claimed slots; then per slot: [threadId + 1, request, acknowledged]. */
const Slot = { THREAD: 0, REQUEST: 1, ACK: 2, WORDS: 3 } as const;
/** REQUEST values: asked by the creator; answered by the worker (everything it recorded is published). */
const Request = { NONE: 0, ASKED: 1, PUBLISHED: 2 } as const;
/** How long a drain waits for a busy worker's answer before finishing without its unpublished tail. */
export const ANSWER_WAIT_MS = 100;
/** A worker's drain notices a request within its idle wait (≤ 50 ms) and finishes in a few more. */
const END_WAIT_MS = 1000;

/** What a worker's drain watches: its slot in its creator's table. */
export interface EndRequestSlot {
  table: SharedArrayBuffer;
  index: number;
}

/** In a worker, before installWorkerEnds: a slot in the creator's table, if one is left. */
export function claimEndSlot(threadId: number): EndRequestSlot | undefined {
  const table = getEnvironmentData(KEY);
  if (!(table instanceof B.SharedArrayBuffer)) return undefined;
  const words = new B.Int32Array(table);
  const index = Atomics.add(words, 0, 1);
  if (index >= SLOTS) return undefined;
  Atomics.store(words, slotWord(index, Slot.THREAD), threadId + 1);
  return { table, index };
}

/** The drain's side: 'none', 'asked' (the worker has not answered yet) or 'published' (finish now). */
export function endRequest(slot: EndRequestSlot, words: Int32Array): 'none' | 'asked' | 'published' {
  const request = Atomics.load(words, slotWord(slot.index, Slot.REQUEST));
  return request === Request.NONE ? 'none' : request === Request.ASKED ? 'asked' : 'published';
}

/**
 * The worker's side, after each idle flush (which its drain asks for once it sees a request: the
 * flush has published everything recorded so far): answer a pending request. The notify wakes a
 * drain asleep on the ring's head, so it finishes now rather than after its idle wait.
 */
export function answerEndRequest(slot: EndRequestSlot, words: Int32Array, control: Int32Array): void {
  const at = slotWord(slot.index, Slot.REQUEST);
  if (Atomics.compareExchange(words, at, Request.ASKED, Request.PUBLISHED) !== Request.ASKED) return;
  Atomics.notify(control, Control.DESC_HEAD);
}

/** The drain's side: END is written. */
export function acknowledgeEnd(slot: EndRequestSlot, words: Int32Array): void {
  Atomics.store(words, slotWord(slot.index, Slot.ACK), 1);
  Atomics.notify(words, slotWord(slot.index, Slot.ACK));
}

function slotWord(index: number, field: number): number {
  return 1 + index * Slot.WORDS + field;
}

/**
 * In every recorded thread: a table for the workers it will create, terminate() that ends a
 * worker's recording first, and every worker's at this thread's end (`beforeEnd`).
 */
export function installWorkerEnds(beforeEnd: Array<() => void>): void {
  const words = new B.Int32Array(new B.SharedArrayBuffer((1 + SLOTS * Slot.WORDS) * 4));
  setEnvironmentData(KEY, words.buffer as SharedArrayBuffer);
  const prototype = Worker.prototype as unknown as Record<string, unknown>;
  const terminate = prototype.terminate as (...args: never[]) => unknown;
  if (typeof terminate === 'function') {
    const replacement = {
      terminate(this: object, ...args: unknown[]): unknown {
        const id = (this as { threadId?: unknown }).threadId;
        if (typeof id === 'number' && id >= 0) endWorkers(words, id);
        return applyHidingOwnFrames(terminate, this, args, 2);
      },
    }.terminate;
    disguise(replacement, terminate);
    B.defineProperty(prototype, 'terminate', {
      ...B.getOwnPropertyDescriptor(prototype, 'terminate'),
      value: replacement,
    });
  }
  B.listPush(beforeEnd, () => endWorkers(words, -1));
}

/** Ends the recording of worker `threadId` (-1: of every worker), in one shared bounded wait. */
function endWorkers(words: Int32Array, threadId: number): void {
  const claimed = B.MathMin(Atomics.load(words, 0), SLOTS);
  const waiting = B.list<number>();
  for (let index = 0; index < claimed; index++) {
    const thread = Atomics.load(words, slotWord(index, Slot.THREAD)) - 1;
    if (thread < 0 || (threadId >= 0 && thread !== threadId)) continue;
    if (Atomics.load(words, slotWord(index, Slot.ACK)) !== 0) continue; // ended already
    Atomics.compareExchange(words, slotWord(index, Slot.REQUEST), Request.NONE, Request.ASKED);
    B.listPush(waiting, slotWord(index, Slot.ACK));
  }
  const deadline = B.dateNow() + END_WAIT_MS;
  for (let i = 0; i < waiting.length; i++) {
    while (Atomics.load(words, waiting[i]) === 0) {
      const left = deadline - B.dateNow();
      if (left <= 0) return;
      Atomics.wait(words, waiting[i], 0, left);
    }
  }
}
