// The replay engine: one cursor per thread over the store's indexes. Every request acts on the
// focused thread (selectThread, or the thread a reference belongs to); a thread's stop moves its
// cursor only. Movements ask motion.ts for a natural target and run the one scan loop (scan.ts);
// state queries build a Moment for the cursor's step. Implements api.ts; knows nothing of DAP.
import type { DecodedValue } from '../../runtime/format';
import type { TraceStore } from '../trace/store';
import { linkRequests, requestKey, type RecordedRequest } from '../trace/history';
import type {
  BreakpointLocation,
  BreakpointResult,
  ConditionFailure,
  ConsoleResult,
  DataBreakpointInfoResult,
  DataBreakpointSpec,
  Direction,
  EvaluateContext,
  EvaluateResult,
  ExceptionFilter,
  ExceptionInfoResult,
  FunctionBreakpointSpec,
  GotoTarget,
  Granularity,
  LineBreakpointSpec,
  LiveStops,
  LogpointMessage,
  OpenOptions,
  RecordedFile,
  RecordingSummary,
  RecordingRequest,
  ReplayEngine,
  ScopeInfo,
  SearchBudget,
  SearchResult,
  StackTraceResult,
  StopResult,
  ThreadInfo,
  TimelineResult,
  ValueHistoryResult,
  VariableInfo,
  VariablesRequest,
} from './api';
import { LiveDecided } from './liveDecided';
import type { LiveStep, PendingBreakpoints } from '../../runtime/format/liveControl';
import { BreakpointSet } from './breakpoints';
import { BreakpointSetup } from './breakpointSetup';
import { ReplayError } from './errors';
import { evaluateExpression, interpolateMessage, needsSandbox, truthy, watchTarget, type EvalScope } from './evaluator';
import { sortedList } from './hitLists';
import { Locations } from './locations';
import { threadName } from './threadNames';
import { Moment, ThreadContext } from './moment';
import { Motion, NO_TARGET } from './motion';
import { Presenter, childKey, withSynthetic, type RefTarget } from './presenter';
import { evaluateInSandbox } from './sandbox/sandbox';
import { valueWrites, type WrittenTarget } from './valueHistory';
import { References } from './references';
import { scan } from './scan';
import { search } from './search';
import { stackAt, type StackRow } from './stack';
import { messageSender } from './messageSender';
import { emitMarkers, timeline, wallTimeByStep } from './timeline';
import { entryKeyAt, entryKeyCode, isCollection } from './entryWatch';
import { isArrayLike } from './objects';
import { describe } from './values';
import { exceptionInfoAt, exceptionText, uncaughtThrowStep } from './exceptions';
import { withRequest, type RequestScope } from './requests';

/** Frames in an exception's recorded stack text (Node's own default is 10). */
const MAX_STACK_TEXT_FRAMES = 50;
/** Goto targets offered for one line, over all threads. */
const MAX_GOTO_TARGETS = 1000;
/** Writes listed by a value history (the total is still counted). */
const MAX_VALUE_WRITES = 10_000;
/** Goto targets remembered across answers (ids are unique for the session; oldest forgotten first). */
const MAX_REMEMBERED_GOTO_TARGETS = 100_000;

/** How strongly a thread's own first stop claims the session's first stop (lower wins). */
const OPEN_RANK: Partial<Record<StopResult['reason'], number>> = {
  breakpoint: 0,
  'function breakpoint': 0,
  'data breakpoint': 0,
  exception: 1,
};

/** How many threads' sends a chain of worker messages is followed through in a Call Stack. */
const MAX_MESSAGE_HOPS = 8;

export class Engine implements ReplayEngine {
  private readonly contexts = new Map<number, ThreadContext>();
  /** Each thread's cursor (absolute steps); a thread never visited starts at its first step. */
  private readonly cursors = new Map<number, number>();
  /** Each thread's Moment at its cursor, built on demand. */
  private readonly moments = new Map<number, Moment>();
  /** The thread requests act on: the one the last request named. */
  private threadId: number;
  private threadChosen = false;
  private readonly refs = new References<RefTarget>();
  private readonly presenter = new Presenter(this.refs);
  private readonly breakpoints: BreakpointSet;
  private readonly setup: BreakpointSetup;
  /** Every goto target handed out, by its session-unique id (a client may use an older answer). */
  private readonly gotoTargetSteps = new Map<number, { threadId: number; stepIndex: number }>();
  private nextGotoTargetId = 1;
  private readonly liveDecided = new LiveDecided();

  constructor(private readonly store: TraceStore) {
    this.threadId = store.mainThreadId() ?? 1;
    this.breakpoints = new BreakpointSet({
      isTrue: (expression, stepIndex) => truthy(evaluateExpression(expression, this.scopeAt(stepIndex))),
      interpolate: (message, stepIndex) => this.interpolate(message, stepIndex),
    });
    this.breakpoints.knownFalse = (bp, stepIndex) =>
      this.liveDecided.knownFalse(bp, this.threadId, this.context().thread, stepIndex);
    this.setup = new BreakpointSetup({
      store,
      breakpoints: this.breakpoints,
      context: () => this.context(),
      threadId: () => this.threadId,
      uncaughtThrowStep: () => this.uncaughtThrowStep(),
      exceptionText: (stepIndex) => this.exceptionText(stepIndex),
    });
  }

  // ---- threads and cursor -----------------------------------------------------------------

  private context(threadId = this.threadId): ThreadContext {
    // A live store may have had no thread yet when the engine was made: pick the main one now.
    if (!this.threadChosen && !this.store.threads.has(threadId)) {
      threadId = this.threadId = this.store.mainThreadId() ?? threadId;
    }
    const thread = this.store.threads.get(threadId);
    if (!thread) throw new ReplayError(`no thread ${threadId} in this recording`);
    let context = this.contexts.get(threadId);
    if (!context || context.thread !== thread.history) {
      // New, or re-indexed after old history was dropped: the thread's handles and caches are stale.
      // Its own probe table: ids are producer-scoped (runtime/format/probes.ts).
      context = new ThreadContext(thread.history, thread.probes, new Locations(thread.probes));
      if (this.contexts.has(threadId)) this.setup.clearCache();
      this.contexts.set(threadId, context);
      this.moments.delete(threadId);
      this.refs.newStop(threadId);
    }
    return context;
  }

  /** The focused thread's locations (its producer's probes). */
  private get locations(): Locations {
    return this.context().locations;
  }

  /** The cursor, inside the retained window. */
  private get cursor(): number {
    const thread = this.context().thread;
    return Math.max(thread.firstStep, Math.min(this.cursors.get(this.threadId) ?? 0, thread.endStep - 1));
  }

  private get motion(): Motion {
    return new Motion(this.context().thread, this.locations, this.end === undefined);
  }

  get currentStep(): number {
    return this.cursor;
  }

  threads(): ThreadInfo[] {
    return this.threadIds().map((id) => ({ id, name: this.threadName(id) }));
  }

  private threadName(id: number): string {
    const thread = this.store.threads.get(id);
    return threadName(id, thread?.producer, thread?.probes.allFiles()[0]?.path);
  }

  /** Threads that ran recorded code, by producer id. */
  private threadIds(): number[] {
    return [...this.store.threads.entries()]
      .filter(([, thread]) => thread.history.endStep > thread.history.firstStep)
      .map(([id]) => id)
      .sort((a, b) => a - b);
  }

  /** Focus only: the thread's cursor, handles and the other threads stay as they are. */
  selectThread(threadId: number): void {
    this.context(threadId);
    this.threadId = threadId;
    this.threadChosen = true;
  }

  /** Focus on the thread a handle belongs to (a frame, scope or object of any thread's stop). */
  private refTarget(handle: number): RefTarget {
    const target = this.refs.get(handle);
    if (target.threadId !== this.threadId) this.selectThread(target.threadId);
    return target;
  }

  summary(): RecordingSummary {
    const recording = this.store.threads.get(this.threadId);
    const thread = recording?.history;
    const notes = [...this.store.notes];
    if (thread && thread.gaps.length)
      notes.push(`${thread.lostEvents} events were lost in ${thread.gaps.length} gap(s); stepping stops at each gap.`);
    return {
      totalSteps: thread?.endStep ?? 0,
      firstStep: thread?.firstStep ?? 0,
      ended: recording?.end !== undefined,
      endReason: recording?.end?.reason,
      exitCode: recording?.end?.exitCode,
      notes,
      lostAfterLastStep: thread
        ? thread.gaps.reduce((sum, gap) => sum + (gap.stepIndex >= thread.endStep ? gap.lostEvents : 0), 0)
        : 0,
    };
  }

  /** Every stop passes here. */
  private stop(stop: StopResult): StopResult {
    this.cursors.set(this.threadId, stop.stepIndex);
    this.moments.delete(this.threadId);
    this.refs.newStop(this.threadId);
    return stop;
  }

  private stopAt(stepIndex: number, reason: StopResult['reason'], text?: string): StopResult {
    const thread = this.context().thread;
    return this.stop({
      stepIndex: Math.max(thread.firstStep, Math.min(stepIndex, thread.endStep - 1)),
      reason,
      hitBreakpointIds: [],
      text,
      threadId: this.threadId,
    });
  }

  private currentMoment(): Moment {
    const context = this.context();
    let moment = this.moments.get(this.threadId);
    if (!moment || moment.context !== context) {
      moment = new Moment(context, this.cursor);
      this.moments.set(this.threadId, moment);
    }
    return moment;
  }

  // ---- movement -----------------------------------------------------------------------------

  /**
   * Every thread starts where the run would first stop in it; the session's first stop is the
   * first breakpoint hit of any thread, else the first uncaught exception, else the focused
   * thread's own (its last step, or its entry). "First" across threads is by the clock samples
   * (a bound: samples are sparse); without them, the focused thread, then by producer id.
   */
  open(options: OpenOptions = {}): StopResult {
    this.context(); // a live store picks its main thread now
    const focused = this.threadId;
    let chosen: { stop: StopResult; rank: number; timeMs: number | undefined } | undefined;
    for (const threadId of [focused, ...this.threadIds().filter((id) => id !== focused)]) {
      this.selectThread(threadId);
      const stop = this.openThread(options);
      const rank = OPEN_RANK[stop.reason] ?? 2;
      const timeMs = rank < 2 ? wallTimeByStep(this.context().thread, stop.stepIndex) : undefined;
      const earlier =
        chosen !== undefined &&
        rank === chosen.rank &&
        timeMs !== undefined &&
        chosen.timeMs !== undefined &&
        timeMs < chosen.timeMs;
      if (!chosen || rank < chosen.rank || earlier) chosen = { stop, rank, timeMs };
    }
    this.selectThread(chosen!.stop.threadId);
    return chosen!.stop;
  }

  private openThread(options: OpenOptions): StopResult {
    const thread = this.context().thread;
    if (thread.endStep === thread.firstStep)
      return this.stopAt(thread.firstStep, 'entry', 'The recording has no steps.');
    if (options.stopOnEntry) return this.stopAt(thread.firstStep, 'entry');
    const hit = this.breakpoints.firstHit(thread.firstStep - 1, 'forward', thread.endStep - 1);
    if (hit)
      return this.stop({
        stepIndex: hit.stepIndex,
        reason: hit.reason,
        hitBreakpointIds: hit.ids,
        text: hit.text,
        threadId: this.threadId,
      });
    const uncaught = this.uncaughtThrowStep();
    if (uncaught >= 0)
      return this.stop({
        stepIndex: uncaught,
        reason: 'exception',
        hitBreakpointIds: [],
        text: this.exceptionText(uncaught),
        threadId: this.threadId,
      });
    return this.stopAt(thread.endStep - 1, 'end', 'End of the recording.');
  }

  private move(direction: Direction, target: number, breakpoints: boolean, budget?: SearchBudget): StopResult {
    this.breakpoints.searchUntilMs = budget?.untilMs;
    try {
      const result = scan(this.context().thread, this.breakpoints, {
        from: this.cursor,
        direction,
        target,
        breakpoints,
        threadId: this.threadId,
      });
      // A cut search remembers where the move was going, so searchOn() goes on toward the same stop.
      if (result.searchCut) result.searchTarget = target;
      return this.stop(result);
    } finally {
      this.breakpoints.searchUntilMs = undefined;
    }
  }

  stepIn(direction: Direction, granularity?: Granularity): StopResult {
    const motion = this.motion;
    return this.move(
      direction,
      motion.byLine(this.cursor, granularity, (step) => motion.stepIn(step, direction)),
      false,
    );
  }

  next(direction: Direction, granularity?: Granularity, budget?: SearchBudget): StopResult {
    const motion = this.motion;
    return this.move(
      direction,
      motion.byLine(this.cursor, granularity, (step) => motion.next(step, direction)),
      true,
      budget,
    );
  }

  stepOut(direction: Direction, _granularity?: Granularity, budget?: SearchBudget): StopResult {
    return this.move(direction, this.motion.stepOut(this.cursor, direction), true, budget);
  }

  continue(direction: Direction, budget?: SearchBudget): StopResult {
    return this.move(direction, NO_TARGET, true, budget);
  }

  searchOn(direction: Direction, searchTarget: number, budget?: SearchBudget): StopResult {
    return this.move(direction, searchTarget, true, budget);
  }

  gotoStep(stepIndex: number): StopResult {
    return this.stopAt(stepIndex, 'goto');
  }

  /** Moves the target's own thread (a line may have run in several processes). */
  goto(targetId: number): StopResult {
    const target = this.gotoTargetSteps.get(targetId);
    if (target === undefined) throw new ReplayError(`unknown goto target ${targetId}`);
    this.selectThread(target.threadId);
    return this.stopAt(target.stepIndex, 'goto');
  }

  restartFrame(frameRef: number): StopResult {
    const row = this.frameRow(frameRef);
    if (row.momentStep !== undefined)
      return this.stopAt(row.momentStep, 'goto', 'At the moment this callback was scheduled.');
    const entry = this.motion.frameEntry(row.frameIndex);
    if (entry < 0) throw new ReplayError('this frame has no recorded entry');
    return this.stopAt(
      entry,
      'goto',
      `Back at the entry of ${this.locations.functionName(this.context().thread.frameProbe(row.frameIndex))}.`,
    );
  }

  isSchedulingFrame(frameRef: number): boolean {
    const target = this.refTarget(frameRef);
    return target.kind === 'frame' && target.row.kind === 'frame' && target.row.momentStep !== undefined;
  }

  pauseAtLatest(): StopResult {
    return this.stopAt(this.context().thread.endStep - 1, 'pause');
  }

  // ---- state ----------------------------------------------------------------------------------

  stackTrace(startFrame = 0, levels?: number): StackTraceResult {
    const moment = this.currentMoment();
    const rows = this.withMessageSenders(moment.stack());
    const chosen = rows.slice(startFrame, levels ? startFrame + levels : undefined);
    let belowLabel = false;
    const frames = chosen.map((row) => {
      // A message sender's rows are its thread's: its frames, probes and files.
      const { thread, locations } = row.threadId === undefined ? moment.context : this.context(row.threadId);
      const functionProbe = thread.frameProbe(row.frameIndex);
      const stepIndex = row.momentStep ?? moment.stepIndex;
      const id = this.refs.add({ kind: 'frame', threadId: row.threadId ?? this.threadId, stepIndex, row });
      if (row.kind === 'asyncLabel') {
        belowLabel = true;
        const name =
          row.label ??
          (row.message !== undefined
            ? 'postMessage'
            : row.activation >= 0 && thread.previousActivationOfFrame(row.activation) >= 0
              ? 'await'
              : 'async');
        return {
          id,
          name,
          source: { path: undefined, line1: 0, column0: 0, endLine1: 0, endColumn0: 0 },
          kind: 'asyncLabel' as const,
          presentationHint: 'label' as const,
          canRestart: false,
        };
      }
      const source =
        row.locationStep >= 0 ? locations.span(thread.probeAt(row.locationStep)) : locations.span(functionProbe);
      return {
        id,
        name: locations.functionName(functionProbe),
        source,
        kind: 'frame' as const,
        presentationHint: belowLabel ? ('subtle' as const) : ('normal' as const),
        // Below a callback's origin label, "restart" goes to the moment the callback was scheduled.
        canRestart: row.momentStep !== undefined || thread.frameEntryStep(row.frameIndex) >= 0,
      };
    });
    return { frames, totalFrames: rows.length };
  }

  /**
   * Below a listener run by a worker message: "postMessage from <thread>" and the sender's stack at
   * the send, with that moment's values (its rows belong to the sender's thread), and so on while
   * the sender itself ran for a message.
   */
  private withMessageSenders(rows: StackRow[]): StackRow[] {
    let receiverThreadId = this.threadId;
    for (let hops = 0; hops < MAX_MESSAGE_HOPS; hops++) {
      const last = rows[rows.length - 1];
      if (last?.message === undefined || last.label !== undefined) return rows;
      const sender = messageSender(this.store, receiverThreadId, last.message);
      if (sender === undefined) return rows;
      const senderRows = stackAt(this.context(sender.threadId).thread, sender.step).map((row) => ({
        ...row,
        momentStep: row.momentStep ?? sender.step,
        threadId: sender.threadId,
      }));
      rows = [
        ...rows.slice(0, -1),
        { ...last, label: `postMessage from ${this.threadName(sender.threadId)}` },
        ...senderRows,
      ];
      receiverThreadId = sender.threadId;
    }
    return rows;
  }

  /** A frame reference's row; the engine focuses on its thread first. */
  private frameRow(frameRef: number | undefined): StackRow {
    if (frameRef === undefined) {
      const top = this.currentMoment().stack()[0];
      if (!top) throw new ReplayError('no frame at this step');
      return top;
    }
    const target = this.refTarget(frameRef);
    if (target.kind !== 'frame') throw new ReplayError(`reference ${frameRef} is not a frame`);
    if (target.row.kind !== 'frame') throw new ReplayError('the async label row has no scopes');
    return target.row;
  }

  scopes(frameRef: number): ScopeInfo[] {
    const row = this.frameRow(frameRef);
    const moment = this.rowMoment(row);
    return moment.scopes(row).map((scope) => ({
      name: scope.name,
      presentationHint: scope.kind === 'local' ? 'locals' : scope.kind === 'return' ? 'returnValue' : undefined,
      variablesReference: this.refs.add({ kind: 'scope', threadId: this.threadId, stepIndex: moment.stepIndex, scope }),
      namedVariables: scope.variables.length,
      expensive: false,
    }));
  }

  variables(request: VariablesRequest): VariableInfo[] {
    const target = this.refTarget(request.variablesReference);
    const moment = this.momentAt(target.stepIndex);
    return this.presenter.children(withSynthetic(moment, target.synthetic), target, request);
  }

  /** The moment a stack row shows: the stop's, or for rows below a callback's origin the scheduling step's. */
  private rowMoment(row: StackRow): Moment {
    return row.momentStep === undefined ? this.currentMoment() : this.momentAt(row.momentStep);
  }

  /** A reference's data always comes from the reference's own step (DAP-08). */
  private momentAt(stepIndex: number): Moment {
    const context = this.context();
    const current = this.moments.get(this.threadId);
    return current && current.context === context && current.stepIndex === stepIndex
      ? current
      : new Moment(context, stepIndex);
  }

  private scopeFor(moment: Moment, row: StackRow | undefined): EvalScope & RequestScope {
    const scope: EvalScope = {
      lookup: (name) => (row ? moment.lookup(name, row) : undefined),
      object: moment.object,
      builtinPrototype: moment.builtinPrototype,
    };
    return withRequest(scope, moment.context.requests.requestAt(moment.stepIndex));
  }

  private scopeAt(stepIndex: number): EvalScope {
    const moment = this.momentAt(stepIndex);
    return this.scopeFor(moment, moment.stack()[0]);
  }

  evaluate(expression: string, frameRef?: number, _context?: EvaluateContext): EvaluateResult {
    const row = this.frameRow(frameRef);
    const moment = this.rowMoment(row);
    const scope = this.scopeFor(moment, row);
    // What the interpreter reads exactly stays with it; calls, lambdas and the like run sandboxed on copies.
    const sandboxed = needsSandbox(expression) ? evaluateInSandbox(expression, scope) : undefined;
    const value = sandboxed ? sandboxed.value : evaluateExpression(expression, scope);
    const info = this.presenter.row(
      withSynthetic(moment, sandboxed?.objects ?? scope.synthetic),
      expression,
      value,
      sandboxed ? undefined : expression,
    );
    return {
      result: info.value,
      type: info.type,
      variablesReference: info.variablesReference,
      namedVariables: info.namedVariables,
      indexedVariables: info.indexedVariables,
      truncated: info.truncated,
    };
  }

  private interpolate(message: string, stepIndex: number): string {
    const scope = this.scopeAt(stepIndex);
    const moment = this.momentAt(stepIndex);
    return interpolateMessage(message, (expression) => {
      try {
        const value = evaluateExpression(expression, scope);
        return value.type === 'string' ? value.value : describe(value, moment.object).text;
      } catch (error) {
        return `{${error instanceof ReplayError ? error.userMessage : String(error)}}`;
      }
    });
  }

  // ---- breakpoints --------------------------------------------------------------------------

  setBreakpoints(path: string, specs: LineBreakpointSpec[]): BreakpointResult[] {
    return this.setup.setBreakpoints(path, specs);
  }

  breakpointLocations(path: string, line1: number, endLine1?: number): BreakpointLocation[] {
    return this.setup.breakpointLocations(path, line1, endLine1);
  }

  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): BreakpointResult[] {
    return this.setup.setFunctionBreakpoints(specs);
  }

  liveStops(): Map<number, LiveStops> {
    return this.setup.liveStops();
  }

  livePendingBreakpoints(): PendingBreakpoints[] {
    return this.setup.livePendingBreakpoints();
  }

  liveResumed(threadIds: number[]): void {
    for (const threadId of threadIds) {
      const index = this.store.threads.get(threadId)?.history;
      const filtered = this.setup.liveFilteredIds(threadId);
      if (!index || filtered.size === 0) continue;
      for (const bp of this.breakpoints.list()) if (filtered.has(bp.id)) this.liveDecided.resumed(bp, threadId, index);
    }
  }

  liveHeldAt(threadId: number, probeId: number): void {
    this.setup.liveHeldAt(threadId, probeId);
  }

  liveStep(fromStep: number, mode: LiveStep['mode']): LiveStep | undefined {
    const thread = this.context().thread;
    if (fromStep < thread.firstStep || fromStep >= thread.endStep) return undefined;
    const frame = thread.frameAt(fromStep);
    // A generator's suspends are yields (out to the caller, as replay steps); an async function's are awaits.
    const awaits = mode === 'over' && !this.locations.isGeneratorFunction(thread.frameProbe(frame));
    let hops = 0;
    for (let act = thread.activationAt(thread.endStep - 1); act >= 0; act = thread.callerOf(act), hops++)
      if (thread.frameOf(act) === frame) return { mode, depth: -hops, awaits };
    if (mode !== 'over') return undefined;
    // Off the stack: awaiting (its SUSPEND names the recorder's frame id), the step waits for its resume.
    const awaiting = this.motion.awaitingActivation(thread.activationAt(fromStep));
    if (awaiting < 0) return undefined;
    const resumeOf = thread.words.word(thread.activationEndOffset(awaiting) + 1);
    return resumeOf > 0 ? { mode, depth: 0, awaits: true, resumeOf } : undefined;
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    this.setup.setExceptionBreakpoints(filters);
  }

  setDataBreakpoints(specs: DataBreakpointSpec[]): BreakpointResult[] {
    return this.setup.setDataBreakpoints(specs);
  }

  private get end() {
    return this.store.threads.get(this.threadId)?.end;
  }

  private uncaughtThrowStep(): number {
    return uncaughtThrowStep(this.context(), this.end);
  }

  private exceptionText(stepIndex: number): string | undefined {
    return exceptionText(this.context(), this.end, stepIndex);
  }

  exceptionInfo(): ExceptionInfoResult | undefined {
    const stoppedUncaught = this.setup.stoppedUncaughtAt(this.threadId, this.cursor);
    return exceptionInfoAt(this.context(), this.end, this.cursor, () => this.recordedStackText(), stoppedUncaught);
  }

  /** The recorded call stack at the cursor, in the shape Node prints frames (async rows as labels). */
  private recordedStackText(): string {
    const frames = this.stackTrace(0, MAX_STACK_TEXT_FRAMES).frames;
    // The throwing frame is placed where Node places it: at the thrown expression (`new Error(…)`),
    // not at the start of the `throw` statement.
    const thrown = this.context().thread.throws.find((each) => each.stepIndex === this.cursor && each.eventOffset >= 0);
    const thrownAt = thrown ? this.locations.span(this.context().recorded.probe(thrown.eventOffset)) : undefined;
    return frames
      .map((frame, index) => {
        if (frame.kind === 'asyncLabel') return `    at ${frame.name}`;
        const source =
          index === 0 && thrownAt?.path === frame.source.path && thrownAt?.line1 === frame.source.line1
            ? thrownAt
            : frame.source;
        return `    at ${frame.name} (${source.path ?? '<unknown>'}:${source.line1}:${source.column0 + 1})`;
      })
      .join('\n');
  }

  dataBreakpointInfo(variablesReference: number, name: string): DataBreakpointInfoResult {
    const target = this.refTarget(variablesReference);
    if (target.kind === 'scope' && target.scope.kind !== 'return')
      return (
        this.variableDataId(target.scope, name) ?? noDataId(`${name} is not a variable of ${target.scope.name} here.`)
      );
    if (target.kind === 'object')
      return this.propertyDataId(
        this.momentAt(target.stepIndex),
        target.objectId,
        name,
        target.evaluateName ?? 'the object',
      );
    // An entry's own rows (key, value) watch the entry they belong to.
    if (target.kind === 'mapEntry') return this.entryDataId(target.mapId, target.key);
    return noDataId('Only variables and object properties can be watched.');
  }

  dataBreakpointInfoInFrame(frameRef: number | undefined, expression: string): DataBreakpointInfoResult {
    const row = this.frameRow(frameRef);
    const moment = this.rowMoment(row);
    const target = watchTarget(expression);
    if (typeof target === 'string') return noDataId(target);
    if (target.kind === 'variable') {
      // The binding the code here would see: the first scope (Local, Closures, Module) that has it.
      for (const scope of moment.scopes(row)) {
        const found = scope.kind === 'return' ? undefined : this.variableDataId(scope, target.name);
        if (found) return found;
      }
      return noDataId(`${target.name} is not defined in this frame at this moment.`);
    }
    let owner;
    try {
      owner = evaluateExpression(target.object, this.scopeFor(moment, row));
    } catch (error) {
      if (error instanceof ReplayError) return noDataId(`${expression} cannot be watched: ${error.userMessage}`);
      throw error;
    }
    if (owner.type !== 'object') return noDataId(`${target.object} is not an object at this moment.`);
    return this.propertyDataId(moment, owner.id, target.key, target.object);
  }

  /** Only a variable the scope has: an invented id would be "verified" and never fire. */
  private variableDataId(
    scope: { frameIndex: number; fileIndex: number; variables: Array<{ name: string }> },
    name: string,
  ): DataBreakpointInfoResult | undefined {
    if (name === 'this' || !scope.variables.some((each) => each.name === name)) return undefined;
    return {
      dataId: `var:${this.threadId}:${scope.frameIndex}:${scope.fileIndex}:${name}`,
      description: `writes to ${name}`,
      accessTypes: ['write'],
      canPersist: false,
    };
  }

  private propertyDataId(moment: Moment, objectId: number, name: string, ownerName: string): DataBreakpointInfoResult {
    const state = moment.object(objectId);
    const key = childKey(state, name);
    // A Map's or Set's entry row is named by its index in the collection (presenter.ts).
    const entryKey = isCollection(state) && !state.properties.has(key) ? entryKeyAt(state, Number(name)) : undefined;
    if (entryKey && /^\d+$/.test(name)) return this.entryDataId(objectId, entryKey);
    const isElement = isArrayLike(state.type) && /^\d+$/.test(name) && Number(name) < state.length;
    if (!state.properties.has(key) && !isElement)
      return noDataId(`${ownerName} has no recorded property ${name} at this moment.`);
    return {
      dataId: `prop:${this.threadId}:${objectId}:${key}`,
      description: `writes to ${ownerName}.${name}`,
      accessTypes: ['write'],
      canPersist: false,
    };
  }

  private entryDataId(objectId: number, key: DecodedValue): DataBreakpointInfoResult {
    const keyText = describe(key, (id) => this.currentMoment().object(id)).text;
    return {
      dataId: `entry:${this.threadId}:${objectId}:${entryKeyCode(key)}`,
      description: `writes to the entry ${keyText}`,
      accessTypes: ['write'],
      canPersist: false,
    };
  }

  valueHistory(variablesReference: number, name: string, limit = MAX_VALUE_WRITES): ValueHistoryResult {
    const info = this.dataBreakpointInfo(variablesReference, name);
    const watched = info.dataId === null ? undefined : this.setup.writesFor(info.dataId);
    if (!info.dataId || !watched) throw new ReplayError(info.description);
    const context = this.context();
    const offsets = watched.writes(context);
    const [kind, , ...rest] = info.dataId.split(':');
    const target: WrittenTarget =
      kind === 'var'
        ? { kind: 'variable' }
        : kind === 'entry'
          ? { kind: 'entry', objectId: Number(rest[0]), code: rest.slice(1).join(':') }
          : { kind: 'property', objectId: Number(rest[0]), key: rest.slice(1).join(':') };
    const writes = valueWrites(context, target, offsets, limit);
    return { description: info.description, total: offsets.length, writes };
  }

  /** Every thread's messages (the focused thread's first); the step range applies within each. */
  logpointMessages(startStep = 0, endStep = Number.MAX_SAFE_INTEGER): LogpointMessage[] {
    const focused = this.threadId;
    const messages: LogpointMessage[] = [];
    try {
      for (const threadId of [focused, ...this.threadIds().filter((id) => id !== focused)]) {
        if (!this.store.threads.has(threadId)) continue;
        this.selectThread(threadId);
        const found = this.breakpoints.logMessages(
          startStep,
          Math.min(endStep, Number.MAX_SAFE_INTEGER / 2),
          (_bp, stepIndex) => this.locations.span(this.context().thread.probeAt(stepIndex)),
        );
        for (const message of found) messages.push({ ...message, threadId });
      }
    } finally {
      if (this.store.threads.has(focused)) this.selectThread(focused);
    }
    return messages;
  }

  conditionFailures(): ConditionFailure[] {
    return this.breakpoints.takeConditionFailures();
  }

  /**
   * Every execution of the line in every thread that loaded the file (the focused thread's
   * first), each with the thread it ran in; labels name the thread when there are several.
   */
  gotoTargets(path: string, line1: number): GotoTarget[] {
    const focused = this.threadId;
    const threadIds = this.threadIds();
    const targets: GotoTarget[] = [];
    try {
      for (const threadId of [focused, ...threadIds.filter((id) => id !== focused)]) {
        this.selectThread(threadId);
        const context = this.context();
        const file = context.probes.fileByPath(path);
        if (!file) continue;
        const steps = context.thread.hitsOfProbes(context.probes.stepProbesByLine(file).get(line1) ?? []);
        const where = threadIds.length > 1 ? ` in ${this.threadName(threadId)}` : '';
        for (let index = 0; index < steps.length && targets.length < MAX_GOTO_TARGETS; index++) {
          const stepIndex = steps.get(index);
          const id = this.nextGotoTargetId++;
          // Absolute steps: a target stays true when old history is dropped and the window re-indexed.
          this.gotoTargetSteps.set(id, { threadId, stepIndex });
          if (this.gotoTargetSteps.size > MAX_REMEMBERED_GOTO_TARGETS)
            this.gotoTargetSteps.delete(this.gotoTargetSteps.keys().next().value!);
          const span = context.locations.span(context.thread.probeAt(stepIndex));
          targets.push({
            id,
            label: `hit ${index + 1} of ${steps.length}${where} (step ${stepIndex})`,
            stepIndex,
            line1: span.line1,
            column0: span.column0,
            threadId,
          });
        }
      }
    } finally {
      this.selectThread(focused);
    }
    return targets;
  }

  /** Every file any producer recorded, each path once. */
  loadedSources(): string[] {
    return this.store.files().map((file) => file.path);
  }

  /** The recorded text of code that has no file (an eval worker's), by its recorded name. */
  recordedSourceText(name: string): string | undefined {
    return this.store.files().find((file) => file.path === name)?.sourceText;
  }

  /** Each path once (the first producer's level: every producer of a run gets the same plan). */
  recordedFiles(): RecordedFile[] {
    return this.store
      .files()
      .map(({ path, level, reason }) => (reason === undefined ? { path, level } : { path, level, reason }));
  }

  // ---- timeline webview -------------------------------------------------------------------------

  timeline(startStep: number, endStep: number, bucketCount: number): TimelineResult {
    const context = this.context();
    const thread = context.thread;
    const lineBreakpoints = this.breakpoints.list().filter((bp) => bp.kind === 'line');
    const result = timeline(thread, this.locations, {
      startStep,
      endStep,
      bucketCount,
      currentStep: this.cursor,
      markers: [
        {
          kind: 'gap',
          steps: sortedList(thread.gaps.map((gap) => gap.stepIndex)),
          text: (index) => `${thread.gaps[index]?.lostEvents} events lost`,
        },
        // Where history starts when the store's window moved on (issue 10 item 5): drawn like a gap.
        ...(thread.firstStep > 0
          ? [
              {
                kind: 'gap' as const,
                steps: sortedList([thread.firstStep]),
                text: () =>
                  `history starts here: the ${thread.firstStep} steps before are no longer kept (memory window)`,
              },
            ]
          : []),
        { kind: 'exception', steps: sortedList(thread.throws.map((each) => each.stepIndex)) },
        {
          kind: 'console',
          steps: { length: thread.outputCount, get: (index) => thread.outputStep(index) },
          text: (index) => this.outputText(index).slice(0, 80),
        },
        emitMarkers(thread),
        ...lineBreakpoints.map((bp) => ({
          kind: bp.logMessage === undefined ? ('breakpoint' as const) : ('logpoint' as const),
          steps: bp.hits(),
        })),
      ],
    });
    return result;
  }

  search(query: string, limit?: number): SearchResult {
    const context = this.context();
    return search(context.thread, context.probes, context.locations, query, limit, (index) => this.outputText(index));
  }

  requests(filter?: string): RecordingRequest[] {
    const needle = filter?.toLowerCase() ?? '';
    const all: RecordingRequest[] = [];
    const lists = new Map<number, RecordedRequest[]>();
    for (const threadId of this.store.threads.keys()) {
      const context = this.context(threadId);
      lists.set(threadId, [...context.thread.requests()]);
      const spans = context.requests.all();
      for (const span of spans) {
        const { request } = span;
        // A client request made on behalf of a server request: the one its first step ran for.
        const cause = request.kind === 'client' ? context.requests.requestAt(request.startStep) : undefined;
        const causeSpan = cause?.kind === 'server' ? spans.find((each) => each.request === cause) : undefined;
        all.push({
          threadId,
          id: request.id,
          kind: request.kind,
          method: request.method,
          url: request.url,
          status: request.status,
          firstStep: span.firstStep,
          lastStep: span.lastStep,
          finished: request.endStep >= 0,
          ...(request.error && { error: request.error }),
          ...(request.traceparent && { traceparent: request.traceparent }),
          ...(causeSpan && { cause: { threadId, id: causeSpan.request.id, firstStep: causeSpan.firstStep } }),
        });
      }
    }
    const links = linkRequests(lists);
    const byKey = new Map(all.map((request) => [requestKey(request), request]));
    for (const request of all) {
      const peer = links.get(requestKey(request));
      const found = peer && byKey.get(requestKey(peer));
      if (found) request.peer = { threadId: found.threadId, id: found.id, firstStep: found.firstStep };
    }
    return all.filter((request) => !needle || `${request.method} ${request.url}`.toLowerCase().includes(needle));
  }

  private outputText(index: number, threadId = this.threadId): string {
    const context = this.context(threadId);
    const value = context.recorded.eventValue(context.thread.outputOffset(index));
    return value.type === 'string' ? value.value : '';
  }

  console(startIndex: number, count: number, threadId = this.threadId): ConsoleResult {
    const context = this.context(threadId);
    const thread = context.thread;
    const total = thread.outputCount;
    const messages = [];
    for (let index = Math.max(0, startIndex); index < Math.min(total, startIndex + count); index++) {
      const stream =
        context.recorded.word(thread.outputOffset(index) + 1) === 2 ? ('stderr' as const) : ('stdout' as const);
      const step = thread.outputStep(index);
      messages.push({
        step,
        stream,
        text: this.outputText(index, threadId),
        source: context.locations.span(thread.probeAt(step)),
      });
    }
    return { total, messages };
  }
}

function noDataId(description: string): DataBreakpointInfoResult {
  return { dataId: null, description, accessTypes: ['write'], canPersist: false };
}
