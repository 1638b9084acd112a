// The client's breakpoints as the client knows them (its ids, its files, its lines), and their
// translation to the engine's: through source maps (a `.ts` line may run in several places of
// several `.js` files) and across time (breakpoints set before the recording can be replayed bind
// when it opens, announced by `breakpoint` events). Knows nothing of how hits are found.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointResult, LineBreakpointSpec, ReplayEngine } from '../replay/api';
import type { Sources } from './sources';

interface LineEntry {
  sessionId: number;
  clientPath: string;
  spec: DebugProtocol.SourceBreakpoint;
  result?: DebugProtocol.Breakpoint;
  /** the engine breakpoints this one became (one per place its line runs) */
  engineIds: number[];
  /** a logpoint whose past messages were printed (kept when the client re-sends it unchanged) */
  told: boolean;
}

/** A logpoint is "the same" when re-sent with the same line, text, condition and hit condition. */
function logpointKey(spec: DebugProtocol.SourceBreakpoint): string | undefined {
  if (spec.logMessage === undefined) return undefined;
  return JSON.stringify([spec.line, spec.column ?? 0, spec.logMessage, spec.condition ?? '', spec.hitCondition ?? '']);
}

const PENDING_MESSAGE = 'Binds when the recording can be replayed (when the program ends or is paused).';
/** A live session (issue 13): the running program stops at the breakpoint once its file is recorded. */
const LIVE_PENDING_MESSAGE = 'Binds as the program starts: the running program stops here when it is hit.';

export class BreakpointBook {
  private nextId = 1;
  private readonly byPath = new Map<string, LineEntry[]>();
  /** generated (recorded) files each client path last bound into, so clearing a file clears them too */
  private readonly boundFiles = new Map<string, Set<string>>();
  private functionEntries: Array<{ sessionId: number; spec: DebugProtocol.FunctionBreakpoint }> = [];
  private exceptionFilters: string[] = [];
  private readonly engineToSession = new Map<number, number>();

  /**
   * Client files holding breakpoints, and whether every one there is a logpoint: what the
   * focused-recording planner records at `full` before the program starts.
   */
  filesWithBreakpoints(): Array<{ clientPath: string; logpointsOnly: boolean }> {
    return [...this.byPath]
      .filter(([, entries]) => entries.length > 0)
      .map(([clientPath, entries]) => ({
        clientPath,
        logpointsOnly: entries.every((entry) => entry.spec.logMessage !== undefined),
      }));
  }

  /** Records a file's breakpoints; returns their session ids in order. */
  setLines(clientPath: string, specs: DebugProtocol.SourceBreakpoint[]): number[] {
    // VS Code re-sends every breakpoint of a file when one changes: a logpoint it re-sends unchanged
    // has printed its messages already.
    const told = new Set(
      (this.byPath.get(clientPath) ?? []).filter((entry) => entry.told).map((entry) => logpointKey(entry.spec)),
    );
    const entries = specs.map((spec) => ({
      sessionId: this.nextId++,
      clientPath,
      spec,
      engineIds: [],
      told: told.has(logpointKey(spec)),
    }));
    this.byPath.set(clientPath, entries);
    return entries.map((entry) => entry.sessionId);
  }

  setFunctions(specs: DebugProtocol.FunctionBreakpoint[]): number[] {
    this.functionEntries = specs.map((spec) => ({ sessionId: this.nextId++, spec }));
    return this.functionEntries.map((entry) => entry.sessionId);
  }

  setExceptionFilters(filters: string[]): void {
    this.exceptionFilters = filters;
  }

  pendingLines(clientPath: string, sources: Sources, live = false): DebugProtocol.Breakpoint[] {
    return (this.byPath.get(clientPath) ?? []).map((entry) => ({
      id: entry.sessionId,
      verified: false,
      message: live ? LIVE_PENDING_MESSAGE : PENDING_MESSAGE,
      source: sources.source(clientPath),
      line: entry.spec.line,
    }));
  }

  pendingFunctions(live = false): DebugProtocol.Breakpoint[] {
    const message = live ? LIVE_PENDING_MESSAGE : PENDING_MESSAGE;
    return this.functionEntries.map((entry) => ({ id: entry.sessionId, verified: false, message }));
  }

  /** Binds one client file's breakpoints in the engine; returns their DAP form in request order. */
  applyLines(engine: ReplayEngine, sources: Sources, clientPath: string): DebugProtocol.Breakpoint[] {
    const entries = this.byPath.get(clientPath) ?? [];
    const targets = new Set(this.boundFiles.get(clientPath) ?? []);
    for (const entry of entries) {
      entry.result = undefined;
      entry.engineIds = [];
      for (const location of sources.toRecorded(clientPath, entry.spec.line)) targets.add(location.path);
    }
    if (!sources.isMappedOriginal(clientPath)) targets.add(clientPath);
    this.boundFiles.set(clientPath, targets);
    for (const recordedPath of targets) this.bindRecordedFile(engine, sources, recordedPath);
    return entries.map((entry) => entry.result ?? unbound(entry, sources));
  }

  /** Binds everything (the recording just became replayable); returns every line breakpoint's new state. */
  applyAll(
    engine: ReplayEngine,
    sources: Sources,
  ): { lines: DebugProtocol.Breakpoint[]; functions: DebugProtocol.Breakpoint[] } {
    const lines = [...this.byPath.keys()].flatMap((clientPath) => this.applyLines(engine, sources, clientPath));
    this.applyExceptionFilters(engine);
    return { lines, functions: this.applyFunctions(engine) };
  }

  applyFunctions(engine: ReplayEngine): DebugProtocol.Breakpoint[] {
    const results = engine.setFunctionBreakpoints(
      this.functionEntries.map(({ spec }) => ({
        name: spec.name,
        condition: spec.condition,
        hitCondition: spec.hitCondition,
      })),
    );
    return this.functionEntries.map((entry, index) => this.adopt(entry.sessionId, results[index]));
  }

  applyExceptionFilters(engine: ReplayEngine): void {
    engine.setExceptionBreakpoints(
      this.exceptionFilters.filter((filter): filter is 'all' | 'uncaught' => filter === 'all' || filter === 'uncaught'),
    );
  }

  /** Data breakpoints exist only once an engine does (their ids come from it). */
  applyData(engine: ReplayEngine, specs: DebugProtocol.DataBreakpoint[]): DebugProtocol.Breakpoint[] {
    const results = engine.setDataBreakpoints(
      specs.map((spec) => ({ dataId: spec.dataId, condition: spec.condition, hitCondition: spec.hitCondition })),
    );
    return results.map((result) => this.adopt(this.nextId++, result));
  }

  /** Engine breakpoint ids (from a stop) as the client's ids. */
  toSessionIds(engineIds: readonly number[]): number[] {
    return engineIds.map((id) => this.engineToSession.get(id)).filter((id): id is number => id !== undefined);
  }

  /**
   * Engine ids of the logpoints (of one client file, or all) whose past messages were not printed
   * yet; they count as printed from now on.
   */
  untoldLogpointIds(clientPath?: string): Set<number> {
    const lists = clientPath === undefined ? [...this.byPath.values()] : [this.byPath.get(clientPath) ?? []];
    const entries = lists
      .flat()
      .filter((entry) => entry.spec.logMessage !== undefined && !entry.told && entry.engineIds.length > 0);
    for (const entry of entries) entry.told = true;
    return new Set(entries.flatMap((entry) => entry.engineIds));
  }

  /** Every client breakpoint mapped into one recorded file, sent to the engine in one call. */
  private bindRecordedFile(engine: ReplayEngine, sources: Sources, recordedPath: string): void {
    const bound: Array<{ entry: LineEntry; spec: LineBreakpointSpec }> = [];
    for (const entries of this.byPath.values()) {
      for (const entry of entries) {
        for (const location of sources.toRecorded(entry.clientPath, entry.spec.line)) {
          if (location.path !== recordedPath) continue;
          const { condition, hitCondition, logMessage } = entry.spec;
          bound.push({
            entry,
            spec: {
              line1: location.line1,
              column0: location.column0 || undefined,
              condition,
              hitCondition,
              logMessage,
            },
          });
        }
      }
    }
    const results = engine.setBreakpoints(
      recordedPath,
      bound.map((item) => item.spec),
    );
    bound.forEach(({ entry }, index) => {
      const result = results[index];
      if (!result) return;
      entry.engineIds.push(result.id);
      if (entry.result?.verified) {
        this.engineToSession.set(result.id, entry.sessionId);
        return;
      }
      entry.result = this.adopt(entry.sessionId, result, sources, recordedPath);
    });
  }

  private adopt(
    sessionId: number,
    result: BreakpointResult | undefined,
    sources?: Sources,
    recordedPath?: string,
  ): DebugProtocol.Breakpoint {
    if (!result)
      return { id: sessionId, verified: false, message: 'The engine returned no result for this breakpoint.' };
    this.engineToSession.set(result.id, sessionId);
    const breakpoint: DebugProtocol.Breakpoint = { id: sessionId, verified: result.verified };
    if (result.message) breakpoint.message = result.message;
    if (sources && recordedPath && result.line1 !== undefined) {
      const column0 = result.column0 ?? 0;
      const span = sources.toClient({
        path: recordedPath,
        line1: result.line1,
        column0,
        endLine1: result.line1,
        endColumn0: column0,
      });
      breakpoint.source = span.source;
      breakpoint.line = span.line;
      breakpoint.column = span.column;
    }
    return breakpoint;
  }
}

function unbound(entry: LineEntry, sources: Sources): DebugProtocol.Breakpoint {
  return {
    id: entry.sessionId,
    verified: false,
    source: sources.source(entry.clientPath),
    line: entry.spec.line,
    message: 'No code at this line was recorded.',
  };
}
