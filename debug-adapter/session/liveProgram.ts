// The live program's holds, as the adapter sees them: which producers are stopped (a live-stop
// from the collector, once their records are indexed), resuming them, pause at the current
// statement (stop-next, else — an idle program runs no step — the old pause at its next publish),
// and the breakpoint probes each producer must stop at. Knows the collector's control lines and
// the indexing queue; not DAP, breakpoints or the replay engine's moves.
import type { TraceCollector } from '../recording';
import type { LiveStep, PendingBreakpoints } from '../../runtime/format/liveControl';
import type { LiveStops, ReplayEngine } from '../replay/api';
import type { IndexQueue } from '../trace/indexQueue';
import type { LiveProgram, LiveThreadStep } from './recording';
import { faultPoint } from './faultPoints';

/** A pause asks for the next step first; a program that runs none this long is idle: pause it where it waits. */
const IDLE_PAUSE_AFTER_MS = 300;
/** A held program's last output is through its pipes once they were quiet this long (bounded by the max). */
const OUTPUT_QUIET_MS = 15;
const OUTPUT_SETTLE_MAX_MS = 250;
/** After the fallback pause, records still in flight stop arriving within this quiet time. */
const PAUSE_QUIET_MS = 150;
/**
 * How long the fallback pause waits for every drain's answer (format/liveControl.ts
 * LIVE_PAUSED_NOTE) before it trusts the quiet time alone (a drain that cannot answer).
 */
const PAUSE_ANSWER_MAX_MS = 10_000;
const PAUSE_ANSWER_POLL_MS = 10;
/**
 * How long new breakpoints wait for every drain to say its flags are set (format/liveControl.ts
 * LIVE_BREAKPOINTS_NOTE); a drain that cannot answer (its thread is ending) does not hold the editor longer.
 */
const BREAKPOINTS_ANSWER_MAX_MS = 2_000;

export class LiveHolds implements LiveProgram {
  private readonly holding = new Set<number>();
  /** Held by the old pause (no step to stop at): every producer waits at its publish. */
  private pausedAll = false;
  private latest: number | undefined;
  private ended = false;
  private signal: string | undefined;
  private everHeld = false;
  private waiters: Array<(held: boolean) => void> = [];
  private readonly fileListeners: Array<() => void> = [];
  private idleTimer: NodeJS.Timeout | undefined;
  /** Stops arrive in order; each waits for the indexing of the records before it. */
  private arrivals: Promise<void> = Promise.resolve();
  /** Drains that answered the fallback pause since it was sent. */
  private pauseAnswers = 0;
  /** The generation of the last breakpoints line sent, and the latest each producer's drain applied. */
  private breakpointsGeneration = 0;
  private readonly breakpointsApplied = new Map<number, number>();
  private breakpointsWaiters: Array<() => void> = [];

  constructor(
    private readonly collector: TraceCollector,
    private readonly indexing: IndexQueue,
    private readonly engine: () => ReplayEngine,
    private readonly lastRecordAtMs: () => number,
    /** Held or resumed: the status bar shows it at once. */
    private readonly changed: () => void,
    private readonly lastOutputAtMs: () => number,
    /** Releases the pipes' text the recording now places (outputOrder.ts). */
    private readonly settleOutput: () => void,
  ) {
    collector.on('liveStop', (producerId: number, probeId: number) => {
      // The program is held whatever the engine makes of the stop: a throw there must neither break
      // the chain (every later stop would be lost) nor leave the move that waits for it waiting.
      this.arrivals = this.arrivals
        .then(async () => {
          await this.indexing.drain();
          try {
            faultPoint('liveStop.heldAt');
            this.engine().liveHeldAt(producerId, probeId);
          } finally {
            this.hold(producerId);
          }
        })
        .catch(() => undefined);
    });
    collector.on('livePaused', () => this.pauseAnswers++);
    collector.on('liveBreakpoints', (producerId: number, generation: number) => {
      this.breakpointsApplied.set(producerId, Math.max(generation, this.breakpointsApplied.get(producerId) ?? 0));
      for (const waiter of this.breakpointsWaiters.splice(0)) waiter();
    });
  }

  held(): boolean {
    return this.holding.size > 0 || this.pausedAll;
  }

  heldProducers(): number[] {
    return this.pausedAll ? allProducers(this.collector) : [...this.holding];
  }

  stoppedProducer(): number | undefined {
    return this.latest;
  }

  firstHold(): Promise<boolean> {
    if (this.everHeld) return Promise.resolve(true);
    if (this.ended) return Promise.resolve(false);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  resume(options: { next: boolean; step?: LiveThreadStep }): Promise<boolean> {
    if (this.ended) return Promise.resolve(false);
    const waiting = new Promise<boolean>((resolve) => this.waiters.push(resolve));
    const producers = this.heldProducers();
    this.holding.clear();
    this.pausedAll = false;
    const { step } = options;
    for (const producerId of producers) {
      // The stepped thread runs its step in its recorder; any other stops at its next step, as before.
      const own = step?.threadId === producerId ? { step: liveStepOf(step) } : {};
      this.collector.sendControl({ type: 'resume', next: options.next, ...own }, producerId);
    }
    this.changed();
    return waiting;
  }

  requestStop(): void {
    if (this.held() || this.ended) return;
    this.collector.sendControl({ type: 'stopNext' });
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.pauseIdle(), IDLE_PAUSE_AFTER_MS);
  }

  async setStopProbes(byProducer: Map<number, LiveStops>, pending: PendingBreakpoints[]): Promise<void> {
    const generation = ++this.breakpointsGeneration;
    const reached: number[] = [];
    for (const producerId of allProducers(this.collector)) {
      const stops = byProducer.get(producerId);
      const sent = this.collector.sendControl(
        {
          type: 'breakpoints',
          probes: stops?.probes ?? [],
          filters: stops?.filters ?? [],
          pending,
          ...(stops?.uncaught ? { uncaught: stops.uncaught } : {}),
          generation,
        },
        producerId,
      );
      if (sent > 0) reached.push(producerId);
    }
    const applied = () =>
      this.ended ||
      reached.every(
        (producerId) =>
          (this.breakpointsApplied.get(producerId) ?? 0) >= generation || !this.collector.isConnected(producerId),
      );
    const deadlineMs = Date.now() + BREAKPOINTS_ANSWER_MAX_MS;
    while (!applied() && Date.now() < deadlineMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(100, Math.max(0, deadlineMs - Date.now())));
        this.breakpointsWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  engineNow(): ReplayEngine {
    return this.engine();
  }

  async outputSettled(): Promise<void> {
    const startedMs = Date.now();
    while (
      Date.now() - Math.max(this.lastOutputAtMs(), startedMs - OUTPUT_QUIET_MS) < OUTPUT_QUIET_MS &&
      Date.now() - startedMs < OUTPUT_SETTLE_MAX_MS
    )
      await sleep(5);
    this.settleOutput();
  }

  onNewFiles(listener: () => void): void {
    this.fileListeners.push(listener);
  }

  /** The recording indexed new probe tables. */
  filesArrived(): void {
    for (const listener of this.fileListeners) listener();
  }

  endedBySignal(): string | undefined {
    return this.signal;
  }

  /** The program ended (by `signal`, when one ended it): nothing is held, and every waiter learns it. */
  programEnded(signal?: string): void {
    this.signal ??= signal;
    this.ended = true;
    this.holding.clear();
    this.pausedAll = false;
    clearTimeout(this.idleTimer);
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }

  private hold(producerId: number): void {
    if (this.ended) return;
    clearTimeout(this.idleTimer);
    this.holding.add(producerId);
    this.latest = producerId;
    this.everHeld = true;
    for (const waiter of this.waiters.splice(0)) waiter(true);
    this.changed();
  }

  /**
   * No stop 300 ms after the pause was asked: the program idles (a server between requests) — or
   * it flooded the adapter, and its stop note is still in flight behind megabytes of records (a
   * loaded machine). Each drain answers in its stream, behind all it sent, so the pause is decided
   * only once everything before it is in: else it would hold at a step the program had long left.
   */
  private async pauseIdle(): Promise<void> {
    if (this.held() || this.ended) return;
    this.pauseAnswers = 0;
    const asked = this.collector.sendControl({ type: 'pause' });
    const askedMs = Date.now();
    while (this.pauseAnswers < asked && !this.held() && !this.ended && Date.now() - askedMs < PAUSE_ANSWER_MAX_MS)
      await sleep(PAUSE_ANSWER_POLL_MS);
    if (this.held() || this.ended) return;
    const startedMs = Date.now();
    while (Date.now() - Math.max(this.lastRecordAtMs(), startedMs) < PAUSE_QUIET_MS) await sleep(25);
    await this.indexing.drain();
    if (this.held() || this.ended) return;
    // The stop-next flags stay set: resume clears them.
    this.pausedAll = true;
    this.everHeld = true;
    for (const waiter of this.waiters.splice(0)) waiter(true);
    this.changed();
  }
}

function allProducers(collector: TraceCollector): number[] {
  return Array.from({ length: collector.producerCount }, (_, index) => index);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The step's words for the recorder (the thread is the control line's addressee, not a word). */
function liveStepOf({ threadId: _threadId, ...step }: LiveThreadStep): LiveStep {
  return step;
}
