// Issue 12 item 11 at precise kill points (liveKilledStops kills at random ones): a live program
// SIGKILLed while it waits at its first step for the session's configuration — before the
// configuration is done, and before or after the adapter learned of the exit — or while held at a
// live breakpoint, then moved (continue, next) before or after the exit is known — always reaches a stop;
// killed under a running Continue, the stop says how the program ended and that its unsent tail is missing.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();
const ANSWER_WITHIN_MS = 30_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once a recordingStats event says the live program is held (its first step's hold). */
function heldAtFirstStep(client: RecordingClient): Promise<void> {
  return new Promise((resolve) => {
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      const body = event.body as { held?: boolean; events?: number };
      if (body.held || (body.events ?? 0) > 0) resolve();
    });
  });
}

async function killedBeforeConfiguration(
  program: string,
  waitForExit: boolean,
  extra: Record<string, unknown> = {},
): Promise<DebugProtocol.StoppedEvent> {
  const client = newClient();
  await client.start();
  const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
  const recorded = heldAtFirstStep(client);
  // Listened for only when awaited: a dangling wait would fail after the session closed.
  const exited = waitForExit ? client.waitForEvent('exited', ANSWER_WITHIN_MS) : undefined;
  const stopped = (client.waitForEvent('stopped', ANSWER_WITHIN_MS) as Promise<DebugProtocol.StoppedEvent>).catch(
    (error: Error) => {
      throw new Error(`${error.message}; the adapter said: ${client.eventsSoFar()}`);
    },
  );
  await client.configureLaunch(programArgs(program, { live: true, ...extra }), async () => {
    const pid = Number((await processEvent).body.systemProcessId);
    await recorded;
    await sleep(200); // the stop note and the records before it are in
    process.kill(pid, 'SIGKILL');
    await exited;
  });
  return stopped;
}

describe('a live program SIGKILLed while it waits at its first step', () => {
  for (const waitForExit of [false, true])
    for (const stopOnEntry of [false, true])
      it(`stops (configured ${waitForExit ? 'after' : 'before'} the exit is known, stopOnEntry ${stopOnEntry})`, async () => {
        const stop = await killedBeforeConfiguration('liveTicks.js', waitForExit, { stopOnEntry });
        expect(stop.body.reason).toMatch(/entry|step|breakpoint|exception/);
      });
});

describe('a live program SIGKILLed while held at a breakpoint', () => {
  for (const move of ['continue', 'next'] as const)
    for (const waitForExit of [false, true])
      it(`reaches a stop after ${move} (${waitForExit ? 'after' : 'before'} the exit is known)`, async () => {
        const client = newClient();
        await client.start();
        const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
        const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
          breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
        );
        expect(first.body.reason).toBe('breakpoint');
        const pid = Number((await processEvent).body.systemProcessId);
        const exited = waitForExit ? client.waitForEvent('exited', ANSWER_WITHIN_MS) : undefined;
        process.kill(pid, 'SIGKILL');
        await exited;
        const stopped = client.waitForEvent('stopped', ANSWER_WITHIN_MS).catch((error: Error) => {
          throw new Error(`${error.message}; the adapter said: ${client.eventsSoFar()}`);
        });
        const threadId = first.body.threadId ?? 1;
        if (move === 'continue') await client.continueRequest({ threadId });
        else await client.nextRequest({ threadId });
        const stop = (await stopped) as DebugProtocol.StoppedEvent;
        const trace = await client.stackTraceRequest({ threadId: stop.body.threadId ?? threadId });
        expect(trace.body.stackFrames.length).toBeGreaterThan(0);
      });
});

describe('a live program SIGKILLed under a Continue', () => {
  it('stops at the end of the recording, saying how the program ended and what is missing', async () => {
    const client = newClient();
    await client.start();
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
      breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
    );
    const pid = Number((await processEvent).body.systemProcessId);
    // The breakpoint hits only once: the Continue runs the program until it is killed under it.
    const stopped = client.waitForEvent('stopped', ANSWER_WITHIN_MS).catch((error: Error) => {
      throw new Error(`${error.message}; the adapter said: ${client.eventsSoFar()}`);
    });
    await client.continueRequest({ threadId: first.body.threadId ?? 1 });
    await sleep(300);
    process.kill(pid, 'SIGKILL');
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    expect(stop.body.description).toMatch(
      /^End of the recording\. The program was ended by SIGKILL: .* not recorded\.$/,
    );
  });
});

describe('a live program SIGKILLed while the adapter answers requests at a live stop', () => {
  it('reaches a stop after Continue', async () => {
    const client = newClient();
    await client.start();
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
      breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
    );
    const pid = Number((await processEvent).body.systemProcessId);
    const threadId = first.body.threadId ?? 1;
    // stackTrace, scopes and variables in flight, as VS Code asks them at a stop; the kill lands among them.
    const inspect = async (): Promise<void> => {
      const frame = (await client.stackTraceRequest({ threadId })).body.stackFrames[0];
      const scopes = await client.scopesRequest({ frameId: frame.id });
      await client.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    };
    const asked = [inspect(), inspect(), inspect()];
    process.kill(pid, 'SIGKILL');
    asked.push(inspect(), inspect(), inspect());
    expect((await Promise.allSettled(asked)).every((answer) => answer.status === 'fulfilled')).toBe(true);
    const stopped = client.waitForEvent('stopped', ANSWER_WITHIN_MS).catch((error: Error) => {
      throw new Error(`${error.message}; the adapter said: ${client.eventsSoFar()}`);
    });
    await client.continueRequest({ threadId });
    const stop = (await stopped) as DebugProtocol.StoppedEvent;
    const trace = await client.stackTraceRequest({ threadId: stop.body.threadId ?? threadId });
    expect(trace.body.stackFrames.length).toBeGreaterThan(0);
  });
});
