// Issue 12 item 11, made structural: whatever throws on the way from "the program was killed" to
// the stop, the session still stops on what was recorded and says what failed — never silence.
// Faults are injected in the built adapter (session/faultPoints.ts, REWIND_ADAPTER_FAULTS): the
// tail's indexing and the store's closing in LiveRecording.onExit (an exception there left
// `ready` and every held move pending, and, unhandled, ended the standalone adapter), and the
// live Continue redone once the program ended under it (it printed the error and never stopped).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { FaultPoint } from '../../../debug-adapter/session/faultPoints';
import type { RecordingClient } from './support/client';
import { adapterWithFaults as armedAdapter, printed } from './support/faults';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();
const ANSWER_WITHIN_MS = 30_000;

const adapterWithFaults = (points: FaultPoint[]) => armedAdapter(newClient, points);

function stoppedWithin(client: RecordingClient): Promise<DebugProtocol.StoppedEvent> {
  return (client.waitForEvent('stopped', ANSWER_WITHIN_MS) as Promise<DebugProtocol.StoppedEvent>).catch(
    (error: Error) => {
      throw new Error(`${error.message}; the adapter said: ${client.eventsSoFar()}`);
    },
  );
}

/** Resolves once the adapter said it indexed some of the program's steps. */
function stepsRecorded(client: RecordingClient): Promise<void> {
  return new Promise((resolve) => {
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      if (((event.body as { events?: number }).events ?? 0) > 0) resolve();
    });
  });
}

/** The stop replays: its stack has frames (an adapter that died after the stop never answers). */
async function expectFramesAt(client: RecordingClient, stop: DebugProtocol.StoppedEvent): Promise<void> {
  const unanswered = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`stackTrace unanswered; the adapter said: ${client.eventsSoFar()}`)), 20_000),
  );
  const trace = await Promise.race([client.stackTraceRequest({ threadId: stop.body.threadId ?? 1 }), unanswered]);
  expect(trace.body.stackFrames.length).toBeGreaterThan(0);
}

describe('a live program SIGKILLed while the adapter fails on the way to the stop', () => {
  // Live: the first stop waits in a live move for the program's end; not live: for `ready`.
  for (const [point, told] of [
    ['liveExit.indexTail', "indexing the recording's tail failed"],
    ['liveExit.storeFinish', 'closing the index failed'],
  ] as const)
    for (const live of [true, false])
      it(`stops on what was recorded and says so (${point} throws, live: ${live})`, async () => {
        const client = await adapterWithFaults([point]);
        const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
        const recorded = stepsRecorded(client);
        const stopped = stoppedWithin(client);
        await client.configureLaunch(programArgs('busyLoop.js', { live }));
        const pid = Number((await processEvent).body.systemProcessId);
        await recorded;
        process.kill(pid, 'SIGKILL');
        const stop = await stopped;
        await expectFramesAt(client, stop);
        expect(printed(client)).toContain(`${told}: fault injected at ${point}`);
      });

  it('stops after a live Continue whose redo throws once the program ended (liveMove.programEnded)', async () => {
    const client = await adapterWithFaults(['liveMove.programEnded']);
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
      breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
    );
    expect(first.body.reason).toBe('breakpoint');
    const pid = Number((await processEvent).body.systemProcessId);
    // The breakpoint hits only once: the Continue runs the program until it is killed under it.
    const stopped = stoppedWithin(client);
    await client.continueRequest({ threadId: first.body.threadId ?? 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, 'SIGKILL');
    const stop = await stopped;
    await expectFramesAt(client, stop);
    expect(stop.body.description).toMatch(/the live continue failed: fault injected at liveMove\.programEnded/);
    expect(printed(client)).toContain('the live continue failed: fault injected at liveMove.programEnded');
  });

  it('prints the output and stops when the recorded writes cannot be read (liveOutput.recordedWrites)', async () => {
    const client = await adapterWithFaults(['liveOutput.recordedWrites']);
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    const stopped = stoppedWithin(client);
    await client.configureLaunch(programArgs('liveTicks.js', { live: true }));
    const pid = Number((await processEvent).body.systemProcessId);
    const startedMs = Date.now();
    while (!/tick 3 /.test(printed(client)) && Date.now() - startedMs < ANSWER_WITHIN_MS)
      await new Promise((resolve) => setTimeout(resolve, 20));
    process.kill(pid, 'SIGKILL');
    const stop = await stopped;
    await expectFramesAt(client, stop);
    expect(printed(client)).toMatch(/tick 1 3\n[^]*tick 3 7\n/);
    expect(printed(client)).toContain(
      'the recorded output could not be read (fault injected at liveOutput.recordedWrites',
    );
  });

  it('stops at a live breakpoint, and after a kill, when the engine cannot note the hold (liveStop.heldAt)', async () => {
    const client = await adapterWithFaults(['liveStop.heldAt']);
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
      breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
    );
    expect(first.body.reason).toBe('breakpoint');
    const pid = Number((await processEvent).body.systemProcessId);
    const stopped = stoppedWithin(client);
    await client.continueRequest({ threadId: first.body.threadId ?? 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, 'SIGKILL');
    await expectFramesAt(client, await stopped);
  });
});

describe('any stop, when what prepares it fails (stop.details)', () => {
  // reportStop flushes the output, tells failed conditions and reports the position before its
  // `stopped`; a throw there once left the client with no stop at all (the first stop's, or one a
  // dispatcher's `after` swallowed), a session that looks like it runs for ever.
  for (const [program, live] of [
    ['classes.js', false],
    ['liveTicks.js', true],
  ] as const)
    it(`still stops, saying what failed (live: ${live})`, async () => {
      const client = await adapterWithFaults(['stop.details']);
      const first = stoppedWithin(client);
      await client.configureLaunch(programArgs(program, { live, stopOnEntry: true }));
      const stop = await first;
      await expectFramesAt(client, stop);
      expect(printed(client)).toContain("flushing the program's output failed: fault injected at stop.details");
      // A move's stop goes through the dispatcher's `after`: it stops too.
      const next = stoppedWithin(client);
      await client.nextRequest({ threadId: stop.body.threadId ?? 1 });
      await expectFramesAt(client, await next);
    });
});
