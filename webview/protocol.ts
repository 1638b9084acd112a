// The message protocol between the timeline webview and the extension host, and its validators.
// Requests map 1:1 onto the adapter's custom DAP requests (`rewind/timeline`, `rewind/seek`,
// `rewind/search`, `rewind/console`); the host forwards them and relays the answer unchanged.
// Both sides parse every incoming message against a closed schema and drop the rest (SEC-07).
// Shared by webview/ and extension/: no DOM, no Node, no vscode.
import { INVALID, arrayOf, finite, integer, literal, oneOf, record, tagged, text, type Schema } from './schema';

/** Caps on everything that crosses the boundary, so a hostile or buggy peer cannot make us allocate wildly. */
export const LIMITS = {
  bucketCount: 4096, depthLevels: 100_000, functions: 65_536, markers: 20_000, wallTimeSamples: 65_536,
  nameChars: 1_000, pathChars: 4_096, markerTextChars: 10_000, searchQueryChars: 1_000, searchMatches: 1_000,
  consolePage: 1_000, consoleTextChars: 20_000, errorChars: 2_000, sessionIdChars: 200,
} as const;

export type MarkerKind = 'breakpoint' | 'exception' | 'console' | 'logpoint' | 'gap';
export const MARKER_KINDS: readonly MarkerKind[] = ['breakpoint', 'exception', 'console', 'logpoint', 'gap'];

export interface TimelineArgs { startStep: number; endStep: number; bucketCount: number }
export interface TimelineBucket {
  startStep: number; endStep: number; maxDepth: number;
  /** Per depth level 0..maxDepth: the function id dominating that level in this bucket, or -1. */
  depths: number[];
}
export interface FunctionInfo { id: number; name: string; path: string; line: number }
export interface TimelineMarker { step: number; kind: MarkerKind; text?: string }
export interface WallTimeSample { step: number; timeMs: number }
export interface TimelineBody {
  totalSteps: number; startStep: number; endStep: number; buckets: TimelineBucket[];
  functions: FunctionInfo[]; markers: TimelineMarker[]; currentStep: number; wallTimeMs?: WallTimeSample[];
}
export interface SeekArgs { step: number }
export type SeekBody = Record<string, never>;
export interface SearchArgs { query: string; limit?: number }
export interface SearchMatch { step: number; label: string; path: string; line: number }
export interface SearchBody { matches: SearchMatch[]; total: number }
export interface ConsoleArgs { startIndex: number; count: number }
export interface ConsoleMessage { step: number; stream: 'stdout' | 'stderr'; text: string }
export interface ConsoleBody { total: number; messages: ConsoleMessage[] }
export interface PositionBody { step: number; totalSteps: number }

/** Each custom DAP request with its arguments and response body. */
export interface RewindRequests {
  'rewind/timeline': { args: TimelineArgs; body: TimelineBody };
  'rewind/seek': { args: SeekArgs; body: SeekBody };
  'rewind/search': { args: SearchArgs; body: SearchBody };
  'rewind/console': { args: ConsoleArgs; body: ConsoleBody };
}
export type RewindCommand = keyof RewindRequests;
export const REWIND_COMMANDS: readonly RewindCommand[] = ['rewind/timeline', 'rewind/seek', 'rewind/search', 'rewind/console'];

type RequestOf<C extends RewindCommand> = { type: 'request'; requestId: number; command: C; args: RewindRequests[C]['args'] };
/** webview → host */
export type WebviewMessage = { type: 'ready' } | { [C in RewindCommand]: RequestOf<C> }[RewindCommand];

type SuccessOf<C extends RewindCommand> = { type: 'response'; requestId: number; command: C; success: true; body: RewindRequests[C]['body'] };
export type ResponseFailure = { type: 'response'; requestId: number; command: RewindCommand; success: false; message: string };
export type ResponseMessage = { [C in RewindCommand]: SuccessOf<C> }[RewindCommand] | ResponseFailure;
/** `active`: a Rewind session is the active debug session; `stopped`: it stopped (position may have moved); `none`: no session. */
export type SessionState = 'active' | 'stopped' | 'none';
/** host → webview */
export type HostMessage =
  | ResponseMessage
  | { type: 'event'; event: 'rewind/position'; body: PositionBody }
  | { type: 'session'; state: SessionState; sessionId?: string };

const step = integer(0);
const requestId = integer(0);
const fnId = integer(-1, 2 ** 31 - 1);

const argsSchemas: { [C in RewindCommand]: Schema<RewindRequests[C]['args']> } = {
  'rewind/timeline': record({ startStep: step, endStep: step, bucketCount: integer(1, LIMITS.bucketCount) }),
  'rewind/seek': record({ step }),
  'rewind/search': record({ query: text(LIMITS.searchQueryChars) }, { limit: integer(1, LIMITS.searchMatches) }),
  'rewind/console': record({ startIndex: integer(0), count: integer(1, LIMITS.consolePage) }),
};

const bucketSchema: Schema<TimelineBucket> = record({ startStep: step, endStep: step, maxDepth: integer(-1, LIMITS.depthLevels), depths: arrayOf(fnId, LIMITS.depthLevels) });
const functionSchema: Schema<FunctionInfo> = record({ id: integer(0, 2 ** 31 - 1), name: text(LIMITS.nameChars), path: text(LIMITS.pathChars), line: integer(0) });
const markerSchema: Schema<TimelineMarker> = record({ step, kind: oneOf(...MARKER_KINDS) }, { text: text(LIMITS.markerTextChars) });

export const bodySchemas: { [C in RewindCommand]: Schema<RewindRequests[C]['body']> } = {
  'rewind/timeline': record({
    totalSteps: step, startStep: step, endStep: step, buckets: arrayOf(bucketSchema, LIMITS.bucketCount),
    functions: arrayOf(functionSchema, LIMITS.functions), markers: arrayOf(markerSchema, LIMITS.markers), currentStep: step,
  }, { wallTimeMs: arrayOf(record({ step, timeMs: finite(0, Number.MAX_VALUE) }), LIMITS.wallTimeSamples) }),
  'rewind/seek': record({}),
  'rewind/search': record({
    matches: arrayOf(record({ step, label: text(LIMITS.nameChars), path: text(LIMITS.pathChars), line: integer(0) }), LIMITS.searchMatches),
    total: integer(0),
  }),
  'rewind/console': record({
    total: integer(0),
    messages: arrayOf(record({ step, stream: oneOf('stdout', 'stderr'), text: text(LIMITS.consoleTextChars) }), LIMITS.consolePage),
  }),
};

function byCommand<T>(build: (command: RewindCommand) => Schema<T>): Schema<T> {
  return tagged('command', Object.fromEntries(REWIND_COMMANDS.map((command) => [command, build(command)])));
}

const webviewSchema: Schema<WebviewMessage> = tagged<WebviewMessage>('type', {
  ready: record({ type: literal('ready') }),
  request: byCommand((command) => record({ type: literal('request'), requestId, command: literal(command), args: argsSchemas[command] as Schema<unknown> }) as Schema<WebviewMessage>),
});

const successSchema: Schema<ResponseMessage> = byCommand((command) => record({ type: literal('response'), requestId, command: literal(command), success: literal(true), body: bodySchemas[command] as Schema<unknown> }) as Schema<ResponseMessage>);
const failureSchema: Schema<ResponseMessage> = record({ type: literal('response'), requestId, command: oneOf(...REWIND_COMMANDS), success: literal(false), message: text(LIMITS.errorChars) });

const hostSchema: Schema<HostMessage> = tagged<HostMessage>('type', {
  response: (value, mode) => ((value as { success?: unknown }).success === true ? successSchema : failureSchema)(value, mode),
  event: record({ type: literal('event'), event: literal('rewind/position'), body: record({ step, totalSteps: step }) }),
  session: record({ type: literal('session'), state: oneOf('active', 'stopped', 'none') }, { sessionId: text(LIMITS.sessionIdChars) }),
});

function parse<T>(schema: Schema<T>, value: unknown): T | undefined {
  try {
    const checked = schema(value, 'closed');
    return checked === INVALID ? undefined : checked;
  } catch {
    return undefined; // a getter or proxy that throws is just another bad message
  }
}

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined { return parse(webviewSchema, value); }
export function parseHostMessage(value: unknown): HostMessage | undefined { return parse(hostSchema, value); }

/** Keeps the known fields of an adapter response body: extra fields dropped, arrays cut to LIMITS, wrong types rejected. */
export function sanitizeBody<C extends RewindCommand>(command: C, body: unknown): RewindRequests[C]['body'] | undefined {
  const checked = (bodySchemas[command] as Schema<RewindRequests[C]['body']>)(body ?? {}, 'strip');
  return checked === INVALID ? undefined : checked;
}
