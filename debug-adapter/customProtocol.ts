// The adapter's names for Rewind's additions to the Debug Adapter Protocol. Every shape is declared
// once in protocol/ (shared with the extension and the webview); this file only re-exports it under
// the names the session uses. Nothing here has behaviour.
export {
  RewindRequest,
  RewindEvent,
  argsProblem,
  type RewindCommand,
  type RewindRequests,
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
} from '../protocol/requests';

/** The `launch` request's attributes: declared once, with their checks, in protocol/launchAttributes.ts. */
export type { LaunchArguments as RewindLaunchArguments } from '../protocol/launchAttributes';

/**
 * `rewind/valueHistory` (the extension's "Show Value History"; not a webview request), arguments
 * `{ variablesReference, name, limit? }` (a Variables view row: its container's reference and its
 * name; checked in session/handlers/custom.ts): every write of that variable or property over the
 * whole recording, in time order, each with the step that writes, its statement and the value.
 */
export type { ValueHistoryResult as ValueHistoryResponseBody, ValueWrite } from './replay/api';
