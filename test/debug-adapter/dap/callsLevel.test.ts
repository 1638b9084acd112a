// A real program recorded with `level: 'calls'` (no STEP events) through the built adapter: function
// starts and returns are its steps, so the session stops, steps both ways, shows the call chain and
// the parameters, and breakpoints snap to function starts.
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('callsLevel.js');
const calls = (extra: Record<string, unknown> = {}) => programArgs('callsLevel.js', { level: 'calls', ...extra });

async function stackNames(client: ReturnType<typeof newClient>): Promise<string[]> {
  const trace = await client.stackTraceRequest({ threadId: 1 });
  return trace.body.stackFrames.map((frame) => `${frame.name}:${frame.line}`);
}

async function localValues(client: ReturnType<typeof newClient>): Promise<Record<string, string>> {
  return Object.fromEntries(
    [...(await client.scopeVariables('Local'))].map(([name, variable]) => [name, variable.value]),
  );
}

describe('a recording made at level "calls"', () => {
  it('stops at the last step (the last return) and steps back through the calls', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(calls());
    expect(stopped.body).toMatchObject({ reason: 'step', description: 'End of the recording.' });
    expect(await stackNames(client)).toEqual([`describeRoom:${lineOf(FILE, 'room-return')}`, '<module>:1']);
    expect(await localValues(client)).toMatchObject({ name: "'hall'", width: '2', height: '5' });
    // The call just made returned: its value is shown as at level `full`, first in Local (as js-debug does).
    expect([...(await client.scopeVariables('Local')).keys()][0]).toBe('area()');
    expect((await client.scopeVariables('Local')).get('area()')?.value).toBe('10');

    // Back over the call of area(): to the entry of this describeRoom call, its parameters already set.
    await client.move('stepBack');
    expect(await stackNames(client)).toEqual([`describeRoom:${lineOf(FILE, 'room-start')}`, '<module>:1']);
    expect(await localValues(client)).toMatchObject({ name: "'hall'", width: '2', height: '5' });

    // Step in forward enters area(), called from describeRoom.
    await client.move('stepIn');
    expect(await stackNames(client)).toEqual([
      `area:${lineOf(FILE, 'area-start')}`,
      `describeRoom:${lineOf(FILE, 'room-start')}`,
      '<module>:1',
    ]);
    expect(await localValues(client)).toEqual({ width: '2', height: '5' });
  });

  it("stops at a breakpoint on a function's first line, with the call chain and parameters, in both directions", async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(calls(), () => breakAt(client, 'callsLevel.js', 'area-start'));
    expect(stopped.body.reason).toBe('breakpoint');
    const chain = [`area:${lineOf(FILE, 'area-start')}`, `describeRoom:${lineOf(FILE, 'room-start')}`, '<module>:1'];
    expect(await stackNames(client)).toEqual(chain);
    expect(await localValues(client)).toEqual({ width: '3', height: '4' });

    // Step back from a function's first step lands on the caller's step that made the call.
    await client.move('stepBack');
    expect(await stackNames(client)).toEqual([`describeRoom:${lineOf(FILE, 'room-start')}`, '<module>:1']);
    expect(await localValues(client)).toMatchObject({ name: "'kitchen'", width: '3', height: '4' });

    expect((await client.move('continue')).body.reason).toBe('breakpoint');
    expect(await localValues(client)).toEqual({ width: '3', height: '4' });
    expect((await client.move('continue')).body.reason).toBe('breakpoint');
    expect(await localValues(client)).toEqual({ width: '2', height: '5' });
    expect((await client.move('reverseContinue')).body.reason).toBe('breakpoint');
    expect(await localValues(client)).toEqual({ width: '3', height: '4' });
  });

  it('offers function starts and returns as breakpoint locations', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(calls());
    const start = lineOf(FILE, 'area-start');
    const response = await client.request('breakpointLocations', {
      source: { path: FILE },
      line: start,
      endLine: lineOf(FILE, 'area-return'),
    });
    expect(response.body?.breakpoints).toEqual([
      { line: start, column: 1 },
      {
        line: lineOf(FILE, 'area-return'),
        column: 3,
        endLine: lineOf(FILE, 'area-return'),
        endColumn: expect.any(Number),
      },
    ]);
    // A line inside a body snaps to the next step: the return.
    const set = await client.setBreakpointsRequest({
      source: { path: FILE },
      breakpoints: [{ line: lineOf(FILE, 'room-start') + 1 }],
    });
    expect(set.body.breakpoints[0]).toMatchObject({ verified: true, line: lineOf(FILE, 'room-return') });
  });
});
