// A long live run within a memory budget (issue 13 "Servers and long runs", issue 10 item 5): an
// allocation-heavy program recorded live with a small `historyWindowMiB` grows its recording far
// past the window while the adapter's resident memory stays level; then pause, and stepping and
// the timeline say where the kept history starts, and reverse-continue stops there truthfully.
import { readFileSync } from 'node:fs';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describe, expect, it } from 'vitest';
import type { TimelineResponseBody } from '../../../debug-adapter/customProtocol';
import { waitUntil } from '../../support/polling';
import { fixture, lineOf, programArgs, useClient } from './support/session';
import type { RecordingClient } from './support/client';

const newClient = useClient();
const WINDOW_MIB = 1;
const MIB = 1 << 20;
/** Recorded before the first sample: the window moved on many times, the adapter's heap is warm. */
const WARM_BYTES = 32 * WINDOW_MIB * MIB;
/** Recorded between the two samples: without a window the adapter would hold all of it (and its index). */
const GROWN_BYTES = 96 * WINDOW_MIB * MIB;

function adapterRssBytes(client: RecordingClient): number {
  const pid = (client as unknown as { _adapterProcess: { pid: number } })._adapterProcess.pid;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

describe('a long live run within historyWindowMiB', () => {
  it('keeps the adapter level while the recording grows, and says where history starts', async () => {
    const client = newClient();
    let recordedBytes = 0;
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      recordedBytes = (event.body as { bytes?: number }).bytes ?? 0;
    });
    await client.start();
    await client.configureLaunch(programArgs('liveWindow.js', { live: true, historyWindowMiB: WINDOW_MIB }));
    expect(await waitUntil(() => recordedBytes > WARM_BYTES, 120_000)).toBe(true);
    const warmRss = adapterRssBytes(client);
    const warmBytes = recordedBytes;
    let peakRss = warmRss;
    const sampled = await waitUntil(
      () => {
        peakRss = Math.max(peakRss, adapterRssBytes(client));
        return recordedBytes > warmBytes + GROWN_BYTES;
      },
      240_000,
      100,
    );
    expect(sampled).toBe(true);
    // A plateau: the growth is a fraction of what was recorded meanwhile (kept, it would be more
    // than all of it: the bytes, their index and the retained copy). Three quarters, not a half:
    // inside the whole suite on 2 cores the adapter's GC lags; 29.9 MB of 96 MiB was seen, and once
    // (fresh-clone CI, session 32) 50.9 MB (alone: well under).
    expect(peakRss - warmRss, `RSS ${warmRss} → peak ${peakRss}`).toBeLessThan((GROWN_BYTES * 3) / 4);

    const paused = client.waitForEvent('stopped', 20_000) as Promise<DebugProtocol.StoppedEvent>;
    await client.pauseRequest({ threadId: 1 });
    expect((await paused).body.reason).toBe('pause');
    const program = fixture('liveWindow.js');
    expect((await client.topFrame()).source?.path).toBe(program);

    const timeline = (await client.request('rewind/timeline', { startStep: 0, endStep: 1e12, bucketCount: 10 }))
      .body as TimelineResponseBody;
    const start = timeline.markers.find((marker) => /history starts here/.test(marker.text ?? ''));
    expect(start, JSON.stringify(timeline.markers.slice(0, 5))).toBeDefined();
    expect(start?.step).toBeGreaterThan(0);

    // Back to the window's start: the stop says the steps before are gone, and what it shows is true.
    const atStart = await client.move('reverseContinue');
    expect(atStart.body.text ?? atStart.body.description ?? '').toMatch(/no longer kept/);
    const frame = await client.topFrame();
    expect(frame.source?.path).toBe(program);
    expect(frame.line).toBeGreaterThan(0);
    expect(frame.line).toBeLessThanOrEqual(lineOf(program, 'window-last'));
    // `round` there is the value it had then, or said to be unknown: never a wrong value as fact.
    const reply = await client.request('evaluate', { expression: 'round', frameId: frame.id, context: 'watch' });
    const shown = reply.success ? (reply.body as { result: string }).result : (reply.message ?? '');
    if (/^\d+$/.test(shown)) expect(Number(shown)).toBeGreaterThanOrEqual(1);
    else expect(shown).toMatch(/before the kept history: not recorded|not defined at this moment/);
  }, 400_000);
});
