// Live stops in worker threads (issue 13 item 4), on every Node the suite runs (this one, and
// Node 24 when REWIND_NODE24 names it): a breakpoint in a worker's code stops that worker live, on
// its own thread; the main thread keeps running meanwhile; Step Over and Continue run the worker
// live; pause holds every thread.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveWorkers/main.js');
const WORKER = fixture('liveWorkers/worker.js');

const mainTicks = (output: string[]) => Number(/.*main (\d+)/s.exec(output.join(''))?.[1] ?? 0);

describe.each(nodeBinaries())('live stops in worker threads on $label', ({ path: node }) => {
  it('a breakpoint in a worker stops that worker live; the main thread runs on; step over and continue run the worker live; pause holds all', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(
      { program: MAIN, cwd: fixture('liveWorkers'), runtimeExecutable: node, live: true },
      () =>
        client.setBreakpointsRequest({
          source: { path: WORKER },
          breakpoints: [{ line: lineOf(WORKER, 'worker-live') }],
        }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const threads = (await client.threadsRequest()).body.threads;
    const workerThread = threads.find((thread) => thread.id === stop.body.threadId);
    expect(workerThread?.name).toMatch(/^worker\.js \(worker \d+, pid \d+\)$/);
    expect((await client.topFrame()).source?.path).toBe(WORKER);
    expect(await client.evaluate('message.value')).toBe('1');

    // The worker is held, the main thread is not: it keeps ticking, and no answer comes.
    const ticksAtStop = mainTicks(output);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(mainTicks(output)).toBeGreaterThan(ticksAtStop + 3);
    expect(output.join('')).not.toContain('answer 10');

    // Step Over, live, in the worker's thread.
    const stepped = await client.move('next');
    expect(stepped.body.threadId).toBe(stop.body.threadId);
    expect((await client.topFrame()).line).toBe(lineOf(WORKER, 'worker-next'));
    expect(await client.evaluate('answer')).toBe('10');

    // Continue resumes the worker: it answers, and stops at the next message.
    const next = await client.move('continue');
    expect(next.body.reason).toBe('breakpoint');
    expect(next.body.threadId).toBe(stop.body.threadId);
    expect(await client.evaluate('message.value')).toBe('2');
    await waitUntil(() => output.join('').includes('answer 10'), 5000);
    expect(output.join('')).toContain('answer 10');

    // Without the breakpoint the worker runs on; pause then holds every thread (no more ticks).
    await client.setBreakpointsRequest({ source: { path: WORKER }, breakpoints: [] });
    await client.request('continue', { threadId: stop.body.threadId });
    await waitUntil(() => output.join('').includes('answer 30'), 5000);
    const paused = client.waitForEvent('stopped', 10_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: stop.body.threadId ?? 1 });
    expect((await paused).body.reason).toBe('pause');
    // Held: once the lines already in the pipe are in (a loaded machine delivers them late, so
    // a count right at the stop may be a tick or two short), the main thread prints nothing more.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const ticksHeld = mainTicks(output);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(mainTicks(output)).toBe(ticksHeld);
  });
});
