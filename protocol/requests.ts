// The `rewind/*` custom DAP requests and events, and the webview ⇄ host messages that carry five of
// them: names, argument and body shapes, limits and validators, declared once for the adapter
// (which checks arguments with them), the extension host (which forwards and sanitizes) and the
// webview. Both webview sides parse every incoming message against a closed schema and drop the
// rest (SEC-07). Pure: no DOM, no Node, no vscode, nothing of Rewind's but ./schema.
import { INVALID, arrayOf, finite, integer, literal, oneOf, record, tagged, text, type Schema } from './schema';

/** Every custom request the adapter serves. */
export const RewindRequest = {
  TIMELINE: 'rewind/timeline',
  SEEK: 'rewind/seek',
  STEP_BACK_OUT: 'rewind/stepBackOut',
  SEARCH: 'rewind/search',
  CONSOLE: 'rewind/console',
  SAVE_TRACE: 'rewind/saveTrace',
  PLAN: 'rewind/plan',
  VALUE_HISTORY: 'rewind/valueHistory',
  REQUESTS: 'rewind/requests',
  GOTO_SCHEDULING_POINT: 'rewind/gotoSchedulingPoint',
} as const;

/** Custom events. */
export const RewindEvent = {
  /** While a program is being recorded: `{ events, lost, running }`. */
  RECORDING_STATS: 'rewind/recordingStats',
  /** After every stop: `{ step, totalSteps }`. */
  POSITION: 'rewind/position',
} as const;
/** `bytes`: the recording's size so far; `held`: a live program stopped at a breakpoint, step or pause. */
export interface RecordingStatsEventBody {
  events: number;
  lost: number;
  running: boolean;
  bytes?: number;
  held?: boolean;
  /**
   * Where an editor launch's recording is written as it arrives: if the debug adapter is killed,
   * `rewind info` or opening this file gives the recording up to then (removed at a normal end).
   */
  tracePath?: string;
}

/** Extra field on `output` events that replay a recorded moment (logpoints): seek there with `rewind/seek`. */
export interface OutputStepData {
  step: number;
  /** The thread that printed it when not the main one (a child process, a worker): `rewind/seek` with it goes there. */
  threadId?: number;
}

/**
 * `rewind/stepBackOut`: back to the step that called the current frame; empty body, then `continued` and `stopped`
 * (reason `step`).
 */
export type StepBackOutArgs = Record<string, never>;
export type StepBackOutBody = Record<string, never>;

/**
 * `rewind/gotoSchedulingPoint` (the extension sends it when the user selects a Call Stack frame;
 * DAP has no "frame selected"): for a frame shown below a callback's origin label (or below
 * "postMessage from …"), moves to the moment it shows — when the callback was scheduled, the
 * message sent — then `continued` and `stopped` (reason `goto`), `moved: true`. Any other frame:
 * nothing moves, `moved: false`.
 */
export interface GotoSchedulingPointArgs {
  frameId: number;
}
export interface GotoSchedulingPointBody {
  moved: boolean;
}

/** `rewind/saveTrace`: write the current recording to a file (an absolute path). */
export interface SaveTraceArgs {
  path: string;
}
export interface SaveTraceBody {
  path: string;
  sizeBytes: number;
}

/**
 * `rewind/valueHistory` (the extension's "Show Value History"; not a webview request): a Variables
 * view row — its container's reference and its name — and every write of that variable or property
 * over the whole recording, in time order, each with the step that writes, its statement and the
 * value as the Variables view previews it then ('(deleted)' for a delete).
 */
export interface ValueHistoryArgs {
  variablesReference: number;
  name: string;
  limit?: number;
}
export interface ValueWrite {
  step: number;
  /** The statement that writes; `path` is undefined when its file was never registered. */
  source: { path: string | undefined; line1: number; column0: number; endLine1: number; endColumn0: number };
  value: string;
  type: string;
}
export interface ValueHistoryBody {
  description: string;
  total: number;
  writes: ValueWrite[];
}

/** `rewind/plan` takes no arguments. */
export type PlanArgs = Record<string, never>;
/**
 * `rewind/plan` (no arguments): what each file was recorded at and why. `rules` and
 * `defaultLevel` are the plan sent to the program (absent for a saved trace or an unfocused run);
 * `files` are the files the program loaded, as the recording registered them.
 */
export interface PlanBody {
  defaultLevel?: 'full' | 'calls' | 'none';
  rules?: Array<{ glob: string; level: 'full' | 'calls' | 'none'; reason: string }>;
  files: Array<{ path: string; level: 'full' | 'calls' | 'none'; reason?: string }>;
}

/** Caps on everything that crosses the boundary, so a hostile or buggy peer cannot make us allocate wildly. */
export const LIMITS = {
  bucketCount: 4096,
  depthLevels: 100_000,
  functions: 65_536,
  markers: 20_000,
  wallTimeSamples: 65_536,
  nameChars: 1_000,
  pathChars: 4_096,
  markerTextChars: 10_000,
  searchQueryChars: 1_000,
  searchMatches: 1_000,
  consolePage: 1_000,
  consoleTextChars: 20_000,
  errorChars: 2_000,
  sessionIdChars: 200,
  requests: 10_000,
  urlChars: 2_000,
  valueHistoryWrites: 10_000,
  variableNameChars: 65_536,
} as const;

/** `emit`: a listener an emit ran, at its first step, its text the event ("EventEmitter 'request'"). */
export type MarkerKind = 'breakpoint' | 'exception' | 'console' | 'logpoint' | 'gap' | 'emit';
export const MARKER_KINDS: readonly MarkerKind[] = ['breakpoint', 'exception', 'console', 'logpoint', 'gap', 'emit'];

export interface TimelineArgs {
  startStep: number;
  endStep: number;
  bucketCount: number;
}
export interface TimelineBucket {
  startStep: number;
  endStep: number;
  maxDepth: number;
  /** Per depth level 0..maxDepth: the function id dominating that level in this bucket, or -1. */
  depths: number[];
}
export interface FunctionInfo {
  id: number;
  name: string;
  path: string;
  line: number;
}
export interface TimelineMarker {
  step: number;
  kind: MarkerKind;
  text?: string;
}
export interface WallTimeSample {
  step: number;
  timeMs: number;
}
export interface TimelineBody {
  totalSteps: number;
  startStep: number;
  endStep: number;
  buckets: TimelineBucket[];
  functions: FunctionInfo[];
  markers: TimelineMarker[];
  currentStep: number;
  wallTimeMs?: WallTimeSample[];
}
/** `rewind/seek`: move the cursor; empty body, then `continued` and a `stopped` event (reason `goto`). */
export interface SeekArgs {
  step: number;
}
export type SeekBody = Record<string, never>;
export interface SearchArgs {
  query: string;
  limit?: number;
}
export interface SearchMatch {
  step: number;
  label: string;
  path: string;
  line: number;
}
export interface SearchBody {
  matches: SearchMatch[];
  total: number;
}
export interface ConsoleArgs {
  startIndex: number;
  count: number;
}
export interface ConsoleMessage {
  step: number;
  stream: 'stdout' | 'stderr';
  text: string;
}
export interface ConsoleBody {
  total: number;
  messages: ConsoleMessage[];
}
export interface PositionBody {
  step: number;
  totalSteps: number;
}
/**
 * `rewind/requests`: the recording's HTTP requests, of every thread (or the current one), whose "METHOD URL" contains
 * `filter` (any case).
 */
export interface RequestsArgs {
  filter?: string;
  limit?: number;
  /** Only the thread the timeline shows (the latest stop's): the webview's span layer. */
  currentThread?: boolean;
}
export interface RequestSummary {
  /** The thread (process or worker) that served or sent it: `rewind/seek` with this threadId goes there. */
  threadId: number;
  /** Unique within its thread. */
  id: number;
  kind: 'server' | 'client';
  method: string;
  url: string;
  /** The response's status; 0 when it never finished (or failed). */
  status: number;
  /** The first and last steps that ran on its behalf (a server request: its handler and its async descendants). */
  firstStep: number;
  lastStep: number;
  /** false while it had not finished when the recording ended. */
  finished: boolean;
  /** A client request that failed (refused, reset): the error's code and message; its status is 0. */
  error?: string;
  /**
   * The request at the other end, when both ends were recorded: a client's the server request it
   * caused, a server's the client request that sent it. `rewind/seek` to its threadId and firstStep jumps there.
   */
  peer?: { threadId: number; id: number; firstStep: number };
  /**
   * A client request's cause: the server request (same thread) whose handler or async descendants
   * made it — known even when it never connected (refused: no ports to link by). `rewind/seek` to
   * its threadId and firstStep jumps there.
   */
  cause?: { threadId: number; id: number; firstStep: number };
  /**
   * The W3C trace context it sent or received ("00-<trace id>-<parent id>-<flags>"): the program's
   * own, or the recorder's between two recorded processes (format 3.8). A client request and the
   * server request with the same one are peers.
   */
  traceparent?: string;
}
export interface RequestsBody {
  requests: RequestSummary[];
  /** Matching requests, before `limit`. */
  total: number;
}

/** The custom requests the timeline webview sends (through the host), with their arguments and bodies. */
export interface RewindRequests {
  'rewind/timeline': { args: TimelineArgs; body: TimelineBody };
  'rewind/seek': { args: SeekArgs; body: SeekBody };
  'rewind/search': { args: SearchArgs; body: SearchBody };
  'rewind/console': { args: ConsoleArgs; body: ConsoleBody };
  'rewind/requests': { args: RequestsArgs; body: RequestsBody };
}
export type RewindCommand = keyof RewindRequests;
/** Every custom request the adapter serves: the webview's and those only the extension sends. */
export interface AllRewindRequests extends RewindRequests {
  'rewind/stepBackOut': { args: StepBackOutArgs; body: StepBackOutBody };
  'rewind/saveTrace': { args: SaveTraceArgs; body: SaveTraceBody };
  'rewind/plan': { args: PlanArgs; body: PlanBody };
  'rewind/valueHistory': { args: ValueHistoryArgs; body: ValueHistoryBody };
  'rewind/gotoSchedulingPoint': { args: GotoSchedulingPointArgs; body: GotoSchedulingPointBody };
}
export type AnyRewindCommand = keyof AllRewindRequests;
// RewindRequest lists exactly the requests AllRewindRequests declares (either alone fails to compile).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const NAMES_MATCH: Same<(typeof RewindRequest)[keyof typeof RewindRequest], AnyRewindCommand> = true;
void NAMES_MATCH;
const REWIND_COMMANDS: readonly RewindCommand[] = [
  'rewind/timeline',
  'rewind/seek',
  'rewind/search',
  'rewind/console',
  'rewind/requests',
];

type RequestOf<C extends RewindCommand> = {
  type: 'request';
  requestId: number;
  command: C;
  args: RewindRequests[C]['args'];
};
/**
 * webview → host. `focusChanged`: the timeline's document gained or lost the keyboard focus (a view in
 * the bottom panel cannot tell the host so any other way; extension/timeline/timelineWebview.ts).
 */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'focusChanged'; focused: boolean }
  | { [C in RewindCommand]: RequestOf<C> }[RewindCommand];

type SuccessOf<C extends RewindCommand> = {
  type: 'response';
  requestId: number;
  command: C;
  success: true;
  body: RewindRequests[C]['body'];
};
export type ResponseFailure = {
  type: 'response';
  requestId: number;
  command: RewindCommand;
  success: false;
  message: string;
};
export type ResponseMessage = { [C in RewindCommand]: SuccessOf<C> }[RewindCommand] | ResponseFailure;
/**
 * `active`: a Rewind session is the active debug session; `stopped`: it stopped (position may have moved); `none`: no
 * session.
 */
export type SessionState = 'active' | 'stopped' | 'none';
/** The timeline's keys (webview/interaction/keyboard.ts) that the host may hand to it (a `key` message). */
export const TIMELINE_KEYS = ['ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter', '+', '-', '0'] as const;
export type TimelineKeyName = (typeof TIMELINE_KEYS)[number];
/**
 * host → webview. `focus`: VS Code shows the timeline focused; the webview's own document must take
 * the keys too. `key`: a timeline key that reached the editor while VS Code showed a timeline move's
 * stop (extension/timeline/keysDuringMove.ts); the timeline acts on it as if pressed there.
 */
export type HostMessage =
  | ResponseMessage
  | { type: 'event'; event: 'rewind/position'; body: PositionBody }
  | { type: 'session'; state: SessionState; sessionId?: string }
  | { type: 'focus' }
  | { type: 'key'; key: TimelineKeyName; shiftKey: boolean };

const step = integer(0);
const flag: Schema<boolean> = (value) => (typeof value === 'boolean' ? value : INVALID);
const requestId = integer(0);
const fnId = integer(-1, 2 ** 31 - 1);

const timelineArgs = { startStep: step, endStep: step, bucketCount: integer(1, LIMITS.bucketCount) };
const seekArgs = { step };
const searchArgs = { query: text(LIMITS.searchQueryChars) };
const searchOptionalArgs = { limit: integer(1, LIMITS.searchMatches) };
const consoleArgs = { startIndex: integer(0), count: integer(1, LIMITS.consolePage) };
const requestsOptionalArgs = {
  filter: text(LIMITS.searchQueryChars),
  limit: integer(1, LIMITS.requests),
  currentThread: literal(true),
};

const argsSchemas: { [C in RewindCommand]: Schema<RewindRequests[C]['args']> } = {
  'rewind/timeline': record(timelineArgs),
  'rewind/seek': record(seekArgs),
  'rewind/search': record(searchArgs, searchOptionalArgs),
  'rewind/console': record(consoleArgs),
  'rewind/requests': record({}, requestsOptionalArgs),
};

type Fields = Record<string, Schema<unknown>>;
/**
 * The same fields, required then optional, for messages that name the field at fault: every request
 * the adapter serves has its entry (the type refuses a missing one).
 */
const argsFields: { [C in AnyRewindCommand]: [Fields, Fields] } = {
  'rewind/timeline': [timelineArgs, {}],
  'rewind/seek': [seekArgs, {}],
  'rewind/search': [searchArgs, searchOptionalArgs],
  'rewind/console': [consoleArgs, {}],
  'rewind/requests': [{}, requestsOptionalArgs],
  'rewind/stepBackOut': [{}, {}],
  // The adapter also requires an absolute path (a Node question, so it asks node:path).
  'rewind/saveTrace': [{ path: text(LIMITS.pathChars) }, {}],
  'rewind/plan': [{}, {}],
  'rewind/valueHistory': [
    { variablesReference: integer(1), name: text(LIMITS.variableNameChars) },
    { limit: integer(1, LIMITS.valueHistoryWrites) },
  ],
  'rewind/gotoSchedulingPoint': [{ frameId: integer(0) }, {}],
};

/**
 * What is wrong with a request's arguments, naming the first field that does not fit, or undefined.
 * Unknown fields are the adapter's to ignore (a DAP client adds `threadId`); the webview's own
 * messages are parsed closed (parseWebviewMessage).
 */
export function argsProblem(command: AnyRewindCommand, args: Record<string, unknown>): string | undefined {
  const [required, optional] = argsFields[command];
  for (const [name, schema] of Object.entries(required)) {
    if (schema(args[name], 'strip') === INVALID) return `"${name}" must be ${schema.expected ?? 'given'}`;
  }
  for (const [name, schema] of Object.entries(optional)) {
    if (args[name] !== undefined && schema(args[name], 'strip') === INVALID)
      return `"${name}" must be ${schema.expected ?? 'valid'}`;
  }
  return undefined;
}

const bucketSchema: Schema<TimelineBucket> = record({
  startStep: step,
  endStep: step,
  maxDepth: integer(-1, LIMITS.depthLevels),
  depths: arrayOf(fnId, LIMITS.depthLevels),
});
const functionSchema: Schema<FunctionInfo> = record({
  id: integer(0, 2 ** 31 - 1),
  name: text(LIMITS.nameChars),
  path: text(LIMITS.pathChars),
  line: integer(0),
});
const markerSchema: Schema<TimelineMarker> = record(
  { step, kind: oneOf(...MARKER_KINDS) },
  { text: text(LIMITS.markerTextChars) },
);

const bodySchemas: { [C in RewindCommand]: Schema<RewindRequests[C]['body']> } = {
  'rewind/timeline': record(
    {
      totalSteps: step,
      startStep: step,
      endStep: step,
      buckets: arrayOf(bucketSchema, LIMITS.bucketCount),
      functions: arrayOf(functionSchema, LIMITS.functions),
      markers: arrayOf(markerSchema, LIMITS.markers),
      currentStep: step,
    },
    { wallTimeMs: arrayOf(record({ step, timeMs: finite(0, Number.MAX_VALUE) }), LIMITS.wallTimeSamples) },
  ),
  'rewind/seek': record({}),
  'rewind/search': record({
    matches: arrayOf(
      record({ step, label: text(LIMITS.nameChars), path: text(LIMITS.pathChars), line: integer(0) }),
      LIMITS.searchMatches,
    ),
    total: integer(0),
  }),
  'rewind/console': record({
    total: integer(0),
    messages: arrayOf(
      record({ step, stream: oneOf('stdout', 'stderr'), text: text(LIMITS.consoleTextChars) }),
      LIMITS.consolePage,
    ),
  }),
  'rewind/requests': record({
    requests: arrayOf(
      record(
        {
          threadId: integer(0),
          id: integer(0),
          kind: oneOf('server', 'client'),
          method: text(LIMITS.nameChars),
          url: text(LIMITS.urlChars),
          status: integer(0, 999),
          firstStep: step,
          lastStep: step,
          finished: flag,
        },
        {
          peer: record({ threadId: integer(0), id: integer(0), firstStep: step }),
          cause: record({ threadId: integer(0), id: integer(0), firstStep: step }),
          error: text(LIMITS.urlChars),
          traceparent: text(LIMITS.urlChars),
        },
      ),
      LIMITS.requests,
    ),
    total: integer(0),
  }),
};

function byCommand<T>(build: (command: RewindCommand) => Schema<T>): Schema<T> {
  return tagged('command', Object.fromEntries(REWIND_COMMANDS.map((command) => [command, build(command)])));
}

const webviewSchema: Schema<WebviewMessage> = tagged<WebviewMessage>('type', {
  ready: record({ type: literal('ready') }),
  focusChanged: record({ type: literal('focusChanged'), focused: flag }),
  request: byCommand(
    (command) =>
      record({
        type: literal('request'),
        requestId,
        command: literal(command),
        args: argsSchemas[command] as Schema<unknown>,
      }) as Schema<WebviewMessage>,
  ),
});

const successSchema: Schema<ResponseMessage> = byCommand(
  (command) =>
    record({
      type: literal('response'),
      requestId,
      command: literal(command),
      success: literal(true),
      body: bodySchemas[command] as Schema<unknown>,
    }) as Schema<ResponseMessage>,
);
const failureSchema: Schema<ResponseMessage> = record({
  type: literal('response'),
  requestId,
  command: oneOf(...REWIND_COMMANDS),
  success: literal(false),
  message: text(LIMITS.errorChars),
});

const positionSchema: Schema<PositionBody> = record({ step, totalSteps: step });

const hostSchema: Schema<HostMessage> = tagged<HostMessage>('type', {
  response: (value, mode) =>
    ((value as { success?: unknown }).success === true ? successSchema : failureSchema)(value, mode),
  event: record({ type: literal('event'), event: literal(RewindEvent.POSITION), body: positionSchema }),
  session: record(
    { type: literal('session'), state: oneOf('active', 'stopped', 'none') },
    { sessionId: text(LIMITS.sessionIdChars) },
  ),
  focus: record({ type: literal('focus') }),
  key: record({ type: literal('key'), key: oneOf(...TIMELINE_KEYS), shiftKey: flag }),
});

/**
 * A `rewind/position` event body from the adapter: its two counts, or undefined when malformed (extra fields dropped).
 */
export function parsePositionBody(body: unknown): PositionBody | undefined {
  const checked = positionSchema(body, 'strip');
  return checked === INVALID ? undefined : checked;
}

function parse<T>(schema: Schema<T>, value: unknown): T | undefined {
  try {
    const checked = schema(value, 'closed');
    return checked === INVALID ? undefined : checked;
  } catch {
    return undefined; // a getter or proxy that throws is just another bad message
  }
}

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  return parse(webviewSchema, value);
}
export function parseHostMessage(value: unknown): HostMessage | undefined {
  return parse(hostSchema, value);
}

/**
 * Keeps the known fields of an adapter response body: extra fields dropped, arrays cut to LIMITS, wrong types rejected.
 */
export function sanitizeBody<C extends RewindCommand>(
  command: C,
  body: unknown,
): RewindRequests[C]['body'] | undefined {
  const checked = (bodySchemas[command] as Schema<RewindRequests[C]['body']>)(body ?? {}, 'strip');
  return checked === INVALID ? undefined : checked;
}
