// Rewind's additions to the Debug Adapter Protocol: the `rewind/` custom requests and events, and
// the launch attributes. These shapes are a public contract (the timeline webview and the
// extension rely on them field for field); the session fills them, nothing here has behaviour.

/**
 * `rewind/timeline`: a level-of-detail summary of [startStep, endStep] in bucketCount buckets.
 * The result shapes of timeline/search/console are the engine's own (replay/api.ts): the session
 * passes them through unchanged, so they are declared once, there.
 */
export interface TimelineArguments { startStep: number; endStep: number; bucketCount: number }
export type {
  TimelineBucket, TimelineFunction, TimelineMarkerKind, TimelineMarker, TimelineResult as TimelineResponseBody,
  SearchMatch, SearchResult as SearchResponseBody, ConsoleMessage, ConsoleResult as ConsoleResponseBody,
} from './replay/api';

/** `rewind/seek`: move the cursor; the response body is empty, then `continued` and a `stopped` event (reason `goto`). */
export interface SeekArguments { step: number }
export type SeekResponseBody = Record<string, never>;

/**
 * `rewind/stepBackOut`: back to the step that called the current frame (the reverse of Step Out);
 * the response body is empty, then `continued` and a `stopped` event (reason `step`).
 */
export type StepBackOutArguments = Record<string, never>;
export type StepBackOutResponseBody = Record<string, never>;

/** `rewind/search`: functions, files and console text matching a query, in time order. */
export interface SearchArguments { query: string; limit?: number }

/** `rewind/console`: a page of the recorded program output. */
export interface ConsoleArguments { startIndex: number; count: number }

/** `rewind/saveTrace`: write the current recording to a file. */
export interface SaveTraceArguments { path: string }
export interface SaveTraceResponseBody { path: string; sizeBytes: number }

export const RewindRequest = {
  TIMELINE: 'rewind/timeline',
  SEEK: 'rewind/seek',
  STEP_BACK_OUT: 'rewind/stepBackOut',
  SEARCH: 'rewind/search',
  CONSOLE: 'rewind/console',
  SAVE_TRACE: 'rewind/saveTrace',
  PLAN: 'rewind/plan',
} as const;

/**
 * `rewind/plan` (no arguments): what each file was recorded at and why. `rules` and
 * `defaultLevel` are the plan sent to the program (absent for a saved trace or an unfocused run);
 * `files` are the files the program loaded, as the recording registered them.
 */
export interface PlanResponseBody {
  defaultLevel?: 'full' | 'calls' | 'none';
  rules?: Array<{ glob: string; level: 'full' | 'calls' | 'none'; reason: string }>;
  files: Array<{ path: string; level: 'full' | 'calls' | 'none'; reason?: string }>;
}

/** Custom events. */
export const RewindEvent = {
  /** While a program is being recorded: `{ events, lost, running }`. */
  RECORDING_STATS: 'rewind/recordingStats',
  /** After every stop: `{ step, totalSteps }`. */
  POSITION: 'rewind/position',
} as const;
/** `bytes`: the recording's size so far; `held`: a live program stopped at a breakpoint, step or pause. */
export interface RecordingStatsEventBody { events: number; lost: number; running: boolean; bytes?: number; held?: boolean }
export interface PositionEventBody { step: number; totalSteps: number }

/** Extra field on `output` events that replay a recorded moment (logpoints): seek there with `rewind/seek`. */
export interface OutputStepData { step: number }

/** The `launch` request's attributes (package.json `configurationAttributes.launch`). */
export interface RewindLaunchArguments {
  program?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string | null>;
  envFile?: string;
  runtimeExecutable?: string;
  runtimeArgs?: string[];
  stopOnEntry?: boolean;
  include?: string[];
  exclude?: string[];
  /** The level of files no focus rule names ('none': they run unrecorded). */
  level?: 'full' | 'calls' | 'none';
  /** Focused recording: globs recorded at `full` (plus files with breakpoints and the active editor's). */
  focus?: string[];
  /** Per-glob levels, over everything else. */
  levels?: Record<string, 'full' | 'calls' | 'none'>;
  /** Filled by the extension: the active editor's file, recorded at `full` when focused. */
  activeEditorFile?: string;
  overflow?: 'block' | 'drop-newest' | 'overwrite-oldest';
  bufferEvents?: number;
  capture?: { maxStringLength?: number; maxCollectionEntries?: number; maxDepth?: number };
  outFiles?: string[];
  skipFiles?: string[];
  console?: 'internalConsole';
  /** Open a saved recording instead of running a program. */
  trace?: string;
  /** Rewind's own notes (instrumentation cache, recorder statistics) in the Debug Console; off by default. */
  verbose?: boolean;
  /**
   * A program recorded live stops at breakpoints, pause and steps while it runs (default true);
   * false records it to its end first, then replays (nothing stops the program).
   */
  live?: boolean;
  noDebug?: boolean;
}
