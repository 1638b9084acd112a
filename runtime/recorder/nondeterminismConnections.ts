// Deferred recording's outgoing connections, TCP and local sockets (net.connect, http.request, a
// database driver…): their peers are not there at re-execution, so what each did is logged at the
// handle and made to happen again from the log. A deferred run logs the outcome of each program
// handle's connect or connect6 call and, as an async read at its turn, its completion ([connection,
// status, readable, writable], what Node's afterConnect gets, and the connection's local and remote
// ports, for the expanded trace's request links); the connection's reads, addresses and writes are
// then logged as an accepted connection's are (nondeterminismSockets.ts,
// nondeterminismSocketWrites.ts), under the same connection numbers.
// At re-execution the program's handle connects to a sink instead: a server of Rewind's (on the
// loopback for TCP, at a private socket name for local sockets) that reads and drops whatever the
// program writes and ends when the program does. The logged completion is handed to Node at its
// turn, once the real one has come; only the logged reads reach the socket. So the handle is a
// real, connected one (writes, shutdown, keep-alive and close behave as in the deferred run) and the
// peer's side is the log's.
// Knows the handle's connect methods and Node's connect request, not the log's encoding nor how a
// turn is kept.
import net from 'node:net';
import os from 'node:os';
import { LOCAL_SOCKETS_FED_REASON, ndSourceId, OUTGOING_FED_REASON } from '../format/deferred';
import { B } from './builtins';
import { portOf } from './channelReads';
import { noteFedAddress } from './fedAddresses';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

/** A TCP handle (TCP.prototype) or a local socket's (Pipe.prototype: Unix domain sockets, Windows named pipes). */
export type SocketKind = 'tcp' | 'pipe';

const SOURCES = {
  tcp: { connect: ndSourceId('TCP.connect'), connected: ndSourceId('TCP.connect complete') },
  pipe: { connect: ndSourceId('Pipe.connect'), connected: ndSourceId('Pipe.connect complete') },
} as const;

/** Captured: the program may replace them. */
const NetSocket = net.Socket;
const createConnection = net.createConnection;
const ownPid = process.pid;
const platform = process.platform;
const temporaryFolder = os.tmpdir();
/** tcp_wrap's and pipe_wrap's constant for a server handle (TCPConstants.SERVER, PipeConstants.SERVER). */
const SERVER_HANDLE = 1;
const LOOPBACK = '127.0.0.1';
const BACKLOG = 511;
let privateNames = 0;

/**
 * A local socket name for a server of Rewind's at re-execution that nothing else uses and that
 * leaves nothing behind where it can: Linux's abstract namespace (no file), a Windows named pipe;
 * elsewhere a file in the temporary folder (a listening socket's file must stay while it listens).
 */
export function privateSocketName(): string {
  const name = `rewind-reexecuted-${ownPid}-${++privateNames}-${B.dateNow()}`;
  if (platform === 'linux') return `\0${name}`;
  if (platform === 'win32') return `\\\\?\\pipe\\${name}`;
  return `${temporaryFolder}/${name}.sock`;
}

/** Rewind's own handles at re-execution (its clients of a fed server, the sink's): never the program's. */
const ownHandles = new B.WeakMap<object, true>();
/** Set while Rewind makes the sink's server handle: the server hook leaves it alone. */
let makingOwnServer = false;
/** Set while Rewind connects a client of its own (a local socket's connects at once, before it returns). */
let makingOwnConnection = false;

/** A handle Rewind made itself: its connect and addresses are not logged nor fed. */
function claimOwnHandle(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null) B.weakMapSet(ownHandles, handle, true);
}

/**
 * A client of Rewind's own (net.createConnection's options): its connect is never the program's,
 * whether it happens at once (a local socket) or on the next tick (TCP, once its handle is claimed).
 */
export function connectOwn(options: object): net.Socket {
  makingOwnConnection = true;
  try {
    const client = B.apply(createConnection, net, [options] as never[]) as net.Socket;
    claimOwnHandle((client as unknown as { _handle?: unknown })._handle);
    return client;
  } finally {
    makingOwnConnection = false;
  }
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
 * Wraps `prototype`'s connect and connect6 (a local socket's has no connect6) for the program's
 * handles. `adopt` gives a new connection its number (shared by every kind and with accepted ones,
 * in program order: the same in both runs).
 */
export function watchOutgoingConnections(
  tap: Tap,
  feed: FeedTap | undefined,
  prototype: object,
  kind: SocketKind,
  adopt: (handle: object) => number,
): void {
  const pending = new B.Map<number, Pending>();
  const { connect: CONNECT, connected: CONNECTED } = SOURCES[kind];
  let marked = false;
  let sink: unknown[] | undefined;
  const realConnect = B.getOwnPropertyDescriptor(prototype, 'connect')?.value as AnyFunction | undefined;
  const wrap = (key: 'connect' | 'connect6'): void => {
    replaceFunction(prototype, key, (real) =>
      shapedLike(real, (self, args) => {
        const request = args[0] as ConnectRequest | undefined;
        if (
          makingOwnConnection ||
          B.weakMapGet(ownHandles, self as object) === true ||
          typeof request !== 'object' ||
          request === null ||
          typeof request.oncomplete !== 'function'
        )
          return B.apply(real, self, args as never[]);
        if (!feed && !marked) {
          // Only a reader that feeds outgoing connections may expand this log; older ones refuse it.
          marked = true;
          logUnsupported(kind === 'tcp' ? OUTGOING_FED_REASON : LOCAL_SOCKETS_FED_REASON);
        }
        const number = adopt(self as object);
        const complete = request.oncomplete as AnyFunction;
        if (!feed) {
          const result = tap.read(CONNECT, 'number', real, self, args) as number;
          if (result === 0) request.oncomplete = loggingCompletion(tap, CONNECTED, number, complete);
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
        // Where the sink listens: the arguments after the request of a connect to it.
        sink ??= openSink(prototype, kind);
        const error =
          sink === undefined || !realConnect
            ? -1
            : (B.apply(realConnect, self, [request, sink[0], sink[1]] as never[]) as number);
        if (error !== 0) feed.diverge(`connection #${number} could not reach Rewind's stand-in peer (error ${error})`);
        return 0;
      }),
    );
  };
  wrap('connect');
  if (kind === 'tcp') wrap('connect6');
  if (feed) injectCompletions(tap, feed, CONNECTED, pending);
}

/** A deferred run's completion stand-in: logs what the connect came to, at its turn, then Node's own runs. */
function loggingCompletion(tap: Tap, CONNECTED: number, number: number, complete: AnyFunction): AnyFunction {
  return shapedLike(complete, (self, args) => {
    // Node's own on the request again, as the native side left it: its frame then reads
    // "afterConnect [as oncomplete]", as in a plain run (INS-19).
    if (typeof self === 'object' && self !== null) (self as ConnectRequest).oncomplete = complete;
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
function injectCompletions(tap: Tap, feed: FeedTap, CONNECTED: number, pending: Map<number, Pending>): void {
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
      const value = logged(ticket);
      const number = value[0] as number;
      const waiting = B.mapGet(pending, number) as Pending | undefined;
      if (!waiting) return feed.diverge(`connection #${number} completed in the log, but was never made here`);
      B.mapDelete(pending, number);
      // The deferred run's ports, for the recorder's own reads (request links): not the stand-in's.
      noteFedAddress(waiting.handle, 'getsockname', { port: value[4] });
      noteFedAddress(waiting.handle, 'getpeername', { port: value[5] });
      // Called as the native side calls it: on the request, whose `oncomplete` it is again (INS-19).
      waiting.request.oncomplete = waiting.complete;
      B.apply(waiting.complete, waiting.request, [
        value[1],
        waiting.handle,
        waiting.request,
        value[2],
        value[3],
      ] as never[]);
    },
    ready,
  );
}

/**
 * The stand-in peer at re-execution: a server of Rewind's own (on the loopback for TCP, at a private
 * name for local sockets) that reads and drops what each connection sends and ends it when the
 * program ends its side. Its handle is made here (and claimed before the server hook sees it), so it
 * is never taken for one of the program's servers. Returns where it listens, as a connect's
 * arguments after the request ([host, port] or [name]), or undefined if it could not listen.
 */
function openSink(prototype: object, kind: SocketKind): unknown[] | undefined {
  const Handle = (prototype as { constructor: new (type: number) => object }).constructor;
  makingOwnServer = true;
  let handle: {
    bind(...where: unknown[]): number;
    listen(backlog: number): number;
    unref(): void;
    getsockname?(out: object): number;
    onconnection?: (error: number, accepted: object | undefined) => void;
  };
  try {
    handle = new Handle(SERVER_HANDLE) as typeof handle;
  } finally {
    makingOwnServer = false;
  }
  claimOwnHandle(handle);
  const name = kind === 'pipe' ? privateSocketName() : undefined;
  if ((name === undefined ? handle.bind(LOOPBACK, 0) : handle.bind(name)) !== 0) return undefined;
  // The raw handle, not a net.Server: `listen({ handle })` takes a TCP handle as is but makes a new
  // handle from a Pipe's descriptor, which the server hook would count as the program's.
  handle.onconnection = (error: number, accepted: object | undefined) => {
    if (error !== 0 || !accepted) return;
    const socket = new NetSocket({ handle: accepted, readable: true, writable: true } as net.SocketConstructorOpts);
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.resume();
    socket.unref();
  };
  if (handle.listen(BACKLOG) !== 0) return undefined;
  handle.unref();
  if (name !== undefined) return [name];
  const address: { port?: number } = {};
  handle.getsockname?.(address);
  return address.port === undefined ? undefined : [LOOPBACK, address.port];
}
