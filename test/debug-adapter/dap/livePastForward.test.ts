// Forward from the past into the live present (issue 13 item 3): a step that starts at a recorded
// moment replays up to the frontier (the program stays held, prints nothing), and where the move
// goes past it the running program goes on with the same move, live. Step In stops at every step,
// so it reaches the frontier and crosses at the next Step In; Step Over and Step Out can start in
// the caller's frame while the program is held deeper, and must still end where replay would.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const TICKS = fixture('liveTicks.js');
/** The line after `live-work`: work's `return doubled + 1`. */
const WORK_RETURN_LINE = lineOf(TICKS, 'live-work') + 1;

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
  return predicate();
}

/** A live session of liveTicks.js held at its first hit of `line` (tick 1), breakpoints then cleared. */
async function heldAtFirstTick(line: number): Promise<{ client: RecordingClient; output: string[] }> {
  const client = newClient();
  await client.start();
  const output: string[] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
  const stop = await client.launchAndStop(programArgs('liveTicks.js', { live: true }), () =>
    client.setBreakpointsRequest({ source: { path: TICKS }, breakpoints: [{ line }] }),
  );
  expect(stop.body.reason).toBe('breakpoint');
  expect(await client.evaluate('ticks')).toBe('1');
  await client.setBreakpointsRequest({ source: { path: TICKS }, breakpoints: [] });
  return { client, output };
}

describe('forward from the past into the live present', () => {
  it('Step In from the past replays each step up to the live stop, then the next Step In runs the program to its next step', async () => {
    const { client, output } = await heldAtFirstTick(lineOf(TICKS, 'live-work'));
    expect((await client.locals()).get('n')?.value).toBe('1');
    // Back into the callback, before the call (two steps back: the call's line, then ticks++).
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-tick'));

    // Replayed: the call's line, then into work(1), where the program is held.
    expect((await client.move('stepIn')).body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    await client.move('stepIn');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-work'));
    expect((await client.locals()).get('n')?.value).toBe('1');

    // Past the frontier: the program runs one step, live, and is held again.
    await client.move('stepIn');
    expect((await client.topFrame()).line).toBe(WORK_RETURN_LINE);
    expect((await client.locals()).get('doubled')?.value).toBe('2');
    await client.move('stepIn');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('3');
    expect(output.join('')).not.toContain('tick 1 ');
    // The next step is the next tick's: tick 1 printed live on the way.
    await client.move('stepIn');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-tick'));
    expect(await waitFor(() => output.join('').includes('tick 1 3'), 5000)).toBe(true);
    expect(await client.evaluate('ticks')).toBe('1');

    // The steps taken live are in the past too.
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    // Continue with no breakpoint: the program runs on.
    expect((await client.request('continue', { threadId: client.stoppedThreadId })).success).toBe(true);
    expect(await waitFor(() => output.join('').includes('tick 3 7'), 10_000)).toBe(true);
  });

  it('Step Over from the caller in the past, the program held inside the call: replayed into the call, then run live back to the caller', async () => {
    const { client, output } = await heldAtFirstTick(lineOf(TICKS, 'live-work'));
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    expect(await client.evaluate('ticks')).toBe('1');
    // Over work(1): the recording ends inside it, so the rest of the call runs in the program.
    const over = await client.move('next');
    expect(over.body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('3');
    expect(await client.evaluate('ticks')).toBe('1');
    expect(output.join('')).not.toContain('tick 1 ');
    // The call's steps were recorded on the way.
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    await client.move('stepIn');
    await client.move('next');
    expect((await client.topFrame()).line).toBe(WORK_RETURN_LINE);
    expect((await client.locals()).get('doubled')?.value).toBe('2');
  });

  it('Step Out from the past, the program held later in the same call: replayed to the frontier, then run live out to the caller', async () => {
    const { client, output } = await heldAtFirstTick(WORK_RETURN_LINE);
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-work'));
    expect((await client.locals()).get('doubled')?.value).not.toBe('2'); // not declared yet (TDZ)
    const out = await client.move('stepOut');
    expect(out.body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('3');
    expect(output.join('')).not.toContain('tick 1 ');
    // Held live again: Step Over runs the print, and tick 1 appears.
    await client.move('next');
    expect(await waitFor(() => output.join('').includes('tick 1 3'), 5000)).toBe(true);
  });
});
