// Live breakpoint filters (issue 13 item 1): a simple condition or hit count is evaluated by the
// recorder on the values the program writes, so a rarely true breakpoint in a hot loop stops only
// when it holds (600 000 hits here: at a round trip per hit this would take minutes); the adapter
// still confirms each stop, and a condition the recorder cannot decide keeps stopping at every hit;
// a recursive function's own bindings are read per activation (item 2); a closure's variable is
// read by the recorder while its function has had one activation, else left to the adapter.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const PROGRAM = fixture('liveFilter.js');
const BODY = lineOf(PROGRAM, 'filter-body');
const LIVE = { live: true };
/**
 * A third of a stop per hit (≥ 0.3 ms × 600 000 = 180 s), far above recording 600 000 iterations
 * here (~16 s at load 26 on 2 cores; 25 s was exceeded, 28.8 and 29.4 s, with the other live test
 * files running beside it at that load).
 */
const FILTERED_RUN_MAX_MS = 60_000;

describe('live breakpoint filters', { timeout: 150_000 }, () => {
  it('a condition over a parameter, a loop counter and a module binding stops only where it holds', async () => {
    const client = newClient();
    await client.start();
    const startedMs = Date.now();
    const stop = await client.launchAndStop(programArgs('liveFilter.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: BODY, condition: `kind === 'b' && i >= 299998 && label !== 'start'` }],
      }),
    );
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('i')).toBe('299998');
    expect(await client.evaluate('kind')).toBe("'b'");
    // Continue: the next hit where it holds, in the same frame.
    await client.move('continue');
    expect(await client.evaluate('i')).toBe('299999');
    // The past is there: reverse-continue finds the first stop again (the hits the recorder let
    // pass are known false; the ones it stopped at are evaluated), step back reaches the loop head.
    await client.move('reverseContinue');
    expect(await client.evaluate('i')).toBe('299998');
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(BODY - 1);
  });

  it('typeof is decided by the recorder too (it was a round trip per hit)', async () => {
    const client = newClient();
    await client.start();
    const startedMs = Date.now();
    const stop = await client.launchAndStop(programArgs('liveFilter.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: BODY, condition: `typeof kind === 'string' && kind === 'b' && i === 299999` }],
      }),
    );
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('i')).toBe('299999');
    expect(await client.evaluate('kind')).toBe("'b'");
  });

  it('property reads and string methods are decided by the recorder (a round trip per hit before)', async () => {
    const program = fixture('liveFilterReads.js');
    const body = lineOf(program, 'reads-body');
    const client = newClient();
    await client.start();
    const startedMs = Date.now();
    const stop = await client.launchAndStop(programArgs('liveFilterReads.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [
          {
            line: body,
            condition: `options.name.startsWith('sec') && options.tags.length > 1 && i === 99999`,
          },
        ],
      }),
    );
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('i')).toBe('99999');
    expect(await client.evaluate('options.name')).toBe("'second'");
  });

  it('a hit count is counted by the recorder, continuing from the hits already recorded', async () => {
    const client = newClient();
    await client.start();
    const stop = await client.launchAndStop(programArgs('liveFilter.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: BODY, hitCondition: '% 250000' }],
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('i')).toBe('249999');
    expect(await client.evaluate('kind')).toBe("'a'");
    // Set again while stopped (its count is re-sent): the 500 000th hit is the second call's 200 000th.
    await client.setBreakpointsRequest({
      source: { path: PROGRAM },
      breakpoints: [{ line: BODY, hitCondition: '% 250000' }],
    });
    await client.move('continue');
    expect(await client.evaluate('i')).toBe('199999');
    expect(await client.evaluate('kind')).toBe("'b'");
  });

  it("a condition on a closure's variable stops at the hit where it holds", async () => {
    const client = newClient();
    await client.start();
    const closureLine = lineOf(PROGRAM, 'filter-closure');
    const stop = await client.launchAndStop(programArgs('liveFilter.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: PROGRAM },
        breakpoints: [{ line: closureLine, condition: 'seen === 250' }],
      }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('seen')).toBe('250');
    expect((await client.topFrame()).line).toBe(closureLine);
  });

  it("a closure's variable is decided by the recorder while its function has had one activation (a round trip per hit before)", async () => {
    const program = fixture('liveClosure.js');
    const client = newClient();
    await client.start();
    const startedMs = Date.now();
    const stop = await client.launchAndStop(programArgs('liveClosure.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf(program, 'closure-body'), condition: 'seen === 199999 && step === 1' }],
      }),
    );
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('seen')).toBe('199999');
  });

  it("a closure's condition set while stopped mid-run is decided by the recorder too (the adapter's count of activations holds)", async () => {
    const program = fixture('liveClosure.js');
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('liveClosure.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf(program, 'closure-loop') }],
      }),
    );
    // counter() has run: the recorder's count of its activations starts from the recording's.
    await client.setBreakpointsRequest({
      source: { path: program },
      breakpoints: [{ line: lineOf(program, 'closure-body'), condition: 'seen === 199999' }],
    });
    const startedMs = Date.now();
    await client.move('continue');
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect((await client.topFrame()).line).toBe(lineOf(program, 'closure-body'));
    expect(await client.evaluate('seen')).toBe('199999');
  });

  it("a closure over a recursive function's binding: the last write is another activation's, so the adapter decides", async () => {
    const program = fixture('liveClosureRecursion.js');
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(programArgs('liveClosureRecursion.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf(program, 'closure-reentry'), condition: 'level === 0' }],
      }),
    );
    // walk(0)'s visit runs after walk(1..3) wrote `level` (30 last): read as the latest write, the
    // condition would be false there and the program would run on, never stopping.
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('depth')).toBe('0');
    expect(await client.evaluate('level')).toBe('0');
    expect(output.join('')).not.toContain('walked');
  });

  it("a recursive call's write is not the outer activation's value: the hit after the recursion returns stops", async () => {
    const client = newClient();
    await client.start();
    const recursion = fixture('liveRecursion.js');
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const stop = await client.launchAndStop(programArgs('liveRecursion.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: recursion },
        breakpoints: [{ line: lineOf(recursion, 'reentry-body'), condition: 'level === 0' }],
      }),
    );
    // walk(0) reaches the line after walk(1..3) wrote `level` last: before item 2 the recorder
    // read 30 there and let the program run on, never stopping.
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('depth')).toBe('0');
    expect(await client.evaluate('level')).toBe('0');
    expect(output.join('')).not.toContain('walked');
  });

  it("a condition on a module-level loop's counter is filtered by the recorder (one owner frame)", async () => {
    const client = newClient();
    await client.start();
    const program = fixture('liveModuleLoop.js');
    const startedMs = Date.now();
    const stop = await client.launchAndStop(programArgs('liveModuleLoop.js', LIVE), () =>
      client.setBreakpointsRequest({
        source: { path: program },
        breakpoints: [{ line: lineOf(program, 'module-loop'), condition: 'i === 299999' }],
      }),
    );
    expect(Date.now() - startedMs).toBeLessThan(FILTERED_RUN_MAX_MS);
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('i')).toBe('299999');
  });
});
