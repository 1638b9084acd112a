// Turning breakpoint requests into breakpoints: line breakpoints snapped to real step probes
// (statements, or function starts and returns at level `calls`; re-resolved when a FILE record
// arrives late), function breakpoints by name, exception filters, data breakpoints from a dataId.
// Hit lists are cached until the recording changes. Probe ids are producer-scoped, so a line or
// function binds in each thread through that thread's own probe table (a breakpoint in a file that
// several processes loaded hits in all of them). Knows nothing of stepping or DAP.
import { producerProbeId, type ProducerProbeId } from '../../runtime/format';
import type { TraceStore } from '../trace/store';
import type {
  BreakpointLocation,
  BreakpointResult,
  DataBreakpointSpec,
  ExceptionFilter,
  FunctionBreakpointSpec,
  LineBreakpointSpec,
} from './api';
import type { Breakpoint, BreakpointSet } from './breakpoints';
import { ReplayError } from './errors';
import { checkExpression, interpolationParts } from './evaluator';
import { parseHitCondition, type HitCondition } from './hitCondition';
import { entryWrites } from './entryWatch';
import { entriesOfFunctions, propertyWrites, sortedList, stepsOfOffsets, type StepList } from './hitLists';
import { Locations } from './locations';
import type { ThreadContext } from './moment';
import type { ProbeTable } from '../trace/history';
import type { LiveFilter } from '../../runtime/format/liveFilter';
import type { PendingBreakpoints } from '../../runtime/format/liveControl';
import { compileLiveFilters, type ActivationsSeen } from './liveFilter';
import { catchMapOf } from './liveUncaught';
import type { LiveStops } from './api';

/** What the setup needs from the engine. */
export interface SetupHost {
  readonly store: TraceStore;
  readonly breakpoints: BreakpointSet;
  /** The focused thread's context: breakpoints hit in the thread being moved. */
  context(): ThreadContext;
  threadId(): number;
  uncaughtThrowStep(): number;
  exceptionText(stepIndex: number): string | undefined;
}

interface LineBreakpointState {
  path: string;
  spec: LineBreakpointSpec;
  id: number;
}

/** Where a line breakpoint binds in one producer's probes: the snapped line and its step probes. */
interface LineBinding {
  line1: number;
  probes: ProducerProbeId[];
}

export class BreakpointSetup {
  private readonly lineBreakpoints = new Map<string, LineBreakpointState[]>();
  private functionNames: string[] = [];
  /** Live sessions: "all" stops the program at every throw statement (before it propagates). */
  private stopAtThrows = false;
  /** Live sessions: "uncaught" (without "all") stops it at a throw its recorder is sure is uncaught. */
  private stopAtUncaught = false;
  /** Per thread, the throw steps where the program stopped live as uncaught (liveHeldAt). */
  private readonly liveUncaughtSteps = new Map<number, number[]>();
  private nextBreakpointId = 1;
  private cache = new Map<string, { version: string; list: StepList }>();
  /** Per thread, the breakpoints whose filters the last liveStops() sent with a condition. */
  private liveFiltered = new Map<number, Set<number>>();

  constructor(private readonly host: SetupHost) {}

  /** After a thread switch or a re-index every cached list is stale. */
  clearCache(): void {
    this.cache.clear();
  }

  /** A step list of the focused thread, cached until it grows, ends, or new probe tables arrive. */
  private cached(key: string, build: () => StepList): StepList {
    const context = this.host.context();
    const threadId = this.host.threadId();
    const version = `${context.thread.endStep}:${context.probes.generation}:${this.host.store.threads.get(threadId)?.end ? 'ended' : 'running'}`;
    const threadKey = `${threadId}:${key}`;
    const entry = this.cache.get(threadKey);
    if (entry && entry.version === version) return entry.list;
    const list = build();
    this.cache.set(threadKey, { version, list });
    return list;
  }

  /** Every producer's probe table, with the thread that owns it. */
  private tables(): Array<{ threadId: number; probes: ProbeTable }> {
    return [...this.host.store.threads.entries()].map(([threadId, thread]) => ({ threadId, probes: thread.probes }));
  }

  setBreakpoints(path: string, specs: LineBreakpointSpec[]): BreakpointResult[] {
    // Every breakpoint this file had goes, whatever the new ones turn out to be (a refused one
    // must not leave its predecessor behind, still firing).
    const previousIds = new Set((this.lineBreakpoints.get(path) ?? []).map((state) => state.id));
    const states = specs.map((spec) => ({ path, spec, id: this.nextBreakpointId++ }));
    this.lineBreakpoints.set(path, states);
    const results: BreakpointResult[] = [];
    const breakpoints: Breakpoint[] = [];
    for (const state of states) {
      const checked = checkSpec(state.spec);
      if (typeof checked === 'string') {
        results.push({ id: state.id, verified: false, message: checked });
        continue;
      }
      results.push(this.resolveLine(state));
      breakpoints.push({
        id: state.id,
        kind: 'line',
        condition: state.spec.condition,
        hitCondition: checked.hitCondition,
        logMessage: state.spec.logMessage,
        hits: () =>
          this.cached(`line:${state.id}`, () => {
            const context = this.host.context();
            return context.thread.hitsOfProbes(bindLine(context.probes, state)?.probes ?? []);
          }),
      });
    }
    this.host.breakpoints.replace('line', breakpoints, (bp) => previousIds.has(bp.id));
    return results;
  }

  /** Where the breakpoint binds (the first producer that loaded the file), and whether any ran it. */
  private resolveLine(state: LineBreakpointState): BreakpointResult {
    let result: BreakpointResult | undefined;
    let hits = 0;
    for (const [, thread] of this.host.store.threads) {
      if (!thread.probes.fileByPath(state.path)) continue;
      const binding = bindLine(thread.probes, state);
      if (!binding) continue;
      if (!result) {
        const span = new Locations(thread.probes).span(binding.probes[0]);
        result = { id: state.id, verified: true, line1: binding.line1, column0: span.column0 };
      }
      hits += thread.history.hitsOfProbes(binding.probes).length;
    }
    if (!result) {
      const loaded = this.tables()
        .map((table) => table.probes.fileByPath(state.path))
        .find((file) => file !== undefined);
      // Focused recording ran this file unrecorded: say so, and how to get it recorded next time.
      if (loaded?.level === 'none')
        return {
          id: state.id,
          verified: false,
          message: `This file ran unrecorded (level "none"${loaded.reason ? `: ${loaded.reason}` : ''}); add it to "focus" to record it.`,
        };
      return {
        id: state.id,
        verified: false,
        message: loaded ? 'No statement at or after this line.' : 'No recorded code in this file (yet).',
      };
    }
    return hits === 0 ? { ...result, message: 'This line never ran in the recording.' } : result;
  }

  breakpointLocations(path: string, line1: number, endLine1 = line1): BreakpointLocation[] {
    // Every producer that loaded the file has the same probes for it: the first one answers.
    const probes = this.tables().find((table) => table.probes.fileByPath(path))?.probes;
    const file = probes?.fileByPath(path);
    if (!probes || !file) return [];
    const spans = new Locations(probes);
    const locations = new Map<string, BreakpointLocation>();
    for (const [line, lineProbes] of probes.stepProbesByLine(file)) {
      if (line < line1 || line > endLine1) continue;
      for (const probe of lineProbes) {
        const span = spans.span(probe);
        const key = `${span.line1}:${span.column0}`;
        // A `calls`-level step at a function (or module) start stops at that point, not over its whole body.
        const kind = probes.resolve(probe)?.info.kind;
        if (kind === 'function' || kind === 'module')
          locations.set(key, locations.get(key) ?? { line1: span.line1, column0: span.column0 });
        else
          locations.set(key, {
            line1: span.line1,
            column0: span.column0,
            endLine1: span.endLine1,
            endColumn0: span.endColumn0,
          });
      }
    }
    return [...locations.values()].sort((a, b) => a.line1 - b.line1 || a.column0 - b.column0);
  }

  /**
   * Live sessions: per thread, the step probes where the program must stop for the adapter to
   * decide (line breakpoints and logpoints without a filter, the steps inside breakpointed
   * functions), and the filters the recorder evaluates for simple conditions and hit counts.
   */
  liveStops(): Map<number, LiveStops> {
    const byThread = new Map<number, LiveStops>();
    this.liveFiltered = new Map();
    for (const { threadId, probes } of this.tables()) {
      const ids = new Set<number>();
      const filters: LiveFilter[] = [];
      const activations = this.activationsSeen(threadId);
      for (const states of this.lineBreakpoints.values()) {
        for (const state of states) {
          const bound = bindLine(probes, state)?.probes ?? [];
          if (bound.length === 0) continue;
          const compiled = compileLiveFilters(probes, {
            id: state.id,
            probes: bound,
            condition: state.spec.condition,
            hitCondition: state.spec.hitCondition,
            hitsSoFar: () => this.hitsIn(threadId, bound),
            activations,
          });
          if (compiled) filters.push(...compiled);
          else for (const id of bound) ids.add(id);
          if (compiled?.some((filter) => filter.condition !== undefined)) {
            const filtered = this.liveFiltered.get(threadId) ?? new Set<number>();
            this.liveFiltered.set(threadId, filtered.add(state.id));
          }
        }
      }
      for (const name of this.functionNames)
        for (const id of stepProbesInFunctions(probes, functionProbesNamed(probes, name))) ids.add(id);
      if (this.stopAtThrows) for (const id of throwProbes(probes)) ids.add(id);
      const uncaught = this.stopAtUncaught ? { probes: throwProbes(probes), files: catchMapOf(probes) } : undefined;
      if (ids.size > 0 || filters.length > 0 || uncaught)
        byThread.set(threadId, { probes: [...ids], filters, ...(uncaught ? { uncaught } : {}) });
    }
    return byThread;
  }

  /** Every line breakpoint by file: a producer's loader flags them in files it loads from now on. */
  livePendingBreakpoints(): PendingBreakpoints[] {
    const pending: PendingBreakpoints[] = [];
    for (const [path, states] of this.lineBreakpoints)
      if (states.length > 0) pending.push({ path, lines: [...new Set(states.map((state) => state.spec.line1))] });
    return pending;
  }

  /** The breakpoints of `threadId` whose conditions its recorder decides (as last sent). */
  liveFilteredIds(threadId: number): ReadonlySet<number> {
    return this.liveFiltered.get(threadId) ?? new Set();
  }

  /**
   * The frames of a thread's recording, for a closure's variable in a live filter: only when the
   * recording holds every frame its producer made (nothing lost, nothing dropped by the window).
   */
  private activationsSeen(threadId: number): ActivationsSeen | undefined {
    const history = this.host.store.threads.get(threadId)?.history;
    if (!history || history.lostEvents > 0 || history.firstStep > 0 || history.gaps.length > 0) return undefined;
    return { frames: history.frameCount, of: (functionProbe) => history.framesOfFunction(functionProbe)?.length ?? 0 };
  }

  private hitsIn(threadId: number, probes: ProducerProbeId[]): number {
    const thread = this.host.store.threads.get(threadId);
    return thread ? thread.history.hitsOfProbes(probes).length : 0;
  }

  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): BreakpointResult[] {
    this.functionNames = specs.map((spec) => spec.name);
    const results: BreakpointResult[] = [];
    const breakpoints: Breakpoint[] = [];
    for (const spec of specs) {
      const id = this.nextBreakpointId++;
      const checked = checkSpec(spec);
      if (typeof checked === 'string') {
        results.push({ id, verified: false, message: checked });
        continue;
      }
      const found = this.tables()
        .map(({ probes }) => ({ probes, ids: functionProbesNamed(probes, spec.name) }))
        .find((each) => each.ids.length);
      const span = found && new Locations(found.probes).span(found.ids[0]);
      results.push(
        span
          ? { id, verified: true, line1: span.line1, column0: span.column0 }
          : { id, verified: false, message: `No function named ${spec.name} in the recording.` },
      );
      breakpoints.push({
        id,
        kind: 'function',
        condition: spec.condition,
        hitCondition: checked.hitCondition,
        hits: () =>
          this.cached(`function:${id}`, () => {
            const context = this.host.context();
            return entriesOfFunctions(context.thread, functionProbesNamed(context.probes, spec.name));
          }),
      });
    }
    this.host.breakpoints.replace('function', breakpoints);
    for (const bp of breakpoints) bp.hits(); // build the hit lists now, not on the first continue
    return results;
  }

  /**
   * A producer stopped at `probeId` with its records indexed: at a throw probe while "uncaught" is
   * on, its recorder was sure the throw is uncaught, so the throw just recorded is a hit.
   */
  liveHeldAt(threadId: number, probeId: number): void {
    // Through the history (absolute steps, as every hit list): the index's are window-relative.
    const thread = this.host.store.threads.get(threadId)?.history;
    if (!this.stopAtUncaught || !thread) return;
    const last = thread.throws[thread.throws.length - 1];
    if (!last || last.eventOffset < 0 || last.stepIndex !== thread.endStep - 1) return;
    if (thread.words.word(last.eventOffset) >>> 4 !== probeId) return;
    const steps = this.liveUncaughtSteps.get(threadId) ?? [];
    if (!steps.includes(last.stepIndex)) steps.push(last.stepIndex);
    this.liveUncaughtSteps.set(threadId, steps);
    this.clearCache();
  }

  /** Did the live program stop at this throw step as uncaught (exceptionInfo's breakMode)? */
  stoppedUncaughtAt(threadId: number, stepIndex: number): boolean {
    return this.liveUncaughtSteps.get(threadId)?.includes(stepIndex) === true;
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    this.stopAtThrows = filters.includes('all');
    this.stopAtUncaught = filters.includes('uncaught') && !this.stopAtThrows;
    const breakpoints: Breakpoint[] = filters.map((filter) => ({
      id: this.nextBreakpointId++,
      kind: 'exception',
      hits: () =>
        this.cached(`exception:${filter}`, () => {
          const uncaught = this.host.uncaughtThrowStep();
          if (filter === 'uncaught') {
            const live = this.liveUncaughtSteps.get(this.host.threadId()) ?? [];
            return sortedList([...new Set([...live, ...(uncaught >= 0 ? [uncaught] : [])])]);
          }
          // "All" includes the uncaught one, which may have no recorded throw (an engine error).
          const steps = new Set(this.host.context().thread.throws.map((each) => each.stepIndex));
          if (uncaught >= 0) steps.add(uncaught);
          return sortedList([...steps]);
        }),
      describe: (stepIndex) => this.host.exceptionText(stepIndex),
    }));
    this.host.breakpoints.replace('exception', breakpoints);
  }

  setDataBreakpoints(specs: DataBreakpointSpec[]): BreakpointResult[] {
    const results: BreakpointResult[] = [];
    const breakpoints: Breakpoint[] = [];
    for (const spec of specs) {
      const id = this.nextBreakpointId++;
      const watched = this.writesFor(spec.dataId);
      if (!watched) {
        results.push({ id, verified: false, message: `Unknown data breakpoint ${spec.dataId}.` });
        continue;
      }
      const checked = checkSpec(spec);
      if (typeof checked === 'string') {
        results.push({ id, verified: false, message: checked });
        continue;
      }
      results.push({ id, verified: true });
      // The watched variable or object lives in one thread (the dataId names it): the others never write it.
      breakpoints.push({
        id,
        kind: 'data',
        condition: spec.condition,
        hitCondition: checked.hitCondition,
        hits: () =>
          this.cached(`data:${spec.dataId}`, () => {
            if (this.host.threadId() !== watched.threadId) return sortedList([]);
            const context = this.host.context();
            return stepsOfOffsets(context, watched.writes(context));
          }),
        describe: () => `${spec.dataId.split(':').slice(-1)[0]} is written here`,
      });
    }
    this.host.breakpoints.replace('data', breakpoints);
    for (const bp of breakpoints) bp.hits();
    return results;
  }

  /** Write offsets for a dataId from dataBreakpointInfo (data breakpoints and value history). */
  writesFor(dataId: string): { threadId: number; writes: (context: ThreadContext) => number[] } | undefined {
    const [kind, threadText, ...rest] = dataId.split(':');
    const threadId = Number(threadText);
    if (!this.host.store.threads.has(threadId)) return undefined;
    if (kind === 'var') {
      const frameIndex = Number(rest[0]);
      const fileIndex = Number(rest[1]);
      const name = rest.slice(2).join(':');
      return { threadId, writes: (context) => context.bindings.writesNamed({ frameIndex, fileIndex }, name) };
    }
    if (kind === 'prop') {
      const objectId = Number(rest[0]);
      const key = rest.slice(1).join(':');
      return { threadId, writes: (context) => propertyWrites(context, objectId, key) };
    }
    if (kind === 'entry') {
      const objectId = Number(rest[0]);
      const code = rest.slice(1).join(':');
      return { threadId, writes: (context) => entryWrites(context, objectId, code) };
    }
    return undefined;
  }
}

/** Snaps a line breakpoint, in one producer's probes, to the first line at or after it that has step probes. */
function bindLine(probes: ProbeTable, state: LineBreakpointState): LineBinding | undefined {
  const file = probes.fileByPath(state.path);
  if (!file) return undefined;
  const lines = probes.stepProbesByLine(file);
  for (let line1 = state.spec.line1; line1 < state.spec.line1 + 50; line1++) {
    const onLine = lines.get(line1);
    if (!onLine) continue;
    if (state.spec.column0 !== undefined && line1 === state.spec.line1) {
      const atColumn = onLine.find(
        (probe) => (probes.resolve(probe)?.info.range.start.column0 ?? 0) >= state.spec.column0!,
      );
      if (atColumn !== undefined) return { line1, probes: [atColumn] };
    }
    return { line1, probes: onLine };
  }
  return undefined;
}

/** One producer's throw statements (THROW probes: the recorder checks its stop flags there too). */
function throwProbes(probes: ProbeTable): ProducerProbeId[] {
  const result: ProducerProbeId[] = [];
  for (const file of probes.allFiles())
    file.probes.forEach((probe, localId) => {
      if (probe.kind === 'throw') result.push(producerProbeId(file.probeBase, localId));
    });
  return result;
}

/** One producer's function probes named `name` ("Foo.bar", or its last segment "bar"). */
function functionProbesNamed(probes: ProbeTable, name: string): ProducerProbeId[] {
  const result: ProducerProbeId[] = [];
  for (const file of probes.allFiles()) {
    file.probes.forEach((probe, localId) => {
      const full = probe.functionName;
      if (probe.kind !== 'function' || !full) return;
      if (full === name || full.split('.').pop() === name) result.push(producerProbeId(file.probeBase, localId));
    });
  }
  return result;
}

/** The step probes of the functions' first lines: a function breakpoint's live stop comes at its first step. */
function stepProbesInFunctions(probes: ProbeTable, functionIds: ProducerProbeId[]): ProducerProbeId[] {
  const result: ProducerProbeId[] = [];
  for (const functionId of functionIds) {
    const fn = probes.resolve(functionId);
    if (!fn) continue;
    const { start, end } = fn.info.range;
    for (const [line1, ids] of probes.stepProbesByLine(fn.file)) {
      if (line1 >= start.line1 && line1 <= end.line1)
        for (const id of ids) if (probes.functionOf(id)?.globalId === functionId) result.push(id);
    }
  }
  return result;
}

/**
 * A breakpoint's hit condition parsed, or why it can never work: a hit condition not understood,
 * a condition or a logpoint part that does not parse or asks what the evaluator refuses (a call…).
 */
function checkSpec(spec: {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}): { hitCondition?: HitCondition } | string {
  try {
    const hitCondition = parseHitCondition(spec.hitCondition);
    if (spec.condition !== undefined && spec.condition.trim() !== '') checkPart('condition', spec.condition);
    for (const part of interpolationParts(spec.logMessage ?? '')) checkPart('log message part', part);
    return { hitCondition };
  } catch (error) {
    if (error instanceof ReplayError) return `Never stops: ${error.userMessage}`;
    throw error;
  }
}

function checkPart(what: string, expression: string): void {
  try {
    checkExpression(expression);
  } catch (error) {
    if (error instanceof ReplayError)
      throw new ReplayError(`the ${what} ${JSON.stringify(expression)} cannot be evaluated: ${error.userMessage}`);
    throw error;
  }
}
