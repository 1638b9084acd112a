// The replay engine's public interface: what a driver (the DAP session, a test, the CLI) may ask
// of a recording. Owns only types and documentation; it knows nothing of DAP, VS Code or how the
// trace is stored. Positions are acorn's (`line1` 1-based, `column0` 0-based): the session converts
// to the client's bases (STYLE.md 6). Changes here are additive only.
//
// Construction (replay/index.ts): `openRecording(bytes)` → { store, engine } for a saved trace;
// for a live program `const store = new TraceStore(); const engine = createReplayEngine(store);`
// then `store.appendBytes(chunk)` as bytes arrive (the engine sees new steps at once).
//
// Time model (ARCHITECTURE.md §4): a step is one executed statement-level probe; `stepIndex` is the
// time axis of one thread, absolute from the start of the recording (steps dropped by the bounded
// window keep their numbers; `firstStep` says where retained history starts). "The state at step N"
// is the state just BEFORE statement N runs: every event recorded before STEP N, nothing after.
import type { LiveFilter } from '../../runtime/format/liveFilter';
import type { LiveStep, LiveUncaught, PendingBreakpoints } from '../../runtime/format/liveControl';
import type {
  ConsoleMessage as ContractConsoleMessage,
  RequestSummary,
  SearchBody,
  TimelineBody,
} from '../../protocol/requests';

/** Which way a command moves the cursor. Never a boolean (STYLE.md 2). */
export type Direction = 'forward' | 'backward';

/**
 * DAP stepping granularity. 'statement' (the default) stops at every step; 'line' repeats the move
 * while it stays on the starting line of the starting frame (backward it stops at the last step of
 * the previous line).
 */
export type Granularity = 'statement' | 'line';

export type StopReason =
  | 'step'
  | 'breakpoint'
  | 'function breakpoint'
  | 'data breakpoint'
  | 'exception'
  | 'entry'
  | 'goto'
  | 'end'
  | 'start'
  | 'gap'
  | 'pause';

/** Where a command left the cursor, and why. */
/** A live producer's stops: probes it always stops at, and filtered ones (the recorder decides first). */
export interface LiveStops {
  probes: number[];
  filters: LiveFilter[];
  /** The "uncaught" exception filter (without "all"): throws the recorder decides (liveUncaught.ts). */
  uncaught?: LiveUncaught;
}

export interface StopResult {
  stepIndex: number;
  reason: StopReason;
  /** Ids of the breakpoints (any kind) that caused the stop; empty otherwise. */
  hitBreakpointIds: number[];
  /** Human text for the stop: gap messages ("12 events lost here"), "end of recording", exception messages… */
  text?: string;
  /** Thread (producer) id the stop belongs to. */
  threadId: number;
  /**
   * Set when a search ran out of its time slice (SearchBudget) before it found a stop: the cursor
   * stands on the last step searched; the same move again searches on from there.
   */
  searchCut?: boolean;
  /** With searchCut: where the move was going (a step, or -1 for the edge), for ReplayEngine.searchOn. */
  searchTarget?: number;
}

/** How long one move may search for a breakpoint whose condition must be evaluated at each hit. */
export interface SearchBudget {
  /** Date.now() after which the search stops where it got to (StopResult.searchCut). */
  untilMs: number;
}

export interface SourceSpan {
  /** Absolute path of the original source; undefined when the probe is unknown (its FILE record is missing). */
  path: string | undefined;
  line1: number;
  column0: number;
  endLine1: number;
  endColumn0: number;
}

export interface ThreadInfo {
  /** The producer id (0 or 1 for the main thread of the first process, as recorded). */
  id: number;
  name: string;
}

/**
 * One row of a call stack. `id` is a frame reference valid for the current stop only (DAP-08):
 * use it for scopes/evaluate/restartFrame; a reference from an earlier stop is refused.
 */
export interface StackFrameInfo {
  id: number;
  name: string;
  source: SourceSpan;
  /** 'label': the async separator row ("async foo"), no source, no scopes (as js-debug shows). */
  kind: 'frame' | 'asyncLabel';
  /** Frames below the async label belong to the code that scheduled/awaited; shown 'subtle' by convention. */
  presentationHint: 'normal' | 'label' | 'subtle';
  /** true when restartFrame can go back to this frame's entry (it was entered within retained history). */
  canRestart: boolean;
}

export interface RecordedFile {
  path: string;
  level: 'full' | 'calls' | 'none';
  /** The planner's reason (breakpoint, focus GLOB, default…); absent in traces made before it. */
  reason?: string;
}

export interface StackTraceResult {
  frames: StackFrameInfo[];
  /** The whole stack's depth (async frames included), for paging with start/levels. */
  totalFrames: number;
}

export interface ScopeInfo {
  name: 'Block' | 'Catch Block' | 'Local' | 'Closure' | 'Module' | 'this' | 'Return value' | string;
  presentationHint?: 'locals' | 'arguments' | 'returnValue' | 'registers';
  variablesReference: number;
  namedVariables?: number;
  expensive: boolean;
}

/** One row of a variables/evaluate view. Everything is a recorded value: nothing is ever invoked. */
export interface VariableInfo {
  name: string;
  /** Display text ("[1, 2, 3]", "'abc…' (truncated)", "(getter)", "Map(3)"). */
  value: string;
  /** typeof-like type or the class name ("number", "Array", "Map", "getter"). */
  type?: string;
  /** > 0 when it can be expanded; valid for this stop only (DAP-08). */
  variablesReference: number;
  namedVariables?: number;
  indexedVariables?: number;
  /** An expression evaluate() understands that yields this value (for "Add to Watch"). */
  evaluateName?: string;
  /** true when the recorder captured only part of the value (a long string, a big collection). */
  truncated: boolean;
  /** Accessor properties are shown as such; their getter was never run (DAP-18). */
  kind?: 'data' | 'getter' | 'setter' | 'accessor' | 'internal';
}

export interface VariablesRequest {
  variablesReference: number;
  /** DAP paging: 'indexed' children only, 'named' only, or both (default). */
  filter?: 'indexed' | 'named';
  start?: number;
  count?: number;
}

export interface EvaluateResult {
  result: string;
  type?: string;
  variablesReference: number;
  namedVariables?: number;
  indexedVariables?: number;
  truncated: boolean;
}

export type EvaluateContext = 'watch' | 'hover' | 'repl' | 'condition' | 'clipboard';

// ---- Breakpoints ---------------------------------------------------------------------------

export interface LineBreakpointSpec {
  line1: number;
  column0?: number;
  /** Evaluated against the recorded state at the hit (same evaluator as evaluate()). */
  condition?: string;
  /**
   * DAP hit condition: `5` (= the 5th hit), `>= 3`, `> 3`, `< 3`, `<= 3`, `== 3`, `% 2` (every 2nd).
   * Hits are numbered in time order from the start of the recording (counting only hits where the
   * condition holds), so the same hit qualifies whichever way the cursor moves.
   */
  hitCondition?: string;
  /** Logpoint: `{expr}` parts are interpolated; a logpoint never stops the cursor. */
  logMessage?: string;
}

export interface FunctionBreakpointSpec {
  /** Matches a probe functionName exactly ("Foo.bar") or its last segment ("bar"). */
  name: string;
  condition?: string;
  hitCondition?: string;
}

export interface DataBreakpointSpec {
  /** From dataBreakpointInfo(). */
  dataId: string;
  condition?: string;
  hitCondition?: string;
}

/** Result for each requested breakpoint, in request order. Ids are unique across kinds. */
export interface BreakpointResult {
  id: number;
  verified: boolean;
  /** Where it snapped to (a real probe position), when verified. */
  line1?: number;
  column0?: number;
  endLine1?: number;
  endColumn0?: number;
  /** Why it is not verified, or a note ("no recorded execution of this line"). */
  message?: string;
}

export interface BreakpointLocation {
  line1: number;
  column0: number;
  endLine1?: number;
  endColumn0?: number;
}

export type ExceptionFilter = 'all' | 'uncaught';

export interface DataBreakpointInfoResult {
  /** null when the target cannot be watched (the reason is in description). */
  dataId: string | null;
  description: string;
  accessTypes: Array<'write'>;
  canPersist: boolean;
}

export interface ExceptionInfoResult {
  /** The thrown value's class ("TypeError"), or its typeof for non-objects. */
  exceptionId: string;
  description: string;
  breakMode: 'always' | 'unhandled';
  details: { typeName: string; message: string; stackTrace?: string };
}

/** A logpoint message: one per hit, across the whole recording. */
export interface LogpointMessage {
  stepIndex: number;
  breakpointId: number;
  text: string;
  source: SourceSpan;
  /** The thread (producer) whose step it is (set by the engine for every message it returns). */
  threadId?: number;
}

/** A breakpoint condition that could not be evaluated at a hit (so that hit did not stop). */
export interface ConditionFailure {
  breakpointId: number;
  condition: string;
  /** The first hit where it failed with this message. */
  stepIndex: number;
  /** Why, as the evaluator says it ("nosuch is not defined at this moment"). */
  message: string;
}

/** A place to go to. Ids are unique for the engine's life, so an older answer's ids still work. */
export interface GotoTarget {
  /** Pass to goto(). */
  id: number;
  /** "hit 3 of 17 (step 4021)". */
  label: string;
  stepIndex: number;
  line1: number;
  column0: number;
  /** The thread (producer) the execution belongs to: goto() moves that thread's cursor. */
  threadId: number;
}

// ---- Timeline webview: the engine's answers to rewind/timeline, rewind/search and rewind/console.
// Their items are the public contract's (protocol/requests.ts), declared there once; the session
// copies the contract's fields into the response bodies (the engine may know more, e.g. `source`). ----

export type {
  TimelineBucket,
  FunctionInfo as TimelineFunction,
  MarkerKind as TimelineMarkerKind,
  TimelineMarker,
  SearchMatch,
} from '../../protocol/requests';
export type TimelineResult = TimelineBody;
export type SearchResult = SearchBody;
export interface ConsoleMessage extends ContractConsoleMessage {
  /** Where the statement that printed it is (the `console.*` call or `process.stdout.write`). */
  source?: SourceSpan;
}
export interface ConsoleResult {
  total: number;
  messages: ConsoleMessage[];
}
export interface ValueWrite {
  step: number;
  /** The statement that writes. */
  source: SourceSpan;
  /** The value written, as the Variables view previews it then; '(deleted)' for a delete. */
  value: string;
  type: string;
}
export interface ValueHistoryResult {
  description: string;
  total: number;
  writes: ValueWrite[];
}

// ---- The engine ----------------------------------------------------------------------------

export interface OpenOptions {
  /** Stop at the first step instead of the first breakpoint / uncaught throw / last step. */
  stopOnEntry?: boolean;
}

export interface RecordingSummary {
  /** Steps of the focused thread, including dropped ones (stepIndex < firstStep are gone). */
  totalSteps: number;
  firstStep: number;
  /** True once the program ended (END seen); more steps may arrive until then. */
  ended: boolean;
  endReason?: string;
  exitCode?: number | null;
  /** Notes to show the user: dropped history, gaps, unknown probes, an incomplete trace… */
  notes: string[];
  /**
   * Events lost after the focused thread's last step (drop-newest with a full buffer): the program ran on past the end.
   */
  lostAfterLastStep: number;
}

/**
 * The engine over one recording. Every movement returns a StopResult; none throws for "nothing
 * there" (it stops at an edge instead). Errors a user can cause (stale reference, bad expression,
 * unknown frame) throw ReplayError with a message fit for the UI.
 */
export interface ReplayEngine {
  /**
   * Where a session first stops (ARCHITECTURE.md §4): first breakpoint hit, else the uncaught throw
   * (END reason uncaught-exception/unhandled-rejection ⇒ the last recorded throw), else the last
   * step; stopOnEntry ⇒ first step. Set breakpoints first.
   */
  open(options?: OpenOptions): StopResult;
  summary(): RecordingSummary;
  threads(): ThreadInfo[];
  /**
   * Focuses a thread: later requests act on it (movement, stackTrace, evaluate without a frame,
   * exceptionInfo, timeline, summary…). Each thread keeps its own cursor, and a stop of one leaves
   * the others and their references as they were. Requests given a reference (scopes, variables,
   * evaluate with a frame, restartFrame, dataBreakpointInfo) focus on the reference's thread.
   * Defaults to the first producer's main thread.
   */
  selectThread(threadId: number): void;
  readonly currentStep: number;

  // Movement: one cursor, one scan loop parameterised by direction.
  /**
   * Step over: next step in this frame (calls skipped, breakpoints inside them still stop). Over an
   * `await` it continues in the same frame after the resume; over a `yield` it returns to the caller.
   * Backward from a frame's first step: the caller's step that made the call.
   */
  next(direction: Direction, granularity?: Granularity, budget?: SearchBudget): StopResult;
  /** The next (or previous) step in time, entering calls. */
  stepIn(direction: Direction, granularity?: Granularity): StopResult;
  /** Forward: the step after this frame returns (or suspends). Backward: the caller's step that made the call. */
  stepOut(direction: Direction, granularity?: Granularity, budget?: SearchBudget): StopResult;
  /**
   * Run to the next (previous) breakpoint of any kind, else the end (start) of the recording
   * (reason 'end'/'start'). Every movement stops at the edge of a gap (reason 'gap', text says how
   * many events were lost); the next move from that edge crosses it.
   */
  continue(direction: Direction, budget?: SearchBudget): StopResult;
  /**
   * After a move whose search was cut (StopResult.searchCut): searches on from the cursor toward
   * the same stop (its searchTarget), as if the move had not been interrupted.
   */
  searchOn(direction: Direction, searchTarget: number, budget?: SearchBudget): StopResult;
  /** Move to a step (rewind/seek, the timeline): reason 'goto'. Clamped to the recording. */
  gotoStep(stepIndex: number): StopResult;
  /** Jump to a target from gotoTargets(): moves (and focuses) the target's thread. */
  goto(targetId: number): StopResult;
  /** Back to the entry (first step) of the frame with this frame reference. */
  restartFrame(frameRef: number): StopResult;
  /**
   * Whether this frame reference is a row below a callback's origin label or a worker message's
   * "postMessage from" label: restartFrame on it moves to the moment it shows (the scheduling or the send).
   */
  isSchedulingFrame(frameRef: number): boolean;
  /** For a live recording: jump to its latest step (reason 'pause'). */
  pauseAtLatest(): StopResult;

  // State at the current step.
  stackTrace(startFrame?: number, levels?: number): StackTraceResult;
  /**
   * 'Return value' (right after a call returned into this frame), one 'Block' (or 'Catch Block')
   * per enclosing block with bindings, innermost first, as V8 shows them, 'Local' (with `this` first for
   * methods), one 'Closure (fn)' per enclosing function, 'Module' (when it has variables). Values
   * are those at the current step, for every frame of the stack.
   */
  scopes(frameRef: number): ScopeInfo[];
  variables(request: VariablesRequest): VariableInfo[];
  /** Evaluates over the recorded state; a safe subset only (no calls, assignments, `new`…). Throws ReplayError. */
  evaluate(expression: string, frameRef?: number, context?: EvaluateContext): EvaluateResult;

  // Breakpoints (all work in both directions).
  setBreakpoints(path: string, specs: LineBreakpointSpec[]): BreakpointResult[];
  breakpointLocations(path: string, line1: number, endLine1?: number): BreakpointLocation[];
  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): BreakpointResult[];
  setExceptionBreakpoints(filters: ExceptionFilter[]): void;
  /**
   * Live sessions: per thread (producer id), where the program must stop (or ask its filters) for the breakpoints set.
   */
  liveStops(): Map<number, LiveStops>;
  /** Live sessions: every line breakpoint by file, for files a producer loads from now on. */
  livePendingBreakpoints(): PendingBreakpoints[];
  /**
   * Live sessions: these held threads resume with the filters liveStops() gave (their hits until the next hold are
   * decided).
   */
  liveResumed(threadIds: number[]): void;
  /** Live sessions: a producer stopped at this probe (its records indexed): an uncaught throw, if it says so. */
  liveHeldAt(threadId: number, probeId: number): void;
  /**
   * Live stepping: the Step Over / Out the focused thread's recorder runs from `fromStep` — how
   * many frames above the newest step that step's frame is, as a depth ≤ 0 (the recorder counts
   * frames from there), whether its suspends are awaits, or, when the frame is off the stack at an
   * await, the recorder's id of the frame whose resume ends a Step Over. Undefined otherwise (the
   * program then stops step by step).
   */
  liveStep(fromStep: number, mode: LiveStep['mode']): LiveStep | undefined;
  /**
   * For a variable in a scope/object row of the current stop (variablesReference of its container + name).
   * A data breakpoint stops at the statement that writes (the step whose statement performs the write,
   * shown before it runs), in both directions: reverse-continue finds the last write ("where did this value come
   * from").
   */
  dataBreakpointInfo(variablesReference: number, name: string): DataBreakpointInfoResult;
  /**
   * For a name (`total`) or a property path (`state.label`, `items[0]`) as the code of a frame sees
   * it (the top frame when omitted). Names that do not exist there get `dataId: null`.
   */
  dataBreakpointInfoInFrame(frameRef: number | undefined, expression: string): DataBreakpointInfoResult;
  setDataBreakpoints(specs: DataBreakpointSpec[]): BreakpointResult[];
  /**
   * Every write of a variable or property (a row of a scope/object, as dataBreakpointInfo takes it)
   * over the whole recording, in time order: the step that writes (where a data breakpoint stops), its
   * statement and the value written. Throws ReplayError when the row cannot be watched.
   */
  valueHistory(variablesReference: number, name: string, limit?: number): ValueHistoryResult;
  /** The exception at the current stop (reason 'exception'), or of the current step if it throws. */
  exceptionInfo(): ExceptionInfoResult | undefined;
  /**
   * Every logpoint message across the retained recording: each thread's in time order, the focused
   * thread's first (optionally a step range, inclusive, within each thread; at most 100,000 per
   * thread). A logpoint never stops movement; call this after setBreakpoints
   * (and, for a live recording, with the new step range after the recording grows).
   */
  logpointMessages(startStep?: number, endStep?: number): LogpointMessage[];
  /**
   * Conditions that failed at a hit since the last call, each failure (condition and reason) once
   * for the engine's life: a condition that cannot be evaluated there is not a hit, but is told.
   */
  conditionFailures(): ConditionFailure[];

  /** Executions of a line in every thread that loaded the file, the focused thread's first. */
  gotoTargets(path: string, line1: number): GotoTarget[];
  loadedSources(): string[];
  /** The recorded text of code that has no file (an eval worker's `[worker eval]`), by its recorded name. */
  recordedSourceText(name: string): string | undefined;
  /** Every file the program loaded, with the level it was recorded at ('none': ran unrecorded) and why. */
  recordedFiles(): RecordedFile[];

  // Timeline webview.
  timeline(startStep: number, endStep: number, bucketCount: number): TimelineResult;
  search(query: string, limit?: number): SearchResult;
  /** The focused thread's printed output, or `threadId`'s. */
  console(startIndex: number, count: number, threadId?: number): ConsoleResult;

  /** HTTP requests of every thread whose "METHOD URL" contains `filter` (any case), in start order per thread. */
  requests(filter?: string): RecordingRequest[];
}

/** One HTTP request (issue 11 item 5): the contract's shape, with steps absolute and `threadId` a producer id. */
export type RecordingRequest = RequestSummary;
