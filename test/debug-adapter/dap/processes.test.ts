// A recorded parent with two children (one spawned, one forked), replayed through the built
// adapter: every process is its own thread with its own code (probe ids are producer-scoped),
// breakpoints and goto targets in child.js reach the children, and every request acts on the
// thread it names — stepping one leaves the others where they were (issue 11 items 1 and 2).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { fixture, lineOf, useClient } from './support/session';
import { evaluateIn, moveThread, threadViews, type ThreadView } from './support/threads';

const newClient = useClient();
const PARENT = fixture('processes/parent.js');
const CHILD = fixture('processes/child.js');
const launchArgs = { program: PARENT, cwd: fixture('processes'), live: false }; // replay of the complete recording (live stops: live.test.ts)

/** The child thread whose `mode` is `mode` ('spawned' or 'forked'). */
async function childThread(client: RecordingClient, views: ThreadView[], mode: string): Promise<ThreadView> {
  for (const view of views.filter((each) => each.name.startsWith('child.js'))) {
    if ((await evaluateIn(client, view.frames[view.frames.length - 1].id, 'mode')) === `'${mode}'`) return view;
  }
  throw new Error(`no ${mode} child among ${views.map((view) => view.name).join(', ')}`);
}

describe('a parent with a spawned and a forked child', () => {
  it('shows each process as a named thread with its own code, frames and values', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs);
    expect(stopped.body.threadId).toBe(1);
    const views = await threadViews(client);
    expect(views.map((view) => view.name.replace(/\d+/, 'N'))).toEqual([
      'parent.js (pid N)',
      'child.js (pid N)',
      'child.js (pid N)',
    ]);
    expect(new Set(views.map((view) => view.name)).size).toBe(3);
    const [parent] = views;
    // The parent ends in its own code: the last callback, at its own line, with its own values.
    // Each exit listener runs from its child's exit (ChildProcess's emit names it), below the frames
    // that started that child.
    const labels = parent.frames.filter((frame) => frame.presentationHint === 'label');
    expect(labels.map((frame) => frame.name)).toEqual([
      "EventEmitter 'exit'",
      'child process',
      "EventEmitter 'exit'",
      'child process',
    ]);
    const code = parent.frames.filter((frame) => frame.presentationHint !== 'label');
    expect(code.map((frame) => frame.source?.path)).toEqual(code.map(() => PARENT));
    expect(parent.frames[0].line).toBe(lineOf(PARENT, 'parent-done'));
    expect(parent.frames.every((frame) => !frame.name.includes('unknown'))).toBe(true);
    expect(await evaluateIn(client, parent.frames[0].id, 'parentTotal')).toBe('42');
    for (const mode of ['spawned', 'forked']) {
      const child = await childThread(client, views, mode);
      expect(child.frames.map((frame) => `${frame.name}@${frame.source?.path}:${frame.line}`)).toEqual([
        `<module>@${CHILD}:${lineOf(CHILD, 'child-print')}`,
      ]);
      expect(await evaluateIn(client, child.frames[0].id, 'childResult')).toBe(`'child ${mode} ran'`);
      const names = await Promise.all(
        (await client.scopesRequest({ frameId: child.frames[0].id })).body.scopes.map(async (scope) => [
          ...(await client.children(scope.variablesReference)).keys(),
        ]),
      );
      expect(names.flat()).toEqual(expect.arrayContaining(['mode', 'childResult']));
      expect(names.flat()).not.toContain('parentTotal');
    }
  });

  it('a breakpoint in child.js binds in both children and hits in each, in both directions', async () => {
    const client = newClient();
    await client.start();
    const line = lineOf(CHILD, 'child-work');
    const stopped = await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({ source: { path: CHILD }, breakpoints: [{ line }] });
    });
    // The first stop is the first hit, in the first child (the parent never runs child.js).
    expect(stopped.body.reason).toBe('breakpoint');
    expect(stopped.body.threadId).not.toBe(1);
    const bound = await client.setBreakpointsRequest({ source: { path: CHILD }, breakpoints: [{ line }] });
    const verified = bound.body.breakpoints[0];
    expect(verified).toMatchObject({ verified: true, line });
    const views = await threadViews(client);
    const spawned = await childThread(client, views, 'spawned');
    const forked = await childThread(client, views, 'forked');
    for (const [child, mode] of [
      [spawned, 'spawned'],
      [forked, 'forked'],
    ] as const) {
      // Each child starts at its own first hit of the breakpoint.
      expect(child.frames.map((frame) => `${frame.name}:${frame.line}`)).toEqual([
        `childWork:${line}`,
        `<module>:${lineOf(CHILD, 'child-call')}`,
      ]);
      expect((await client.locals(child.frames[0].id)).get('label')?.value).toBe(`'${mode}'`);
    }
    // Continue runs that child to its end; reverse-continue comes back to the hit, in that child.
    const ahead = await moveThread(client, 'continue', forked.id);
    expect(ahead.stopped.body).toMatchObject({ threadId: forked.id, reason: 'step' });
    expect((ahead.response.body as DebugProtocol.ContinueResponse['body']).allThreadsContinued).toBe(false);
    const back = await moveThread(client, 'reverseContinue', forked.id);
    expect(back.stopped.body).toMatchObject({
      threadId: forked.id,
      reason: 'breakpoint',
      hitBreakpointIds: [verified.id],
    });
    const top = (await client.stackTraceRequest({ threadId: forked.id })).body.stackFrames[0];
    expect(top).toMatchObject({ name: 'childWork', line });
    expect(await evaluateIn(client, top.id, 'label')).toBe("'forked'");
    // A breakpoint in the parent's code binds in the parent only.
    await client.setBreakpointsRequest({
      source: { path: PARENT },
      breakpoints: [{ line: lineOf(PARENT, 'parent-work') }],
    });
    const inParent = await moveThread(client, 'reverseContinue', 1);
    expect(inParent.stopped.body).toMatchObject({ threadId: 1, reason: 'breakpoint' });
    expect((await client.stackTraceRequest({ threadId: 1 })).body.stackFrames[0]).toMatchObject({
      name: 'parentWork',
      line: lineOf(PARENT, 'parent-work'),
    });
  });

  it('the first stop is the first hit in time: a child that ran before the parent reached its breakpoint', async () => {
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({
        source: { path: PARENT },
        breakpoints: [{ line: lineOf(PARENT, 'parent-done') }],
      });
      await client.setBreakpointsRequest({
        source: { path: CHILD },
        breakpoints: [{ line: lineOf(CHILD, 'child-work') }],
      });
    });
    expect(stopped.body).toMatchObject({ reason: 'breakpoint' });
    const top = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames[0];
    expect(top).toMatchObject({ name: 'childWork' });
    expect(await evaluateIn(client, top.id, 'label')).toBe("'spawned'");
    // The parent still starts at its own hit.
    expect((await client.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].line).toBe(
      lineOf(PARENT, 'parent-done'),
    );
  });

  it('a logpoint in child.js prints its message for every child that ran it', async () => {
    const client = newClient();
    await client.start();
    const printed: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => printed.push(event.body.output));
    await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({
        source: { path: CHILD },
        breakpoints: [{ line: lineOf(CHILD, 'child-work'), logMessage: 'working for {label}' }],
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(printed.filter((text) => text.startsWith('working for')).sort()).toEqual([
      'working for forked\n',
      'working for spawned\n',
    ]);
  });

  it('goto targets list every child that ran the line, and goto moves that child', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(launchArgs);
    const line = lineOf(CHILD, 'child-work');
    const targets = (await client.request('gotoTargets', { source: { path: CHILD }, line }))
      .body as DebugProtocol.GotoTargetsResponse['body'];
    expect(targets.targets).toHaveLength(2);
    expect(targets.targets.every((target) => /in child\.js \(pid \d+\)/.test(target.label))).toBe(true);
    const views = await threadViews(client);
    const forked = await childThread(client, views, 'forked');
    const forkedPid = /pid (\d+)/.exec(forked.name)![1];
    const target = targets.targets.find((each) => each.label.includes(`pid ${forkedPid}`))!;
    const jump = await moveThread(client, 'goto', 1, { targetId: target.id });
    expect(jump.stopped.body).toMatchObject({ threadId: forked.id, reason: 'goto' });
    const top = (await client.stackTraceRequest({ threadId: forked.id })).body.stackFrames[0];
    expect(top).toMatchObject({ name: 'childWork', line });
    expect(await evaluateIn(client, top.id, 'label')).toBe("'forked'");
    // The parent did not move.
    expect((await client.stackTraceRequest({ threadId: 1 })).body.stackFrames[0].line).toBe(
      lineOf(PARENT, 'parent-done'),
    );
  });

  it('every request acts on the thread it names; stepping one leaves the others and their references', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(launchArgs, async () => {
      await client.setBreakpointsRequest({
        source: { path: CHILD },
        breakpoints: [{ line: lineOf(CHILD, 'child-work') }],
      });
    });
    const views = await threadViews(client);
    const spawned = await childThread(client, views, 'spawned');
    const forked = await childThread(client, views, 'forked');
    const forkedLocals = (await client.scopesRequest({ frameId: forked.frames[0].id })).body.scopes[0]
      .variablesReference;
    // Step the spawned child out of childWork and on: only it moves.
    const out = await moveThread(client, 'stepOut', spawned.id);
    expect(out.stopped.body.threadId).toBe(spawned.id);
    const next = await moveThread(client, 'next', spawned.id);
    expect(next.stopped.body.threadId).toBe(spawned.id);
    expect(
      (await client.stackTraceRequest({ threadId: spawned.id })).body.stackFrames.map((frame) => frame.name),
    ).toEqual(['<module>']);
    const forkedNow = (await client.stackTraceRequest({ threadId: forked.id })).body.stackFrames;
    expect(forkedNow.map((frame) => `${frame.name}:${frame.line}`)).toEqual(
      forked.frames.map((frame) => `${frame.name}:${frame.line}`),
    );
    // The forked child's references from before the other thread's steps still answer, with its values.
    expect((await client.children(forkedLocals)).get('label')?.value).toBe("'forked'");
    expect(await evaluateIn(client, forkedNow[0].id, 'label')).toBe("'forked'");
    // stepBack in the forked child moves it, and not the spawned one.
    const spawnedBefore = (await client.stackTraceRequest({ threadId: spawned.id })).body.stackFrames[0].line;
    const back = await moveThread(client, 'stepBack', forked.id);
    expect(back.stopped.body.threadId).toBe(forked.id);
    expect((await client.stackTraceRequest({ threadId: spawned.id })).body.stackFrames[0].line).toBe(spawnedBefore);
    // Requests that name no thread (the timeline, a REPL evaluate) are about the latest stop's thread,
    // whatever thread the client asked about since.
    await client.stackTraceRequest({ threadId: 1 });
    const timeline = await client.request('rewind/timeline', { startStep: 0, endStep: 100, bucketCount: 10 });
    // the child's: 3 top-level statements, childWork's 2
    expect((timeline.body as { totalSteps: number }).totalSteps).toBe(5);
    expect((await client.evaluateRequest({ expression: 'mode', context: 'repl' })).body.result).toBe("'forked'");
    // An unknown thread is refused, not replaced by another.
    const refused = await client.request('stackTrace', { threadId: 99 });
    expect(refused.success).toBe(false);
    expect(refused.message).toMatch(/no thread 99/);
  });
});
