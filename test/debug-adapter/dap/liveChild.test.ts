// Live stops in a child process (issue 13 item 4), on every Node the suite runs (this one, and
// Node 24 when REWIND_NODE24 names it): a breakpoint in a forked child's code stops that child
// live, on its own thread; the parent keeps running; Step Over runs the child's call live;
// Continue resumes it and it answers; pause then holds every process, and Continue runs them again.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveChild/main.js');
const CHILD = fixture('liveChild/child.js');

const parentTicks = (output: string[]) => Number(/.*parent (\d+)/s.exec(output.join(''))?.[1] ?? 0);

describe.each(nodeBinaries())('live stops in a child process on $label', ({ path: node }) => {
  it('a breakpoint in a child stops it live; step over and continue run it live; the parent runs on', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(
      { program: MAIN, cwd: fixture('liveChild'), runtimeExecutable: node, live: true },
      () =>
        client.setBreakpointsRequest({
          source: { path: CHILD },
          breakpoints: [{ line: lineOf(CHILD, 'child-live') }],
        }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const threads = (await client.threadsRequest()).body.threads;
    expect(threads.find((thread) => thread.id === stop.body.threadId)?.name).toMatch(/child\.js/);
    expect((await client.topFrame()).source?.path).toBe(CHILD);
    expect(await client.evaluate('message.value')).toBe('1');

    // The child is held, the parent is not: it keeps ticking, and no answer comes.
    const ticksAtStop = parentTicks(output);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(parentTicks(output)).toBeGreaterThan(ticksAtStop + 3);
    expect(output.join('')).not.toContain('answer 10');

    // Step Over the call, live, in the child's thread.
    const stepped = await client.move('next');
    expect(stepped.body.threadId).toBe(stop.body.threadId);
    expect((await client.topFrame()).line).toBe(lineOf(CHILD, 'child-next'));
    expect(await client.evaluate('answer')).toBe('10');

    // Continue: the child answers and stops at the next message.
    const next = await client.move('continue');
    expect(next.body.reason).toBe('breakpoint');
    expect(next.body.threadId).toBe(stop.body.threadId);
    expect(await client.evaluate('message.value')).toBe('2');
    await waitUntil(() => output.join('').includes('answer 10'), 5000);
    expect(output.join('')).toContain('answer 10');

    // Without the breakpoint it runs on; pause stops the program again.
    await client.setBreakpointsRequest({ source: { path: CHILD }, breakpoints: [] });
    const running = await client.request('continue', { threadId: stop.body.threadId });
    expect(running.success).toBe(true);
    await waitUntil(() => output.join('').includes('answer 30'), 5000);
    const paused = client.waitForEvent('stopped', 10_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: stop.body.threadId ?? 1 });
    expect((await paused).body.reason).toBe('pause');
    // Every process of the program is held (the parent prints no more ticks); Continue runs them again.
    const ticksAtPause = parentTicks(output);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(parentTicks(output)).toBeLessThanOrEqual(ticksAtPause + 1);
    await client.request('continue', { threadId: stop.body.threadId ?? 1 });
    await waitUntil(() => parentTicks(output) > ticksAtPause + 3, 5000);
    expect(parentTicks(output)).toBeGreaterThan(ticksAtPause + 3);
  });
});
