// What the Debug Console and exceptionInfo say must match what Node says (issue 12 item 12): the
// throwing frame's column in exceptionInfo's stack is Node's own, and rewind/search finds the
// program's console text; live output keeps its place when its record comes late.
import { execFileSync } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import type { RecordingClient } from './support/client';
import { adapterWithFaults } from './support/faults';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

/** "file:line:column" of the frames Node itself prints for a program's uncaught error. */
function nodeFrames(file: string): string[] {
  let stderr = '';
  try {
    execFileSync(process.execPath, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    stderr = String((error as { stderr: Buffer }).stderr);
  }
  return [...stderr.matchAll(/\((\/[^)]+:\d+:\d+)\)/g)]
    .map((match) => match[1])
    .filter((place) => place.startsWith(file));
}

describe('exceptionInfo', () => {
  it('places the throwing frame where Node does', async () => {
    const file = fixture('exceptions.js');
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('exceptions.js'));
    expect(stopped.body.reason).toBe('exception');
    const info = (await client.request('exceptionInfo', { threadId: 1 })) as DebugProtocol.ExceptionInfoResponse;
    const ours = [...(info.body.details?.stackTrace ?? '').matchAll(/\((\/[^)]+:\d+:\d+)\)/g)].map((match) => match[1]);
    expect(ours[0]).toBe(nodeFrames(file)[0]);
  });
});

describe('the Debug Console', () => {
  it('shows stdout and stderr in the order the program wrote them', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('interleaved.js'));
    await client.threadsRequest();
    const printed = client.log
      .filter(
        (entry) =>
          entry.direction === 'in' &&
          entry.message.type === 'event' &&
          (entry.message as DebugProtocol.Event).event === 'output',
      )
      .map((entry) => (entry.message as DebugProtocol.OutputEvent).body)
      .filter((body) => body.category === 'stdout' || body.category === 'stderr');
    const lines = printed.flatMap((body) =>
      body.output
        .split('\n')
        .filter(Boolean)
        .map((line) => `${body.category}:${line}`),
    );
    const expected = Array.from({ length: 40 }, (_, i) => [`stdout:out ${i}`, `stderr:err ${i}`]).flat();
    expect(lines).toEqual(expected);
  });
});

/** The program's own output events (stdout/stderr), in arrival order. */
function programOutput(client: RecordingClient): DebugProtocol.OutputEvent['body'][] {
  const bodies: DebugProtocol.OutputEvent['body'][] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => {
    if (event.body.category === 'stdout' || event.body.category === 'stderr') bodies.push(event.body);
  });
  return bodies;
}

describe('live output links to where it was printed (issue 15 §3 for live sessions)', () => {
  const file = fixture('printedAt.js');
  /** "text → line" of each event, and its step. */
  const placed = (bodies: DebugProtocol.OutputEvent['body'][]) =>
    bodies.map((body) => `${body.output.trim()} → ${body.source?.path === file ? body.line : 'nowhere'}`);

  it('each line printed before a live stop carries its source, line and step; the line after it too', async () => {
    const client = newClient();
    await client.start();
    const output = programOutput(client);
    const stopped = await client.launchAndStop(programArgs('printedAt.js', { live: true }), () =>
      breakAt(client, 'printedAt.js', 'print-last'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    expect(await waitUntil(() => output.length >= 3, 3000)).toBe(true);
    expect(placed(output)).toEqual([
      `first → ${lineOf(file, 'print-log')}`,
      `second → ${lineOf(file, 'print-write')}`,
      `third → ${lineOf(file, 'print-error')}`,
    ]);
    const steps = output.map((body) => (body as { data?: { step?: number } }).data?.step ?? -1);
    expect(steps[0]).toBeGreaterThanOrEqual(0);
    expect(steps[1]).toBeGreaterThan(steps[0]);
    expect(steps[2]).toBeGreaterThan(steps[1]);
    // The step is the moment it was printed: seeking there stops on the printing line.
    await client.request('rewind/seek', { step: steps[1] });
    expect((await client.topFrame()).line).toBe(lineOf(file, 'print-write'));

    // Forward from the past replays to the breakpoint at the frontier; from there the program runs on live.
    expect((await client.move('continue')).body.reason).toBe('breakpoint');
    expect(output).toHaveLength(3);
    await client.move('continue');
    expect(await waitUntil(() => output.length >= 4, 3000)).toBe(true);
    expect(placed(output)[3]).toBe(`total 3 → ${lineOf(file, 'print-last')}`);
  });

  it('a line whose record comes late (the drain lagging on a loaded machine) still carries its place', async () => {
    // The flake this pins down: the pipe's text waited 250 ms for its record, then went out
    // without a place ('third → nowhere'). The fault holds every recorded write back 600 ms.
    const client = await adapterWithFaults(newClient, ['liveOutput.lateWrites']);
    const output = programOutput(client);
    const stopped = await client.launchAndStop(programArgs('printedAt.js', { live: true }), () =>
      breakAt(client, 'printedAt.js', 'print-last'),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    expect(await waitUntil(() => output.length >= 3, 10_000)).toBe(true);
    expect(placed(output)).toEqual([
      `first → ${lineOf(file, 'print-log')}`,
      `second → ${lineOf(file, 'print-write')}`,
      `third → ${lineOf(file, 'print-error')}`,
    ]);
  });

  it('a program recorded to its end (live: false) prints each line with its place as well', async () => {
    const client = newClient();
    await client.start();
    const output = programOutput(client);
    await client.launchAndStop(programArgs('printedAt.js'));
    expect(await waitUntil(() => output.length >= 4, 3000)).toBe(true);
    expect(placed(output)).toEqual([
      `first → ${lineOf(file, 'print-log')}`,
      `second → ${lineOf(file, 'print-write')}`,
      `third → ${lineOf(file, 'print-error')}`,
      `total 3 → ${lineOf(file, 'print-last')}`,
    ]);
  });
});

describe('rewind/search', () => {
  it('finds console text the program printed', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'));
    const response = await client.request('rewind/search', { query: 'TOTAL' });
    const body = response.body as { matches: Array<{ label: string; line: number }>; total: number };
    expect(body.total).toBe(1);
    expect(body.matches[0].label).toBe('console: total 30');
  });
});
