// Live sessions (issue 13): breakpoints stop the running program at the moment they are hit, its
// whole past one Step Back away; Continue and the steps resume it from the recorded frontier;
// pause stops it at its current statement; an HTTP server stops in its handler and goes on serving.
import { httpGet } from './support/http';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { RecordingClient } from './support/client';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';
import { runQueueWaitMs } from '../../support/schedulerWait';

const newClient = useClient();

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !predicate()) await new Promise((resolve) => setTimeout(resolve, 20));
  return predicate();
}

function collectOutput(client: RecordingClient): string[] {
  const lines: string[] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => lines.push(event.body.output));
  return lines;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a live session without waiting for a stop (a server stops only once a request comes). */
async function launchLive(
  client: RecordingClient,
  name: string,
  configure: () => Promise<unknown> = async () => undefined,
  extra: Record<string, unknown> = {},
): Promise<number> {
  await client.start();
  const processEvent = client.waitForEvent('process', 20_000);
  await client.configureLaunch(programArgs(name, { ...LIVE, ...extra }), configure);
  return Number((await processEvent).body.systemProcessId);
}

const TICKS = fixture('liveTicks.js');
/** Live stops are the default for users; the shared helper records to the end unless told. */
const LIVE = { live: true };

describe('live sessions', () => {
  it('a breakpoint stops the running program; step back into the past, continue to a second live stop, step over a call live', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const stats: Array<{ bytes?: number; held?: boolean }> = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) =>
      stats.push(event.body as { bytes?: number; held?: boolean }),
    );
    const first = await client.launchAndStop(programArgs('liveTicks.js', LIVE), () =>
      breakAt(client, 'liveTicks.js', 'live-work'),
    );
    expect(first.body.reason).toBe('breakpoint');
    // The status bar learns the stop and the recording's size at once.
    expect(await waitFor(() => stats.at(-1)?.held === true, 2000)).toBe(true);
    expect(stats.at(-1)?.bytes).toBeGreaterThan(0);
    expect((await client.locals()).get('n')?.value).toBe('1');
    // Stopped live: the program prints nothing more while it waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(output.join('')).not.toContain('tick 1 ');

    const second = await client.move('continue');
    expect(second.body.reason).toBe('breakpoint');
    expect((await client.locals()).get('n')?.value).toBe('2');
    expect(output.join('')).toContain('tick 1 3'); // the first tick finished live, its output in before the stop

    // The past is one Step Back away...
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    expect(await client.evaluate('ticks')).toBe('2');
    // ...and forward again replays to the frontier, then goes on live.
    await client.move('continue');
    expect((await client.locals()).get('n')?.value).toBe('2'); // the breakpoint at the frontier, replayed
    await client.setBreakpointsRequest({
      source: { path: TICKS },
      breakpoints: [{ line: lineOf(TICKS, 'live-call') }],
    });
    const atCall = await client.move('continue');
    expect(atCall.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    expect(await client.evaluate('ticks')).toBe('3');
    // Step Over runs work(3) live and stops back in the callback.
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('7');
    // Step In from the frontier enters the next call live.
    await client.setBreakpointsRequest({
      source: { path: TICKS },
      breakpoints: [{ line: lineOf(TICKS, 'live-call') }],
    });
    await client.move('continue');
    await client.move('stepIn');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-work'));
    expect((await client.locals()).get('n')?.value).toBe('4');
    // Step Out runs the rest of work(4) live: back in the callback, at its next statement (as in replay).
    await client.move('stepOut');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('9');
  });

  it('Step Over from the past replays up to the live stop, then the next Step Over runs the program live', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const stop = await client.launchAndStop(programArgs('liveTicks.js', LIVE), () =>
      breakAt(client, 'liveTicks.js', 'live-call'),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(await client.evaluate('ticks')).toBe('1');
    await client.setBreakpointsRequest({ source: { path: TICKS }, breakpoints: [] });
    // Into the past, then forward step by step: replayed up to the present stop...
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-tick'));
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-call'));
    expect(await client.evaluate('ticks')).toBe('1');
    expect(output.join('')).not.toContain('tick 1 ');
    // ...and on from there, live: work(1) runs in the program, then the tick prints.
    await client.move('next');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    expect(await client.evaluate('result')).toBe('3');
    await client.move('next');
    expect(await waitFor(() => output.join('').includes('tick 1 3'), 5000)).toBe(true);
    // Continue with no breakpoint: the program runs on, live.
    const running = await client.request('continue', { threadId: 1 });
    expect(running.success).toBe(true);
    expect(await waitFor(() => output.join('').includes('tick 4 9'), 10_000)).toBe(true);
  });

  it('conditional, hit-count and logpoints are decided over the recorded state; logpoints print live', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const stop = await client.launchAndStop(programArgs('liveTicks.js', LIVE), async () => {
      await client.setBreakpointsRequest({
        source: { path: TICKS },
        breakpoints: [
          { line: lineOf(TICKS, 'live-work'), condition: 'n === 4' },
          { line: lineOf(TICKS, 'live-print'), logMessage: 'printing {result}' },
        ],
      });
    });
    expect(stop.body.reason).toBe('breakpoint');
    expect((await client.locals()).get('n')?.value).toBe('4');
    const text = output.join('');
    expect(text).toContain('printing 3');
    expect(text).toContain('printing 7');
    expect(text.indexOf('printing 3')).toBeLessThan(text.indexOf('printing 5') + 1);
    // A hit count: the 2nd hit from here on (hits are counted over the whole recording: 6th overall).
    await client.setBreakpointsRequest({
      source: { path: TICKS },
      breakpoints: [{ line: lineOf(TICKS, 'live-work'), hitCondition: '6' }],
    });
    await client.move('continue');
    expect((await client.locals()).get('n')?.value).toBe('6');
  });

  it("a condition that would change the program or call its code never runs in it: refused on the breakpoint, the program's values untouched", async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const stop = await client.launchAndStop(programArgs('liveTicks.js', LIVE), async () => {
      await client.setBreakpointsRequest({
        source: { path: TICKS },
        breakpoints: [
          { line: lineOf(TICKS, 'live-work'), condition: '(ticks = 100) === 100' },
          { line: lineOf(TICKS, 'live-call'), condition: 'work(ticks) > 0' },
          { line: lineOf(TICKS, 'live-print'), condition: 'ticks === 3' },
        ],
      });
    });
    expect(stop.body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(TICKS, 'live-print'));
    // Neither condition ran in the program: ticks counted 1, 2, 3 and work(3) ran once, for the tick.
    expect(await client.evaluate('ticks')).toBe('3');
    expect(await client.evaluate('result')).toBe('7');
    const text = output.join('');
    expect(text).toContain('tick 1 3\n');
    expect(text).toContain('tick 2 5\n');
    // Each is refused with its reason, on the breakpoint (its hover), and never stops.
    const refusals = client.log
      .map((entry) => entry.message as DebugProtocol.BreakpointEvent)
      .filter((message) => message.type === 'event' && message.event === 'breakpoint')
      .map((event) => event.body.breakpoint.message ?? '');
    expect(refusals).toContainEqual(
      expect.stringMatching(/Never stops: .*\(ticks = 100\).*assignment is not supported/),
    );
    expect(refusals).toContainEqual(
      expect.stringMatching(/Never stops: .*work\(ticks\).*calling a function is not supported/),
    );
  });

  it('a function breakpoint stops the live program at the function', async () => {
    const client = newClient();
    await client.start();
    const stop = await client.launchAndStop(programArgs('liveTicks.js', LIVE), () =>
      client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'work' }] }),
    );
    expect(stop.body.reason).toBe('function breakpoint');
    expect((await client.locals()).get('n')?.value).toBe('1');
    await client.move('continue');
    expect((await client.locals()).get('n')?.value).toBe('2');
  });

  it('pause stops while (true) {} at its current statement; continue resumes it; breakpoints added while stopped apply at once', async () => {
    const client = newClient();
    let recordedSteps = 0;
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      recordedSteps = (event.body as { events: number }).events;
    });
    const pid = await launchLive(client, 'busyLoop.js');
    expect(await waitFor(() => recordedSteps > 1000, 20_000)).toBe(true); // the loop runs, recorded
    const paused = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    const waitedBeforeMs = runQueueWaitMs(client.adapterPid());
    const startedMs = Date.now();
    await client.pauseRequest({ threadId: 1 });
    expect((await paused).body.reason).toBe('pause');
    // DAP-13's second, with room for a round trip to the program and back, less the time the
    // adapter's main thread waited for a CPU meanwhile (a shared machine's load, not our work:
    // 1765 and 2703 ms wall at load average 26 on 2 cores; livePauseLoad.test.ts explains it).
    const scheduledOutMs = runQueueWaitMs(client.adapterPid()) - waitedBeforeMs;
    expect(Date.now() - startedMs - scheduledOutMs).toBeLessThan(1500);
    const busy = fixture('busyLoop.js');
    expect([3, lineOf(busy, 'busy-body')]).toContain((await client.topFrame()).line);
    const spinsAtPause = Number(await client.evaluate('spins'));
    expect(alive(pid)).toBe(true);
    // A breakpoint added while stopped: the running program stops there on its next iteration.
    await client.setBreakpointsRequest({
      source: { path: busy },
      breakpoints: [{ line: lineOf(busy, 'busy-body'), condition: `spins === ${spinsAtPause + 100}` }],
    });
    const hit = await client.move('continue');
    expect(hit.body.reason).toBe('breakpoint');
    expect(Number(await client.evaluate('spins'))).toBe(spinsAtPause + 100);
    // Continue with no breakpoint: it runs again, and pauses again where it is.
    await client.setBreakpointsRequest({ source: { path: busy }, breakpoints: [] });
    const running = await client.request('continue', { threadId: 1 });
    expect(running.success).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pausedAgain = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: 1 });
    expect((await pausedAgain).body.reason).toBe('pause');
    expect(Number(await client.evaluate('spins'))).toBeGreaterThan(spinsAtPause + 100);
  });

  it('stopOnEntry stops a program that never ends at its first statement; continue runs it live', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const stop = await client.launchAndStop(programArgs('liveTicks.js', { ...LIVE, stopOnEntry: true }));
    expect(stop.body.reason).toBe('entry');
    expect((await client.topFrame()).source?.path).toBe(TICKS);
    await breakAt(client, 'liveTicks.js', 'live-print');
    await client.move('continue');
    expect(await client.evaluate('result')).toBe('3');
    expect(output.join('')).not.toContain('tick 1');
  });

  it('an HTTP server: request 1 stops in the handler, step back into its parsing, continue answers it; request 2 stops again, request 3 is served; no orphan after disconnect', async () => {
    const client = newClient();
    const output = collectOutput(client);
    const server = fixture('liveServer.js');
    const pid = await launchLive(client, 'liveServer.js', () => breakAt(client, 'liveServer.js', 'server-handler'));
    expect(await waitFor(() => /listening on \d+/.test(output.join('')), 20_000)).toBe(true);
    const port = Number(/listening on (\d+)/.exec(output.join(''))?.[1]);

    // While the server waits, its handler's breakpoint never says it waits for the program to end
    // or pause (replay's words): a live breakpoint stops the running program.
    const handlerBreakpoints = client.log
      .map((entry) => entry.message as DebugProtocol.SetBreakpointsResponse)
      .filter((message) => message.type === 'response' && message.command === 'setBreakpoints')
      .flatMap((response) => response.body.breakpoints);
    expect(handlerBreakpoints.length).toBeGreaterThan(0);
    for (const breakpoint of handlerBreakpoints) expect(breakpoint.message ?? '').not.toMatch(/ends or is paused/);
    let stopped = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    let answered1 = false;
    const response1 = httpGet(port, '/alice/1').then((body) => {
      answered1 = true;
      return body;
    });
    expect((await stopped).body.reason).toBe('breakpoint');
    expect((await client.topFrame()).line).toBe(lineOf(server, 'server-handler'));
    expect(await client.evaluate('parsed.name')).toBe("'alice'");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(answered1).toBe(false); // the server is stopped, really

    // Into the past: the request's parsing.
    await client.setBreakpointsRequest({
      source: { path: server },
      breakpoints: [{ line: lineOf(server, 'server-handler') }, { line: lineOf(server, 'server-parse') }],
    });
    await client.move('reverseContinue');
    expect((await client.topFrame()).line).toBe(lineOf(server, 'server-parse'));
    expect(await client.evaluate('url')).toBe("'/alice/1'");
    await client.setBreakpointsRequest({
      source: { path: server },
      breakpoints: [{ line: lineOf(server, 'server-handler') }],
    });
    await client.move('continue'); // replays up to the live stop
    expect((await client.topFrame()).line).toBe(lineOf(server, 'server-handler'));

    const resumed = await client.request('continue', { threadId: 1 });
    expect(resumed.success).toBe(true);
    expect(await response1).toBe('hello alice\n');

    stopped = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    const response2 = httpGet(port, '/bob');
    expect((await stopped).body.reason).toBe('breakpoint');
    expect(await client.evaluate('parsed.name')).toBe("'bob'");
    await client.setBreakpointsRequest({ source: { path: server }, breakpoints: [] });
    await client.request('continue', { threadId: 1 });
    expect(await response2).toBe('hello bob\n');
    expect(await httpGet(port, '/carol')).toBe('hello carol\n');

    // Pause while the server idles between requests (no step to stop at): it stops where it waits,
    // and Continue lets it serve again.
    const idlePause = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: 1 });
    expect((await idlePause).body.reason).toBe('pause');
    let answered4 = false;
    const response4 = httpGet(port, '/dave').then((body) => {
      answered4 = true;
      return body;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered4).toBe(false);
    await client.request('continue', { threadId: 1 });
    expect(await response4).toBe('hello dave\n');

    await client.disconnectRequest({ terminateDebuggee: true });
    expect(await waitFor(() => !alive(pid), 3000)).toBe(true);
  });

  it("the status bar's stats report the events lost while a live program runs (overflow drop-newest, a small buffer)", async () => {
    const client = newClient();
    const stats: Array<{ events: number; lost: number; running: boolean; bytes?: number }> = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) =>
      stats.push(event.body as { events: number; lost: number; running: boolean; bytes?: number }),
    );
    const pid = await launchLive(client, 'busyLoop.js', undefined, { overflow: 'drop-newest', bufferEvents: 1024 });
    // Sent while the program runs, not only at its end: the loss and the size grow live.
    expect(await waitFor(() => stats.some((s) => s.running && s.lost > 0), 20_000)).toBe(true);
    const firstLoss = stats.find((s) => s.running && s.lost > 0);
    expect(firstLoss?.bytes).toBeGreaterThan(0);
    expect(await waitFor(() => (stats.at(-1)?.lost ?? 0) > (firstLoss?.lost ?? 0), 10_000)).toBe(true);
    expect(alive(pid)).toBe(true);
    await client.disconnectRequest({ terminateDebuggee: true });
  });

  it('children recorded live start held and are resumed with the program; a breakpoint in a child stops it; the run completes', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const child = fixture('processes/child.js');
    const exited = client.waitForEvent('exited', 30_000);
    const stop = await client.launchAndStop(
      { program: fixture('processes/parent.js'), cwd: fixture('processes'), live: true },
      () =>
        client.setBreakpointsRequest({ source: { path: child }, breakpoints: [{ line: lineOf(child, 'child-work') }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    expect(stop.body.threadId).not.toBe(1); // the child's own thread
    expect(await client.evaluate('label')).toBe("'spawned'");
    await client.setBreakpointsRequest({ source: { path: child }, breakpoints: [] });
    const ended = client.waitForEvent('stopped', 30_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.request('continue', { threadId: stop.body.threadId });
    await exited;
    expect(output.join('')).toContain('parent done 42 0 0');
    // The program ended: the session stays open on the complete recording (stopped on the thread
    // that ran last, the forked child), its past one step away.
    const endThread = (await ended).body.threadId ?? 1;
    const threads = (await client.threadsRequest()).body.threads.map((thread) => thread.id);
    expect(threads).toContain(endThread);
    const frames = (await client.stackTraceRequest({ threadId: endThread })).body.stackFrames;
    expect(frames.length).toBeGreaterThan(0);
    const back = await client.move('stepBack');
    expect(back.body.reason).toBe('step');
  });
});
