// The adapter's names for Rewind's additions to the Debug Adapter Protocol. Every shape is declared
// once in protocol/ (shared with the extension and the webview); this file only re-exports it under
// the names the session uses. Nothing here has behaviour.
export {
  RewindRequest,
  RewindEvent,
  argsProblem,
  type AllRewindRequests,
  type AnyRewindCommand,
  type RecordingStatsEventBody,
  type OutputStepData,
  type PlanBody as PlanResponseBody,
  type TimelineArgs as TimelineArguments,
  type TimelineBody as TimelineResponseBody,
  type SeekArgs as SeekArguments,
  type SeekBody as SeekResponseBody,
  type StepBackOutArgs as StepBackOutArguments,
  type StepBackOutBody as StepBackOutResponseBody,
  type SearchArgs as SearchArguments,
  type SearchBody as SearchResponseBody,
  type ConsoleArgs as ConsoleArguments,
  type ConsoleBody as ConsoleResponseBody,
  type SaveTraceArgs as SaveTraceArguments,
  type SaveTraceBody as SaveTraceResponseBody,
  type PositionBody as PositionEventBody,
  type RequestsArgs as RequestsArguments,
  type RequestsBody as RequestsResponseBody,
  type RequestSummary,
  type ValueHistoryBody as ValueHistoryResponseBody,
  type GotoSchedulingPointBody as GotoSchedulingPointResponseBody,
} from '../protocol/requests';

/** The `launch` request's attributes: declared once, with their checks, in protocol/launchAttributes.ts. */
export type { LaunchArguments as RewindLaunchArguments } from '../protocol/launchAttributes';
