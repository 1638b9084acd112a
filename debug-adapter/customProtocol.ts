// Rewind's additions to the Debug Adapter Protocol: the `rewind/` custom requests and events, and
// the launch attributes. These shapes are a public contract (the timeline webview and the
// extension rely on them field for field); the session fills them, nothing here has behaviour.

/** `rewind/timeline`: a level-of-detail summary of [startStep, endStep] in bucketCount buckets. */
export interface TimelineArguments { startStep: number; endStep: number; bucketCount: number }
export interface TimelineBucket {
  startStep: number;
  endStep: number;
  maxDepth: number;
  /** Per call depth 0..maxDepth: the id of the function dominating that depth in the bucket, or -1. */
  depths: number[];
}
export interface TimelineFunction { id: number; name: string; path: string; line: number }
export type TimelineMarkerKind = 'breakpoint' | 'exception' | 'console' | 'logpoint' | 'gap';
export interface TimelineMarker { step: number; kind: TimelineMarkerKind; text?: string }
export interface TimelineResponseBody {
  totalSteps: number;
  startStep: number;
  endStep: number;
  buckets: TimelineBucket[];
  functions: TimelineFunction[];
  markers: TimelineMarker[];
  currentStep: number;
  wallTimeMs?: Array<{ step: number; timeMs: number }>;
}

/** `rewind/seek`: move the cursor; the response body is empty, then a `stopped` event (reason `goto`). */
export interface SeekArguments { step: number }
export type SeekResponseBody = Record<string, never>;

/** `rewind/search`: functions, files and console text matching a query, in time order. */
export interface SearchArguments { query: string; limit?: number }
export interface SearchMatch { step: number; label: string; path: string; line: number }
export interface SearchResponseBody { matches: SearchMatch[]; total: number }

/** `rewind/console`: a page of the recorded program output. */
export interface ConsoleArguments { startIndex: number; count: number }
export interface ConsoleMessage { step: number; stream: 'stdout' | 'stderr'; text: string }
export interface ConsoleResponseBody { total: number; messages: ConsoleMessage[] }

/** `rewind/saveTrace`: write the current recording to a file. */
export interface SaveTraceArguments { path: string }
export interface SaveTraceResponseBody { path: string; sizeBytes: number }

export const RewindRequest = {
  TIMELINE: 'rewind/timeline',
  SEEK: 'rewind/seek',
  SEARCH: 'rewind/search',
  CONSOLE: 'rewind/console',
  SAVE_TRACE: 'rewind/saveTrace',
} as const;

/** Custom events. */
export const RewindEvent = {
  /** While a program is being recorded: `{ events, lost, running }`. */
  RECORDING_STATS: 'rewind/recordingStats',
  /** After every stop: `{ step, totalSteps }`. */
  POSITION: 'rewind/position',
} as const;
export interface RecordingStatsEventBody { events: number; lost: number; running: boolean }
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
  level?: 'full' | 'calls';
  overflow?: 'block' | 'drop-newest' | 'overwrite-oldest';
  bufferEvents?: number;
  capture?: { maxStringLength?: number; maxCollectionEntries?: number; maxDepth?: number };
  outFiles?: string[];
  skipFiles?: string[];
  console?: 'internalConsole';
  /** Open a saved recording instead of running a program. */
  trace?: string;
  noDebug?: boolean;
}
