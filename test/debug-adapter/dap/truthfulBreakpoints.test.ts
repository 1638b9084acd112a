// Breakpoint answers that must be true (issue 12 items 4–8, 14): a cleared breakpoint never fires,
// a condition or logpoint that cannot work says so (at set time when it cannot parse, once in the
// console when it fails at a hit), logpoint messages print once per logpoint, dataBreakpointInfo
// never invents an id, and gotoTargets ids are unique for the session.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
const FILE = fixture('truths.js');

async function stoppedOnEntry(client: RecordingClient): Promise<void> {
  await client.start();
  await client.launchAndStop(programArgs('truths.js', { stopOnEntry: true }));
}

function setLines(
  client: RecordingClient,
  breakpoints: DebugProtocol.SourceBreakpoint[],
): Promise<DebugProtocol.SetBreakpointsResponse> {
  return client.setBreakpointsRequest({ source: { path: FILE }, breakpoints });
}

/** Output events so far; a round trip first, so events a handler sends after its response have arrived. */
async function consoleOutput(client: RecordingClient): Promise<string[]> {
  await client.threadsRequest();
  return client.log
    .filter(
      (entry) =>
        entry.direction === 'in' &&
        entry.message.type === 'event' &&
        (entry.message as DebugProtocol.Event).event === 'output',
    )
    .map((entry) => (entry.message as DebugProtocol.OutputEvent).body.output);
}

describe('clearing breakpoints', () => {
  it('a breakpoint cleared after a refused hit condition never fires again', async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const line = lineOf(FILE, 'add-body');
    expect((await setLines(client, [{ line, hitCondition: '<2' }])).body.breakpoints[0].verified).toBe(true);
    const refused = (await setLines(client, [{ line, hitCondition: 'x' }])).body.breakpoints[0];
    expect(refused.verified).toBe(false);
    expect(refused.message).toMatch(/hit condition "x"/);
    await setLines(client, []);
    const stopped = await client.move('continue');
    expect(stopped.body.reason).toBe('step');
    expect(stopped.body.hitBreakpointIds).toBeUndefined();
    expect(stopped.body.description).toMatch(/^End of the recording/);
  });
});

describe('conditions and logpoint expressions', () => {
  it("one that cannot be parsed is unverified with the parser's message", async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const line = lineOf(FILE, 'loop-add');
    const set = await setLines(client, [
      { line, condition: 'i ===' },
      { line: lineOf(FILE, 'add-body'), logMessage: 'a is {a >}' },
    ]);
    expect(set.body.breakpoints[0]).toMatchObject({ verified: false });
    expect(set.body.breakpoints[0].message).toMatch(/Unexpected token/);
    expect(set.body.breakpoints[1]).toMatchObject({ verified: false });
    expect(set.body.breakpoints[1].message).toMatch(/"a >".*Unexpected token/);
    expect((await client.move('continue')).body.reason).toBe('step');
  });

  it('one that calls a function is refused as the evaluator refuses it', async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const set = await setLines(client, [{ line: lineOf(FILE, 'loop-add'), condition: 'Math.abs(i) > 2' }]);
    expect(set.body.breakpoints[0]).toMatchObject({ verified: false });
    expect(set.body.breakpoints[0].message).toMatch(/calling a function is not supported/);
  });

  it('one that fails at its hits says so in the console once', async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const set = await setLines(client, [{ line: lineOf(FILE, 'loop-add'), condition: 'nosuch > 1' }]);
    expect(set.body.breakpoints[0].verified).toBe(true);
    const stopped = await client.move('continue');
    expect(stopped.body.reason).toBe('step');
    const failures = (await consoleOutput(client)).filter((text) => text.includes('nosuch'));
    expect(failures).toHaveLength(1); // four hits, one message
    expect(failures[0]).toMatch(/condition "nosuch > 1".*nosuch is not defined/);
    await client.move('reverseContinue');
    expect((await consoleOutput(client)).filter((text) => text.includes('nosuch'))).toHaveLength(1);
  });
});

describe('logpoints', () => {
  it('print their past messages once per logpoint, not once per setBreakpoints', async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const logpoint = { line: lineOf(FILE, 'loop-add'), logMessage: 'total={total}' };
    await setLines(client, [logpoint]);
    const totals = () => consoleOutput(client).then((texts) => texts.filter((text) => text.startsWith('total=')));
    expect(await totals()).toHaveLength(4);
    // VS Code re-sends the file's breakpoints whenever one is added.
    await setLines(client, [logpoint, { line: lineOf(FILE, 'state-middle') }]);
    expect(await totals()).toHaveLength(4);
    await setLines(client, [
      logpoint,
      { line: lineOf(FILE, 'state-middle') },
      { line: lineOf(FILE, 'add-body'), logMessage: 'sum of {a}' },
    ]);
    expect(await totals()).toHaveLength(4);
    expect((await consoleOutput(client)).filter((text) => text.startsWith('sum of'))).toHaveLength(4);
    // Changed text is a new logpoint: its messages are new.
    await setLines(client, [{ ...logpoint, logMessage: 'total={total}!' }]);
    expect((await totals()).filter((text) => text.includes('!'))).toHaveLength(4);
  });
});

describe('dataBreakpointInfo', () => {
  it('gives no id for a name that does not exist, in a scope or in a frame', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'));
    const frame = await client.topFrame();
    const scopes = (await client.scopesRequest({ frameId: frame.id })).body.scopes;
    for (const scope of scopes) {
      const info = await client.dataBreakpointInfoRequest({
        variablesReference: scope.variablesReference,
        name: 'noSuchVariable',
      });
      expect(info.body.dataId).toBeNull();
      expect(info.body.description).toMatch(/noSuchVariable/);
    }
    const byFrame = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'noSuchVariable' });
    expect(byFrame.body.dataId).toBeNull();
    const noProperty = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'state.nothing' });
    expect(noProperty.body.dataId).toBeNull();
  });

  it('resolves a name or a property path in a frame to a breakpoint that fires', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('truths.js'));
    const frame = await client.topFrame();
    const total = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'total' });
    const label = await client.dataBreakpointInfoRequest({ frameId: frame.id, name: 'state.label' });
    expect(total.body.dataId).toEqual(expect.any(String));
    expect(label.body.dataId).toEqual(expect.any(String));
    const set = await client.setDataBreakpointsRequest({ breakpoints: [{ dataId: label.body.dataId! }] });
    expect(set.body.breakpoints[0].verified).toBe(true);
    const stopped = await client.move('reverseContinue');
    expect(stopped.body.reason).toBe('data breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'state-end'));
  });
});

describe('gotoTargets', () => {
  it("ids are unique for the session: an older answer's id still goes where it said", async () => {
    const client = newClient();
    await stoppedOnEntry(client);
    const first = (await client.gotoTargetsRequest({ source: { path: FILE }, line: lineOf(FILE, 'add-body') })).body
      .targets;
    const second = (await client.gotoTargetsRequest({ source: { path: FILE }, line: lineOf(FILE, 'loop-describe') }))
      .body.targets;
    expect(first).toHaveLength(4);
    expect(second).toHaveLength(4);
    expect(new Set([...first, ...second].map((target) => target.id)).size).toBe(8);
    const stopped = client.waitForEvent('stopped');
    await client.gotoRequest({ threadId: 1, targetId: first[2].id });
    await stopped;
    expect((await client.topFrame()).line).toBe(lineOf(FILE, 'add-body'));
    expect((await client.locals()).get('a')?.value).toBe('5'); // the third call adds to 2 + 3
  });
});
