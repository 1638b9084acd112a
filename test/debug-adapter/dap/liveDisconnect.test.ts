// Stop (DAP `disconnect`) of a live session (issue 13 "Ends", DAP-10): the program and every process
// it started end — while a child is held at a live breakpoint, and while a live program runs with a
// child of its own — so no process outlives the session.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { childPids, isAlive, waitUntil } from '../../support/polling';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveChild/main.js');
const CHILD = fixture('liveChild/child.js');

describe('disconnect of a live session', () => {
  it('ends the program and its child while the child is held at a live breakpoint', async () => {
    const client = newClient();
    await client.start();
    const processEvent = client.waitForEvent('process', 20_000);
    const stop = await client.launchAndStop({ program: MAIN, cwd: fixture('liveChild'), live: true }, () =>
      client.setBreakpointsRequest({ source: { path: CHILD }, breakpoints: [{ line: lineOf(CHILD, 'child-live') }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(stop.body.threadId).not.toBe(1); // stopped in the child, which is held
    const programPid = Number((await processEvent).body.systemProcessId);
    const children = childPids(programPid);
    expect(children.length).toBeGreaterThan(0);
    expect(isAlive(programPid)).toBe(true);
    expect(children.every(isAlive)).toBe(true);
    await client.disconnectRequest({ terminateDebuggee: true });
    expect(await waitUntil(() => !isAlive(programPid) && children.every((pid) => !isAlive(pid)), 5000)).toBe(true);
  });

  it('ends a running live program and the child it spawned', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const processEvent = client.waitForEvent('process', 20_000);
    await client.configureLaunch(programArgs('children.js', { live: true }));
    const programPid = Number((await processEvent).body.systemProcessId);
    expect(await waitUntil(() => /child pid \d+/.test(output.join('')), 20_000)).toBe(true);
    const childPid = Number(/child pid (\d+)/.exec(output.join(''))?.[1]);
    expect(isAlive(programPid)).toBe(true);
    expect(isAlive(childPid)).toBe(true);
    await client.disconnectRequest({ terminateDebuggee: true });
    expect(await waitUntil(() => !isAlive(childPid) && !isAlive(programPid), 5000)).toBe(true);
  });
});
