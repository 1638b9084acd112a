// What the session needs from "a recording", whether a saved trace or a program being recorded:
// an engine once it can be replayed, and the program's lifecycle. Implementations live in
// traceRecording.ts and liveRecording.ts; the session knows only this interface.
import type { ReplayEngine, TimelineResult } from '../replay/api';
import type { OutputCategory } from './outputThrottle';

export interface RecordingListener {
  /** Program output as it is printed (live only). */
  output(category: OutputCategory, text: string): void;
  /** Periodic counters while recording. */
  stats(stats: { events: number; lost: number; running: boolean }): void;
  /** The program's process ended (live only): its exit code, or null when killed by a signal. */
  exited(exitCode: number | null, signal: string | null): void;
  /** Indexing progress by bytes; `doneBytes >= totalBytes` means indexing ended (or failed). */
  progress(doneBytes: number, totalBytes: number, message: string): void;
}

export interface Recording {
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
