// The adapter's own failures are told, never silence (DAP-04): a rejection nobody handled and a
// throw outside any request in the standalone adapter (processErrors.ts: Node's default ended the
// process and the client saw only the adapter gone), and a request's `before`/`after` hook that
// throws (the dispatcher swallowed it). Faults are injected in the built adapter
// (session/faultPoints.ts, REWIND_ADAPTER_FAULTS); each test fails on the adapter without the fix.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { isAlive, waitUntil } from '../../support/polling';
import type { RecordingClient } from './support/client';
import { adapterWithFaults, outputEvents, printed } from './support/faults';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
/** Generous: the machine may be loaded (load average 30); a dead adapter never answers at all. */
const ANSWER_WITHIN_MS = 20_000;

/** The response, or a failure naming what the adapter said (a dead adapter never answers). */
async function answered(client: RecordingClient, command: string, args?: unknown): Promise<DebugProtocol.Response> {
  let timer: NodeJS.Timeout | undefined;
  const unanswered = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${command} unanswered; the adapter said: ${client.eventsSoFar()}`)),
      ANSWER_WITHIN_MS,
    );
  });
  try {
    return await Promise.race([client.request(command, args), unanswered]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the adapter printed `text`; says what it printed instead when it does not. */
async function expectPrinted(client: RecordingClient, text: string): Promise<void> {
  await waitUntil(() => printed(client).includes(text), ANSWER_WITHIN_MS);
  expect(printed(client)).toContain(text);
}

/** The stack of an injected fault reached the Debug Console (stderr), frames and all. */
async function expectStackOf(client: RecordingClient, point: string): Promise<void> {
  const stacks = () =>
    outputEvents(client).filter(
      (body) => body.category === 'stderr' && body.output.includes(`fault injected at ${point}`),
    );
  // Its own event, after the message: it may cross in a later chunk.
  await waitUntil(() => stacks().length > 0, ANSWER_WITHIN_MS);
  expect(stacks()).toHaveLength(1);
  expect(stacks()[0].output).toMatch(/\n\s+at /);
}

describe('the standalone adapter, on a failure nothing caught', () => {
  it('tells an unhandled rejection, with its stack, and goes on answering', async () => {
    const client = await adapterWithFaults(newClient, ['threads.unawaited']);
    const stop = await client.launchAndStop(programArgs('loops.js'));
    expect((await answered(client, 'threads')).success).toBe(true);
    await expectPrinted(
      client,
      '[rewind:dap] a promise of the debug adapter failed and nothing handled it: fault injected at threads.unawaited',
    );
    await expectStackOf(client, 'threads.unawaited');
    // The session goes on: the next request answers, from the recording.
    const trace = await answered(client, 'stackTrace', { threadId: stop.body.threadId ?? 1 });
    expect((trace as DebugProtocol.StackTraceResponse).body.stackFrames.length).toBeGreaterThan(0);
  });

  it('tells an uncaught exception, ends the session cleanly and kills the program', async () => {
    const client = await adapterWithFaults(newClient, ['threads.timerThrow']);
    const processEvent = client.waitForEvent('process', 20_000) as Promise<DebugProtocol.ProcessEvent>;
    await client.configureLaunch(programArgs('liveTicks.js', { live: true }));
    const pid = Number((await processEvent).body.systemProcessId);
    const terminated = client.waitForEvent('terminated', ANSWER_WITHIN_MS);
    const adapter = (client as unknown as { _adapterProcess: NodeJS.EventEmitter })._adapterProcess;
    const exited = new Promise<number | null>((resolve) =>
      adapter.once('exit', (code: number | null) => resolve(code)),
    );
    expect((await answered(client, 'threads')).success).toBe(true);
    await terminated;
    expect(printed(client)).toContain(
      '[rewind:dap] the debug adapter failed outside any request: fault injected at threads.timerThrow',
    );
    expect(printed(client)).toContain('the debug session ends');
    await expectStackOf(client, 'threads.timerThrow');
    expect(await exited).toBe(1);
    // DAP-10: the program tree does not outlive the session.
    expect(await waitUntil(() => !isAlive(pid), 10_000)).toBe(true);
  });
});

describe('a request whose hook throws', () => {
  it('after its response: the failure is told with its stack, and the session goes on', async () => {
    const client = await adapterWithFaults(newClient, ['setBreakpoints.after']);
    const file = fixture('loops.js');
    await client.launchAndStop(programArgs('loops.js'));
    const response = await answered(client, 'setBreakpoints', {
      source: { path: file },
      breakpoints: [{ line: lineOf(file, 'loop-total') }],
    });
    expect(response.success).toBe(true);
    await expectPrinted(
      client,
      '[rewind:dap] what follows the "setBreakpoints" response failed: fault injected at setBreakpoints.after',
    );
    await expectStackOf(client, 'setBreakpoints.after');
    expect((await answered(client, 'stackTrace', { threadId: client.stoppedThreadId })).success).toBe(true);
  });

  it('before its response: the response is an error, the failure is told with its stack', async () => {
    const client = await adapterWithFaults(newClient, ['customMove.before']);
    await client.launchAndStop(programArgs('loops.js'));
    const response = await answered(client, 'rewind/seek', { step: 0 });
    expect(response.success).toBe(false);
    expect(response.message).toContain('fault injected at customMove.before');
    expect(printed(client)).toContain(
      '[rewind:dap] "rewind/seek" failed before its response: fault injected at customMove.before',
    );
    await expectStackOf(client, 'customMove.before');
    expect((await answered(client, 'stackTrace', { threadId: client.stoppedThreadId })).success).toBe(true);
  });
});
