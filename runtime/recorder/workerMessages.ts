// Messages between a worker and the thread that created it as events on both sides (EXT MESSAGE,
// events.ts): worker.postMessage / the worker's 'message' in the creating thread, parentPort's
// postMessage / 'message' in the worker. Each direction of each worker numbers its messages from 0
// on both ends (ports are FIFO), so a reader pairs a send with its receive by (pid, worker thread
// id, direction, number), and the listeners that run next with the send that caused them. Adds no
// listener (INS-13: listenerCount unchanged) and no frame to a listener's stack: sends are seen in
// a wrapped postMessage, receives in the creating thread where the Worker emits 'message' (our
// EventEmitter emit's observer, nodeEmits.ts), in the worker where Node's port reads its dispatch
// method just before calling it. Knows Node's worker internals, not the ring's layout.
import { Worker, isMainThread, parentPort, threadId } from 'node:worker_threads';
import { EventKind, Ext, MessageAction, eventHeader } from '../format/events';
import { B } from './builtins';
import { syncCallbackRun } from './callbackRuns';
import { disguise } from './functionText';
import { applyRaisingLimit } from './hiddenFrames';
import { beginSized, endSized, put2, put3 } from './ring';

const HEADER = eventHeader(EventKind.EXT, Ext.MESSAGE);
/** Node's own key (lib/internal/event_target.js): every EventTarget event passes through it. */
const HYBRID_DISPATCH = B.SymbolFor('nodejs.internal.kHybridDispatch');

type Method = (...args: never[]) => unknown;

interface WorkerBooks {
  threadId: number;
  sent: number;
  received: number;
}

/**
 * `observeMessageEmits` hands the creating thread's receives to the EventEmitter emit replacement
 * (it is undefined when that is not installed: Worker.prototype then gets an emit of its own).
 */
export function installMessageEvents(
  observeMessageEmits: ((observer: (emitter: object) => void) => void) | undefined,
): void {
  installCreatorSide(observeMessageEmits);
  if (!isMainThread && parentPort) installWorkerSide(parentPort);
}

function record(action: number, workerThreadId: number, sequence: number): void {
  // A receive starts its port's callback (the same id for every message): readers link the
  // listeners entered next to it, until the next run, so the run comes first (callbackRuns.ts).
  if (action === MessageAction.RECEIVE_FROM_WORKER || action === MessageAction.RECEIVE_FROM_CREATOR)
    syncCallbackRun(true);
  beginSized();
  put2(HEADER, 3);
  put3(action, workerThreadId, sequence);
  endSized();
}

/** In the thread that creates workers: its sends to each and the messages each sends back. */
function installCreatorSide(observeMessageEmits: ((observer: (emitter: object) => void) => void) | undefined): void {
  const books = new B.WeakMap<object, WorkerBooks>();
  const booksOf = (worker: object): WorkerBooks | undefined => {
    let entry = B.weakMapGet(books, worker) as WorkerBooks | undefined;
    if (entry) return entry;
    // threadId reads -1 once the worker's handle is gone (it exited): nothing to pair any more.
    const id = (worker as { threadId?: unknown }).threadId;
    if (typeof id !== 'number' || id < 0) return undefined;
    entry = { threadId: id, sent: 0, received: 0 };
    B.weakMapSet(books, worker, entry);
    return entry;
  };
  const prototype = Worker.prototype as unknown as Record<string, unknown>;
  const post = prototype.postMessage as Method;
  if (typeof post === 'function') {
    const replacement = {
      postMessage(this: object, ...args: unknown[]): unknown {
        const entry = booksOf(this);
        // Hidden: a DataCloneError thrown at the program shows a plain run's stack.
        const result = applyRaisingLimit(post, this, args, 2);
        if (entry) record(MessageAction.SEND_TO_WORKER, entry.threadId, entry.sent++);
        return result;
      },
    }.postMessage;
    disguise(replacement, post);
    B.defineProperty(prototype, 'postMessage', {
      ...B.getOwnPropertyDescriptor(prototype, 'postMessage'),
      value: replacement,
    });
  }
  // Node's Worker re-emits each message from its port with this.emit('message', …).
  const received = (worker: object): void => {
    const entry = booksOf(worker);
    if (entry) record(MessageAction.RECEIVE_FROM_WORKER, entry.threadId, entry.received++);
  };
  if (observeMessageEmits !== undefined) {
    observeMessageEmits((emitter) => {
      for (let link = B.getPrototypeOf(emitter); link !== null; link = B.getPrototypeOf(link))
        if (link === prototype) return received(emitter);
    });
    return;
  }
  // Without the emit replacement: an own emit on Worker.prototype sees the message before any
  // listener runs (its frames are then in a stack a listener captures).
  const emit = prototype.emit as Method;
  if (typeof emit !== 'function' || B.hasOwn(prototype, 'emit')) return;
  const replacement = {
    emit(this: object, ...args: unknown[]): unknown {
      if (args[0] === 'message') received(this);
      return applyRaisingLimit(emit, this, args, 2);
    },
  }.emit;
  disguise(replacement, emit);
  B.defineProperty(prototype, 'emit', { value: replacement, writable: true, enumerable: false, configurable: true });
}

/** In a worker: what it sends on parentPort and what arrives there. */
function installWorkerSide(port: object): void {
  let sent = 0;
  let received = 0;
  const portPrototype = B.getPrototypeOf(port) as Record<string, unknown> | null;
  const post = portPrototype?.postMessage as Method | undefined;
  if (portPrototype && typeof post === 'function') {
    const replacement = {
      postMessage(this: unknown, ...args: unknown[]): unknown {
        const result = applyRaisingLimit(post, this, args, 2);
        if (this === port) record(MessageAction.SEND_TO_CREATOR, threadId, sent++);
        return result;
      },
    }.postMessage;
    disguise(replacement, post);
    B.defineProperty(portPrototype, 'postMessage', {
      ...B.getOwnPropertyDescriptor(portPrototype, 'postMessage'),
      value: replacement,
    });
  }
  let owner = B.getPrototypeOf(port) as Record<symbol, unknown> | null;
  while (owner && !B.hasOwn(owner, HYBRID_DISPATCH)) owner = B.getPrototypeOf(owner) as Record<symbol, unknown> | null;
  const descriptor = owner ? B.getOwnPropertyDescriptor(owner, HYBRID_DISPATCH) : undefined;
  const dispatch = descriptor?.value as Method | undefined;
  if (!owner || typeof dispatch !== 'function' || descriptor?.configurable !== true) return;
  // Node's port reads its dispatch method twice per message (per_context/messageport.js: to check
  // it, then to call it), before any listener runs: the first read of each pair records the
  // receive, by no frame of the listeners' (a wrapped method would sit in every stack a listener
  // captures). Only a program's own parentPort.emit() or dispatchEvent() (one read each) would
  // shift the pairs.
  let secondRead = false;
  B.defineProperty(owner, HYBRID_DISPATCH, {
    get(this: unknown): unknown {
      if (this === port) {
        if (!secondRead) record(MessageAction.RECEIVE_FROM_CREATOR, threadId, received++);
        secondRead = !secondRead;
      }
      return dispatch;
    },
    set(this: object, value: unknown): void {
      B.defineProperty(this, HYBRID_DISPATCH, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: descriptor.enumerable,
    configurable: true,
  });
}
