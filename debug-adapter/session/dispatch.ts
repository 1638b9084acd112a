// The one place where requests become responses (STYLE.md 5, DAP-02/04): every handler's result
// or throw, sync or async, turns into exactly one response; events a handler wants to send go out
// only AFTER its response (DAP-06), except the one a handler says must precede it (a custom move's
// `continued`, stops.ts). Requests run one at a time so transcripts are deterministic. A hook
// that throws is told (the sink's internalError), never swallowed: silence is the one answer a
// user cannot act on. Knows nothing of what handlers do, nor of the engine.
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DapError, DapErrorId, asDapError } from './errors';

export interface HandlerResult {
  body?: unknown;
  /** Runs right before a successful response is written (a custom move's `continued`, stops.ts). */
  before?: () => void;
  /** Runs right after the response is written: stopped events and the like. */
  after?: () => void;
}
export type HandlerOutcome = HandlerResult | void;
export type Handler = (
  args: Record<string, unknown>,
  request: DebugProtocol.Request,
) => HandlerOutcome | Promise<HandlerOutcome>;

export interface ResponseSink {
  sendResponse(response: DebugProtocol.Response): void;
  /** A failure no response can carry (an `after` hook's, the response being out): told to the user. */
  internalError(what: string, error: unknown): void;
}

/** Commands served even while another request is in flight (they must not queue behind it). */
const UNQUEUED = new Set(['cancel', 'pause']);
/** Commands that end a long request's work when they arrive after it (it yields to let them in). */
const STOPPING = new Set(['pause', 'terminate', 'disconnect']);

/** Why a long request should stop: its own `cancel`, or a pause/terminate/disconnect that came after it. */
export type Interruption = 'cancelled' | 'stopped';

export class Dispatcher {
  private queue: Promise<void> = Promise.resolve();
  private readonly cancelled = new Set<number>();
  private readonly inFlight = new Set<number>();
  /** The seq of the latest pause/terminate/disconnect to arrive. */
  private lastStoppingSeq = -1;

  constructor(
    private readonly handlers: ReadonlyMap<string, Handler>,
    private readonly sink: ResponseSink,
  ) {}

  dispatch(raw: unknown): void {
    const request = raw as DebugProtocol.Request;
    const command = typeof request?.command === 'string' ? request.command : '';
    // In flight from arrival: a request still queued can be cancelled too.
    if (typeof request?.seq === 'number') this.inFlight.add(request.seq);
    if (STOPPING.has(command) && typeof request?.seq === 'number')
      this.lastStoppingSeq = Math.max(this.lastStoppingSeq, request.seq);
    if (UNQUEUED.has(command)) {
      void this.run(request);
      return;
    }
    this.queue = this.queue.then(() => this.run(request));
  }

  /** Answers input that is not a request, in its turn (after what arrived before it). */
  reject(requestSeq: number, failure: DapError): void {
    this.queue = this.queue.then(() => this.respond(requestSeq, '<malformed>', undefined, failure));
  }

  /** `cancel`: a queued or running request answers `cancelled` instead of its result. */
  cancel(requestSeq: number): boolean {
    if (!this.inFlight.has(requestSeq)) return false;
    this.cancelled.add(requestSeq);
    return true;
  }

  isCancelled(requestSeq: number): boolean {
    return this.cancelled.has(requestSeq);
  }

  /** For a long request between two slices of its work: should it stop, and why. */
  interrupted(requestSeq: number): Interruption | undefined {
    if (this.cancelled.has(requestSeq)) return 'cancelled';
    return this.lastStoppingSeq > requestSeq ? 'stopped' : undefined;
  }

  private async run(request: DebugProtocol.Request): Promise<void> {
    const seq = typeof request?.seq === 'number' ? request.seq : 0;
    const command = typeof request?.command === 'string' ? request.command : '';
    let result: HandlerOutcome = undefined;
    let failure: DapError | undefined;
    try {
      // Cancelled before its turn came: it never runs (a cancelled launch must not start anything).
      if (!this.cancelled.has(seq)) result = await this.invoke(request, command);
    } catch (thrown) {
      failure = asDapError(thrown);
    }
    this.inFlight.delete(seq);
    if (this.cancelled.delete(seq) && !failure) failure = new DapError('cancelled', DapErrorId.CANCELLED, false);
    this.respond(seq, command || '<missing command>', result, failure);
  }

  private async invoke(request: DebugProtocol.Request, command: string): Promise<HandlerOutcome> {
    if (!command)
      throw new DapError('malformed request: "command" must be a non-empty string', DapErrorId.BAD_ARGUMENTS);
    const handler = this.handlers.get(command);
    if (!handler) throw new DapError(`unrecognized request "${command}"`, DapErrorId.UNKNOWN_REQUEST, false);
    const args = request.arguments ?? {};
    if (typeof args !== 'object' || Array.isArray(args)) {
      throw new DapError(`${command}: "arguments" must be an object`, DapErrorId.BAD_ARGUMENTS);
    }
    return handler(args as Record<string, unknown>, request);
  }

  private respond(seq: number, command: string, result: HandlerOutcome, failure: DapError | undefined): void {
    if (!failure && result?.before) {
      try {
        result.before();
      } catch (thrown) {
        // Not answered yet: the response says it failed, and the output has the stack.
        failure = asDapError(thrown);
        this.sink.internalError(`"${command}" failed before its response`, thrown);
      }
    }
    this.sink.sendResponse(responseOf(seq, command, result, failure));
    if (!failure && result?.after) {
      try {
        result.after();
      } catch (thrown) {
        // The response is out (a success): the failure can only be told, and the session goes on.
        this.sink.internalError(`what follows the "${command}" response failed`, thrown);
      }
    }
  }
}

function responseOf(
  seq: number,
  command: string,
  result: HandlerOutcome,
  failure: DapError | undefined,
): DebugProtocol.Response {
  const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: seq, command, success: !failure };
  if (failure) {
    // `cancelled` is the message DAP reserves for a cancelled request.
    response.message = failure.id === DapErrorId.CANCELLED ? 'cancelled' : failure.message;
    response.body = {
      error: { id: failure.id, format: failure.message.replace(/[{}]/g, ''), showUser: failure.showUser },
    };
  } else if (result && result.body !== undefined) {
    response.body = result.body;
  }
  return response;
}
