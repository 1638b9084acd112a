// Indexing a large saved recording reports progress by bytes (progressStart, thinned
// progressUpdates, progressEnd) to clients that support it, while the launch is still being
// answered — a large trace has only a few dozen records, so counting records showed nothing.
// Indexing yields between slices, so a disconnect or a cancel of the launch stops it at once.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES } from '../../../debug-adapter/session/progress';
import type { RecordingClient } from './support/client';
import { REPO_ROOT, fixture } from './support/fixtures';
import { useClient } from './support/session';

const newClient = useClient();
let folder: string;
let tracePath: string;

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'rewind-progress-'));
  tracePath = path.join(folder, 'long.rwd');
  // 200,000 rounds ≈ 6 MB: past the progress threshold, a fraction of a second to index.
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'dist/cli.js'), 'record', '--out', tracePath, '--', fixture('longRun.js'), '200000'],
    { stdio: 'ignore' },
  );
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function openTrace(client: RecordingClient, supportsProgressReporting: boolean): Promise<void> {
  await client.start();
  const stopped = client.waitForEvent('stopped', 30_000);
  await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path', supportsProgressReporting });
  await client.launchRequest({ trace: tracePath } as DebugProtocol.LaunchRequestArguments);
  await client.configurationDoneRequest();
  await stopped;
}

function received(client: RecordingClient, name: string): Array<{ at: number; body: Record<string, unknown> }> {
  return client.log.flatMap((entry, at) =>
    entry.direction === 'in' && entry.message.type === 'event' && (entry.message as DebugProtocol.Event).event === name
      ? [{ at, body: (entry.message as DebugProtocol.Event).body as Record<string, unknown> }]
      : [],
  );
}

describe('indexing progress', () => {
  it('a recording of a few huge records reports progressStart … progressEnd before the launch answers', async () => {
    expect(statSync(tracePath).size).toBeGreaterThan(PROGRESS_MIN_BYTES);
    const client = newClient();
    await openTrace(client, true);
    const [start, ...moreStarts] = received(client, 'progressStart');
    const ends = received(client, 'progressEnd');
    expect(start, client.eventsSoFar()).toBeDefined();
    expect(moreStarts).toEqual([]);
    expect(ends.map((end) => end.body.progressId)).toEqual([start.body.progressId]);
    const updates = received(client, 'progressUpdate');
    for (const update of updates) {
      expect(update.body.progressId).toBe(start.body.progressId);
      expect(update.at).toBeGreaterThan(start.at);
      expect(update.at).toBeLessThan(ends[0].at);
    }
    const percents = updates.map((update) => update.body.percentage as number);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    const launchAnswer = client.log.findIndex(
      (entry) =>
        entry.direction === 'in' &&
        entry.message.type === 'response' &&
        (entry.message as DebugProtocol.Response).command === 'launch',
    );
    expect(ends[0].at).toBeLessThan(launchAnswer);
  });

  it('clients that did not say supportsProgressReporting get no progress events', async () => {
    const client = newClient();
    await openTrace(client, false);
    expect([
      ...received(client, 'progressStart'),
      ...received(client, 'progressUpdate'),
      ...received(client, 'progressEnd'),
    ]).toEqual([]);
  });
});

describe('ending while a large recording is indexed', () => {
  for (const how of ['disconnect', 'cancel'] as const) {
    it(`${how} stops the indexing: the launch answers "cancelled" and the session answers at once`, async () => {
      const client = newClient();
      await client.start();
      await client.initializeRequest({ adapterID: 'rewind', pathFormat: 'path', supportsProgressReporting: true });
      const launchSeq = (client as unknown as { sequence: number }).sequence;
      const indexing = client.waitForEvent('progressStart', 10_000);
      const launch = client.request('launch', { trace: tracePath });
      await indexing; // the launch is indexing now, not waiting in the queue
      const ending =
        how === 'disconnect' ? client.request('disconnect', {}) : client.request('cancel', { requestId: launchSeq });
      const [launched, ended] = await Promise.all([launch, ending]);
      expect(launched.success).toBe(false);
      expect(launched.message).toBe('cancelled');
      expect(ended.success).toBe(true);
      // A progress that was shown is closed, never left spinning.
      expect(received(client, 'progressEnd').length).toBe(received(client, 'progressStart').length);
    });
  }
});
