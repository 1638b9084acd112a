// A VS Code launch (the adapter's socket collector) with `overflow: 'flight'` (issue 12 item 10):
// the flight recorder applies there too — the adapter receives only the kept history, bounded by
// flightRecorderMiB whatever the run's length, and replay says where it starts; a program killed
// mid-run still opens on its kept history. Before, a socket launch recorded everything (the
// flight recorder needed a trace file), so memory in the adapter grew with the run.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useClient } from './support/session';

const newClient = useClient();
const BUDGET_MIB = 1;
const FINITE = [
  'const n = Number(process.argv[2]);',
  "const state = { count: 0, label: 'start' };",
  'let total = 0;',
  'for (let i = 0; i < n; i++) {',
  '  total += i;',
  '  state.count = i;',
  '}',
  'console.log(total); // END',
].join('\n');
const FOREVER = [
  'let total = 0;',
  'for (let i = 0; ; i++) {',
  '  total += i;',
  "  if (i === 2_000_000) console.log('pid ' + process.pid);",
  '}',
].join('\n');
let folder = '';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rewind-flight-launch-'));
  writeFileSync(join(folder, 'finite.js'), FINITE);
  writeFileSync(join(folder, 'forever.js'), FOREVER);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function launchArgs(program: string, args: string[] = []): Record<string, unknown> {
  return { program: join(folder, program), args, overflow: 'flight', flightRecorderMiB: BUDGET_MIB };
}

describe('a launch with overflow "flight"', () => {
  it('keeps only the newest history in the adapter, bounded by the budget; replay says where it starts', async () => {
    const iterations = 1_000_000;
    const client = newClient();
    await client.start();
    const stats: Array<{ bytes?: number; running: boolean }> = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => stats.push(event.body));
    const stop = await client.launchAndStop(launchArgs('finite.js', [String(iterations)]), () =>
      client.setBreakpointsRequest({ source: { path: join(folder, 'finite.js') }, breakpoints: [{ line: 8 }] }),
    );
    expect(stop.body.reason).toBe('breakpoint');
    const locals = await client.locals();
    expect(locals.get('total')?.value).toBe(String((iterations * (iterations - 1)) / 2));
    // What reached the adapter: the budget plus at most a quarter of it, not the run's ~30 MB.
    const received = Math.max(...stats.map((sample) => sample.bytes ?? 0));
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(BUDGET_MIB * 2 ** 20 * 1.25);
    const back = await client.move('reverseContinue');
    const text = (back.body as DebugProtocol.StoppedEvent['body']).description ?? '';
    expect(text).toMatch(/^Start of the kept history: \d+ events before were dropped\.$/);
    expect(Number(/(\d+) events/.exec(text)?.[1])).toBeGreaterThan(iterations);
  }, 120_000);

  it('a program killed mid-run opens on its kept history', async () => {
    const client = newClient();
    await client.start();
    let killed = false;
    client.on('output', (event: DebugProtocol.OutputEvent) => {
      const pid = /pid (\d+)/.exec(event.body.output);
      if (!pid || killed) return;
      killed = true;
      process.kill(Number(pid[1]), 'SIGKILL');
    });
    const stop = await client.launchAndStop({ ...launchArgs('forever.js'), stopOnEntry: true });
    expect(killed).toBe(true);
    expect(stop.body.reason).toBe('entry');
    const frame = await client.topFrame();
    expect(frame.line).toBeGreaterThanOrEqual(2);
    expect(frame.line).toBeLessThanOrEqual(4);
    const back = await client.move('reverseContinue');
    const text = (back.body as DebugProtocol.StoppedEvent['body']).description ?? '';
    expect(text).toMatch(/^Start of the kept history: \d+ events before were dropped\.$/);
  }, 120_000);

  it('cannot be live: said at launch', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const response = await client
      .launchRequest({ ...launchArgs('finite.js', ['10']), live: true } as DebugProtocol.LaunchRequestArguments)
      .then(
        () => undefined,
        (error: Error) => error.message,
      );
    expect(response).toMatch(/"overflow": "flight".*cannot be "live"/);
  });
});
