// Who posted a worker message: the thread of the same process whose recording has the send of the
// message a listener's receive delivered (MessageKey), and the step that sent it. The engine puts
// that thread's stack at that step below the listener, as the cause of the callback across
// threads. Knows the store's threads, nothing of DAP.
import type { TraceStore } from '../trace/store';
import type { AbsoluteStep, MessageKey } from '../trace/history';

export interface MessageSender {
  threadId: number;
  step: AbsoluteStep;
}

/** The thread (of `receiverThreadId`'s process) that posted `key`, and its step, or undefined. */
export function messageSender(store: TraceStore, receiverThreadId: number, key: MessageKey): MessageSender | undefined {
  const pid = store.threads.get(receiverThreadId)?.producer?.pid;
  if (pid === undefined) return undefined;
  for (const [threadId, thread] of store.threads) {
    if (threadId === receiverThreadId || thread.producer?.pid !== pid) continue;
    const step = thread.history.messageSendStep(key);
    if (step >= 0) return { threadId, step };
  }
  return undefined;
}
