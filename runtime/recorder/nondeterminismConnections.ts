// Deferred recording's outgoing TCP connections (net.connect, http.request, a database driver…):
// their peers are not there at re-execution, so what each did is logged at the handle and made to
// happen again from the log. A deferred run logs the outcome of each program handle's connect or
// connect6 call and, as an async read at its turn, its completion ([connection, status, readable,
// writable], what Node's afterConnect gets, and the connection's local and remote ports, for the
// expanded trace's request links); the connection's reads, addresses and writes are then
// logged as an accepted connection's are (nondeterminismSockets.ts, nondeterminismSocketWrites.ts),
// under the same connection numbers.
// At re-execution the program's handle connects to a sink instead: a loopback server of Rewind's
// that reads and drops whatever the program writes and ends when the program does. The logged
// completion is handed to Node at its turn, once the real one has come; only the logged reads
// reach the socket. So the handle is a real, connected one (writes, shutdown, keep-alive and close
// behave as in the deferred run) and the peer's side is the log's.
// Knows the handle's connect methods and Node's connect request, not the log's encoding nor how a
// turn is kept.
import net from 'node:net';
import { ndSourceId, OUTGOING_FED_REASON } from '../format/deferred';
import { B } from './builtins';
import { portOf } from './channelReads';
import { noteFedAddress } from './fedAddresses';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

const CONNECT = ndSourceId('TCP.connect');
const CONNECTED = ndSourceId('TCP.connect complete');

/** Captured: the program may replace it. */
const NetServer = net.Server;
/** tcp_wrap's constant for a server handle (TCPConstants.SERVER). */
const SERVER_HANDLE = 1;
const LOOPBACK = '127.0.0.1';

/** Rewind's own handles at re-execution (its clients of a fed server, the sink's): never the program's. */
const ownHandles = new B.WeakMap<object, true>();
/** Set while Rewind makes the sink's server handle: the server hook leaves it alone. */
let makingOwnServer = false;

/** A handle Rewind made itself: its connect and addresses are not logged nor fed. */
export function claimOwnHandle(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null) B.weakMapSet(ownHandles, handle, true);
}

/** The server handle being created now is Rewind's (the sink), not the program's. */
export function isOwnServerBeingMade(): boolean {
  return makingOwnServer;
}

/** A connect request (Node's TCPConnectWrap) as the handle's connect methods get it. */
interface ConnectRequest {
  oncomplete: unknown;
}

/** Re-execution: a connection the program made, waiting for its logged completion. */
interface Pending {
  handle: object;
  request: ConnectRequest;
  /** Node's afterConnect (or afterConnectMultiple, bound), which the native side would have called. */
  complete: AnyFunction;
  /** The real connection to the sink has completed (with whatever status: the log's is given). */
  arrived: boolean;
}

/**
 * Wraps `tcpPrototype`'s connect and connect6 for the program's handles. `adopt` gives a new
 * connection its number (shared with accepted ones, in program order: the same in both runs).
 */
export function watchOutgoingConnections(
  tap: Tap,
  feed: FeedTap | undefined,
  tcpPrototype: object,
  adopt: (handle: object) => number,
): void {
  const pending = new B.Map<number, Pending>();
  let marked = false;
  let sinkPort: number | undefined;
  const realConnect = B.getOwnPropertyDescriptor(tcpPrototype, 'connect')?.value as AnyFunction | undefined;
  const wrap = (key: 'connect' | 'connect6'): void => {
    replaceFunction(tcpPrototype, key, (real) =>
      shapedLike(real, (self, args) => {
        const request = args[0] as ConnectRequest | undefined;
        if (
          B.weakMapGet(ownHandles, self as object) === true ||
          typeof request !== 'object' ||
          request === null ||
          typeof request.oncomplete !== 'function'
        )
          return B.apply(real, self, args as never[]);
        if (!feed && !marked) {
          // Only a reader that feeds outgoing connections may expand this log; older ones refuse it.
          marked = true;
          logUnsupported(OUTGOING_FED_REASON);
        }
        const number = adopt(self as object);
        const complete = request.oncomplete as AnyFunction;
        if (!feed) {
          const result = tap.read(CONNECT, 'number', real, self, args) as number;
          if (result === 0) request.oncomplete = loggingCompletion(tap, number, complete);
          return result;
        }
        const result = tap.read(CONNECT, 'number', real, self, args) as number;
        if (result !== 0) return result;
        const waiting: Pending = { handle: self as object, request, complete, arrived: false };
        B.mapSet(pending, number, waiting);
        request.oncomplete = shapedLike(complete, () => {
          waiting.arrived = true;
          feed.start();
          return undefined;
        });
        sinkPort ??= openSink(tcpPrototype);
        const error =
          sinkPort === undefined || !realConnect
            ? -1
            : (B.apply(realConnect, self, [request, LOOPBACK, sinkPort] as never[]) as number);
        if (error !== 0) feed.diverge(`connection #${number} could not reach Rewind's stand-in peer (error ${error})`);
        return 0;
      }),
    );
  };
  wrap('connect');
  wrap('connect6');
  if (feed) injectCompletions(tap, feed, pending);
}

/** A deferred run's completion stand-in: logs what the connect came to, at its turn, then Node's own runs. */
function loggingCompletion(tap: Tap, number: number, complete: AnyFunction): AnyFunction {
  return shapedLike(complete, (self, args) => {
    const ticket = tap.issue();
    return tap.turn('async read', ticket, () => {
      // The handle and request are the program's own. The ports (its native methods': the program's
      // calls are logged apart) let the expanded trace link this connection's requests to its peer's.
      const handle = args[1];
      const connected = args[0] === 0 && typeof handle === 'object' && handle !== null;
      const local = connected ? portOf(handle, 'getsockname') : 0;
      const remote = connected ? portOf(handle, 'getpeername') : 0;
      tap.complete(CONNECTED, 'json', ticket, null, [number, args[0], args[3], args[4], local, remote]);
      return B.apply(complete, self, args as never[]);
    });
  });
}

/** At re-execution: each logged completion is handed to Node, at its turn, once the real one has come. */
function injectCompletions(tap: Tap, feed: FeedTap, pending: Map<number, Pending>): void {
  const logged = (ticket: number): unknown[] =>
    tap.complete(CONNECTED, 'json', ticket, null, undefined)[1] as unknown[];
  const ready = (ticket: number): boolean => {
    const waiting = B.mapGet(pending, logged(ticket)[0]) as Pending | undefined;
    // One the program never made is a divergence, said at once by the injection.
    return waiting === undefined || waiting.arrived;
  };
  feed.inject(
    'async read',
    CONNECTED,
    (ticket) => {
      if (tap.issue() !== ticket)
        return feed.diverge(`a connection's completion is async read #${ticket} in the log, not here`);
      const value = logged(ticket);
      const number = value[0] as number;
      const waiting = B.mapGet(pending, number) as Pending | undefined;
      if (!waiting) return feed.diverge(`connection #${number} completed in the log, but was never made here`);
      B.mapDelete(pending, number);
      // The deferred run's ports, for the recorder's own reads (request links): not the stand-in's.
      noteFedAddress(waiting.handle, 'getsockname', { port: value[4] });
      noteFedAddress(waiting.handle, 'getpeername', { port: value[5] });
      B.apply(waiting.complete, undefined, [value[1], waiting.handle, waiting.request, value[2], value[3]] as never[]);
    },
    ready,
  );
}

/**
 * The stand-in peer at re-execution: a loopback server of Rewind's own that reads and drops what
 * each connection sends and ends it when the program ends its side. Its handle is made here (and
 * claimed before the server hook sees it), so it is never taken for one of the program's servers.
 * Returns its port, or undefined if it could not listen.
 */
function openSink(tcpPrototype: object): number | undefined {
  const Tcp = (tcpPrototype as { constructor: new (type: number) => object }).constructor;
  makingOwnServer = true;
  let handle: { bind(host: string, port: number): number; getsockname(out: object): number };
  try {
    handle = new Tcp(SERVER_HANDLE) as typeof handle;
  } finally {
    makingOwnServer = false;
  }
  claimOwnHandle(handle);
  if (handle.bind(LOOPBACK, 0) !== 0) return undefined;
  const server = new NetServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.resume();
    socket.unref();
  });
  server.on('error', () => undefined);
  server.listen({ handle });
  server.unref();
  const address: { port?: number } = {};
  handle.getsockname(address);
  return address.port;
}
