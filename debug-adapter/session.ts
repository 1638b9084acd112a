// The Rewind debug session: translates DAP requests into replay-engine calls and engine results
// into DAP responses and events (mock-debug's split). It owns the protocol invariants: one
// response per request (dispatch.ts), nothing sent after the disconnect response, malformed
// input answered rather than fatal, its own failures told (internalErrors.ts). What each request
// does lives in session/handlers/*.
import { DebugSession } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SessionContext } from './session/context';
import { Dispatcher, type Handler } from './session/dispatch';
import { DapError, DapErrorId } from './session/errors';
import { InternalErrors } from './session/internalErrors';
import { breakpointHandlers } from './session/handlers/breakpoints';
import { customHandlers } from './session/handlers/custom';
import { inspectionHandlers } from './session/handlers/inspection';
import { completionHandlers } from './session/handlers/completions';
import { lifecycleHandlers } from './session/handlers/lifecycle';
import { steppingHandlers } from './session/handlers/stepping';
import { openRecording } from './session/openRecording';

/** Gives a dying session's last messages time to leave before the process exits. */
const EXIT_DELAY_MS = 100;

export class RewindSession extends DebugSession {
  private readonly context: SessionContext;
  private readonly dispatcher: Dispatcher;
  private readonly internalErrors: InternalErrors;
  private closed = false;
  /** What the standalone process exits with: 1 once an internal error ended the session. */
  private exitCode = 0;

  constructor() {
    super();
    this.context = new SessionContext((event) => this.sendEvent(event));
    this.internalErrors = new InternalErrors((body) => this.context.event('output', body));
    const handlers = new Map<string, Handler>(
      Object.entries({
        ...lifecycleHandlers(this.context, {
          open: openRecording,
          cancel: (requestSeq) => this.dispatcher.cancel(requestSeq),
          close: () => this.close(),
        }),
        ...breakpointHandlers(this.context),
        ...steppingHandlers(this.context),
        ...inspectionHandlers(this.context),
        ...completionHandlers(this.context),
        ...customHandlers(this.context),
      }),
    );
    this.dispatcher = new Dispatcher(handlers, {
      sendResponse: (response) => this.sendResponse(response),
      internalError: (what, error) => this.reportInternalError(what, error),
    });
    this.context.interrupted = (requestSeq) => this.dispatcher.interrupted(requestSeq);
    // The library shuts the process down on any stream 'error'; our framing already answered it.
    this.removeAllListeners('error');
    this.on('error', () => undefined);
  }

  /** Every message from the client (server.ts framing). Non-requests are answered as malformed. */
  receive(message: unknown): void {
    if (this.closed) return;
    const candidate = message as { type?: unknown; seq?: unknown } | null;
    if (candidate !== null && typeof candidate === 'object' && candidate.type === 'request') {
      this.arrive(candidate);
    } else if (candidate !== null && typeof candidate === 'object' && candidate.type === 'response') {
      this.handleMessage(candidate as DebugProtocol.Response); // answers to reverse requests
    } else {
      this.rejectMalformed(
        'a message must be an object with "type": "request"',
        typeof candidate?.seq === 'number' ? candidate.seq : 0,
      );
    }
  }

  /** Input that is not a request at all still gets an answer, so the client is never left waiting. */
  rejectMalformed(problem: string, requestSeq = 0): void {
    if (this.closed) return;
    this.dispatcher.reject(requestSeq, new DapError(`malformed message: ${problem}`, DapErrorId.BAD_ARGUMENTS, false));
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    this.arrive(request);
  }

  private arrive(request: { command?: unknown; type?: unknown }): void {
    // Ending the session must not wait behind a long open (requests queue): stop the open now.
    if (request.command === 'disconnect' || request.command === 'terminate') this.context.openAbort.abort();
    this.dispatcher.dispatch(request);
  }

  /** A failure of the adapter's own that no response carries: told, with its stack; the session goes on. */
  reportInternalError(what: string, error: unknown): void {
    if (!this.closed) this.internalErrors.tell(what, error);
  }

  /** A failure the adapter cannot go on safely after (an uncaught exception): told, then the session ends. */
  endAfterInternalError(what: string, error: unknown): void {
    if (this.closed) return;
    this.internalErrors.tell(what, error, true);
    this.context.event('output', {
      category: 'important',
      output: '[rewind:dap] the debug session ends: the adapter cannot go on safely after this error\n',
    });
    this.context.event('terminated');
    this.exitCode = 1;
    this.shutdown();
  }

  override sendResponse(response: DebugProtocol.Response): void {
    if (!this.closed) super.sendResponse(response);
  }

  override sendEvent(event: DebugProtocol.Event): void {
    if (!this.closed) super.sendEvent(event);
  }

  /** stdin closed, SIGTERM, or after disconnect: end the program, then this process. */
  override shutdown(): void {
    this.closed = true;
    const recording = this.context.recording;
    void (recording ? recording.kill().catch(() => undefined) : Promise.resolve()).finally(() => {
      recording?.dispose();
      if (!this.isInline()) setTimeout(() => process.exit(this.exitCode), EXIT_DELAY_MS);
    });
  }

  private close(): void {
    this.closed = true;
    this.context.output.dispose();
    this.shutdown();
  }

  /** In-process sessions (tests, the extension's inline adapter) must never exit the host. */
  private isInline(): boolean {
    return this._isRunningInline();
  }
}
