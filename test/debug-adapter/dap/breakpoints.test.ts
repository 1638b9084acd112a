// Every breakpoint kind, in both directions, on recorded programs: line (conditions, hit counts),
// function, exception (all / uncaught, exceptionInfo), data ("where did this value come from"),
// retroactive logpoints, breakpointLocations, gotoTargets/goto, restartFrame.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('line breakpoints', () => {
  it('continue and reverseContinue visit every hit in both directions', async () => {
    const client = newClient();
    await client.start();
    const id = await (async () => {
      let bp = -1;
      await client.launchAndStop(programArgs('loops.js'), async () => {
        bp = await breakAt(client, 'loops.js', 'loop-total');
      });
      return bp;
    })();
    const forward: string[] = [(await client.locals()).get('i')?.value ?? '?'];
    for (let hit = 1; hit < 5; hit++) {
      const stopped = await client.move('continue');
      expect(stopped.body.reason).toBe('breakpoint');
      expect(stopped.body.hitBreakpointIds).toEqual([id]);
      forward.push((await client.locals()).get('i')?.value ?? '?');
    }
    expect(forward).toEqual(['0', '1', '2', '3', '4']);
    const atEnd = await client.move('continue');
    expect(atEnd.body.reason).toBe('step'); // the end of the recording, never termination
    const backward: string[] = [];
    for (let hit = 0; hit < 5; hit++) {
      await client.move('reverseContinue');
      backward.push((await client.locals()).get('i')?.value ?? '?');
    }
    expect(backward).toEqual(['4', '3', '2', '1', '0']);
  });

  it('binds to real probe positions (breakpointLocations) and reports unbound lines', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('loops.js');
    await client.launchAndStop(programArgs('loops.js', { stopOnEntry: true }));
    const locations = await client.request('breakpointLocations', {
      source: { path: file },
      line: lineOf(file, 'loop-body'),
    });
    expect((locations.body as DebugProtocol.BreakpointLocationsResponse['body']).breakpoints.length).toBeGreaterThan(0);
    const set = await client.setBreakpointsRequest({
      source: { path: file },
      breakpoints: [{ line: 1 }, { line: lineOf(file, 'loop-body') }],
    });
    // a comment line never runs: the breakpoint is refused or snaps to a line that does
    const onComment = set.body.breakpoints[0];
    expect(onComment.verified === false || (onComment.line ?? 1) > 1).toBe(true);
    expect(set.body.breakpoints[1]).toMatchObject({ verified: true, line: lineOf(file, 'loop-body') });
  });

  it('hit conditions count hits, forward and backward alike', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'), () =>
      breakAt(client, 'loops.js', 'loop-total', { hitCondition: '% 2' }),
    );
    expect((await client.locals()).get('i')?.value).toBe('1');
    await client.move('continue');
    expect((await client.locals()).get('i')?.value).toBe('3');
    await client.move('reverseContinue');
    expect((await client.locals()).get('i')?.value).toBe('1');
  });
});

describe('function breakpoints', () => {
  it('stop at each entry of the named function in both directions', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('recursion.js'), async () => {
      const response = await client.setFunctionBreakpointsRequest({
        breakpoints: [{ name: 'factorial', condition: 'n === 2' }],
      });
      expect(response.body.breakpoints).toHaveLength(1);
    });
    expect((await client.locals()).get('n')?.value).toBe('2');
    expect((await client.topFrame()).name).toContain('factorial');
  });
});

describe('exception breakpoints', () => {
  it('"all" stops at the caught throw, and exceptionInfo describes it', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('exceptions.js'), () =>
      client.setExceptionBreakpointsRequest({ filters: ['all'] }),
    );
    expect(stopped.body.reason).toBe('exception');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('exceptions.js'), 'throw-caught'));
    const info = await client.exceptionInfoRequest({ threadId: 1 });
    expect(info.body.exceptionId).toBe('Error');
    expect(info.body.description).toContain('empty input');
    const next = await client.move('continue');
    expect(next.body.reason).toBe('exception');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('exceptions.js'), 'throw-uncaught'));
    expect((await client.exceptionInfoRequest({ threadId: 1 })).body.breakMode).toBe('unhandled');
    await client.move('reverseContinue');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('exceptions.js'), 'throw-caught'));
  });
});

describe('uncaught exceptions, as the program died of them', () => {
  // The thrown value was never snapshotted (a `throw new X` or an engine TypeError): the stop and
  // exceptionInfo say what the END record carries — name, message and the user's own stack.
  for (const [name, marker, typeName, message] of [
    ['exceptions.js', 'throw-uncaught', 'TypeError', 'boom'],
    ['engineThrow.js', 'engine-throw', 'TypeError', "Cannot read properties of undefined (reading 'x')"],
  ] as const) {
    it(`${name}: the stop and exceptionInfo name the error, never an unrecorded object`, async () => {
      const client = newClient();
      await client.start();
      const stopped = await client.launchAndStop(programArgs(name));
      expect(stopped.body.reason).toBe('exception');
      expect(stopped.body.description).toBe(`${typeName}: ${message}`);
      expect((await client.topFrame()).line).toBe(lineOf(fixture(name), marker));
      const info = (await client.exceptionInfoRequest({ threadId: 1 })).body;
      expect(info).toMatchObject({
        exceptionId: typeName,
        description: message,
        breakMode: 'unhandled',
        details: { typeName, message },
      });
      expect(info.details?.stackTrace).toContain(`${fixture(name)}:${lineOf(fixture(name), marker)}:`);
      expect(info.details?.stackTrace).not.toContain('$rw$');
    });
  }
});

describe('data breakpoints', () => {
  it('reverseContinue finds the write that gave a variable its value', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('mutation.js');
    await client.launchAndStop(programArgs('mutation.js'), () => breakAt(client, 'mutation.js', 'mut-end'));
    const frame = await client.topFrame();
    let point: DebugProtocol.Variable | undefined;
    for (const scope of (await client.scopesRequest({ frameId: frame.id })).body.scopes) {
      point ??= (await client.children(scope.variablesReference)).get('point');
    }
    expect(point?.variablesReference).toBeGreaterThan(0);
    const info = await client.dataBreakpointInfoRequest({ variablesReference: point!.variablesReference, name: 'x' });
    expect(info.body.dataId).not.toBeNull();
    const set = await client.setDataBreakpointsRequest({
      breakpoints: [{ dataId: info.body.dataId as string, accessType: 'write' }],
    });
    expect(set.body.breakpoints[0].verified).toBe(true);
    const stopped = await client.move('reverseContinue');
    expect(stopped.body.reason).toBe('data breakpoint');
    const line = (await client.topFrame()).line;
    expect([lineOf(file, 'mut-x'), lineOf(file, 'mut-x') + 1]).toContain(line);
  });
});

describe('logpoints', () => {
  it('set on a finished recording, print every hit in time order, each with its step', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('loops.js');
    await client.launchAndStop(programArgs('loops.js'));
    const outputs: DebugProtocol.OutputEvent[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.data) outputs.push(event);
    });
    const set = await client.setBreakpointsRequest({
      source: { path: file },
      breakpoints: [{ line: lineOf(file, 'loop-total'), logMessage: 'i={i} total={total}' }],
    });
    expect(set.body.breakpoints[0].verified).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outputs.map((event) => event.body.output.trim())).toEqual([
      'i=0 total=0',
      'i=1 total=0',
      'i=2 total=1',
      'i=3 total=5',
      'i=4 total=14',
    ]);
    const steps = outputs.map((event) => (event.body.data as { step: number }).step);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(outputs[0].body.line).toBe(lineOf(file, 'loop-total'));
    // a client jumps to a message's moment with rewind/seek
    const stopped = client.waitForEvent('stopped');
    await client.customRequest('rewind/seek', { step: steps[3] });
    expect((await stopped).body.reason).toBe('goto');
    expect((await client.locals()).get('i')?.value).toBe('3');
  });

  it('never stop the cursor', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(programArgs('loops.js'), () =>
      breakAt(client, 'loops.js', 'loop-total', { logMessage: 'tick' }),
    );
    expect(stopped.body.reason).not.toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(fixture('loops.js'), 'loops-print'));
  });
});

describe('goto and restartFrame', () => {
  it('gotoTargets lists one target per execution of a line; goto jumps there', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('loops.js');
    await client.launchAndStop(programArgs('loops.js', { stopOnEntry: true }));
    const targets = await client.gotoTargetsRequest({ source: { path: file }, line: lineOf(file, 'loop-total') });
    expect(targets.body.targets).toHaveLength(5);
    expect(targets.body.targets[2].label).toContain('3');
    const stopped = client.waitForEvent('stopped');
    await client.gotoRequest({ threadId: 1, targetId: targets.body.targets[2].id });
    expect((await stopped).body.reason).toBe('goto');
    expect((await client.locals()).get('i')?.value).toBe('2');
  });

  it('restartFrame goes back to the entry of a frame', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('recursion.js');
    await client.launchAndStop(programArgs('recursion.js'), () =>
      breakAt(client, 'recursion.js', 'fact-return', { condition: 'n === 3' }),
    );
    const frame = await client.topFrame();
    expect(frame.canRestart).toBe(true);
    const stopped = client.waitForEvent('stopped');
    await client.restartFrameRequest({ frameId: frame.id });
    expect((await stopped).body.reason).toBe('restart');
    expect((await client.topFrame()).line).toBe(lineOf(file, 'fact-base'));
    expect((await client.locals()).get('n')?.value).toBe('3');
    expect(['undefined', undefined]).toContain((await client.locals()).get('rest')?.value); // not yet assigned
  });
});
