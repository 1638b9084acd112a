// The webview's side of the host connection: request/response over postMessage with ids and
// timeouts, and delivery of validated host events. Every incoming message goes through
// parseHostMessage first (SEC-07); anything else is dropped and counted, never acted on.
// Knows the protocol, not what the timeline does with the answers.
import {
  parseHostMessage,
  type HostMessage,
  type RewindCommand,
  type RewindRequests,
  type WebviewMessage,
} from '../protocol/requests';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called only once per webview; keep the one instance here. */
let api: VsCodeApi | undefined;
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

export type HostEvent = Exclude<HostMessage, { type: 'response' }>;
type Pending = {
  command: RewindCommand;
  resolve(body: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
};

class HostError extends Error {
  constructor(message: string) {
    super(`[rewind:timeline] ${message}`);
    this.name = 'HostError';
  }
}

export class HostClient {
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  droppedMessages = 0;

  constructor(
    private readonly api: VsCodeApi,
    private readonly onEvent: (event: HostEvent) => void,
    private readonly timeoutMs = 15_000,
  ) {
    window.addEventListener('message', (event: MessageEvent) => this.receive(event.data));
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  request<C extends RewindCommand>(command: C, args: RewindRequests[C]['args']): Promise<RewindRequests[C]['body']> {
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(requestId, new HostError(`${command} timed out`)), this.timeoutMs);
      this.pending.set(requestId, { command, resolve: resolve as (body: unknown) => void, reject, timer });
      this.post({ type: 'request', requestId, command, args } as WebviewMessage);
    });
  }

  /** Fails every request in flight, e.g. when the session they were asked of has gone. */
  cancelAll(reason: string): void {
    for (const requestId of [...this.pending.keys()]) this.settle(requestId, new HostError(reason));
  }

  private receive(data: unknown): void {
    const message = parseHostMessage(data);
    if (message === undefined) {
      this.droppedMessages++;
      return;
    }
    if (message.type !== 'response') return this.onEvent(message);
    if (this.pending.get(message.requestId)?.command !== message.command) {
      this.droppedMessages++; // an answer to a question we did not ask
      return;
    }
    if (message.success) this.settle(message.requestId, undefined, message.body);
    else this.settle(message.requestId, new HostError(message.message));
  }

  private settle(requestId: number, error: Error | undefined, body?: unknown): void {
    const pending = this.pending.get(requestId);
    if (pending === undefined) return; // late or unknown answer: the caller has moved on
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    if (error === undefined) pending.resolve(body);
    else pending.reject(error);
  }
}
