// The idle flush, asked for by the drain (issue 14 item 1): a program that goes quiet with an open
// batch gets it published within about IDLE_FLUSH_MS, so a program killed while idle (no signal
// listener: exit.ts) or a live adapter watching it has everything executed so far. The drain, not a
// timer here, notices the quiet (no batch published for IDLE_FLUSH_MS) and posts a request on the
// port it shares with this thread; the flush runs in that message's callback.
// Why no timer: every JS timer callback goes through Node's own timer code, which writes to an
// array (pushAsyncContext) a program can break with a getter on Array.prototype; and a timer of
// ours that comes due while the process ends would run one more callback than a plain run does.
// A message to an unref'd port never keeps the program alive, and arrives only while its event loop
// runs anyway. Knows the port and the control word, not what a flush publishes.
import type { MessagePort } from 'node:worker_threads';
import { Atomics } from './builtins';
import { Control } from './layout';

/** How long the producer may stay quiet with an open batch before the drain asks for it. */
export const IDLE_FLUSH_MS = 20;

/** What the drain posts to ask for the open batch (and what the producer recognises). */
const IDLE_FLUSH_REQUEST = 'rewind:idle-flush';

/** The drain's side: ask the producer for its open batch, unless an earlier request is unanswered. */
export function askForIdleFlush(control: Int32Array, port: MessagePort): void {
  if (Atomics.compareExchange(control, Control.IDLE_FLUSH_ASKED, 0, 1) !== 0) return;
  port.postMessage(IDLE_FLUSH_REQUEST);
}

/** The producer's side: answer each request with `flush`. The port stays unref'd. */
export function answerIdleFlushes(control: Int32Array, port: MessagePort, flush: () => void): void {
  port.on('message', (message: unknown) => {
    if (message !== IDLE_FLUSH_REQUEST) return;
    // Cleared first: a request the drain makes while this flush runs is not lost.
    Atomics.store(control, Control.IDLE_FLUSH_ASKED, 0);
    flush();
  });
  // A 'message' listener refs the port (Node starts and refs it): it must never keep the program alive.
  port.unref();
}
