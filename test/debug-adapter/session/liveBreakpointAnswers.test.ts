// New breakpoints in a live program are in force when the adapter answers setBreakpoints: the
// session's breakpoints line waits for every connected drain to say it set the flags (its
// generation's answer), and never longer than a bounded time, nor for a drain that is gone or a
// program that ended. Without the wait, a request sent right after the answer ran past the line.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceCollector } from '../../../debug-adapter/recording';
import type { ReplayEngine } from '../../../debug-adapter/replay/api';
import { LiveHolds } from '../../../debug-adapter/session/liveProgram';
import type { IndexQueue } from '../../../debug-adapter/trace/indexQueue';

/** The collector as LiveHolds uses it: producers, their connections, control lines out, answers in. */
class FakeCollector extends EventEmitter {
  readonly sent: Array<{ producerId: number; generation: unknown }> = [];
  readonly connected = new Set<number>([0, 1]);
  get producerCount(): number {
    return 2;
  }
  isConnected(producerId: number): boolean {
    return this.connected.has(producerId);
  }
  sendControl(message: Record<string, unknown>, producerId: number): number {
    if (!this.connected.has(producerId)) return 0;
    this.sent.push({ producerId, generation: message.generation });
    return 1;
  }
}

function holdsOver(collector: FakeCollector): LiveHolds {
  return new LiveHolds(
    collector as unknown as TraceCollector,
    { drain: () => Promise.resolve() } as unknown as IndexQueue,
    () => ({}) as ReplayEngine,
    () => 0,
    () => undefined,
    () => 0,
    () => undefined,
  );
}

/** Whether `promise` settled within the microtasks and timers advanced so far. */
async function settled(promise: Promise<void>, advanceMs: number): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(advanceMs);
  return done;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a live program's new breakpoints", () => {
  it('are answered only once every connected drain set their flags', async () => {
    vi.useFakeTimers();
    const collector = new FakeCollector();
    const holds = holdsOver(collector);
    const applied = holds.setStopProbes(new Map(), []);
    expect(collector.sent).toEqual([
      { producerId: 0, generation: 1 },
      { producerId: 1, generation: 1 },
    ]);
    expect(await settled(applied, 500)).toBe(false);
    collector.emit('liveBreakpoints', 0, 1);
    expect(await settled(applied, 10)).toBe(false); // producer 1 has not set them yet
    collector.emit('liveBreakpoints', 1, 1);
    expect(await settled(applied, 0)).toBe(true);
  });

  it('an older answer does not stand for a newer line', async () => {
    vi.useFakeTimers();
    const collector = new FakeCollector();
    collector.connected.delete(1);
    const holds = holdsOver(collector);
    collector.emit('liveBreakpoints', 0, 1);
    void holds.setStopProbes(new Map(), []); // generation 1, already answered above
    const second = holds.setStopProbes(new Map(), []);
    collector.emit('liveBreakpoints', 0, 1);
    expect(await settled(second, 200)).toBe(false);
    collector.emit('liveBreakpoints', 0, 2);
    expect(await settled(second, 0)).toBe(true);
  });

  it('do not wait for a drain that disconnected, a program that ended, or past the bound', async () => {
    vi.useFakeTimers();
    const collector = new FakeCollector();
    const holds = holdsOver(collector);
    const disconnected = holds.setStopProbes(new Map(), []);
    collector.emit('liveBreakpoints', 0, 1);
    collector.connected.delete(1);
    expect(await settled(disconnected, 150)).toBe(true);

    collector.connected.add(1);
    const silent = holds.setStopProbes(new Map(), []);
    expect(await settled(silent, 1_900)).toBe(false);
    expect(await settled(silent, 200)).toBe(true); // BREAKPOINTS_ANSWER_MAX_MS: 2 s

    const ending = holds.setStopProbes(new Map(), []);
    holds.programEnded();
    expect(await settled(ending, 150)).toBe(true);
  });
});
