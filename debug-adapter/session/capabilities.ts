// What this adapter tells the client it can do (issue 3; golden file DAP-01). A time-travel
// debugger over a recording: every direction and breakpoint kind, but history is read-only, so
// setVariable/setExpression are NOT offered; REPL completions list the recorded names in scope.
import type { DebugProtocol } from '@vscode/debugprotocol';

const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  {
    filter: 'all',
    label: 'All Exceptions',
    description: 'Stop where any exception is thrown, caught or not.',
    default: false,
  },
  {
    filter: 'uncaught',
    label: 'Uncaught Exceptions',
    description: 'Stop where an exception is thrown that nothing catches.',
    default: true,
  },
];

export function capabilities(): DebugProtocol.Capabilities {
  return {
    supportsConfigurationDoneRequest: true,
    supportsStepBack: true,
    supportsSteppingGranularity: true,
    supportsRestartFrame: true,
    supportsGotoTargetsRequest: true,
    supportsDataBreakpoints: true,
    supportsConditionalBreakpoints: true,
    supportsHitConditionalBreakpoints: true,
    supportsLogPoints: true,
    supportsFunctionBreakpoints: true,
    supportsExceptionInfoRequest: true,
    supportsEvaluateForHovers: true,
    supportsBreakpointLocationsRequest: true,
    supportsLoadedSourcesRequest: true,
    supportsCancelRequest: true,
    supportsTerminateRequest: true,
    supportTerminateDebuggee: true,
    supportsDelayedStackTraceLoading: true,
    supportsSetVariable: false,
    supportsSetExpression: false,
    supportsCompletionsRequest: true,
    supportsRestartRequest: true,
    exceptionBreakpointFilters: EXCEPTION_FILTERS,
  };
}
