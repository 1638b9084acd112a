// The thread a request is about: DAP requests that carry a `threadId` act on that thread only;
// requests without one (the `rewind/` timeline requests, a REPL evaluate with no frame) act on the
// thread of the latest stop, the one the client shows. An unknown id is the client's mistake,
// answered as such (never silently replaced by another thread). Knows nothing of the request.
import type { ReplayEngine } from '../replay/api';
import type { SessionContext } from './context';
import { badArguments } from './errors';
import { fromClientThreadId } from './stops';

/** The engine, focused on the request's thread. */
export function onThread(
  context: SessionContext,
  command: string,
  args: Record<string, unknown> | undefined,
): ReplayEngine {
  const engine = context.engine();
  const threadId = args?.threadId;
  if (threadId === undefined) {
    if (context.stoppedThreadId !== undefined) engine.selectThread(context.stoppedThreadId);
    return engine;
  }
  if (!Number.isInteger(threadId)) throw badArguments(command, '"threadId" must be an integer');
  const producerId = fromClientThreadId(threadId as number);
  if (!engine.threads().some((thread) => thread.id === producerId))
    throw badArguments(command, `no thread ${threadId as number} in this recording`);
  engine.selectThread(producerId);
  return engine;
}
