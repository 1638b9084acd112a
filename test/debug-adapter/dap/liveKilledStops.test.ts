// A live program SIGKILLed under the adapter always reaches an answer (issue 12 item 11): once in
// about 13 runs the session gave no `stopped` event within 120 s. Here the program is killed at many
// random points — during start-up, as its first statements record, deep in its loop — and every
// session must stop on what was recorded, or, killed before its first statement was recorded, end
// saying that nothing was recorded. Never silence. Each failure names its kill point for a replay.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { breakAt, programArgs, useClient } from './support/session';

const newClient = useClient();
const RUNS = Number(process.env.REWIND_KILL_RUNS ?? 12);
const ANSWER_WITHIN_MS = 20_000;

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

type Answer = { stopped: DebugProtocol.StoppedEvent } | { terminated: true } | undefined;

describe('a live program killed with SIGKILL', () => {
  it(`always reaches a stop on what was recorded (${RUNS} random kill points)`, async () => {
    const failures: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const client = newClient();
      await client.start();
      let recordedEvents = 0;
      client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
        recordedEvents = Math.max(recordedEvents, (event.body as { events?: number }).events ?? 0);
      });
      const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
      const answer: Promise<Answer> = Promise.race([
        client.waitForEvent('stopped', ANSWER_WITHIN_MS).then((event) => ({
          stopped: event as DebugProtocol.StoppedEvent,
        })),
        client.waitForEvent('terminated', ANSWER_WITHIN_MS).then(() => ({ terminated: true as const })),
      ]).catch(() => undefined);
      await client.configureLaunch(programArgs('busyLoop.js', { live: true }));
      const pid = Number((await processEvent).body.systemProcessId);
      // Even runs: anywhere from spawn on (start-up included); odd runs: once steps are arriving.
      let point: string;
      if (run % 2 === 0) {
        const delayMs = Math.floor(Math.random() * 1500);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        point = `${delayMs} ms after spawn`;
      } else {
        const startedMs = Date.now();
        while (recordedEvents === 0 && Date.now() - startedMs < 15_000) await new Promise((r) => setTimeout(r, 5));
        const delayMs = Math.floor(Math.random() * 400);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        point = `${delayMs} ms after the first recorded events`;
      }
      const eventsAtKill = recordedEvents;
      killQuietly(pid);
      const result = await answer;
      const context = `run ${run}: killed ${point} (${eventsAtKill} events known)`;
      if (!result)
        failures.push(`${context}: no stop within ${ANSWER_WITHIN_MS} ms; the adapter said: ${client.eventsSoFar()}`);
      else if ('terminated' in result) {
        // Only an honest "nothing was recorded" may end the session without a stop.
        const said = client.eventsSoFar();
        if (eventsAtKill > 0 || !/Nothing was recorded/.test(said))
          failures.push(`${context}: ended without a stop; the adapter said: ${said}`);
      } else {
        const trace = await client.stackTraceRequest({ threadId: result.stopped.body.threadId ?? 1 });
        if (trace.body.stackFrames.length === 0) failures.push(`${context}: stopped with no frames`);
      }
      await client.close();
    }
    expect(failures).toEqual([]);
  }, 900_000);

  it(`killed around a Continue from a live stop, reaches a stop (${RUNS / 2} random kill points)`, async () => {
    const failures: string[] = [];
    for (let run = 0; run < RUNS / 2; run++) {
      const client = newClient();
      await client.start();
      const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
      const first = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
        breakAt(client, 'liveTicks.js', 'live-work', { hitCondition: '3' }),
      );
      const pid = Number((await processEvent).body.systemProcessId);
      expect(first.body.reason).toBe('breakpoint');
      // Held at a live stop; the kill lands before, with or after the resume.
      const leadMs = Math.floor(Math.random() * 60) - 30;
      const stopped = client.waitForEvent('stopped', ANSWER_WITHIN_MS).then(
        (event) => event as DebugProtocol.StoppedEvent,
        () => undefined,
      );
      if (leadMs < 0) {
        killQuietly(pid);
        await new Promise((resolve) => setTimeout(resolve, -leadMs));
        await client.continueRequest({ threadId: first.body.threadId ?? 1 }).catch(() => undefined);
      } else {
        await client.continueRequest({ threadId: first.body.threadId ?? 1 });
        await new Promise((resolve) => setTimeout(resolve, leadMs));
        killQuietly(pid);
      }
      const stop = await stopped;
      const context = `run ${run}: killed ${leadMs} ms relative to the Continue`;
      if (!stop)
        failures.push(`${context}: no stop within ${ANSWER_WITHIN_MS} ms; the adapter said: ${client.eventsSoFar()}`);
      else {
        const trace = await client.stackTraceRequest({ threadId: stop.body.threadId ?? 1 });
        if (trace.body.stackFrames.length === 0) failures.push(`${context}: stopped with no frames`);
      }
      await client.close();
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
