// A deferred recording opened for replay through the built adapter (`launch` with `trace`), on
// every Node the suite runs: the adapter expands it first (re-executing the program at full with
// the log fed back), says so in the Debug Console, and the replay's variables hold exactly the
// values the deferred run printed — a clock, randomness, hrtime, a file read synchronously and one
// read asynchronously after the file changed. A divergent one replays up to the divergence and
// says where. `expandUntilMs` expands only the run's start; ending the session mid-expansion kills
// the re-execution and leaves no file behind.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningWith, waitUntil } from '../../support/polling';
import { readDeferredContents, readTrace } from '../../../runtime/format';
import { nodeBinaries } from '../../support/nodeBinaries';
import { run } from '../../cli/harness';
import { REPO_ROOT } from './support/fixtures';
import { useClient } from './support/session';
import { evaluateIn } from './support/threads';

const CLI = join(REPO_ROOT, 'dist/cli.js');

const FIXTURES = join(REPO_ROOT, 'test/cli/fixtures/deferred');
const newClient = useClient();

/** stoppedServer.cjs's clients, another process: two requests once the server wrote its port. */
const TWO_REQUESTS = `
const fs = require('node:fs');
const http = require('node:http');
const portFile = process.argv[1];
const get = (port, path) =>
  new Promise((resolve, reject) =>
    http.get({ port, host: '127.0.0.1', path, agent: false }, (response) => response.resume().on('end', resolve)).on('error', reject));
const poll = setInterval(async () => {
  if (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8') === '') return;
  clearInterval(poll);
  const port = Number(fs.readFileSync(portFile, 'utf8').split(' ')[0]);
  await get(port, '/one');
  await get(port, '/two');
}, 20);
`;

describe.each(nodeBinaries())('a deferred recording opened for replay on $label', ({ path: node }) => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  async function recordDeferred(
    name: string,
    prepare: (dir: string) => void,
  ): Promise<{ program: string; trace: string; printed: string[] }> {
    scratch = mkdtempSync(join(tmpdir(), 'rewind-deferred-dap-'));
    const program = join(scratch, name);
    copyFileSync(join(FIXTURES, name), program);
    prepare(scratch);
    const trace = join(scratch, 'deferred.rwd');
    const result = await run(node, [CLI, 'record', '--deferred', '--out', trace, '--', program], { cwd: scratch });
    expect(result.code, result.stderr).toBe(0);
    return { program, trace, printed: result.stdout.split('\n').filter((line) => line.startsWith('{')) };
  }

  function consoleText(client: ReturnType<typeof newClient>): () => string {
    const lines: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => lines.push(event.body.output));
    return () => lines.join('');
  }

  it('is expanded on open, and its variables hold the values the deferred run printed', async () => {
    const { program, trace, printed } = await recordDeferred('values.cjs', (dir) =>
      writeFileSync(join(dir, 'input.txt'), `first ${Math.random()}\n`),
    );
    writeFileSync(join(scratch, 'input.txt'), 'changed after the run\n');
    const [values, later] = printed.map((line) => JSON.parse(line) as Record<string, unknown>);
    const client = newClient();
    const text = consoleText(client);
    await client.start();
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('deferred-end')) + 1;
    const stopped = await client.launchAndStop({ trace, live: false }, () =>
      client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] }),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.line).toBe(line);
    const frames = (await client.stackTraceRequest({ threadId: client.stoppedThreadId })).body.stackFrames;
    const moduleFrame = frames[frames.length - 1];
    expect(await evaluateIn(client, frame.id, 'later')).toBe(JSON.stringify(later.later).replace(/^"|"$/g, "'"));
    expect(Number(await evaluateIn(client, moduleFrame.id, 'stamp'))).toBe(values.stamp);
    expect(Number(await evaluateIn(client, moduleFrame.id, 'rand'))).toBe(values.rand);
    expect(await evaluateIn(client, moduleFrame.id, 'big')).toBe(`'${String(values.big)}'`);
    expect(await evaluateIn(client, moduleFrame.id, 'when')).toBe(`'${String(values.when)}'`);
    expect(await evaluateIn(client, moduleFrame.id, 'text')).toBe(`'${String(values.text)}'`);
    expect(text()).toContain('Expanded from a deferred recording');
  });

  it("stops at a breakpoint in a child process's file: the child is a thread of the expansion, fed its own log", async () => {
    const { trace } = await recordDeferred('spawnsNode.cjs', (dir) => {
      copyFileSync(join(FIXTURES, 'nodeChild.cjs'), join(dir, 'nodeChild.cjs'));
      writeFileSync(join(dir, 'world.txt'), 'as it was\n');
    });
    writeFileSync(join(scratch, 'world.txt'), 'changed after the run\n');
    const child = join(scratch, 'nodeChild.cjs');
    const line =
      readFileSync(child, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('const seen = ')) + 1;
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop({ trace, live: false }, () =>
      client.setBreakpointsRequest({ source: { path: child }, breakpoints: [{ line }] }),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const threads = (await client.threadsRequest()).body.threads;
    expect(threads).toHaveLength(2);
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(child);
    expect(frame.line).toBe(line);
    expect(await evaluateIn(client, frame.id, 'world')).toBe("'as it was'");
    expect(await evaluateIn(client, frame.id, 'input')).toBe("'a line for the child\\n'");
  });

  it("stops in a forked child's message handler, holding the message its parent sent it over IPC", async () => {
    const { trace } = await recordDeferred('childStacks.cjs', (dir) => {
      copyFileSync(join(FIXTURES, 'forkedChild.cjs'), join(dir, 'forkedChild.cjs'));
      writeFileSync(join(dir, 'world.txt'), 'as it was\n');
    });
    writeFileSync(join(scratch, 'world.txt'), 'changed after the run\n');
    const child = join(scratch, 'forkedChild.cjs');
    const line =
      readFileSync(child, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('process.send({ answer')) + 1;
    const client = newClient();
    await client.start();
    const stopped = await client.launchAndStop({ trace, live: false }, () =>
      client.setBreakpointsRequest({ source: { path: child }, breakpoints: [{ line }] }),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(child);
    expect(await evaluateIn(client, frame.id, 'message.question')).toBe("'q'");
  });

  it('a launch with "deferred": true runs the program unrecorded, then replays its expansion at its breakpoint', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'rewind-deferred-dap-'));
    const program = join(scratch, 'values.cjs');
    copyFileSync(join(FIXTURES, 'values.cjs'), program);
    writeFileSync(join(scratch, 'input.txt'), `launched ${Math.random()}\n`);
    const client = newClient();
    const text = consoleText(client);
    await client.start();
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('deferred-end')) + 1;
    const stopped = await client.launchAndStop({ program, cwd: scratch, deferred: true, runtimeExecutable: node }, () =>
      client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] }),
    );
    expect(stopped.body.reason).toBe('breakpoint');
    // What the program printed while it ran (live, uninstrumented) is what the replay holds.
    const printedLater = text()
      .split('\n')
      .find((output) => output.startsWith('{"later"'));
    expect(printedLater).toBeDefined();
    const later = (JSON.parse(printedLater!) as { later: string }).later;
    expect(await evaluateIn(client, (await client.topFrame()).id, 'later')).toBe(`'${later}'`);
    expect(text()).toContain('Expanded from a deferred recording');
  });

  it('with "expandUntilMs", expands only the start of the run and says where the trace ends', async () => {
    const { program, trace } = await recordDeferred('longTicks.cjs', () => undefined);
    const contents = readTrace(readFileSync(trace));
    const { callbackTimesMs } = readDeferredContents(contents.records, contents.header.startWallTimeMs);
    // Up to when the third tick was logged: the re-execution stops before the first callback after.
    const untilMs = Math.ceil(callbackTimesMs[2]);
    const ticks = callbackTimesMs.findIndex((ms) => ms > untilMs);
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(ticks).toBeLessThan(60);
    const client = newClient();
    const text = consoleText(client);
    await client.start();
    await client.launchAndStop({ trace, live: false, expandUntilMs: untilMs });
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(program);
    expect(await evaluateIn(client, frame.id, 'count')).toBe(String(ticks));
    expect(text()).toContain('Partial expansion of the deferred recording');
    expect(text()).toContain(`before callback #${ticks + 1} of the 60 logged`);
  });

  it('ending the session while a deferred recording is expanded kills the re-execution and keeps no partial file', async () => {
    const { program, trace } = await recordDeferred('longTicks.cjs', () => undefined);
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    // The launch answers once the expansion ends: it is left pending while the session ends.
    const launched = client.launchRequest({ trace, live: false } as DebugProtocol.LaunchRequestArguments).then(
      () => 'launched',
      (error: Error) => error.message,
    );
    expect(await waitUntil(() => runningWith(program), 20_000)).toBe(true);
    const endedAtMs = Date.now();
    await client.disconnectRequest({});
    // The re-execution takes six seconds or more; it is gone long before that.
    expect(await waitUntil(() => !runningWith(program), 3000)).toBe(true);
    expect(Date.now() - endedAtMs).toBeLessThan(3000);
    expect(await launched).toContain('cancelled');
    expect(readdirSync(scratch).filter((name) => name.includes('.expanded-'))).toEqual([]);
  });

  it("the expansion's progress notification offers Cancel, which stops the re-execution and the launch", async () => {
    const { program, trace } = await recordDeferred('longTicks.cjs', () => undefined);
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path', supportsProgressReporting: true });
    const progress = client.waitForEvent('progressStart', 20_000) as Promise<DebugProtocol.ProgressStartEvent>;
    const launched = client.launchRequest({ trace, live: false } as DebugProtocol.LaunchRequestArguments).then(
      () => 'launched',
      (error: Error) => error.message,
    );
    const started = await progress;
    expect(started.body).toMatchObject({ title: 'Expanding a deferred recording', cancellable: true });
    expect(await waitUntil(() => runningWith(program), 20_000)).toBe(true);
    const cancelledAtMs = Date.now();
    await client.customRequest('cancel', { progressId: started.body.progressId });
    expect(await launched).toContain('cancelled');
    expect(await waitUntil(() => !runningWith(program), 3000)).toBe(true);
    expect(Date.now() - cancelledAtMs).toBeLessThan(3000);
    expect(readdirSync(scratch).filter((name) => name.includes('.expanded-'))).toEqual([]);
  });

  it('replays a divergent re-execution up to the divergence and says where it diverged', async () => {
    const { program, trace } = await recordDeferred('diverges.cjs', () => undefined);
    writeFileSync(join(scratch, 'flag.txt'), ''); // not logged (module resolution): the other branch is taken
    const client = newClient();
    const text = consoleText(client);
    await client.start();
    await client.launchAndStop({ trace, live: false });
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('deferred-diverges')) + 1;
    // The last step is the statement that made the read the log does not have.
    expect((await client.topFrame()).line).toBe(line);
    expect(text()).toContain(`The re-execution of the deferred recording diverged at ${program}:${line}:`);
  });

  it('Pause on a "deferred": true launch of a server ends it as Ctrl+C would, then replays its expansion at its breakpoint', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'rewind-deferred-dap-'));
    const program = join(scratch, 'stoppedServer.cjs');
    copyFileSync(join(FIXTURES, 'stoppedServer.cjs'), program);
    const portFile = join(scratch, 'port.txt');
    const client = newClient();
    const text = consoleText(client);
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest({
      program,
      args: [portFile],
      cwd: scratch,
      deferred: true,
      runtimeExecutable: node,
    } as DebugProtocol.LaunchRequestArguments);
    const line =
      readFileSync(program, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('deferred-served')) + 1;
    await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
    await client.configurationDoneRequest();
    const requests = await run(node, ['-e', TWO_REQUESTS, portFile], { cwd: scratch });
    expect(requests.code, requests.stderr).toBe(0);
    expect(await waitUntil(() => text().includes('request 2: /two'), 10_000)).toBe(true);
    // As a user would, a moment later: a signal death keeps what the drain's idle flush published.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // A server never ends by itself: before, Pause waited for its end, for ever.
    const stopped = client.waitForEvent('stopped', 60_000);
    await client.pauseRequest({ threadId: 1 });
    // The expansion opens as a run that ended by itself would: at the first hit.
    expect((await stopped).body.reason).toBe('breakpoint');
    expect(text()).toContain('The deferred run was ended by SIGINT after its');
    expect(text()).not.toContain('diverged');
    expect((await client.topFrame()).line).toBe(line);
    expect(await client.evaluate('served')).toBe('1');
    await client.move('continue');
    expect(await client.evaluate('served')).toBe('2');
  }, 90_000);
});
