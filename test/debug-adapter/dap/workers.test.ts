// Worker threads recorded as threads of their process (issue 11 item 3), replayed through the
// built adapter on every Node the suite runs (this one, and Node 24 when REWIND_NODE24 names it):
// each worker is a thread named after its script, its breakpoints hit in it with its own values,
// stepping it leaves the main thread where it was, and an eval worker's code is recorded too (its
// text served by reference: it has no file).
import { describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';
import { evaluateIn, moveThread, threadViews } from './support/threads';

const newClient = useClient();
const MAIN = fixture('workers/main.js');
const WORKER = fixture('workers/worker.js');

describe.each(nodeBinaries())('worker threads on $label', ({ path: node }) => {
  const launchArgs = { program: MAIN, cwd: fixture('workers'), runtimeExecutable: node };

  it('shows the main thread and each worker as named threads of one process, each with its own code and values', async () => {
    const client = newClient();
    await client.start();
    // Recorded without a live session: live, the eval worker's end shows its first line in about 1
    // run in 12 (its last records not yet indexed when the session stops; README "Current limits",
    // not fixed yet). What this test proves — workers as threads with their code and values — is the
    // recording's; the live race is tracked apart from it.
    await client.launchAndStop({ ...launchArgs, live: false });
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
    expect(fileWorker.frames.every((frame) => frame.source?.path === WORKER)).toBe(true);
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
    expect(frames.map((frame) => `${frame.name}:${frame.line}`)).toEqual([
      `square:${line}`,
      `<anonymous>:${lineOf(WORKER, 'worker-receive')}`,
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
});
