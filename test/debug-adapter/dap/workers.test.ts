// Worker threads recorded as threads of their process (issue 11 item 3), replayed through the
// built adapter on every Node the suite runs (this one, and Node 24 when REWIND_NODE24 names it):
// each worker is a thread named after its script, its breakpoints hit in it with its own values,
// stepping it leaves the main thread where it was, and an eval worker's code is recorded too (its
// text served by reference: it has no file). A callback scheduled in a worker shows the frames that
// scheduled it, as in the main thread.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';
import { evaluateIn, moveThread, threadViews } from './support/threads';

const newClient = useClient();
const MAIN = fixture('workers/main.js');
const WORKER = fixture('workers/worker.js');
const TIMERS_MAIN = fixture('workers/timers-main.js');
const TIMERS_WORKER = fixture('workers/timers-worker.js');

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) => (frame.presentationHint === 'label' ? `[${frame.name}]` : `${frame.name}:${frame.line}`));

describe.each(nodeBinaries())('worker threads on $label', ({ path: node }) => {
  const launchArgs = { program: MAIN, cwd: fixture('workers'), runtimeExecutable: node };

  it('shows the main thread and each worker as named threads of one process, each with its own code and values', async () => {
    const client = newClient();
    await client.start();
    // Live, as VS Code launches (the eval worker's end once showed its first line: its drain ended
    // before the collector had its END, test/debug-adapter/recording/workerDrainEnd.test.ts).
    await client.launchAndStop(launchArgs);
    const views = await threadViews(client);
    const names = views.map((view) => view.name);
    expect(names.map((name) => name.replace(/\d+/g, 'N')).sort()).toEqual([
      '[worker eval] (worker N, pid N)',
      'main.js (pid N)',
      'worker.js (worker N, pid N)',
    ]);
    // One process: every thread names the same pid.
    expect(new Set(names.map((name) => /pid (\d+)/.exec(name)![1])).size).toBe(1);
    const fileWorker = views.find((view) => view.name.startsWith('worker.js'))!;
    // The worker ends where it last ran: its reply to the second message (value 2), in its own file.
    expect(fileWorker.frames[0].source?.path).toBe(WORKER);
    // Its own frames, then (below the message's label) the main thread's that posted the message.
    const ownFrames = fileWorker.frames.slice(
      0,
      fileWorker.frames.findIndex((frame) => frame.presentationHint === 'label'),
    );
    expect(ownFrames.length).toBeGreaterThan(0);
    expect(ownFrames.every((frame) => frame.source?.path === WORKER)).toBe(true);
    expect(await evaluateIn(client, fileWorker.frames[0].id, 'answer')).toBe('4');
    const evalWorker = views.find((view) => view.name.startsWith('[worker eval]'))!;
    expect(evalWorker.frames.map((frame) => frame.name)).toEqual(['<module>']);
    expect(evalWorker.frames[0].line).toBe(3);
    expect(await evaluateIn(client, evalWorker.frames[0].id, 'doubled')).toBe('42');
    // Its code has no file: the client gets the recorded text by reference.
    const evalSource = evalWorker.frames[0].source!;
    expect(evalSource).toMatchObject({ name: '[worker eval]' });
    expect(evalSource.sourceReference).toBeGreaterThan(0);
    const text = (await client.sourceRequest({ source: evalSource, sourceReference: evalSource.sourceReference! })).body
      .content;
    expect(text.split('\n')[1]).toBe('const doubled = 21 * 2;');
    const main = views.find((view) => view.name.startsWith('main.js'))!;
    expect(main.frames[0].source?.path).toBe(MAIN);
    expect(await evaluateIn(client, main.frames[0].id, 'total')).toBe('40');
  });

  it('a breakpoint in worker.js hits in the worker, with the values it was sent; stepping it leaves the main thread alone', async () => {
    const client = newClient();
    await client.start();
    const line = lineOf(WORKER, 'worker-square');
    const stopped = await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({ source: { path: WORKER }, breakpoints: [{ line }] });
    });
    expect(stopped.body.reason).toBe('breakpoint');
    const workerThread = stopped.body.threadId!;
    const names = new Map((await client.threadsRequest()).body.threads.map((thread) => [thread.id, thread.name]));
    expect(names.get(workerThread)).toMatch(/^worker\.js \(worker \d+, pid \d+\)$/);
    const frames = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames;
    // Below the listener: the main thread's send that caused it (workerMessages.test.ts).
    expect(frames.map((frame) => `${frame.name.replace(/\d+/g, 'N')}:${frame.line}`)).toEqual([
      `square:${line}`,
      `<anonymous>:${lineOf(WORKER, 'worker-receive')}`,
      'postMessage from main.js (pid N):0',
      `<module>:${lineOf(MAIN, 'main-send')}`,
    ]);
    expect((await client.locals(frames[0].id)).get('value')?.value).toBe('6');
    const mainThread = [...names].find(([, name]) => name.startsWith('main.js'))![0];
    const mainBefore = (await client.stackTraceRequest({ threadId: mainThread })).body.stackFrames[0];
    // Continue in the worker: the second message's hit (value 2); back again: the first.
    const { stopped: next } = await moveThread(client, 'continue', workerThread);
    expect(next.body).toMatchObject({ threadId: workerThread, reason: 'breakpoint' });
    const second = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames[0];
    expect((await client.locals(second.id)).get('value')?.value).toBe('2');
    const { stopped: over } = await moveThread(client, 'next', workerThread);
    expect(over.body.threadId).toBe(workerThread);
    const afterStep = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames[0];
    expect(afterStep.line).toBe(line + 1);
    expect(await evaluateIn(client, afterStep.id, 'result')).toBe('4');
    // Back: the second hit itself (the step left it), then the first.
    await moveThread(client, 'reverseContinue', workerThread);
    const { stopped: back } = await moveThread(client, 'reverseContinue', workerThread);
    expect(back.body).toMatchObject({ threadId: workerThread, reason: 'breakpoint' });
    const first = (await client.stackTraceRequest({ threadId: workerThread })).body.stackFrames[0];
    expect((await client.locals(first.id)).get('value')?.value).toBe('6');
    // The main thread did not move.
    const mainAfter = (await client.stackTraceRequest({ threadId: mainThread })).body.stackFrames[0];
    expect({ line: mainAfter.line, name: mainAfter.name }).toEqual({ line: mainBefore.line, name: mainBefore.name });
  });

  it("the main thread's receive of the worker's answer has the answer's value", async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({
        source: { path: MAIN },
        breakpoints: [{ line: lineOf(MAIN, 'main-receive') }],
      });
    });
    expect(stopped.body.reason).toBe('breakpoint');
    const top = (await client.stackTraceRequest({ threadId: stopped.body.threadId! })).body.stackFrames[0];
    expect(top.source?.path).toBe(MAIN);
    expect(await evaluateIn(client, top.id, 'reply.answer')).toBe('36');
  });
  it.each([
    ['timer-body', 'onTimer', 'setTimeout', 'scheduleTimer', 'timer-schedule', 'call-timer', 'planned', '10'],
    ['then-body', 'onThen', 'Promise.then', 'chain', 'then', 'call-chain', 'base', '21'],
  ])(
    'a stop at %s in a worker shows %s below [%s] and the frames that scheduled it, with their values then',
    async (marker, callback, label, scheduler, scheduledAt, calledAt, local, value) => {
      const client = newClient();
      await client.start();
      const stopped = await client.launchAndStop(
        { program: TIMERS_MAIN, cwd: fixture('workers'), runtimeExecutable: node },
        () =>
          client.setBreakpointsRequest({
            source: { path: TIMERS_WORKER },
            breakpoints: [{ line: lineOf(TIMERS_WORKER, marker) }],
          }),
      );
      expect(stopped.body.reason).toBe('breakpoint');
      const frames = (await client.stackTraceRequest({ threadId: stopped.body.threadId! })).body.stackFrames;
      expect(shape(frames)).toEqual([
        `${callback}:${lineOf(TIMERS_WORKER, marker)}`,
        `[${label}]`,
        `${scheduler}:${lineOf(TIMERS_WORKER, scheduledAt)}`,
        `<module>:${lineOf(TIMERS_WORKER, calledAt)}`,
      ]);
      expect(await evaluateIn(client, frames[2].id, local)).toBe(value);
      // The module frame as it was when it scheduled: before `phase = 'running'`.
      expect(await evaluateIn(client, frames[3].id, 'phase')).toBe("'scheduling'");
      expect(await evaluateIn(client, frames[0].id, 'phase')).toBe("'running'");
    },
  );
});
