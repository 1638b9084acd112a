// Live stepping in one resume (issue 13 item 3): Step Over a call that runs 100 000 iterations,
// Step In, then Step Out of a 50 000-iteration call, all from the live present. Each move is one
// control line: the program's recorder counts frames and stops at the stepping frame's next step.
// Stepped one round trip per step (as before) these moves take minutes, not the seconds allowed.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { nodeBinaries } from '../../support/nodeBinaries';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = fixture('liveStepOver.js');
/** Generous on a loaded machine; one round trip per step of these calls would need ~100x more. */
const MOVE_TIMEOUT_MS = 15_000;

describe('live stepping in one resume', () => {
  it('Step Over a long call, Step In, Step Out of a long call: the program stops where replay would, and stays live', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(programArgs('liveStepOver.js', { live: true }), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: lineOf(PROGRAM, 'step-call') }],
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    await client.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [] });

    const move = async (command: 'next' | 'stepIn' | 'stepOut') => {
      const stopped = client.waitForEvent('stopped', MOVE_TIMEOUT_MS) as Promise<DebugProtocol.StoppedEvent>;
      const response = await client.request(command, { threadId: stop.body.threadId });
      expect(response.success).toBe(true);
      return stopped;
    };

    expect((await move('next')).body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'step-again'));
    expect(await client.evaluate('sum')).toBe('299995');

    await move('stepIn');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'work-first'));
    await move('stepOut');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'step-return'));
    expect(await client.evaluate('again')).toBe('149997');

    // Step Over the frame's last statement: out to the module's next step; the program has not
    // printed yet (it is held live).
    await move('next');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'step-print'));
    expect(output.join('')).not.toContain('result');
    // The past is still there.
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'step-outer'));
  });

  it('a breakpoint inside the stepped-over call stops the step there, as in replay', async () => {
    const client = newClient();
    await client.start();
    const stop = await client.launchAndStop(programArgs('liveStepOver.js', { live: true }), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: lineOf(PROGRAM, 'step-call') }],
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    await client.setBreakpointsRequest({
      source: { path: PROGRAM },
      breakpoints: [{ line: lineOf(PROGRAM, 'work-first') }],
    });
    const stepped = await client.move('next');
    expect(stepped.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(PROGRAM, 'work-first'));
    expect(await client.evaluate('n')).toBe('100000');
  });

  it("Step Over a call to an async function that suspends: the caller's next step", async () => {
    const client = newClient();
    await client.start();
    const program = fixture('liveStepAsync.js');
    const stop = await client.launchAndStop(programArgs('liveStepAsync.js', { live: true }), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf(program, 'async-call') }],
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'async-next'));
  });
});

// Step Over an await at the live present (issue 13 leftover 1): the program's recorder waits for
// the same frame's continuation, on every Node the suite runs (this one, and Node 24 when
// REWIND_NODE24 names it). Meanwhile a 5 ms ticker and the server's handler run steps elsewhere.
describe.each(nodeBinaries())('live Step Over an await on $label', ({ path: node }) => {
  it('awaiting a timer, then a fetch to a local server: each step ends on the next line of the same function', async () => {
    const client = newClient();
    await client.start();
    const program = fixture('liveStepAwait.js');
    const launch = programArgs('liveStepAwait.js', { runtimeExecutable: node, live: true });
    const stop = await client.launchAndStop(launch, () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: ['timer-await', 'fetch-await', 'reject-await'].map((marker) => ({
          line: lineOf(program, marker),
        })),
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'timer-await'));

    const stepped = await client.move('next');
    expect(stepped.body.reason).toBe('step');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'timer-after'));
    expect(await client.evaluate('before')).toBe('1');
    // The ticker ran while the frame awaited: the step went past its steps, not into them.
    expect(Number(await client.evaluate('ticks'))).toBeGreaterThan(0);

    const atFetch = await client.move('continue');
    expect(atFetch.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'fetch-await'));
    await client.move('next'); // the server's handler answers meanwhile, in this same program
    expect((await client.topFrame()).line).toBe(lineOf(program, 'fetch-text'));
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'fetch-return'));
    expect(await client.evaluate('text')).toBe("'pong'");
    // The past is still there: Step Back over the await returns to it.
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'fetch-text'));

    // A rejected await resumes its frame without a RESUME: the step ends in the frame's catch.
    await client.move('continue');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'reject-await'));
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(program, 'reject-caught'));
    expect(await client.evaluate('error.message')).toBe("'refused'");
  });
});
