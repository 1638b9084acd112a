// Launch attributes and smaller requests end to end: env/envFile/args, skipFiles (stepping skips
// a library, its frames deemphasized), loadedSources/source, cancel, progress while indexing a
// saved recording, and the recording statistics event while a program runs.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES } from '../../../debug-adapter/session/progress';
import { TraceBuilder } from '../../support/traceBuilder';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();

describe('launch attributes', () => {
  it('env wins over envFile; args reach the program', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-envfile-'));
    const envFile = path.join(folder, 'test.env');
    writeFileSync(envFile, 'FROM_FILE=file\nSHADOWED=file\n');
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await client.launchAndStop(
      programArgs('env.js', { env: { FROM_ENV: 'env', SHADOWED: 'env' }, envFile, args: ['a', 'b c'] }),
    );
    const text = output.join('');
    expect(text).toContain('FROM_ENV=env FROM_FILE=file SHADOWED=env');
    expect(text).toContain('args=a,b c');
  });

  it('noDebug (Run Without Debugging) runs the program and ends the session with it', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    let stops = 0;
    client.on('stopped', () => stops++);
    const terminated = client.waitForEvent('terminated', 30_000);
    const initialized = client.waitForEvent('initialized');
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await initialized;
    await client.launchRequest(programArgs('loops.js', { noDebug: true }) as DebugProtocol.LaunchRequestArguments);
    await client.setBreakpointsRequest({
      source: { path: fixture('loops.js') },
      breakpoints: [{ line: lineOf(fixture('loops.js'), 'loop-total') }],
    });
    await client.configurationDoneRequest();
    await terminated;
    expect(output.join('')).toContain('total 30');
    expect(stops).toBe(0);
  });

  it('a launch with bad attributes fails with the attribute named, and the session goes on', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const response = await client.request('launch', { program: fixture('loops.js'), runtimeArgs: 'oops' });
    expect(response.success).toBe(false);
    expect(response.message).toContain('"runtimeArgs" must be an array of strings');
    expect((await client.request('threads')).success).toBe(true);
  });
});

describe('include', () => {
  it('a program with nothing included runs, says nothing was recorded, and the session ends', async () => {
    const client = newClient();
    await client.start();
    const output: string[] = [];
    client.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const terminated = client.waitForEvent('terminated', 30_000);
    const initialized = client.waitForEvent('initialized');
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await initialized;
    await client.launchRequest(
      programArgs('loops.js', { include: ['**/nothing-matches-this/**'] }) as DebugProtocol.LaunchRequestArguments,
    );
    await client.configurationDoneRequest();
    await terminated;
    const text = output.join('');
    expect(text).toContain('total 30'); // the program itself ran
    expect(text).toContain('Nothing was recorded');
  });
});

describe('skipFiles', () => {
  it('stepping in never stops in a skipped file; its frames are deemphasized', async () => {
    const client = newClient();
    await client.start();
    const main = fixture('skip/main.js');
    await client.launchAndStop(programArgs('skip/main.js', { skipFiles: ['**/skip/lib.js'] }), () =>
      breakAt(client, 'skip/main.js', 'skip-call'),
    );
    await client.move('stepIn');
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(main);
    expect(frame.line).toBe(lineOf(main, 'skip-after'));
    await client.setBreakpointsRequest({ source: { path: fixture('skip/lib.js') }, breakpoints: [{ line: 3 }] });
    await client.move('reverseContinue');
    const frames = (await client.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    expect(frames[0].source?.presentationHint).toBe('deemphasize');
    expect(frames[0].presentationHint).toBe('subtle');
  });
});

describe('sources', () => {
  it('loadedSources lists the recorded files; source returns their text', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('skip/main.js'));
    const loaded = await client.request('loadedSources', {});
    const paths = (loaded.body as DebugProtocol.LoadedSourcesResponse['body']).sources.map((source) => source.path);
    expect(paths).toEqual(expect.arrayContaining([fixture('skip/main.js'), fixture('skip/lib.js')]));
    const source = await client.sourceRequest({ source: { path: fixture('skip/lib.js') }, sourceReference: 0 });
    expect(source.body.content).toContain('function twice');
  });
});

describe('variables paging', () => {
  it('pages through a large array with start/count (capture limits raised by the launch configuration)', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('bigArray.js', { capture: { maxCollectionEntries: 1000 } }), () =>
      breakAt(client, 'bigArray.js', 'big-end'),
    );
    const items = (await client.locals()).get('items');
    expect(items?.indexedVariables).toBe(250);
    const page = await client.variablesRequest({
      variablesReference: items!.variablesReference,
      filter: 'indexed',
      start: 200,
      count: 10,
    });
    expect(page.body.variables.map((variable) => `${variable.name}=${variable.value}`)).toEqual(
      Array.from({ length: 10 }, (_, index) => `${200 + index}=${(200 + index) * 10}`),
    );
  });
});

describe('cancel', () => {
  it('answers a cancel request, and the session goes on', async () => {
    const client = newClient();
    await client.start();
    await client.launchAndStop(programArgs('loops.js'));
    const cancel = await client.request('cancel', { requestId: 12345 });
    expect(cancel.success).toBe(true);
    expect((await client.request('threads')).success).toBe(true);
  });
});

/** A synthetic recording (no program ran): a module looping over two lines, cut into many records. */
function bigTrace(iterations: number): string {
  const builder = new TraceBuilder();
  builder.recordWords = 128;
  builder.file('/app/big.js');
  const module = builder.module({ line: 1 });
  const head = builder.stmt(1, module);
  const body = builder.stmt(2, module);
  builder.enter(module);
  for (let index = 0; index < iterations; index++) builder.step(head).step(body);
  builder.ret(module);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rewind-big-')), 'big.rwd');
  writeFileSync(file, builder.end().bytes());
  return file;
}

describe('progress and statistics', () => {
  it('sends rewind/recordingStats while a program is recorded', async () => {
    const client = newClient();
    await client.start();
    const stats: Array<{ events: number; lost: number; running: boolean }> = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => stats.push(event.body));
    await client.launchAndStop(programArgs('flood.js'));
    expect(stats.length).toBeGreaterThan(0);
    expect(stats[stats.length - 1]).toMatchObject({ running: false, lost: 0 });
    expect(stats[stats.length - 1].events).toBeGreaterThan(20_000);
  });

  it('reports progress while indexing a large saved recording, then replays it', async () => {
    // Progress is by bytes and shown past a threshold: two steps of 4 bytes each per iteration.
    const tracePath = bigTrace(Math.ceil((2 * PROGRESS_MIN_BYTES) / 8));
    const client = newClient();
    await client.start();
    const progress: string[] = [];
    for (const name of ['progressStart', 'progressUpdate', 'progressEnd']) client.on(name, () => progress.push(name));
    const initialized = client.waitForEvent('initialized');
    const stopped = client.waitForEvent('stopped');
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path', supportsProgressReporting: true });
    await initialized;
    await client.launchRequest({ trace: tracePath } as DebugProtocol.LaunchRequestArguments);
    await client.setBreakpointsRequest({
      source: { path: '/app/big.js' },
      breakpoints: [{ line: 2, hitCondition: '== 50000' }],
    });
    await client.configurationDoneRequest();
    expect((await stopped).body.reason).toBe('breakpoint');
    // Updates are thinned in time (how many depends on the machine's speed), never outside the pair.
    expect(progress[0]).toBe('progressStart');
    expect(progress.slice(1, -1).every((name) => name === 'progressUpdate')).toBe(true);
    expect(progress[progress.length - 1]).toBe('progressEnd');
    await client.move('stepBack');
    expect((await client.topFrame()).line).toBe(1);
    await client.move('continue');
    expect((await client.topFrame()).line).toBe(2);
  });
});
