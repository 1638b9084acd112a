// Selecting a scheduling frame moves the debugger (issue 11 item 4): DAP has no "frame selected",
// so the extension forwards VS Code's Call Stack selection as `rewind/gotoSchedulingPoint`. A frame
// below a callback's origin label moves the debugger to the moment the callback was scheduled; a
// frame below "postMessage from <thread>" moves that thread to its send; any other row (the stop's
// own frames, the label itself) moves nothing, with no `stopped` event.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';
import { evaluateIn } from './support/threads';

const newClient = useClient();
const NAME = 'origins/callbacks.js';
const FILE = fixture(NAME);
const MAIN = fixture('workerMessages/main.js');
const WORKER = fixture('workerMessages/worker.js');

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) => (frame.presentationHint === 'label' ? `[${frame.name}]` : `${frame.name}:${frame.line}`));

async function framesOf(client: RecordingClient, threadId: number): Promise<DebugProtocol.StackFrame[]> {
  return (await client.stackTraceRequest({ threadId })).body.stackFrames;
}

/** Sends the selection; counts the `stopped` events it caused while it was answered and shortly after. */
async function select(
  client: RecordingClient,
  frameId: number,
): Promise<{ moved: boolean; stopped?: DebugProtocol.StoppedEvent }> {
  const stopped = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  const response = await client.request('rewind/gotoSchedulingPoint', { frameId });
  if (!response.success) throw new Error(response.message);
  const moved = (response.body as { moved: boolean }).moved;
  return moved ? { moved, stopped: await stopped } : { moved };
}

describe('selecting a scheduling frame', () => {
  it('below [setTimeout] moves to the moment of scheduling; the stop frame and the label move nothing', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(NAME), () => breakAt(client, NAME, 'timer-body'));
    const threadId = client.stoppedThreadId;
    const frames = await framesOf(client, threadId);
    expect(shape(frames)).toEqual([
      `onTimer:${lineOf(FILE, 'timer-body')}`,
      '[setTimeout]',
      `scheduleTimer:${lineOf(FILE, 'timer-schedule')}`,
      `<module>:${lineOf(FILE, 'call-timer')}`,
    ]);
    let stops = 0;
    client.on('stopped', () => stops++);
    // The stop's own frame and the label row: VS Code selects them too (the top frame after every stop).
    expect((await select(client, frames[0].id)).moved).toBe(false);
    expect((await select(client, frames[1].id)).moved).toBe(false);
    expect(shape(await framesOf(client, threadId))[0]).toBe(`onTimer:${lineOf(FILE, 'timer-body')}`);
    expect(stops).toBe(0);

    const { moved, stopped } = await select(client, frames[2].id);
    expect(moved).toBe(true);
    expect(stopped?.body).toMatchObject({ reason: 'goto', threadId });
    const now = await framesOf(client, threadId);
    expect(shape(now)).toEqual([
      `scheduleTimer:${lineOf(FILE, 'timer-schedule')}`,
      `<module>:${lineOf(FILE, 'call-timer')}`,
    ]);
    expect(await evaluateIn(client, now[1].id, 'phase')).toBe("'scheduling'");
  });

  it('a frame of a reference from before the move is refused, not acted on', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs(NAME), () => breakAt(client, NAME, 'then-body'));
    const frames = await framesOf(client, client.stoppedThreadId);
    expect(shape(frames)[1]).toBe('[Promise.then]');
    expect((await select(client, frames[2].id)).moved).toBe(true);
    const stale = await client.request('rewind/gotoSchedulingPoint', { frameId: frames[2].id });
    expect(stale.success).toBe(false);
    const missing = await client.request('rewind/gotoSchedulingPoint', {});
    expect(missing.success).toBe(false);
    expect(missing.message).toContain('frameId');
  });

  it('below [postMessage from worker] moves the worker thread to its send; the main thread stays', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop({ program: MAIN, cwd: fixture('workerMessages'), live: false }, () =>
      client.setBreakpointsRequest({ source: { path: MAIN }, breakpoints: [{ line: lineOf(MAIN, 'main-receive') }] }),
    );
    const mainThread = stopped.body.threadId!;
    const frames = await framesOf(client, mainThread);
    expect(frames[2].name).toMatch(/^postMessage from worker\.js/);
    const workerFrame = frames[3];
    expect(workerFrame.source?.path).toBe(WORKER);
    const { moved, stopped: workerStop } = await select(client, workerFrame.id);
    expect(moved).toBe(true);
    expect(workerStop?.body.threadId).not.toBe(mainThread);
    const now = await framesOf(client, workerStop!.body.threadId!);
    expect(`${now[0].name}:${now[0].line}`).toBe(`onValue:${lineOf(WORKER, 'worker-send')}`);
    const mainNow = await framesOf(client, mainThread);
    expect(`${mainNow[0].name}:${mainNow[0].line}`).toBe(`onAnswer:${lineOf(MAIN, 'main-receive')}`);
  });
});
