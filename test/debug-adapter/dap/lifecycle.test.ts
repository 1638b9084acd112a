// The program's life under the adapter: output as it is printed (and floods capped, DAP-15),
// pause of a busy loop within a second (DAP-13), disconnect leaving no process behind (DAP-10),
// a crashing program (DAP-11), saving and reopening a recording, the rewind/ custom requests, and
// getters/Proxies never run by the adapter (DAP-18).
import type { DebugProtocol } from '@vscode/debugprotocol';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakAt, fixture, lineOf, programArgs, useClient } from './support/session';
import { isAlive, waitUntil } from '../../support/polling';

const newClient = useClient();

function collectOutput(client: ReturnType<typeof newClient>): DebugProtocol.OutputEvent[] {
  const events: DebugProtocol.OutputEvent[] = [];
  client.on('output', (event: DebugProtocol.OutputEvent) => events.push(event));
  return events;
}

describe('a running program', () => {
  it('pause stops a while(true) loop within a second and opens the recording at its latest step (DAP-13)', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest(programArgs('busyLoop.js') as DebugProtocol.LaunchRequestArguments);
    const output = collectOutput(client);
    let recordedSteps = 0;
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      recordedSteps = (event.body as { events: number }).events;
    });
    await client.configurationDoneRequest();
    expect(await waitUntil(() => recordedSteps > 0, 20_000)).toBe(true); // the loop is running, recorded
    const stopped = client.waitForEvent('stopped', 5000).catch((error: Error) => {
      throw new Error(`${error.message}; output: ${output.map((event) => event.body.output).join('')}`);
    });
    const startedMs = Date.now();
    await client.pauseRequest({ threadId: 1 });
    const event = await stopped;
    expect(Date.now() - startedMs).toBeLessThan(1000);
    expect(event.body.reason).toBe('pause');
    const frame = await client.topFrame();
    expect([3, lineOf(fixture('busyLoop.js'), 'busy-body')]).toContain(frame.line);
    expect(Number(await client.evaluate('spins'))).toBeGreaterThan(0);
    // the paused recording replays backwards too
    await client.move('stepBack');
    expect((await client.topFrame()).source?.path).toBe(fixture('busyLoop.js'));
  });

  it('disconnect ends the program and its children: no process survives (DAP-10)', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const processEvent = client.waitForEvent('process', 10_000);
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest(programArgs('children.js') as DebugProtocol.LaunchRequestArguments);
    await client.configurationDoneRequest();
    const programPid = Number((await processEvent).body.systemProcessId);
    expect(await waitUntil(() => output.some((event) => /child pid \d+/.test(event.body.output)), 10_000)).toBe(true);
    const childPid = Number(/child pid (\d+)/.exec(output.map((event) => event.body.output).join(''))?.[1]);
    expect(isAlive(programPid)).toBe(true);
    expect(isAlive(childPid)).toBe(true);
    await client.disconnectRequest({ terminateDebuggee: true });
    expect(await waitUntil(() => !isAlive(childPid) && !isAlive(programPid), 3000)).toBe(true);
  });

  it('terminate ends the program and then the session says terminated', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    await client.launchRequest(programArgs('busyLoop.js') as DebugProtocol.LaunchRequestArguments);
    await client.configurationDoneRequest();
    const terminated = client.waitForEvent('terminated', 5000);
    await client.terminateRequest();
    await terminated;
  });

  it('a crashing program: output shown, exited with its code, the recorded prefix replays (DAP-11)', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    const exited = client.waitForEvent('exited', 20_000);
    await client.launchAndStop(programArgs('crash.js'));
    expect((await exited).body.exitCode).not.toBe(0);
    expect(output.map((event) => event.body.output).join('')).toContain('about to crash');
    const set = await client.setBreakpointsRequest({
      source: { path: fixture('crash.js') },
      breakpoints: [{ line: lineOf(fixture('crash.js'), 'crash-loop') }],
    });
    expect(set.body.breakpoints[0].verified).toBe(true);
    await client.move('reverseContinue');
    expect((await client.locals()).get('i')?.value).toBe('2');
    await client.move('reverseContinue');
    expect((await client.locals()).get('i')?.value).toBe('1');
  });

  it('an output flood reaches the console capped and announced, never line by line (DAP-15)', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    await client.launchAndStop(programArgs('flood.js'));
    const stdout = output.filter((event) => event.body.category === 'stdout');
    expect(stdout.length).toBeLessThan(2000); // 20 001 lines were printed
    expect(output.some((event) => event.body.output.includes('output flood'))).toBe(true);
    const text = stdout.map((event) => event.body.output).join('');
    expect(text.startsWith('line 0 ')).toBe(true);
    // head and tail (issue 10 item 11): the program's last line shows, and no line is cut
    expect(text.endsWith('flood done\n')).toBe(true);
    for (const line of text.split('\n').slice(0, -1)) expect(line).toMatch(/^line \d+ x{80}$|^flood done$/);
    // the recording keeps everything: the console request pages through it
    const page = await client.customRequest('rewind/console', { startIndex: 0, count: 5 });
    expect((page.body as { total: number }).total).toBeGreaterThanOrEqual(20_001);
  });

  it('reopening a flooded recording prints the head and the tail of its output and announces the gap', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-flood-'));
    const saved = path.join(folder, 'flood.rwd');
    const recorder = newClient();
    await recorder.start();
    await recorder.launchAndStop(programArgs('flood.js'));
    await recorder.customRequest('rewind/saveTrace', { path: saved });
    await recorder.close();
    const reader = newClient();
    await reader.start();
    const output = collectOutput(reader);
    await reader.launchAndStop({ trace: saved });
    const stdout = output.filter((event) => event.body.category === 'stdout').map((event) => event.body.output);
    expect(stdout[0]).toMatch(/^line 0 /);
    expect(stdout[stdout.length - 1]).toBe('flood done\n');
    expect(stdout).toHaveLength(10_000);
    const note = output.find(
      (event) => event.body.category === 'important' && event.body.output.includes('not shown here'),
    );
    expect(note?.body.output).toContain('10001 output messages of the recording (numbers 5001 to 15001)');
  });
});

describe('recordings', () => {
  it('rewind/saveTrace writes the recording; a trace: launch replays it the same way', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-save-'));
    const tracePath = path.join(folder, 'loops.rwd');
    const first = newClient();
    await first.start();
    await first.launchAndStop(programArgs('loops.js'), () => breakAt(first, 'loops.js', 'loop-total'));
    const saved = await first.customRequest('rewind/saveTrace', { path: tracePath });
    expect(existsSync(tracePath)).toBe(true);
    expect((saved.body as { sizeBytes: number }).sizeBytes).toBe(statSync(tracePath).size);
    expect(statSync(tracePath).mode & 0o077).toBe(0);
    await first.close();

    const second = newClient();
    await second.start();
    const stopped = await second.launchAndStop({ trace: tracePath }, () => breakAt(second, 'loops.js', 'loop-total'));
    expect(stopped.body.reason).toBe('breakpoint');
    expect((await second.locals()).get('i')?.value).toBe('0');
    await second.move('continue');
    expect((await second.locals()).get('i')?.value).toBe('1');
  });

  it('a damaged trace file fails the launch with a clear message; a truncated one replays its prefix', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rewind-damaged-'));
    const garbage = path.join(folder, 'garbage.rwd');
    writeFileSync(garbage, Buffer.from('this is not a trace at all'));
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const response = await client.request('launch', { trace: garbage });
    expect(response.success).toBe(false);
    expect(response.message).toMatch(/not a readable recording.*\[rewind:trace\]/);
    await client.close();

    const whole = path.join(folder, 'whole.rwd');
    const recorder = newClient();
    await recorder.start();
    await recorder.launchAndStop(programArgs('loops.js'));
    await recorder.customRequest('rewind/saveTrace', { path: whole });
    await recorder.close();
    const bytes = readFileSync(whole);
    const truncated = path.join(folder, 'truncated.rwd');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 10)); // the END record is cut
    const reader = newClient();
    await reader.start();
    const notes: string[] = [];
    reader.on('output', (event: DebugProtocol.OutputEvent) => notes.push(event.body.output));
    await reader.launchAndStop({ trace: truncated });
    expect(notes.join('')).toMatch(/damaged|incomplete/);
    await reader.move('stepBack');
    expect((await reader.topFrame()).source?.path).toBe(fixture('loops.js'));
  });

  it('a missing trace file fails the launch with a clear message', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const response = await client.request('launch', { trace: '/nonexistent/recording.rwd' });
    expect(response.success).toBe(false);
    expect(response.message).toMatch(/\[rewind:dap\] launch: cannot read the recording/);
  });
});

describe('custom requests for the timeline', () => {
  it('timeline, seek, search and console answer in the contract shapes', async () => {
    const client = newClient();
    await client.start();
    const positions: Array<{ step: number; totalSteps: number }> = [];
    client.on('rewind/position', (event: DebugProtocol.Event) => positions.push(event.body));
    await client.launchAndStop(programArgs('recursion.js'));
    expect(positions.length).toBe(1);
    const { totalSteps } = positions[0];
    expect(totalSteps).toBeGreaterThan(10);

    const timeline = (
      await client.customRequest('rewind/timeline', { startStep: 0, endStep: totalSteps - 1, bucketCount: 8 })
    ).body as Record<string, unknown>;
    expect(Object.keys(timeline).sort()).toEqual(
      expect.arrayContaining(['buckets', 'currentStep', 'endStep', 'functions', 'markers', 'startStep', 'totalSteps']),
    );
    expect((timeline.buckets as unknown[]).length).toBeLessThanOrEqual(8);
    expect((timeline.functions as Array<{ name: string }>).some((fn) => fn.name.includes('factorial'))).toBe(true);
    expect((timeline.markers as Array<{ kind: string }>).some((marker) => marker.kind === 'console')).toBe(true);

    const stopped = client.waitForEvent('stopped');
    const seek = await client.customRequest('rewind/seek', { step: 3 });
    expect(seek.body ?? {}).toEqual({});
    expect((await stopped).body.reason).toBe('goto');
    expect(positions[positions.length - 1].step).toBe(3);

    const search = (await client.customRequest('rewind/search', { query: 'factorial', limit: 3 })).body as {
      matches: Array<{ step: number; label: string; path: string; line: number }>;
      total: number;
    };
    expect(search.matches.length).toBeGreaterThan(0);
    expect(search.matches.length).toBeLessThanOrEqual(3);
    expect(search.total).toBeGreaterThanOrEqual(search.matches.length);

    const console = (await client.customRequest('rewind/console', { startIndex: 0, count: 10 })).body as {
      total: number;
      messages: Array<{ step: number; stream: string; text: string }>;
    };
    expect(console.total).toBe(1);
    expect(console.messages[0]).toMatchObject({ stream: 'stdout' });
    expect(console.messages[0].text).toContain('factorial 120');

    const bad = await client.request('rewind/timeline', { startStep: -1, endStep: 2, bucketCount: 0 });
    expect(bad.success).toBe(false);
  });
});

describe('values are recordings (DAP-18)', () => {
  it('expanding objects never runs getters or Proxy traps', async () => {
    const client = newClient();
    await client.start();
    const output = collectOutput(client);
    await client.launchAndStop(programArgs('getters.js'), () => breakAt(client, 'getters.js', 'getters-end'));
    const frame = await client.topFrame();
    for (const scope of (await client.scopesRequest({ frameId: frame.id })).body.scopes) {
      const variables = await client.children(scope.variablesReference);
      for (const name of ['withGetter', 'proxied', 'holder']) {
        const variable = variables.get(name);
        if (!variable || variable.variablesReference === 0) continue;
        for (const child of (await client.children(variable.variablesReference)).values()) {
          if (child.variablesReference > 0) await client.children(child.variablesReference);
        }
      }
    }
    await client.evaluate('withGetter.noisy').catch(() => undefined);
    await client.evaluate('proxied.inner').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const printed = output.map((event) => event.body.output).join('');
    expect(printed).not.toContain('GETTER RAN');
    expect(printed).not.toContain('PROXY TRAP RAN');
    expect(printed).toContain('getter calls 0');
  });
});
