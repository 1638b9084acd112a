// An editor launch survives its debug adapter's death (issue 12 leftover): the adapter writes the
// recording to a private file as it arrives, so when the adapter is SIGKILLed mid-run (its orphan
// guard then ends the program), `rewind info` reads a recording ended as the collector would have
// ended it — an END 'killed' with an estimate of the lost tail — and a trace launch replays it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, waitUntil } from '../../support/polling';
import { basename, dirname, join } from 'node:path';
import { REPO_ROOT } from './support/fixtures';
import { programArgs, useClient } from './support/session';

const newClient = useClient();
const CLI = join(REPO_ROOT, 'dist/cli.js');
const written: string[] = [];
afterEach(() => {
  for (const path of written.splice(0)) {
    rmSync(path, { force: true });
    rmSync(join(dirname(path), `.${basename(path)}.writer`), { force: true });
  }
});

interface InfoJson {
  complete: boolean;
  steps: number;
  end: { reason: string | null; unflushedEventsEstimate?: number };
}

describe('an editor launch whose adapter is killed', () => {
  it('leaves a replayable recording that says how much of its end may be missing', async () => {
    const client = newClient();
    const stats: Array<{ events: number; tracePath?: string }> = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) =>
      stats.push(event.body as { events: number; tracePath?: string }),
    );
    await client.start();
    const processEvent = client.waitForEvent('process', 20_000);
    await client.configureLaunch(programArgs('busyLoop.js', { live: true }));
    const programPid = Number((await processEvent).body.systemProcessId);
    expect(await waitUntil(() => (stats.at(-1)?.events ?? 0) > 5000, 20_000)).toBe(true);
    const tracePath = stats.at(-1)?.tracePath ?? '';
    written.push(tracePath);
    expect(existsSync(tracePath)).toBe(true);

    const adapter = (client as unknown as { _adapterProcess: { kill(signal: string): void } })._adapterProcess;
    adapter.kill('SIGKILL');
    // The orphan guard ends the program; the file stays, without the ENDs nobody was left to write.
    expect(await waitUntil(() => !isAlive(programPid), 10_000)).toBe(true);
    expect(existsSync(tracePath)).toBe(true);

    const info = spawnSync(process.execPath, [CLI, 'info', '--json', tracePath], { encoding: 'utf8' });
    const summary = JSON.parse(info.stdout) as InfoJson;
    expect(summary.steps).toBeGreaterThan(1000);
    expect(summary.complete).toBe(false);
    expect(summary.end.reason).toBe('killed');
    // What its ring (1 MiB) and send queue held, in this loop's events: the bound, never 0.
    expect(summary.end.unflushedEventsEstimate).toBeGreaterThan(10_000);
    expect(info.stderr).toMatch(/about \d+ events may be missing at the end/);

    // Opening it replays the loop, up to where the recording ends.
    const reader = newClient();
    await reader.start();
    const output: string[] = [];
    reader.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    await reader.launchAndStop({ trace: tracePath });
    expect(Number(await reader.evaluate('spins'))).toBeGreaterThan(100);
    expect(output.join('')).toContain('the debugger that recorded this program was killed');
  });

  it('is removed when the session ends normally', async () => {
    const client = newClient();
    const paths: string[] = [];
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      const path = (event.body as { tracePath?: string }).tracePath;
      if (path) paths.push(path);
    });
    await client.start();
    await client.launchAndStop(programArgs('busyLoop.js', { live: true, stopOnEntry: true }));
    const tracePath = paths.at(-1) ?? '';
    written.push(tracePath);
    expect(existsSync(tracePath)).toBe(true);
    await client.disconnectRequest({});
    expect(await waitUntil(() => !existsSync(tracePath), 5000)).toBe(true);
  });

  it('is not left behind by a launch that fails', async () => {
    const client = newClient();
    await client.start();
    await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path' });
    const name = `missing-${process.pid}-${Date.now()}.js`;
    expect((await client.request('launch', { program: `/definitely/not/${name}` })).success).toBe(false);
    const folder = join(tmpdir(), `rewind-${process.getuid?.() ?? userInfo().username}`);
    const left = existsSync(folder) ? readdirSync(folder).filter((file) => file.includes(name)) : [];
    expect(left).toEqual([]);
  });
});
