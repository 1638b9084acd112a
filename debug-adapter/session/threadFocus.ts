// The thread a request names: DAP requests that carry a `threadId` act on that thread only, so
// the engine is focused on it before it answers. An unknown id is the client's mistake, answered
// as such (never silently replaced by another thread). Knows nothing of what the request does.
import type { ReplayEngine } from '../replay/api';
import { badArguments } from './errors';
import { fromClientThreadId } from './stops';

/** Focuses the engine on the request's thread (when it names one) and returns the engine. */
export function onThread(engine: ReplayEngine, command: string, args: Record<string, unknown> | undefined): ReplayEngine {
  const threadId = args?.threadId;
  if (threadId === undefined) return engine;
  if (!Number.isInteger(threadId)) throw badArguments(command, '"threadId" must be an integer');
  const producerId = fromClientThreadId(threadId as number);
  if (!engine.threads().some((thread) => thread.id === producerId)) throw badArguments(command, `no thread ${threadId as number} in this recording`);
  engine.selectThread(producerId);
  return engine;
}
