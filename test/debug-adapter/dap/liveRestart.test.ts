// DAP `restart` (issue 13 leftover), as js-debug does it: the live program and its children end (no
// orphan), the same configuration — or the one the client sends with the request — records again
// from the start with the breakpoints kept, and the session goes on; a saved recording is re-opened.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { childPids, isAlive, waitUntil } from '../../support/polling';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const MAIN = fixture('liveChild/main.js');
const CHILD = fixture('liveChild/child.js');

describe('restart', () => {
  it('ends a live program and its child, records again with the breakpoints kept, and stops there again', async () => {
    const client = newClient();
    await client.start();
    const firstProcess = client.waitForEvent('process', 20_000);
    const stop = await client.launchAndStop({ program: MAIN, cwd: fixture('liveChild'), live: true }, () =>
      client.setBreakpointsRequest({ source: { path: CHILD }, breakpoints: [{ line: lineOf(CHILD, 'child-live') }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('message.value')).toBe('1');
    // Further on in the first run, so that the stop after the restart is visibly a new run's.
    await client.move('continue');
    expect(await client.evaluate('message.value')).toBe('2');
    const programPid = Number((await firstProcess).body.systemProcessId);
    const children = childPids(programPid);
    expect(children.length).toBeGreaterThan(0);

    const continued = client.waitForEvent('continued', 20_000);
    const nextProcess = client.waitForEvent('process', 20_000);
    const nextStop = client.waitForEvent('stopped', 30_000) as Promise<DebugProtocol.StoppedEvent>;
    const restarted = await client.request('restart', {});
    expect(restarted.success).toBe(true);
    await continued;
    // No orphan: the first program and its child are gone.
    expect(await waitUntil(() => !isAlive(programPid) && children.every((pid) => !isAlive(pid)), 5000)).toBe(true);
    const newPid = Number((await nextProcess).body.systemProcessId);
    expect(newPid).not.toBe(programPid);
    expect(isAlive(newPid)).toBe(true);
    // The breakpoint was kept: the new run's child stops at its first message.
    expect((await nextStop).body.reason).toBe('breakpoint');
    expect((await client.topFrame()).source?.path).toBe(CHILD);
    expect(await client.evaluate('message.value')).toBe('1');
    // And the session goes on live.
    await client.move('continue');
    expect(await client.evaluate('message.value')).toBe('2');
    // The killed run's end is not news to the client: the session did not exit.
    const exited = client.log.filter(
      (entry) =>
        entry.direction === 'in' &&
        entry.message.type === 'event' &&
        (entry.message as DebugProtocol.Event).event === 'exited',
    );
    expect(exited).toHaveLength(0);
  });

  it('takes the configuration the client sends with the request (here: stopOnEntry)', async () => {
    const client = newClient();
    await client.start();
    const launch = programArgs('liveTicks.js', { live: true });
    const stop = await client.launchAndStop(launch, () => breakAt(client, 'liveTicks.js', 'live-work'));
    expect(stop.body.reason).toBe('breakpoint');
    const nextStop = client.waitForEvent('stopped', 30_000) as Promise<DebugProtocol.StoppedEvent>;
    const restarted = await client.request('restart', { arguments: { ...launch, stopOnEntry: true } });
    expect(restarted.success).toBe(true);
    expect((await nextStop).body.reason).toBe('entry');
    // From the entry, Continue runs to the kept breakpoint.
    expect((await client.move('continue')).body.reason).toBe('breakpoint');
    expect(await client.evaluate('n')).toBe('1');
  });

  it('re-opens a saved recording at its start: the first stop again, not where the user was', async () => {
    const tracePath = path.join(mkdtempSync(path.join(tmpdir(), 'rewind-restart-')), 'loops.rwd');
    const recorder = newClient();
    await recorder.start();
    await recorder.launchAndStop(programArgs('loops.js'));
    await recorder.customRequest('rewind/saveTrace', { path: tracePath });
    await recorder.close();

    const client = newClient();
    await client.start();
    const stop = await client.launchAndStop({ trace: tracePath }, () => breakAt(client, 'loops.js', 'loop-total'));
    expect(stop.body.reason).toBe('breakpoint');
    expect((await client.locals()).get('i')?.value).toBe('0');
    await client.move('continue');
    await client.move('continue');
    expect((await client.locals()).get('i')?.value).toBe('2');
    const nextStop = client.waitForEvent('stopped', 30_000) as Promise<DebugProtocol.StoppedEvent>;
    expect((await client.request('restart', {})).success).toBe(true);
    expect((await nextStop).body.reason).toBe('breakpoint');
    expect((await client.locals()).get('i')?.value).toBe('0');
  });
});
