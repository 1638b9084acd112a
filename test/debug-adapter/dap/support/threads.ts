// Multi-thread helpers for the suites that replay several producers (processes, workers, callback
// origins): every thread's stack, an evaluation in one frame, and a move of one named thread that
// waits for its stop. Knows DAP requests only, nothing of what the fixtures do.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { RecordingClient } from './client';

export interface ThreadView {
  id: number;
  name: string;
  frames: DebugProtocol.StackFrame[];
}

export async function threadViews(client: RecordingClient): Promise<ThreadView[]> {
  const threads = (await client.threadsRequest()).body.threads;
  return Promise.all(
    threads.map(async (thread) => ({
      ...thread,
      frames: (await client.stackTraceRequest({ threadId: thread.id })).body.stackFrames,
    })),
  );
}

export async function evaluateIn(client: RecordingClient, frameId: number, expression: string): Promise<string> {
  return (await client.evaluateRequest({ expression, frameId, context: 'watch' })).body.result;
}

/** Sends a thread-moving request (continue, next, goto…) and waits for the stop it causes. */
export async function moveThread(
  client: RecordingClient,
  command: string,
  threadId: number,
  args: Record<string, unknown> = {},
): Promise<{ response: DebugProtocol.Response; stopped: DebugProtocol.StoppedEvent }> {
  const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const response = await client.request(command, { threadId, ...args });
  if (!response.success) throw new Error(`${command} failed: ${response.message}`);
  return { response, stopped: await stopped };
}

/** `rewind/seek` on one thread to a step; the frames of the stop it reports. */
export async function seekThread(
  client: RecordingClient,
  threadId: number,
  step: number,
): Promise<DebugProtocol.StackFrame[]> {
  const stopped = client.waitForEvent('stopped');
  const response = await client.request('rewind/seek', { step, threadId });
  if (!response.success) throw new Error(response.message);
  await stopped;
  return (await client.stackTraceRequest({ threadId })).body.stackFrames;
}
