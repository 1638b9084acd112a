// Breakpoint requests of every kind: line (with conditions, hit counts, logpoints), function,
// exception, data, and breakpointLocations. Before the recording is replayable they are only
// booked (unverified); after, they bind at once, and new logpoints print every past hit.
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionContext } from '../context';
import type { Handler } from '../dispatch';
import { badArguments } from '../errors';
import { faultPoint } from '../faultPoints';
import { sendStopProbes } from '../liveRun';
import { replayLogpoints } from '../logpoints';

export function breakpointHandlers(context: SessionContext): Record<string, Handler> {
  return {
    setBreakpoints: async (args) => {
      const request = args as unknown as DebugProtocol.SetBreakpointsArguments;
      const clientPath = request.source?.path;
      if (typeof clientPath !== 'string')
        throw badArguments('setBreakpoints', '"source.path" is required (sources without a path are not recorded)');
      const specs: DebugProtocol.SourceBreakpoint[] =
        request.breakpoints ?? (request.lines ?? []).map((line) => ({ line }));
      if (!Array.isArray(specs) || !specs.every((spec) => Number.isInteger(spec?.line)))
        throw badArguments('setBreakpoints', '"breakpoints" must be a list of { line }');
      context.breakpoints.setLines(clientPath, specs);
      const engine = context.engineIfReady();
      if (!engine || !context.firstStopReported)
        return {
          body: { breakpoints: context.breakpoints.pendingLines(clientPath, context.sources, livePlan(context)) },
        };
      const breakpoints = context.breakpoints.applyLines(engine, context.sources, clientPath);
      // Live: answered once the running or stopped program stops there (a request sent next must stop).
      await sendStopProbes(context, engine);
      if (context.liveRunning) context.liveBreakpointsChangedWhileRunning = true;
      return {
        body: { breakpoints },
        after: () => {
          faultPoint('setBreakpoints.after');
          replayLogpoints(context, engine, clientPath);
        },
      };
    },
    setFunctionBreakpoints: async (args) => {
      const specs = (args as unknown as DebugProtocol.SetFunctionBreakpointsArguments).breakpoints;
      if (!Array.isArray(specs) || !specs.every((spec) => typeof spec?.name === 'string'))
        throw badArguments('setFunctionBreakpoints', '"breakpoints" must be a list of { name }');
      context.breakpoints.setFunctions(specs);
      const engine = context.engineIfReady();
      const breakpoints =
        engine && context.firstStopReported
          ? context.breakpoints.applyFunctions(engine)
          : context.breakpoints.pendingFunctions(livePlan(context));
      if (engine && context.firstStopReported) await sendStopProbes(context, engine);
      if (context.liveRunning) context.liveBreakpointsChangedWhileRunning = true;
      return { body: { breakpoints } };
    },
    setExceptionBreakpoints: async (args) => {
      const request = args as unknown as DebugProtocol.SetExceptionBreakpointsArguments;
      const filters = [...(request.filters ?? []), ...(request.filterOptions ?? []).map((option) => option.filterId)];
      const unknown = filters.filter((filter) => filter !== 'all' && filter !== 'uncaught');
      if (unknown.length > 0)
        throw badArguments(
          'setExceptionBreakpoints',
          `unknown filter ${JSON.stringify(unknown[0])} (use "all" or "uncaught")`,
        );
      context.breakpoints.setExceptionFilters(filters);
      const engine = context.engineIfReady();
      if (engine && context.firstStopReported) {
        context.breakpoints.applyExceptionFilters(engine);
        await sendStopProbes(context, engine);
        if (context.liveRunning) context.liveBreakpointsChangedWhileRunning = true;
      }
      return { body: { breakpoints: filters.map(() => ({ verified: true })) } };
    },
    dataBreakpointInfo: (args) => {
      const request = args as unknown as DebugProtocol.DataBreakpointInfoArguments;
      if (typeof request.name !== 'string') throw badArguments('dataBreakpointInfo', '"name" is required');
      const engine = context.engine();
      const info =
        request.variablesReference !== undefined
          ? engine.dataBreakpointInfo(request.variablesReference, request.name)
          : engine.dataBreakpointInfoInFrame(request.frameId, request.name);
      return {
        body: {
          dataId: info.dataId,
          description: info.description,
          accessTypes: info.accessTypes,
          canPersist: info.canPersist,
        },
      };
    },
    setDataBreakpoints: (args) => {
      const specs = (args as unknown as DebugProtocol.SetDataBreakpointsArguments).breakpoints;
      if (!Array.isArray(specs) || !specs.every((spec) => typeof spec?.dataId === 'string'))
        throw badArguments('setDataBreakpoints', '"breakpoints" must be a list of { dataId }');
      // VS Code sends its data breakpoints (often none) at session start, while the program is
      // still recorded: answer them as pending rather than fail (an error would reach the user).
      const engine = context.engineIfReady();
      if (!engine || !context.firstStopReported) {
        return {
          body: {
            breakpoints: specs.map(() => ({
              verified: false,
              message: 'Data breakpoints can be set once the recording can be replayed.',
            })),
          },
        };
      }
      return { body: { breakpoints: context.breakpoints.applyData(engine, specs) } };
    },
    breakpointLocations: (args) => {
      const request = args as unknown as DebugProtocol.BreakpointLocationsArguments;
      const clientPath = request.source?.path;
      if (typeof clientPath !== 'string' || !Number.isInteger(request.line))
        throw badArguments('breakpointLocations', '"source.path" and "line" are required');
      const engine = context.engineIfReady();
      if (!engine) return { body: { breakpoints: [] } };
      const lastLine = request.endLine ?? request.line;
      const found: DebugProtocol.BreakpointLocation[] = [];
      for (let line = request.line; line <= lastLine && found.length < 10_000; line++) {
        for (const recorded of context.sources.toRecorded(clientPath, line)) {
          for (const location of engine.breakpointLocations(recorded.path, recorded.line1)) {
            const span = context.sources.toClient({
              path: recorded.path,
              line1: location.line1,
              column0: location.column0,
              endLine1: location.endLine1 ?? location.line1,
              endColumn0: location.endColumn0 ?? location.column0,
            });
            found.push({
              line: line,
              column: span.column,
              endLine: location.endLine1 === undefined ? undefined : span.endLine,
              endColumn: location.endColumn0 === undefined ? undefined : span.endColumn,
            });
          }
        }
      }
      return { body: { breakpoints: dedupe(found) } };
    },
  };
}

/** dataBreakpointInfo without a container names a variable of the (top) frame's first scope. */
function dedupe(locations: DebugProtocol.BreakpointLocation[]): DebugProtocol.BreakpointLocation[] {
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.line}:${location.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A live session's program: its breakpoints stop it as it runs, not once it ends (issue 13). */
function livePlan(context: SessionContext): boolean {
  return context.plan?.kind === 'program' && context.plan.live;
}
