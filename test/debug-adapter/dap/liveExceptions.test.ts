// Live exception breakpoints (issue 13 item 2): with "all" (caught exceptions too, as in replay)
// the running program stops at the throw statement, before the exception propagates: its catch
// block has not run; Continue resumes it, and the next throw stops it again.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = fixture('liveThrows.js');

describe('live exception breakpoints', () => {
  it('"all" stops the live program at a caught throw before it propagates; continue resumes it to the next', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(programArgs('liveThrows.js', { live: true }), () =>
      client.setExceptionBreakpointsRequest({ filters: ['all'] }),
    );
    expect(stop.body.reason).toBe('exception');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'live-throw'));
    expect(await client.evaluate('n')).toBe('2');
    // A caught throw stopped by "all": breakMode 'always' (js-debug's answer for a caught stop).
    const info = await client.exceptionInfoRequest({ threadId: stop.body.threadId ?? 1 });
    expect(info.body.breakMode).toBe('always');
    // Stopped live, at the throw: the catch block has not run, and no later tick either.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output.join('')).toContain('tick 1');
    expect(output.join('')).not.toContain('caught even 2');
    expect(output.join('')).not.toContain('tick 3');

    const next = await client.move('continue');
    expect(next.body.reason).toBe('exception');
    expect(await client.evaluate('n')).toBe('4');
    expect(output.join('')).toContain('caught even 2');
    expect(output.join('')).toContain('tick 3');

    // Filters changed while stopped apply at once: with none, the program runs on.
    await client.setExceptionBreakpointsRequest({ filters: [] });
    const running = await client.request('continue', { threadId: stop.body.threadId });
    expect(running.success).toBe(true);
    await waitUntil(() => output.join('').includes('caught even 8'), 10_000);
    expect(output.join('')).toContain('caught even 8');
  });
});
