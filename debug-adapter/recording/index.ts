// The recording layer's public surface, shared by the CLI and the debug adapter: the collector
// (private socket, merged trace), the launcher (recorded spawn, tree kill) and the settings builder.
export {
  TraceCollector,
  type CollectorEvents,
  type CollectorOptions,
  type CollectorSummary,
  type ControlMessage,
  type ProcessExit,
} from './collector';
export { launchIntoCollector } from './recordProgram';
export {
  launchRecorded,
  recordedEnvironment,
  type LaunchedProgram,
  type ProgramExit,
  type RecordedLaunch,
} from './launch';
export { killProcessTree, descendantPids, endProcessTree, type TreeEnding } from './processTree';
export { nodeOptionsWithBootloader, quoteNodeOption } from './nodeOptions';
export { recorderSettings, WORDS_PER_EVENT, type RecordingOptions } from './settings';
export { RecordingError } from './errors';
export { createPrivateSocketPlace } from './privateDirectory';
export { nativeCrc32 } from './framing';
export { NODE_READ_OPTIONS, readTraceFile } from './traceFiles';
export {
  buildLevelPlan,
  describePlan,
  escapeGlob,
  headerLevel,
  isFocused,
  parseLevelAssignment,
  recordingRoot,
  unescapeGlob,
  type FocusFile,
  type PlanOptions,
} from './plan';
export {
  expandDeferred,
  expandedCachePath,
  isDeferredTrace,
  isDeferredTraceFile,
  type ExpandOutcome,
  type ExpandRequest,
} from './reexecute';
export { processLabel } from './processLabel';
export { hasLeafCalls, regeneratedIfLeafCalls } from './regeneratedTrace';
