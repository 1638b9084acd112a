// HTTP requests as events (EXT REQUEST, events.ts), from Node's diagnostics channels: the server's
// incoming requests (http.server.request.start / response.finish) and the program's outgoing ones
// (http.client.request.start / response.finish, and undici's channels for fetch). Reads only own
// data properties of Node's request and response objects, so no getter of the program runs; a
// subscriber never throws (an error there would reach the program). Knows the channels' message
// shapes, not the ring's layout beyond its put functions. Each request's TCP connection (its two
// ports, REQUEST_PEER; for fetch, the socket undici:client:sendHeaders names) lets the adapter link
// a recorded client to the recorded server it called: nothing is added to the request, so an
// unrecorded peer (or the server's program) sees a plain one. A client request that fails
// (refused, reset) finishes with the error's code and message as its text (format 3.3).
import { EventKind, Ext, MAX_REQUEST_TEXT_CHARS, RequestAction, eventHeader } from '../format/events';
import { B } from './builtins';
import { syncCallbackRun } from './callbackRuns';
import { on, own, ownSymbol, portOf, text } from './channelReads';
import { packedWords, putPackedText } from './packedText';
import { beginSized, endSized, put, put2, put3 } from './ring';
import { clientTraceparent, fetchTraceparent, installTraceContext, receivedTraceparent } from './traceContext';

const REQUEST = eventHeader(EventKind.EXT, Ext.REQUEST);
const REQUEST_PEER = eventHeader(EventKind.EXT, Ext.REQUEST_PEER);
const REQUEST_TRACE = eventHeader(EventKind.EXT, Ext.REQUEST_TRACE);

const requestIds = new B.WeakMap<object, number>();
let nextRequestId = 1;

/** `sessionId` names the recording whose producers' listening ports traceContext.ts shares. */
export function installRequestEvents(sessionId: string, beforeEnd: Array<() => void>): void {
  installTraceContext(sessionId, beforeEnd);
  on('http.server.request.start', (message) => {
    const request = own(message, 'request');
    // First: the recorder's own trace headers leave the request before any program code runs.
    const traceparent = receivedTraceparent(request);
    start(request, RequestAction.SERVER_START, `${text(own(request, 'method'))} ${text(own(request, 'url'))}`);
    connection(request, own(request, 'socket'));
    trace(request, traceparent);
  });
  on('http.server.response.finish', (message) =>
    finish(own(message, 'request'), RequestAction.SERVER_FINISH, own(own(message, 'response'), 'statusCode')),
  );
  on('http.client.request.start', (message) => {
    const request = own(message, 'request');
    // Node 24 keeps the path under its private kPath (`path` is an accessor there).
    const path = own(request, 'path') ?? ownSymbol(request, 'kPath');
    const url = `${text(own(request, 'protocol'))}//${clientHost(request)}${text(path)}`;
    start(request, RequestAction.CLIENT_START, `${text(own(request, 'method'))} ${url}`);
    trace(request, clientTraceparent(request));
  });
  on('http.client.response.finish', (message) => {
    const request = own(message, 'request');
    connection(request, clientSocket(request)); // connected by now (at its start it may still be waiting for a socket)
    finish(request, RequestAction.CLIENT_FINISH, own(own(message, 'response'), 'statusCode'));
  });
  on('http.client.request.error', (message) => {
    const request = own(message, 'request');
    connection(request, clientSocket(request)); // a reset comes after a connection, a refusal before any
    finish(request, RequestAction.CLIENT_FINISH, 0, errorText(own(message, 'error')));
  });
  // fetch (undici): created, its status with the headers, finished with the trailers or failed.
  const undiciStatus = new B.WeakMap<object, number>();
  on('undici:request:create', (message) => {
    const request = own(message, 'request');
    const url = `${text(own(request, 'origin'))}${text(own(request, 'path'))}`;
    const traceparent = fetchTraceparent(request); // before undici writes the headers
    start(request, RequestAction.CLIENT_START, `${text(own(request, 'method'))} ${url}`);
    trace(request, traceparent);
  });
  // The socket a fetch's request is written to: its ports pair it with the server's request.
  on('undici:client:sendHeaders', (message) => connection(own(message, 'request'), own(message, 'socket')));
  on('undici:request:headers', (message) => {
    const request = own(message, 'request');
    const status = own(own(message, 'response'), 'statusCode');
    if (typeof request === 'object' && request !== null && typeof status === 'number')
      B.weakMapSet(undiciStatus, request, status);
  });
  const undiciEnd = (message: unknown) => {
    const request = own(message, 'request');
    const status = typeof request === 'object' && request !== null ? B.weakMapGet(undiciStatus, request) : undefined;
    finish(request, RequestAction.CLIENT_FINISH, status, errorText(own(message, 'error')));
  };
  on('undici:request:trailers', undiciEnd);
  on('undici:request:error', undiciEnd);
}

/** A client request's socket: Node 22 on keeps it under its private kSocket (`socket` is an accessor there). */
function clientSocket(request: unknown): unknown {
  return own(request, 'socket') ?? ownSymbol(request, 'kSocket');
}

/** The Host header Node set (host:port), from its own header store; else the bare host. */
function clientHost(request: unknown): string {
  const entry = own(ownSymbol(request, 'kOutHeaders'), 'host');
  const value = B.isArray(entry) ? own(entry, '1') : undefined;
  return typeof value === 'string' ? value : text(own(request, 'host'));
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4000" from the error's own data properties ('' for none). */
function errorText(error: unknown): string {
  const code = text(own(error, 'code'));
  const message = text(own(error, 'message'));
  if (code === '' && message === '' && error !== undefined && error !== null) return 'failed';
  return code !== '' && B.stringIndexOf(message, code) < 0 ? `${code}: ${message}` : message || code;
}

function start(request: unknown, action: number, description: string): void {
  if (typeof request !== 'object' || request === null || B.weakMapGet(requestIds, request) !== undefined) return;
  const id = nextRequestId++;
  B.weakMapSet(requestIds, request, id);
  // Readers make a request current from its start until the next run (callbackRuns.ts): the run
  // comes first. A server request starts its callback's work (one connection's next request has its
  // parser's id again); a client one started by no frame of ours belongs to the run written last.
  syncCallbackRun(action === RequestAction.SERVER_START);
  record(id, action, 0, description);
}

/** A finish's text is empty, or the error that ended the request (then its status is 0). */
function finish(request: unknown, action: number, status: unknown, error = ''): void {
  if (typeof request !== 'object' || request === null) return;
  const id = B.weakMapGet(requestIds, request) as number | undefined;
  if (id === undefined) return;
  record(id, action, error === '' && typeof status === 'number' ? status : 0, error);
}

/**
 * REQUEST_PEER [hdr, 3, requestId, localPort, remotePort] of the request's TCP connection, read from
 * the socket's handle (net.Socket's remotePort getter would cache `_peername` on the program's socket).
 */
function connection(request: unknown, socket: unknown): void {
  const id = typeof request === 'object' && request !== null ? B.weakMapGet(requestIds, request) : undefined;
  const handle = ownSymbol(socket, 'kHandle');
  if (typeof id !== 'number' || typeof handle !== 'object' || handle === null) return;
  const local = portOf(handle, 'getsockname');
  const remote = portOf(handle, 'getpeername');
  if (local === 0 || remote === 0) return; // a pipe, or not connected
  beginSized();
  put2(REQUEST_PEER, 3);
  put3(id, local, remote);
  endSized();
}

/** REQUEST_TRACE [hdr, 2 + k, requestId, c, k words: the traceparent] of a started request ('' : none). */
function trace(request: unknown, traceparent: string): void {
  const id = typeof request === 'object' && request !== null ? B.weakMapGet(requestIds, request) : undefined;
  if (typeof id !== 'number' || traceparent === '') return;
  const chars = traceparent.length < MAX_REQUEST_TEXT_CHARS ? traceparent.length : MAX_REQUEST_TEXT_CHARS;
  beginSized();
  put2(REQUEST_TRACE, 2 + packedWords(chars));
  put(id);
  putPackedText(traceparent, chars);
  endSized();
}

/** [hdr, 4 + k, requestId, action, status, c, k = ceil(c / 2) words: UTF-16, two units a word, low first] */
function record(requestId: number, action: number, status: number, description: string): void {
  const chars = description.length < MAX_REQUEST_TEXT_CHARS ? description.length : MAX_REQUEST_TEXT_CHARS;
  beginSized();
  put2(REQUEST, 4 + packedWords(chars));
  put3(requestId, action, status);
  putPackedText(description, chars);
  endSized();
}
