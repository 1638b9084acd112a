// Callback origins in a worker thread (issue 11 item 4), on every Node the suite runs (this one,
// and Node 24 when REWIND_NODE24 names it): a stop in a timer callback or a promise reaction run
// by the worker shows, below its label, the worker's frames that scheduled it, with their values then.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';
import { evaluateIn } from './support/threads';

const newClient = useClient();
const MAIN = fixture('origins/workerMain.js');
const WORKER = fixture('origins/workerTimers.js');

const shape = (frames: DebugProtocol.StackFrame[]) =>
  frames.map((frame) => (frame.presentationHint === 'label' ? `[${frame.name}]` : `${frame.name}:${frame.line}`));

describe.each(nodeBinaries())('callback origins in a worker thread on $label', ({ path: node }) => {
  const launchArgs = { program: MAIN, cwd: fixture('origins'), runtimeExecutable: node, live: false };

  async function stopAt(marker: string) {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({ source: { path: WORKER }, breakpoints: [{ line: lineOf(WORKER, marker) }] });
    });
    expect(stopped.body.reason).toBe('breakpoint');
    const threadId = stopped.body.threadId!;
    const frames = (await client.stackTraceRequest({ threadId })).body.stackFrames;
    return { client, frames, threadId };
  }

  it('a timer callback in the worker shows setTimeout and the worker frames that scheduled it', async () => {
    const { client, frames, threadId } = await stopAt('worker-timer-body');
    const names = new Map((await client.threadsRequest()).body.threads.map((thread) => [thread.id, thread.name]));
    expect(names.get(threadId)).toMatch(/^workerTimers\.js \(worker \d+, pid \d+\)$/);
    expect(shape(frames)).toEqual([
      `onTimer:${lineOf(WORKER, 'worker-timer-body')}`,
      '[setTimeout]',
      `scheduleTimer:${lineOf(WORKER, 'worker-timer-schedule')}`,
      `<module>:${lineOf(WORKER, 'worker-call-timer')}`,
    ]);
    expect(frames.filter((frame) => frame.source).every((frame) => frame.source?.path === WORKER)).toBe(true);
    expect(await evaluateIn(client, frames[2].id, 'planned')).toBe('6');
  });

  it('a promise reaction in the worker shows Promise.then and the frames that chained it', async () => {
    const { client, frames } = await stopAt('worker-then-body');
    expect(shape(frames)).toEqual([
      `onValue:${lineOf(WORKER, 'worker-then-body')}`,
      '[Promise.then]',
      `chain:${lineOf(WORKER, 'worker-then')}`,
      `<module>:${lineOf(WORKER, 'worker-call-chain')}`,
    ]);
    expect(await evaluateIn(client, frames[2].id, 'base')).toBe('5');
  });
});
