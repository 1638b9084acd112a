// Turning breakpoint requests into breakpoints: line breakpoints snapped to real step probes
// (statements, or function starts and returns at level `calls`; re-resolved when a FILE record
// arrives late), function breakpoints by name, exception filters, data breakpoints from a dataId.
// Hit lists are cached until the recording changes. Knows nothing of stepping or DAP.
import type { TraceStore } from '../trace/store';
import type { BreakpointLocation, BreakpointResult, DataBreakpointSpec, ExceptionFilter, FunctionBreakpointSpec, LineBreakpointSpec } from './api';
import type { Breakpoint, BreakpointSet } from './breakpoints';
import { ReplayError } from './errors';
import { checkExpression, interpolationParts } from './evaluator';
import { parseHitCondition, type HitCondition } from './hitCondition';
import { entriesOfFunctions, hitsOfProbes, propertyWrites, sortedList, stepsOfOffsets, type StepList } from './hitLists';
import type { Locations } from './locations';
import type { ThreadContext } from './moment';

/** What the setup needs from the engine. */
export interface SetupHost {
  readonly store: TraceStore;
  readonly locations: Locations;
  readonly breakpoints: BreakpointSet;
  context(): ThreadContext;
  threadId(): number;
  uncaughtThrowStep(): number;
  exceptionText(stepIndex: number): string | undefined;
}

interface LineBreakpointState { path: string; spec: LineBreakpointSpec; id: number; probes: number[]; line1?: number; column0?: number }

export class BreakpointSetup {
  private readonly lineBreakpoints = new Map<string, LineBreakpointState[]>();
  private nextBreakpointId = 1;
  private cache = new Map<string, { version: string; list: StepList }>();

  constructor(private readonly host: SetupHost) {}

  /** After a thread switch or a re-index every cached list is stale. */
  clearCache(): void {
    this.cache.clear();
  }

  /** A step list cached until the recording grows, ends, or new probe tables arrive. */
  private cached(key: string, build: () => StepList): StepList {
    const thread = this.host.context().thread;
    const version = `${thread.stepCount}:${this.host.store.probes.generation}:${this.host.store.threads.get(this.host.threadId())?.end ? 'ended' : 'running'}`;
    const entry = this.cache.get(key);
    if (entry && entry.version === version) return entry.list;
    const list = build();
    this.cache.set(key, { version, list });
    return list;
  }

  setBreakpoints(path: string, specs: LineBreakpointSpec[]): BreakpointResult[] {
    // Every breakpoint this file had goes, whatever the new ones turn out to be (a refused one
    // must not leave its predecessor behind, still firing).
    const previousIds = new Set((this.lineBreakpoints.get(path) ?? []).map((state) => state.id));
    const states = specs.map((spec) => ({ path, spec, id: this.nextBreakpointId++, probes: [] as number[] }));
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
        id: state.id, kind: 'line', condition: state.spec.condition, hitCondition: checked.hitCondition,
        logMessage: state.spec.logMessage,
        hits: () => {
          if (!state.probes.length) this.resolveLine(state);
          return this.cached(`line:${state.id}`, () => hitsOfProbes(this.host.context().thread, state.probes));
        },
      });
    }
    this.host.breakpoints.replace('line', breakpoints, (bp) => previousIds.has(bp.id));
    return results;
  }

  /** Snaps a line breakpoint to the first line at or after it that has step probes. */
  private resolveLine(state: LineBreakpointState): BreakpointResult {
    const file = this.host.store.probes.fileByPath(state.path);
    if (!file) return { id: state.id, verified: false, message: 'No recorded code in this file (yet).' };
    const lines = this.host.store.probes.stepProbesByLine(file);
    for (let line1 = state.spec.line1; line1 < state.spec.line1 + 50; line1++) {
      let probes = lines.get(line1);
      if (!probes) continue;
      if (state.spec.column0 !== undefined && line1 === state.spec.line1) {
        const atColumn = probes.filter((probe) => (this.host.store.probes.resolve(probe)?.info.range.start.column0 ?? 0) >= state.spec.column0!);
        if (atColumn.length) probes = [atColumn[0]];
      }
      state.probes = probes;
      state.line1 = line1;
      const span = this.host.locations.span(probes[0]);
      state.column0 = span.column0;
      const hits = hitsOfProbes(this.host.context().thread, probes).length;
      return { id: state.id, verified: true, line1, column0: span.column0, message: hits === 0 ? 'This line never ran in the recording.' : undefined };
    }
    return { id: state.id, verified: false, message: 'No statement at or after this line.' };
  }

  breakpointLocations(path: string, line1: number, endLine1 = line1): BreakpointLocation[] {
    const file = this.host.store.probes.fileByPath(path);
    if (!file) return [];
    const locations = new Map<string, BreakpointLocation>();
    for (const [line, probes] of this.host.store.probes.stepProbesByLine(file)) {
      if (line < line1 || line > endLine1) continue;
      for (const probe of probes) {
        const span = this.host.locations.span(probe);
        const key = `${span.line1}:${span.column0}`;
        // A `calls`-level step at a function (or module) start stops at that point, not over its whole body.
        const kind = this.host.store.probes.resolve(probe)?.info.kind;
        if (kind === 'function' || kind === 'module') locations.set(key, locations.get(key) ?? { line1: span.line1, column0: span.column0 });
        else locations.set(key, { line1: span.line1, column0: span.column0, endLine1: span.endLine1, endColumn0: span.endColumn0 });
      }
    }
    return [...locations.values()].sort((a, b) => a.line1 - b.line1 || a.column0 - b.column0);
  }

  setFunctionBreakpoints(specs: FunctionBreakpointSpec[]): BreakpointResult[] {
    const results: BreakpointResult[] = [];
    const breakpoints: Breakpoint[] = [];
    for (const spec of specs) {
      const id = this.nextBreakpointId++;
      const checked = checkSpec(spec);
      if (typeof checked === 'string') { results.push({ id, verified: false, message: checked }); continue; }
      const matching = () => this.functionProbesNamed(spec.name);
      const found = matching();
      results.push(found.length
        ? { id, verified: true, line1: this.host.locations.span(found[0]).line1, column0: this.host.locations.span(found[0]).column0 }
        : { id, verified: false, message: `No function named ${spec.name} in the recording.` });
      breakpoints.push({
        id, kind: 'function', condition: spec.condition, hitCondition: checked.hitCondition,
        hits: () => this.cached(`function:${id}`, () => entriesOfFunctions(this.host.context().thread, matching())),
      });
    }
    this.host.breakpoints.replace('function', breakpoints);
    for (const bp of breakpoints) bp.hits(); // build the hit lists now, not on the first continue
    return results;
  }

  private functionProbesNamed(name: string): number[] {
    const result: number[] = [];
    for (const file of this.host.store.probes.allFiles()) {
      file.probes.forEach((probe, localId) => {
        const full = probe.functionName;
        if (probe.kind !== 'function' || !full) return;
        if (full === name || full.split('.').pop() === name) result.push(file.probeBase + localId);
      });
    }
    return result;
  }

  setExceptionBreakpoints(filters: ExceptionFilter[]): void {
    const breakpoints: Breakpoint[] = filters.map((filter) => ({
      id: this.nextBreakpointId++, kind: 'exception',
      hits: () => this.cached(`exception:${filter}`, () => {
        const uncaught = this.host.uncaughtThrowStep();
        if (filter === 'uncaught') return sortedList(uncaught >= 0 ? [uncaught] : []);
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
      const writes = this.writesFor(spec.dataId);
      if (!writes) { results.push({ id, verified: false, message: `Unknown data breakpoint ${spec.dataId}.` }); continue; }
      const checked = checkSpec(spec);
      if (typeof checked === 'string') { results.push({ id, verified: false, message: checked }); continue; }
      results.push({ id, verified: true });
      breakpoints.push({
        id, kind: 'data', condition: spec.condition, hitCondition: checked.hitCondition,
        hits: () => this.cached(`data:${spec.dataId}`, () => stepsOfOffsets(this.host.context(), writes())),
        describe: () => `${spec.dataId.split(':').slice(-1)[0]} is written here`,
      });
    }
    this.host.breakpoints.replace('data', breakpoints);
    for (const bp of breakpoints) bp.hits();
    return results;
  }

  /** Write offsets for a dataId from dataBreakpointInfo. */
  private writesFor(dataId: string): (() => number[]) | undefined {
    const [kind, threadText, ...rest] = dataId.split(':');
    if (Number(threadText) !== this.host.threadId()) return undefined;
    const context = this.host.context();
    if (kind === 'var') {
      const frameIndex = Number(rest[0]);
      const fileIndex = Number(rest[1]);
      const name = rest.slice(2).join(':');
      return () => context.bindings.writesNamed({ frameIndex, fileIndex }, name);
    }
    if (kind === 'prop') {
      const objectId = Number(rest[0]);
      const key = rest.slice(1).join(':');
      return () => propertyWrites(context, objectId, key);
    }
    return undefined;
  }
}

/**
 * A breakpoint's hit condition parsed, or why it can never work: a hit condition not understood,
 * a condition or a logpoint part that does not parse or asks what the evaluator refuses (a call…).
 */
function checkSpec(spec: { condition?: string; hitCondition?: string; logMessage?: string }): { hitCondition?: HitCondition } | string {
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
    if (error instanceof ReplayError) throw new ReplayError(`the ${what} ${JSON.stringify(expression)} cannot be evaluated: ${error.userMessage}`);
    throw error;
  }
}
