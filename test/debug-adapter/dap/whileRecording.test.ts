// Requests a client sends on its own while the program is still recorded (the timeline panel
// polling, VS Code's stack and data-breakpoint requests) must never pop an error toast: they are
// answered with a valid body or an error marked showUser: false. Errors of the user's own doing
// (a bad launch) still are shown.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { TimelineResponseBody } from '../../../debug-adapter/customProtocol';
import { programArgs, useClient } from './support/session';
import { waitUntil } from '../../support/polling';

const newClient = useClient();

function showUser(response: DebugProtocol.Response): boolean | undefined {
  return (response.body as { error?: { showUser?: boolean } } | undefined)?.error?.showUser;
}

describe('while the program is being recorded', () => {
  it('the timeline shows what is recorded so far, and grows; other requests fail quietly', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest(programArgs('busyLoop.js') as DebugProtocol.LaunchRequestArguments);
    let recordedSteps = 0;
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      recordedSteps = (event.body as { events: number }).events;
    });
    await client.configurationDoneRequest();
    expect(await waitUntil(() => recordedSteps > 0, 20_000)).toBe(true);

    const timeline = await client.request('rewind/timeline', { startStep: 0, endStep: 1000, bucketCount: 10 });
    expect(timeline.success, timeline.message).toBe(true);
    const body = timeline.body as TimelineResponseBody;
    expect(body.totalSteps).toBeGreaterThan(0);
    // Issue 15 §5: the chart is filled while the program runs (it was empty until the run ended).
    expect(body.buckets.length).toBeGreaterThan(0);
    expect(body.functions.length).toBeGreaterThan(0);
    await new Promise((done) => setTimeout(done, 500));
    const later = (await client.request('rewind/timeline', { startStep: 0, endStep: 1_000_000_000, bucketCount: 10 }))
      .body as TimelineResponseBody;
    expect(later.totalSteps).toBeGreaterThan(body.totalSteps);

    for (const [command, args] of [
      ['stackTrace', { threadId: 1 }],
      ['scopes', { frameId: 1 }],
      ['evaluate', { expression: 'spins' }],
      ['rewind/seek', { step: 0 }],
    ] as const) {
      const response = await client.request(command, args);
      expect(response.success, command).toBe(false);
      expect(showUser(response), command).toBe(false);
    }
    const data = await client.request('setDataBreakpoints', { breakpoints: [] });
    expect(data.success, data.message).toBe(true);
  });

  it("a launch that is the user's mistake is still shown", async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const response = await client.request('launch', { program: '/definitely/not/here.js' });
    expect(response.success).toBe(false);
    expect(showUser(response)).toBe(true);
  });
});
