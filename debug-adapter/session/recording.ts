// What the session needs from "a recording", whether a saved trace or a program being recorded:
// an engine once it can be replayed, and the program's lifecycle. Implementations live in
// traceRecording.ts and liveRecording.ts; the session knows only this interface.
import type { LiveStep, PendingBreakpoints } from '../../runtime/format/liveControl';
import type { LiveStops, ReplayEngine, SourceSpan, TimelineResult } from '../replay/api';
import type { OutputCategory } from './outputThrottle';
import type { RecordingStatsEventBody } from '../customProtocol';

/** Where a line of program output was printed: its step and the statement that printed it. */
export interface PrintedAt {
  step: number;
  source?: SourceSpan;
  /** The thread (a child process, a worker: its producer id) that printed it, when not the main one. */
  threadId?: number;
}

export interface RecordingListener {
  /** Program output as it is printed (live only), with where it was printed when the recording knows. */
  output(category: OutputCategory, text: string, at?: PrintedAt): void;
  /** Periodic counters while recording. */
  stats(stats: RecordingStatsEventBody): void;
  /** The program's process ended (live only): its exit code, or null when killed by a signal. */
  exited(exitCode: number | null, signal: string | null): void;
  /** Indexing progress by bytes; `doneBytes >= totalBytes` means indexing ended (or failed). */
  progress(doneBytes: number, totalBytes: number, message: string): void;
  /**
   * A step of unknown length began (a title) or ended (undefined): expanding a deferred recording.
   * A `cancellable` one offers the user a Cancel button, which aborts the open's signal.
   */
  task?(title: string | undefined, message: string, cancellable?: boolean): void;
}

/** A live Step Over / Out of one thread (producer), run by its recorder (format/liveControl.ts LiveStep). */
export interface LiveThreadStep extends LiveStep {
  threadId: number;
}

/**
 * A live program that stops where the adapter flags it (runtime/recorder/liveStops.ts): held at a
 * step (or paused while idle) until resumed. Each producer is held and resumed on its own line.
 */
export interface LiveProgram {
  /** True while some producer is held (stopped at a step, or paused) and none runs toward a stop. */
  held(): boolean;
  /** The producer of the latest stop. */
  stoppedProducer(): number | undefined;
  /** Resolves true at the first hold (the program's start: its first step), false if it ended first. */
  firstHold(): Promise<boolean>;
  /**
   * Resumes every held producer (`next`: each stops again at its next step); resolves true at the
   * next hold, its records indexed, or false once the program ended.
   */
  resume(options: { next: boolean; step?: LiveThreadStep }): Promise<boolean>;
  /** The producers (thread ids) held now: every one when the whole program is paused. */
  heldProducers(): number[];
  /** Pause: the running program stops at its current statement (or, idle, where it waits). */
  requestStop(): void;
  /**
   * Flags the probes the program must stop at (or filter first), per producer (all others: none).
   * Resolves once every producer's recorder has them set (or could not say so in time): from then
   * on, whatever the program runs stops there.
   */
  setStopProbes(byProducer: Map<number, LiveStops>, pending: PendingBreakpoints[]): Promise<void>;
  /** The engine over what was recorded so far (built once). */
  engineNow(): ReplayEngine;
  /** Resolves once the program's stdout/stderr went quiet (it is held: what it printed before the stop is in). */
  outputSettled(): Promise<void>;
  /** Called after new probe tables were indexed (a module loaded), so breakpoints can bind there. */
  onNewFiles(listener: () => void): void;
  /** The signal that ended the program (its unsent tail is lost with it), once it ended so. */
  endedBySignal(): string | undefined;
}

export interface Recording {
  /** Present for a program recorded live with stops (not for a trace, nor with noDebug). */
  readonly live?: LiveProgram;
  /** Resolves once the recording can be replayed: at once for a trace, when the program ends for a live run. */
  readonly ready: Promise<ReplayEngine>;
  /** The engine if ready. */
  engine(): ReplayEngine | undefined;
  /** The recorded program's process id (live only). */
  processId(): number | undefined;
  /** True while the recorded program still runs (paused or not). */
  running(): boolean;
  /** Steps indexed so far (all threads); grows while a program is recorded. */
  recordedSteps(): number;
  /**
   * Live: the timeline of what is indexed so far, for the panel while the program still runs
   * (issue 15 §5: it showed an empty chart for a whole server run); read-only, never the session's
   * engine, so breakpoints and the first stop are unaffected. A trace is replayable at once: undefined.
   */
  timelineSoFar?(startStep: number, endStep: number, bucketCount: number): TimelineResult | undefined;
  /** Live: stop the program's producers and make what was recorded so far replayable (DAP-13). */
  pause(): Promise<ReplayEngine>;
  /** Ends the program and every process it started (DAP-10); no-op for a trace. */
  kill(): Promise<void>;
  /** Writes the recording's bytes to a file; returns their size. */
  saveTo(filePath: string): Promise<number>;
  dispose(): void;
}
