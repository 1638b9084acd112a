// HTTP requests of one thread (EXT REQUEST, events.ts): each request's method and URL, status, the
// steps where it started and finished, and — for a server request — the activation of its handler
// (the one entered next, at the depth the start was seen). Filled by eventIndexer.ts; which steps
// ran on a request's behalf is worked out in replay/requests.ts. Knows event words, not DAP.
import { RequestAction, decodePackedText } from '../../runtime/format';

export interface RecordedRequest {
  /** The recorder's id: unique in its producer. */
  id: number;
  kind: 'server' | 'client';
  method: string;
  url: string;
  /** The response status, 0 until the request finished (or when it failed). */
  status: number;
  /** Why a client request failed (refused, reset: the error's code and message), '' when it did not. */
  error: string;
  /** The first step at or after the start (the handler's first, for a server request). */
  startStep: number;
  /** The last step before it finished, -1 while it has not. */
  endStep: number;
  /** A server request's handler activation, -1 when none was recorded. */
  handler: number;
  /** Its TCP connection's ports as this side saw them (REQUEST_PEER), 0 when not recorded. */
  localPort: number;
  remotePort: number;
  /** The W3C traceparent it sent or received (REQUEST_TRACE, format 3.8), '' when none was recorded. */
  traceparent: string;
}

export class HttpRequests {
  readonly list: RecordedRequest[] = [];
  private readonly byId = new Map<number, RecordedRequest>();
  private readonly byHandler = new Map<number, RecordedRequest>();
  private pending: { request: RecordedRequest; below: number } | undefined;

  /** REQUEST [hdr, n, id, action, status, c, packed text]; `stepCount` so far, `top` the running activation. */
  seen(words: Int32Array, at: number, stepCount: number, top: number): void {
    const id = words[at + 2];
    const action = words[at + 3];
    if (action === RequestAction.SERVER_START || action === RequestAction.CLIENT_START) {
      const text = decodePackedText(words, at + 5);
      const space = text.indexOf(' ');
      const request: RecordedRequest = {
        id,
        kind: action === RequestAction.SERVER_START ? 'server' : 'client',
        method: space < 0 ? text : text.slice(0, space),
        url: space < 0 ? '' : text.slice(space + 1),
        status: 0,
        error: '',
        startStep: action === RequestAction.SERVER_START ? stepCount : Math.max(0, stepCount - 1),
        endStep: -1,
        handler: -1,
        localPort: 0,
        remotePort: 0,
        traceparent: '',
      };
      this.list.push(request);
      this.byId.set(id, request);
      if (request.kind === 'server') this.pending = { request, below: top };
      return;
    }
    const request = this.byId.get(id);
    if (!request) return;
    request.status = words[at + 4];
    // Format 3.3: a finish's text, when it has one, is the error that ended the request.
    if (words[at + 5] > 0) request.error = decodePackedText(words, at + 5);
    request.endStep = Math.max(request.startStep, stepCount - 1);
  }

  /** REQUEST_PEER [hdr, 3, id, localPort, remotePort]: the connection a started request went over. */
  connection(words: Int32Array, at: number): void {
    const request = this.byId.get(words[at + 2]);
    if (!request) return;
    request.localPort = words[at + 3];
    request.remotePort = words[at + 4];
  }

  /** REQUEST_TRACE [hdr, n, id, c, packed traceparent]: the trace context a started request carried. */
  traceContext(words: Int32Array, at: number): void {
    const request = this.byId.get(words[at + 2]);
    if (request) request.traceparent = decodePackedText(words, at + 3);
  }

  /** An activation entered above `below`: a server request's handler when it is the next one at its depth. */
  entered(activation: number, below: number): void {
    const pending = this.pending;
    if (!pending || pending.below !== below) return;
    this.pending = undefined;
    pending.request.handler = activation;
    this.byHandler.set(activation, pending.request);
  }

  /** The server request whose handler `activation` is. */
  handledBy(activation: number): RecordedRequest | undefined {
    return this.byHandler.get(activation);
  }
}
