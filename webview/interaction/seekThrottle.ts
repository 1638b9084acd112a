// Turns a drag (many pointer moves) into few `rewind/seek` requests: the first move seeks at
// once, later ones at most every intervalMs and never while a seek is in flight (a slow adapter
// must not build a queue); the release always ends on the step under the pointer.
// Knows nothing about pointers or the DOM; the clock is injected so tests can drive it.

export interface ThrottleClock {
  nowMs(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

const realClock: ThrottleClock = {
  nowMs: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class SeekThrottle {
  private lastSentStep: number | undefined;
  private lastSentAtMs = Number.NEGATIVE_INFINITY;
  private pendingStep: number | undefined;
  private finalPending = false;
  private inFlight = false;
  private timer: unknown;

  constructor(
    private readonly send: (step: number) => Promise<unknown>,
    private readonly intervalMs = 40,
    private readonly clock: ThrottleClock = realClock,
  ) {}

  /** A pointer move while dragging. */
  update(step: number): void {
    this.pendingStep = step;
    this.pump();
  }

  /** The pointer was released: this step must be the last one sent. */
  release(step: number): void {
    this.pendingStep = step;
    this.finalPending = true;
    this.pump();
  }

  /** Forget what was sent: the next step is sent even if it equals the last one (an explicit jump). */
  reset(): void {
    this.lastSentStep = undefined;
  }

  /**
   * The adapter says it is at `step` (it moved on its own, or a seek landed). A drag that asks for
   * that step sends nothing: a seek to where the debugger already is would make VS Code show the
   * same stop again and move the keyboard focus to the editor and back (the CI flake of issue 15 §1).
   */
  settled(step: number): void {
    this.lastSentStep = step;
  }

  private pump(): void {
    if (this.inFlight || this.pendingStep === undefined) return;
    if (this.pendingStep === this.lastSentStep) {
      this.pendingStep = undefined;
      this.finalPending = false;
      return;
    }
    const waitMs = this.finalPending ? 0 : this.lastSentAtMs + this.intervalMs - this.clock.nowMs();
    if (waitMs > 0) {
      if (this.timer === undefined)
        this.timer = this.clock.setTimer(() => {
          this.timer = undefined;
          this.pump();
        }, waitMs);
      return;
    }
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    const step = this.pendingStep;
    this.pendingStep = undefined;
    this.finalPending = false;
    this.lastSentStep = step;
    this.lastSentAtMs = this.clock.nowMs();
    this.inFlight = true;
    // A failed seek is reported by the host; the next move simply tries again.
    this.send(step)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        this.pump();
      });
  }
}
