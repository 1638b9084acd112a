// Pause under load (issue 13 leftover, DAP-13): a dense loop recorded live while CPU burners keep
// both cores busy must stop within a second of `pause`, every time, counting the time that is ours.
// Where the time went at load 20-34 on the 2-core machine (timestamps along the path: pause, the
// drain's stop-next, the producer's stop, its note, the adapter's arrival and indexing; schedstat):
// the producer stops within ~100 ms of the pause; then the 1-2.5 MB recorded ahead of the stop (ring,
// drain queue, socket) must reach the adapter and be indexed, ~40-110 ms of the adapter main
// thread's CPU, for which it waited 0.4-4 s on the run queue. Wall times were 0.8-5.6 s; less that
// wait, 0.03-0.35 s. (The collector also reads in lockstep with the trace file's writes, 16 KiB
// write-ahead; a 4 MiB one changed nothing measurable here, so it was left as it is.)
// So the bound is on the wall time less the adapter main thread's run-queue wait: what the pause
// takes on a machine that gives the adapter a CPU when it asks, which is what DAP-13 promises
// ("within a second"). The other waits (the program's, the test's own) stay in, so this still
// fails if our path sleeps, waits on a timer or on I/O while the adapter has nothing to run, or
// does a second's work; on a quiet machine (no run-queue wait) it is the plain wall-clock second.
// Not caught under load: a delay that overlaps the adapter's own queued work (a 1.2 s timer before
// the stop-next, tried at load 33, read 170-573 ms: the adapter was indexing the running program
// meanwhile, waiting for a CPU).
import { spawn, type ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { loadavg } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/polling';
import { runQueueWaitMs } from '../../support/schedulerWait';
import { fixture, lineOf, programArgs, useClient } from './support/session';

const newClient = useClient();
/** Two burners for the machine's two cores: the program, the adapter and the burners share them. */
const BURNERS = 2;
const PAUSES = 6;
/** DAP-13's second, for the part of the latency that is ours (above). */
const PAUSE_BOUND_MS = 1000;
/** Wall time, whatever the load: a pause that never comes is a failure, not a slow machine. */
const PAUSE_WALL_MAX_MS = 20_000;

const burners: ChildProcess[] = [];
afterEach(() => {
  for (const burner of burners.splice(0)) burner.kill('SIGKILL');
});

function startBurners(): void {
  for (let index = 0; index < BURNERS; index++)
    burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

describe('pause under load', () => {
  it(`pauses a dense loop within ${PAUSE_BOUND_MS} ms of its own time while CPU burners run, ${PAUSES} times over`, async () => {
    const client = newClient();
    let recordedSteps = 0;
    client.on('rewind/recordingStats', (event: DebugProtocol.Event) => {
      recordedSteps = (event.body as { events: number }).events;
    });
    await client.start();
    await client.configureLaunch(programArgs('busyLoop.js', { live: true }));
    expect(await waitUntil(() => recordedSteps > 1000, 20_000)).toBe(true);
    startBurners();
    const busy = fixture('busyLoop.js');
    const latenciesMs: number[] = [];
    const wallsMs: number[] = [];
    let spinsBefore = -1;
    for (let round = 0; round < PAUSES; round++) {
      // Let it run (and the backlog build) before each pause.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const paused = client.waitForEvent('stopped', PAUSE_WALL_MAX_MS) as Promise<DebugProtocol.StoppedEvent>;
      const waitedBeforeMs = runQueueWaitMs(client.adapterPid());
      const startedMs = Date.now();
      await client.pauseRequest({ threadId: 1 });
      expect((await paused).body.reason).toBe('pause');
      const wallMs = Date.now() - startedMs;
      const scheduledOutMs = runQueueWaitMs(client.adapterPid()) - waitedBeforeMs;
      wallsMs.push(wallMs);
      latenciesMs.push(Math.round(wallMs - scheduledOutMs));
      // It stopped in the loop, further on than at the previous pause.
      expect([3, lineOf(busy, 'busy-body')]).toContain((await client.topFrame()).line);
      const spins = Number(await client.evaluate('spins'));
      expect(spins).toBeGreaterThan(spinsBefore);
      spinsBefore = spins;
      expect((await client.request('continue', { threadId: 1 })).success).toBe(true);
    }
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    console.log(
      `pause latencies under load (ms, sorted): ${sorted.join(' ')} (wall: ${wallsMs.join(' ')}; load ${loadavg()[0].toFixed(1)})`,
    );
    expect(sorted.at(-1)).toBeLessThan(PAUSE_BOUND_MS);
  });
});
