// W3C trace context between the producers of one recording (issue 11 item 5): a recorded client's
// request to a server that is recorded too (its port is in listeningRegistry.ts, on this machine's
// loopback) carries a `traceparent` and `tracestate: rewind=1`, and the recorded server takes both
// out of the request before its program sees it (rawHeaders, and so headers and headersDistinct,
// are a plain run's). A request to any other peer gets nothing; a `traceparent` the program sends
// itself (OpenTelemetry) is used as it is, never replaced. Node 20 has no hook between a request's
// creation and its header text, so the header goes into that text (`_header`, not `getHeaders()`)
// by a stand-in for Node's `_storeHeader`, installed once Node's http client is loaded. Knows HTTP
// header text and Node's request objects, not the ring (httpRequests.ts records what this returns).
import { capturedCrypto } from '../capturedNode';
import { B } from './builtins';
import { quietRegExp } from './quietRegExp';
import { on, own, ownSymbol, portOf, symbolNamed, text } from './channelReads';
import { configureListeningRegistry, isRecordedListener, registerListening } from './listeningRegistry';
import { applyHidingOwnFrames } from './ownFrames';
import { shapedLike } from './standIn';

// The recorder's header matches, quiet (quietRegExp.ts): they run inside the program's requests.
const headerTraceparent = quietRegExp(/(?:^|\r\n)traceparent:[ \t]*([^\r]*)/i);
const httpOrigin = quietRegExp(/^http:\/\/([^/]+?)(?::(\d+))?$/);
const sentTraceparent = quietRegExp(/\r\ntraceparent:[ \t]*([^\r]*)\r\n/i);
const connectOrUpgrade = quietRegExp(/^CONNECT |\r\nupgrade:/i);
const hostPortOf = quietRegExp(/\r\nhost:[ \t]*[^\r]*:(\d+)\r\n/i);

/** The tracestate entry that says "the recorder added this trace context": the server removes it. */
const MARK = 'rewind=1';
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1', '[::1]'];
const getPrototypeOf = Object.getPrototypeOf;
/** The traceparent each client request sent (ours or the program's), by request. */
const sent = new B.WeakMap<object, string>();
let headerHookInstalled = false;

export function installTraceContext(sessionId: string, beforeEnd: Array<() => void>): void {
  configureListeningRegistry(sessionId, beforeEnd);
  // A recorded server's port, as soon as it listens (before its 'listening' callback can tell anyone).
  on('tracing:net.server.listen:asyncEnd', (message) => {
    const server = own(message, 'server');
    const handle = own(server, '_handle');
    if (isHttpServer(server) && typeof handle === 'object' && handle !== null)
      registerListening(portOf(handle, 'getsockname'));
  });
  // An http client request makes its socket before it stores its header text.
  on('net.client.socket', installHeaderHook);
  on('http.client.request.start', installHeaderHook);
}

/** The traceparent a client request sent ('' for none): ours, or the program's own. */
export function clientTraceparent(request: unknown): string {
  const ours = typeof request === 'object' && request !== null ? B.weakMapGet(sent, request) : undefined;
  if (typeof ours === 'string') return ours;
  const entry = own(ownSymbol(request, 'kOutHeaders'), 'traceparent');
  return B.isArray(entry) ? text(own(entry, '1')) : '';
}

/**
 * A fetch's (undici's request at `undici:request:create`, before its headers are written): the
 * program's traceparent, or ours added when its server is recorded; '' for none.
 */
export function fetchTraceparent(request: unknown): string {
  const headers = own(request, 'headers');
  if (B.isArray(headers)) {
    for (let at = 0; at + 1 < headers.length; at += 2)
      if (isNamed(headers[at], 'traceparent')) return text(headers[at + 1]);
  } else if (typeof headers === 'string') {
    const found = headerTraceparent(headers);
    if (found) return found[1];
  }
  const origin = httpOrigin(text(own(request, 'origin')));
  if (!origin || !isLoopback(origin[1]) || !isRecordedListener(Number(origin[2] ?? 80))) return '';
  const addHeader = own(getPrototypeOf(request), 'addHeader');
  if (typeof addHeader !== 'function') return '';
  const traceparent = newTraceparent();
  B.apply(addHeader, request, ['traceparent', traceparent]);
  B.apply(addHeader, request, ['tracestate', MARK]);
  return traceparent;
}

/**
 * A server request's traceparent ('' for none); when the recorder added it, it and its tracestate
 * entry leave the raw headers (before anything has read `headers`, which Node builds from them).
 */
export function receivedTraceparent(request: unknown): string {
  const raw = own(request, 'rawHeaders');
  if (!B.isArray(raw)) return '';
  let parentAt = -1;
  let markAt = -1;
  for (let at = 0; at + 1 < raw.length; at += 2) {
    if (parentAt < 0 && isNamed(raw[at], 'traceparent')) parentAt = at;
    else if (markAt < 0 && isNamed(raw[at], 'tracestate') && raw[at + 1] === MARK) markAt = at;
  }
  if (parentAt < 0) return '';
  const traceparent = text(raw[parentAt + 1]);
  if (markAt >= 0) removeOurHeaders(request as object, raw, parentAt, markAt);
  return traceparent;
}

/** Takes the two header pairs out of rawHeaders and Node's count of them; refuses if headers were built. */
function removeOurHeaders(request: object, raw: unknown[], parentAt: number, markAt: number): void {
  const countKey = symbolNamed(request, 'kHeadersCount');
  const count = countKey === undefined ? undefined : B.getOwnPropertyDescriptor(request, countKey);
  if (countKey === undefined || typeof count?.value !== 'number' || count.value !== raw.length) return;
  if (ownSymbol(request, 'kHeaders') || ownSymbol(request, 'kHeadersDistinct')) return;
  let kept = 0;
  for (let at = 0; at < raw.length; at += 2) {
    if (at === parentAt || at === markAt) continue;
    raw[kept++] = raw[at];
    raw[kept++] = raw[at + 1];
  }
  raw.length = kept;
  B.defineProperty(request, countKey, { ...count, value: kept });
}

/**
 * An http or https server (only they take our headers out: a plain TCP server, a proxy say, would
 * pass them on), told without loading either module.
 */
function isHttpServer(server: unknown): boolean {
  const loaded = own(process, 'moduleLoadList');
  if (!B.isArray(loaded)) return false;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded already (the module list says so) */
  if (hasEntry(loaded, 'NativeModule _http_server') && inheritsFrom(server, require('node:http').Server.prototype))
    return true;
  return hasEntry(loaded, 'NativeModule https') && inheritsFrom(server, require('node:https').Server.prototype);
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/**
 * Once Node's http client is loaded (its module list says so: loading it ourselves would cost a
 * program that never uses it): OutgoingMessage.prototype._storeHeader gets a stand-in that adds our
 * trace context to a client request's header text.
 */
function installHeaderHook(): void {
  if (headerHookInstalled) return;
  const loaded = own(process, 'moduleLoadList');
  if (!B.isArray(loaded) || !hasEntry(loaded, 'NativeModule _http_client')) return;
  headerHookInstalled = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded already; an import would load it at start-up
  const http = require('node:http') as typeof import('node:http');
  const clientPrototype = http.ClientRequest.prototype;
  const outgoing = http.OutgoingMessage.prototype;
  const descriptor = B.getOwnPropertyDescriptor(outgoing, '_storeHeader');
  const real = descriptor?.value as ((...args: never[]) => unknown) | undefined;
  if (!descriptor || typeof real !== 'function') return;
  const standIn = shapedLike(real, (self, args) => {
    // Three frames of ours (the stand-in, this body, applyHidingOwnFrames): never in an error's stack.
    const result = applyHidingOwnFrames(real, self, args, 3);
    try {
      addTraceHeader(self, clientPrototype);
    } catch {
      // the request goes as the program made it (linked by its connection instead)
    }
    return result;
  });
  B.defineProperty(outgoing, '_storeHeader', { ...descriptor, value: standIn });
}

/** After Node stored a client request's header text: our two headers go before its blank line. */
function addTraceHeader(request: unknown, clientPrototype: object): void {
  if (!inheritsFrom(request, clientPrototype)) return;
  const header = own(request, '_header');
  if (typeof header !== 'string' || B.stringSlice(header, -4) !== '\r\n\r\n') return;
  const programs = sentTraceparent(header);
  if (programs) return void B.weakMapSet(sent, request as object, programs[1]);
  // An upgrade or CONNECT request's headers reach the server's program before any request event.
  if (connectOrUpgrade(header) || own(request, 'socketPath')) return;
  if (!isLoopback(text(own(request, 'host')))) return;
  const hostPort = hostPortOf(header);
  const port = hostPort ? Number(hostPort[1]) : own(request, 'protocol') === 'https:' ? 443 : 80;
  if (!isRecordedListener(port)) return;
  const descriptor = B.getOwnPropertyDescriptor(request as object, '_header');
  if (!descriptor || descriptor.writable !== true) return;
  const traceparent = newTraceparent();
  const value = `${B.stringSlice(header, 0, -2)}traceparent: ${traceparent}\r\ntracestate: ${MARK}\r\n\r\n`;
  B.defineProperty(request as object, '_header', { ...descriptor, value });
  B.weakMapSet(sent, request as object, traceparent);
}

/** "00-<32 hex trace id>-<16 hex parent id>-01" (version 00, sampled). */
function newTraceparent(): string {
  const traceId = B.bufferToString(capturedCrypto.randomBytes(16), 'hex');
  const parentId = B.bufferToString(capturedCrypto.randomBytes(8), 'hex');
  return `00-${traceId}-${parentId}-01`;
}

function inheritsFrom(target: unknown, prototype: object): boolean {
  if (typeof target !== 'object' || target === null || B.isProxy(target)) return false;
  for (let at: unknown = getPrototypeOf(target); at !== null && typeof at === 'object'; at = getPrototypeOf(at)) {
    if (at === prototype) return true;
    if (B.isProxy(at)) return false;
  }
  return false;
}

function isLoopback(host: string): boolean {
  for (let at = 0; at < LOOPBACK_HOSTS.length; at++) if (LOOPBACK_HOSTS[at] === host) return true;
  return false;
}

const NAMED = { traceparent: quietRegExp(/^traceparent$/i), tracestate: quietRegExp(/^tracestate$/i) };

function isNamed(name: unknown, which: keyof typeof NAMED): boolean {
  return typeof name === 'string' && NAMED[which](name) !== null;
}

function hasEntry(list: unknown[], entry: string): boolean {
  for (let at = 0; at < list.length; at++) if (list[at] === entry) return true;
  return false;
}
