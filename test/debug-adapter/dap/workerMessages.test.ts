// A worker 'message' listener's cause across threads (issue 11): below the listener, the Call Stack
// shows "postMessage from <thread>" and the sending thread's frames at the send, with the values
// they had then, on the worker's side (parentPort.on('message')) and the creator's
// (worker.on('message')), following a ping-pong chain back to the first send; restart on a sender's
// frame moves that thread to the send. On every Node the suite runs (this one, and Node 24 when
// REWIND_NODE24 names it).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';
import { evaluateIn, moveThread } from './support/threads';

const newClient = useClient();
const MAIN = fixture('workerMessages/main.js');
const WORKER = fixture('workerMessages/worker.js');
const FROM_MAIN = '[postMessage from main.js (pid N)]';
const FROM_WORKER = '[postMessage from worker.js (worker N, pid N)]';

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) =>
    frame.presentationHint === 'label'
      ? `[${frame.name.replace(/\d+/g, 'N')}]`
      : `${frame.name}:${frame.line}@${frame.source?.path === WORKER ? 'worker' : 'main'}`,
  );
const at = (name: string, file: string, marker: string) =>
  `${name}:${lineOf(file, marker)}@${file === WORKER ? 'worker' : 'main'}`;

describe.each(nodeBinaries())('worker message causes on $label', ({ path: node }) => {
  // A replay of the complete recording: live, a thread's stop may come before the other thread's
  // send has arrived (the label then names no thread until it has).
  const launchArgs = { program: MAIN, cwd: fixture('workerMessages'), runtimeExecutable: node, live: false };

  it("parentPort's 'message' listener shows the main thread's postMessage below it, with that moment's values", async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs, () =>
      client.setBreakpointsRequest({
        source: { path: WORKER },
        breakpoints: [{ line: lineOf(WORKER, 'worker-receive') }],
      }),
    );
    const workerThread = stopped.body.threadId!;
    const frames = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames;
    expect(shape(frames)).toEqual([
      at('onValue', WORKER, 'worker-receive'),
      FROM_MAIN,
      at('<module>', MAIN, 'main-send-first'),
    ]);
    expect(frames[2].presentationHint).toBe('subtle');
    expect(await evaluateIn(client, frames[0].id, 'message.value')).toBe('1');
    // The main thread's frame as it was at the send: nothing answered yet.
    expect(await evaluateIn(client, frames[2].id, 'first.value')).toBe('1');
    expect(await evaluateIn(client, frames[2].id, 'rounds')).toBe('0');

    // The second message was sent by the main thread's listener of the worker's first answer: the
    // chain goes back through both threads to the first send.
    const { stopped: next } = await moveThread(client, 'continue', workerThread);
    expect(next.body).toMatchObject({ threadId: workerThread, reason: 'breakpoint' });
    const chain = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames;
    expect(shape(chain)).toEqual([
      at('onValue', WORKER, 'worker-receive'),
      FROM_MAIN,
      at('sendNext', MAIN, 'main-send-next'),
      `onAnswer:${lineOf(MAIN, 'main-receive') + 2}@main`,
      "[EventEmitter 'message']",
      FROM_WORKER,
      at('onValue', WORKER, 'worker-send'),
      FROM_MAIN,
      at('<module>', MAIN, 'main-send-first'),
    ]);
    expect(await evaluateIn(client, chain[0].id, 'message.value')).toBe('11');
    expect(await evaluateIn(client, chain[2].id, 'outgoing.value')).toBe('11');
    expect(await evaluateIn(client, chain[3].id, 'rounds')).toBe('1');
    expect(await evaluateIn(client, chain[6].id, 'answer')).toBe('10');
  });

  it("worker.on('message') shows the worker's postMessage below its label; restart on it moves the worker to the send", async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs, () =>
      client.setBreakpointsRequest({ source: { path: MAIN }, breakpoints: [{ line: lineOf(MAIN, 'main-receive') }] }),
    );
    const mainThread = stopped.body.threadId!;
    const frames = (await client.stackTraceRequest({ threadId: mainThread })).body.stackFrames;
    expect(shape(frames)).toEqual([
      at('onAnswer', MAIN, 'main-receive'),
      "[EventEmitter 'message']",
      FROM_WORKER,
      at('onValue', WORKER, 'worker-send'),
      FROM_MAIN,
      at('<module>', MAIN, 'main-send-first'),
    ]);
    expect(await evaluateIn(client, frames[0].id, 'answer')).toBe('10');
    expect(await evaluateIn(client, frames[3].id, 'answer')).toBe('10');
    // One click: restart on the worker's frame stops the worker thread at its send.
    expect(frames[3].canRestart).toBe(true);
    const moved = client.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const response = await client.request('restartFrame', { frameId: frames[3].id });
    expect(response.success).toBe(true);
    const workerStop = await moved;
    expect(workerStop.body.threadId).not.toBe(mainThread);
    const now = (await client.stackTraceRequest({ threadId: workerStop.body.threadId! })).body.stackFrames;
    expect(shape(now)).toEqual([
      at('onValue', WORKER, 'worker-send'),
      FROM_MAIN,
      at('<module>', MAIN, 'main-send-first'),
    ]);
    // The main thread stayed at its stop.
    const mainNow = (await client.stackTraceRequest({ threadId: mainThread })).body.stackFrames;
    expect(shape(mainNow)[0]).toBe(at('onAnswer', MAIN, 'main-receive'));
  });
});
