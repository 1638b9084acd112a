// Whole sessions as golden transcripts (DAP-17): every request, response and event in order,
// normalized (golden.ts). Regenerate with REWIND_UPDATE_GOLDEN=1 after an intended change, and
// read the diff: it is the behaviour change.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTATION_MARKER, expectGolden, transcript } from './support/golden';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('golden sessions (DAP-17)', () => {
  it('no golden transcript shows instrumented code', () => {
    const folder = path.join(__dirname, 'golden');
    const showing = readdirSync(folder).filter((name) =>
      readFileSync(path.join(folder, name), 'utf8').includes(INSTRUMENTATION_MARKER),
    );
    expect(showing).toEqual([]);
  });

  it('loops: breakpoint, variables, step forward and back, reverse-continue, disconnect', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'), () =>
      breakAt(client, 'loops.js', 'loop-total', { condition: 'i >= 1' }),
    );
    await client.threadsRequest();
    await client.locals();
    await client.move('next');
    await client.evaluate('squares');
    await client.move('stepBack', { granularity: 'line' });
    await client.move('continue');
    await client.move('reverseContinue');
    await client.move('reverseContinue');
    await client.disconnectRequest({});
    expectGolden('loops-session', transcript(client.log));
  });

  it('exceptions: the uncaught throw, exceptionInfo, stack, stepping back into the catch', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('exceptions.js'), () =>
      client.setExceptionBreakpointsRequest({ filters: ['uncaught'] }),
    );
    await client.exceptionInfoRequest({ threadId: 1 });
    await client.stackTraceRequest({ threadId: 1 });
    await client.move('stepBack');
    await client.move('stepBack');
    await client.locals();
    await client.disconnectRequest({});
    expectGolden('exceptions-session', transcript(client.log));
  });

  it('recursion: stepIn, stepOut, restartFrame, gotoTargets and goto', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('recursion.js', { stopOnEntry: true }));
    for (let index = 0; index < 4; index++) await client.move('stepIn');
    await client.move('stepOut');
    const frame = await client.topFrame();
    const stopped = client.waitForEvent('stopped');
    await client.restartFrameRequest({ frameId: frame.id });
    await stopped;
    const file = fixture('recursion.js');
    const targets = await client.gotoTargetsRequest({ source: { path: file }, line: lineOf(file, 'fact-return') });
    const jumped = client.waitForEvent('stopped');
    await client.gotoRequest({ threadId: 1, targetId: targets.body.targets[1].id });
    await jumped;
    await client.locals();
    await client.disconnectRequest({});
    expectGolden('recursion-session', transcript(client.log));
  });

  it('async: a breakpoint in an awaited function, the async label frame, stepping out to the caller', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('asyncChain.js'), () => breakAt(client, 'asyncChain.js', 'async-leaf'));
    await client.stackTraceRequest({ threadId: 1 });
    await client.move('stepOut');
    await client.stackTraceRequest({ threadId: 1 });
    await client.move('stepBack');
    await client.disconnectRequest({});
    expectGolden('async-session', transcript(client.log));
  });

  it('logpoints: set on the finished recording, every hit printed with its step, then seek to one', async () => {
    const client = newClient();
    await client.start();
    const file = fixture('generators.js');
    await client.launchAndStop(programArgs('generators.js'));
    await client.setBreakpointsRequest({
      source: { path: file },
      breakpoints: [{ line: lineOf(file, 'gen-consume'), logMessage: 'consumed {n}, seen {seen.length}' }],
    });
    const stopped = client.waitForEvent('stopped');
    await client.customRequest('rewind/seek', { step: 5 });
    await stopped;
    await client.disconnectRequest({});
    expectGolden('logpoints-session', transcript(client.log));
  });
});
