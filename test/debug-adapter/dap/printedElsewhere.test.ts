// Output links for lines printed by a child process and a worker thread in a live session (issue
// 15 §3 beyond the main thread): each line of the Debug Console carries the place of the statement
// that printed it — in child.js or worker.js — its step and the thread that printed it, and
// `rewind/seek` there stops on that line in that thread. A worker's lines, which Node prints
// through the main thread's stdout (recorded there too), are shown once, with the worker's place.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { OutputStepData } from '../../../protocol/requests';
import { waitUntil } from '../../support/polling';
import { fixture, lineOf, useClient } from './support/session';
import { seekThread } from './support/threads';

const newClient = useClient();
const FOLDER = fixture('printedElsewhere');
const MAIN = fixture('printedElsewhere/main.js');
const WORKER = fixture('printedElsewhere/worker.js');
const CHILD = fixture('printedElsewhere/child.js');

describe('live output printed by a child process and a worker thread', () => {
  it('links each line to the statement that printed it, in the thread that printed it', async () => {
    const client = newClient();
    await client.start();
    const output: DebugProtocol.OutputEvent['body'][] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'stdout' || event.body.category === 'stderr') output.push(event.body);
    });
    await client.launchAndStop({ program: MAIN, cwd: FOLDER }); // live, as VS Code launches
    expect(await waitUntil(() => output.length >= 6, 5000)).toBe(true);
    const at = (file: string, marker: string) => `${file.replace(/.*\//, '')}:${lineOf(file, marker)}`;
    expect(output.map((body) => `${body.output.trim()} → ${body.source?.name}:${body.line}`)).toEqual([
      `main first → ${at(MAIN, 'main-print')}`,
      `worker squares 1,4,9 → ${at(WORKER, 'worker-print')}`,
      `worker wrote → ${at(WORKER, 'worker-write')}`,
      `child says hello → ${at(CHILD, 'child-print')}`,
      `child complains → ${at(CHILD, 'child-error')}`,
      `main last → ${at(MAIN, 'main-last')}`,
    ]);
    const threads = new Map((await client.threadsRequest()).body.threads.map((thread) => [thread.name, thread.id]));
    const idOf = (prefix: string) => [...threads].find(([name]) => name.startsWith(prefix))?.[1];
    const data = output.map((body) => (body as { data?: OutputStepData }).data);
    // The main thread's lines name no thread; the others name theirs.
    expect(data.map((each) => each?.threadId)).toEqual([
      undefined,
      idOf('worker.js'),
      idOf('worker.js'),
      idOf('child.js'),
      idOf('child.js'),
      undefined,
    ]);
    // The link travels: to the moment the child printed its greeting, in the child.
    const frames = await seekThread(client, data[3]!.threadId!, data[3]!.step);
    expect(frames[0].source?.path).toBe(CHILD);
    expect(frames[0].line).toBe(lineOf(CHILD, 'child-print'));
    expect(await client.evaluate('greeting')).toBe("'child says hello'");
    const inWorker = await seekThread(client, data[2]!.threadId!, data[2]!.step);
    expect(inWorker[0].source?.path).toBe(WORKER);
    expect(inWorker[0].line).toBe(lineOf(WORKER, 'worker-write'));
  });
});
