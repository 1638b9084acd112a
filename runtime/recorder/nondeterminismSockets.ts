// Deferred recording's servers, TCP and local sockets (net, http): a server's clients are not there
// at re-execution, so what they did is logged at the handles, below every API Node builds on them,
// and made to happen again from the log. A deferred run logs the outcome of each server handle's
// bind, bind6 and listen, each address a server or accepted handle reports (getsockname,
// getpeername: TCP's), and, each as an async read at its turn in the callback order, every
// connection a server accepted (its number and the accept's error) and every read Node made on an
// accepted or outgoing connection (what its onStreamRead did: a chunk pushed, the end, an error,
// nothing). Outgoing connections' own steps are nondeterminismConnections.ts's.
// At re-execution a server binds 127.0.0.1 on a free port instead, or a private name for a local
// socket (the program sees its logged address); at each logged connection's turn Rewind connects to
// it itself and hands the accepted handle to Node's onconnection; each logged read is made at its
// turn to the program's socket as onStreamRead would (push, end, destroy); whatever the real
// connection reads is dropped, and what the program writes reaches Rewind's end, which reads and
// drops it.
// HTTP's parser reads an accepted socket in native code where it can (parser.consume): a logged
// connection's handle is marked consumed first, so http reads it through the socket, as for any
// other stream, and its reads are seen here.
// Knows Node's TCP and Pipe handles and net.Socket's read path, not the log's encoding nor how a
// turn is kept.
import {
  LOCAL_SOCKETS_FED_REASON,
  ndSourceId,
  SOCKET_WRITES_REASON,
  SOCKETS_FED_REASON,
  type NdSource,
} from '../format/deferred';
import { B } from './builtins';
import { symbolNamed } from './channelReads';
import { markFed, noteFedAddress } from './fedAddresses';
import {
  connectOwn,
  isOwnServerBeingMade,
  privateSocketName,
  watchOutgoingConnections,
  type SocketKind,
} from './nondeterminismConnections';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import { readWord, wrapAddressRead, wrapOutcome, writeWord } from './nondeterminismHandleMethods';
import { watchDatagrams } from './nondeterminismDatagrams';
import { readyOnceMade } from './nondeterminismWaits';
import { watchSocketWrites } from './nondeterminismSocketWrites';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

/** Captured: the program may replace it. */
const bufferFrom = Buffer.from.bind(Buffer) as (text: string, encoding: 'utf8') => Buffer;

const CONNECTION = ndSourceId('TCP.onconnection');
const READ = ndSourceId('TCP.onread');

/** What a logged read did: its fifth byte, after the connection's number. */
const ReadKind = { DATA: 0, END: 1, ERROR: 2, NOTHING: 3 } as const;
type ReadKind = (typeof ReadKind)[keyof typeof ReadKind];
const READ_HEADER_BYTES = 5;

/** Where a server at re-execution really listens: its clients are Rewind's own. */
const LOOPBACK = '127.0.0.1';
const BACKLOG = 511;

interface Server {
  handle: object;
  kind: SocketKind;
  number: number;
  /** Re-execution, a local socket server: the private name it really listens at. */
  realName: string | undefined;
  /** The `onconnection` Node set (net's), and what its native side calls instead. */
  listener: unknown;
  standIn: unknown;
  /** Re-execution: handles accepted from Rewind's connections, waiting for their logged turn, by arrival. */
  accepted: Map<number, object>;
  arrived: number;
  taken: number;
  connecting: boolean;
}

interface StreamHandle {
  reading?: boolean;
  readStop(): number;
}

/** The parts of net.Socket onStreamRead uses. */
interface ReadSocket {
  destroyed: boolean;
  push(chunk: unknown): boolean;
  read(size: number): unknown;
  destroy(error?: unknown): unknown;
  _unrefTimer?: () => void;
}

/** What the sockets' watch gives the rest of deferred recording. */
export interface SocketWatch {
  /** Told each TCPSERVERWRAP, TCPWRAP, PIPESERVERWRAP, PIPEWRAP and UDPWRAP as it is created. */
  created(type: string, resource: object): void;
  /** Numbers a stream handle the program got some other way (a child's pipe) with the connections. */
  adopt(handle: object): number;
  /**
   * Numbers a stream handle made before Rewind loaded (a forked process's channel to its parent,
   * which Node opens first), watching its reads and writes from now on as a connection's.
   */
  adoptExisting(handle: object): number;
}

/**
 * Returns what to call with each TCPSERVERWRAP, TCPWRAP, PIPESERVERWRAP, PIPEWRAP and UDPWRAP as it
 * is created (nondeterminismOrder.ts's hook; UDP's go to nondeterminismDatagrams.ts). feed: a
 * re-execution's.
 */
export function watchServerSockets(tap: Tap, feed: FeedTap | undefined): SocketWatch {
  const serverOf = new B.WeakMap<object, Server>();
  const servers = new B.Map<number, Server>();
  /** Accepted handles the log knows, by their number (in the order accepted, the same in both runs). */
  const connectionNumber = new B.WeakMap<object, number>();
  const connections = new B.Map<number, object>();
  let serverCount = 0;
  let connectionCount = 0;
  const wrappedPrototypes = new B.Set<unknown>();
  let streamWrapped = false;
  const marked = new B.Set<string>();
  /** A mark (ND_UNSUPPORTED) only older readers keep, once: they refuse what they cannot feed. */
  const mark = (reason: string): void => {
    if (feed || B.setHas(marked, reason)) return;
    B.setAdd(marked, reason);
    logUnsupported(reason);
  };
  /** A deferred run whose program talks TCP or local sockets logs its writes: only a newer reader compares them. */
  const markWrites = (): void => mark(SOCKET_WRITES_REASON);
  const known = (handle: unknown): boolean =>
    B.weakMapGet(serverOf, handle as object) !== undefined ||
    B.weakMapGet(connectionNumber, handle as object) !== undefined;
  const adopt = (handle: object, server: Server): void => {
    const number = ++connectionCount;
    B.weakMapSet(connectionNumber, handle, number);
    if (feed) B.mapSet(connections, number, handle);
    if (feed) markFed(handle, server.handle);
    // http reads through the socket, not in native code (parser.consume), so the reads are seen.
    // Not enumerable: a net server's handle shows the keys it has in a plain run.
    B.defineProperty(handle, '_consumed', { value: true, writable: true, enumerable: false, configurable: true });
  };
  /** An outgoing connection (nondeterminismConnections.ts), numbered with the accepted ones. */
  const adoptOutgoing = (handle: object): number => {
    markWrites();
    const number = ++connectionCount;
    B.weakMapSet(connectionNumber, handle, number);
    if (feed) B.mapSet(connections, number, handle);
    if (feed) markFed(handle);
    // A logged read may be waiting for it (a child's pipe is made when the program gets round to it).
    feed?.start();
    return number;
  };
  const datagrams = watchDatagrams(tap, feed, adoptOutgoing);
  if (feed) injectConnections(tap, feed, servers, adopt);
  if (feed) injectReads(tap, feed, connections, () => connectionCount);
  /** A stream handle's prototype (TCP's or Pipe's) and the stream's below: wrapped once each. */
  const wrapPrototypes = (prototype: object, kind: SocketKind): void => {
    if (!B.setHas(wrappedPrototypes, prototype)) {
      B.setAdd(wrappedPrototypes, prototype);
      wrapHandleMethods(tap, feed, prototype, kind, serverOf, known, (server) =>
        takeOnconnection(tap, feed, server, adopt),
      );
      watchOutgoingConnections(tap, feed, prototype, kind, adoptOutgoing);
    }
    // LibuvStreamWrap.prototype, below both: wrapped once. A log from before format 3.17 has no
    // writes to compare with.
    if (!streamWrapped) {
      streamWrapped = true;
      if (!feed || feed.marked(SOCKET_WRITES_REASON))
        watchSocketWrites(tap, feed, B.getPrototypeOf(prototype) as object, (handle) =>
          typeof handle === 'object' && handle !== null
            ? (B.weakMapGet(connectionNumber, handle) as number | undefined)
            : undefined,
        );
    }
  };
  const created = (type: string, resource: object): void => {
    // A UDP handle has a prototype of its own and no stream below.
    if (type === 'UDPWRAP') return datagrams(resource);
    const kind: SocketKind = type === 'PIPEWRAP' || type === 'PIPESERVERWRAP' ? 'pipe' : 'tcp';
    // TCP.prototype or Pipe.prototype: a server's handles and its connections' share it.
    wrapPrototypes(B.getPrototypeOf(resource) as object, kind);
    if (type === 'TCPSERVERWRAP' || type === 'PIPESERVERWRAP') {
      // The stand-in peer of the program's outgoing connections at re-execution.
      if (isOwnServerBeingMade()) return;
      // Only a reader that feeds servers may expand this log; older ones refuse it (format/deferred.ts).
      mark(SOCKETS_FED_REASON);
      if (kind === 'pipe') mark(LOCAL_SOCKETS_FED_REASON);
      markWrites();
      const server: Server = {
        handle: resource,
        kind,
        realName: undefined,
        number: ++serverCount,
        listener: undefined,
        standIn: undefined,
        accepted: new B.Map(),
        arrived: 0,
        taken: 0,
        connecting: false,
      };
      B.weakMapSet(serverOf, resource, server);
      if (feed) B.mapSet(servers, server.number, server);
      if (feed) markFed(resource);
    } else {
      watchOnread(tap, feed !== undefined, resource, connectionNumber);
    }
  };
  const adoptExisting = (handle: object): number => {
    wrapPrototypes(B.getPrototypeOf(handle) as object, 'pipe');
    // Its reader is set already: taken back through the watch, which then hands Node a stand-in.
    const reader = (handle as { onread?: unknown }).onread;
    watchOnread(tap, feed !== undefined, handle, connectionNumber);
    (handle as { onread?: unknown }).onread = reader;
    return adoptOutgoing(handle);
  };
  return { created, adopt: adoptOutgoing, adoptExisting };
}

/**
 * TCP.prototype's bind, bind6 and listen (a server's: each returns 0 or an error number) and
 * getsockname/getpeername (fill their argument, return 0 or an error number), for the handles the
 * log knows (servers, accepted and outgoing connections); Rewind's own are let through.
 */
function wrapHandleMethods(
  tap: Tap,
  feed: FeedTap | undefined,
  prototype: object,
  kind: SocketKind,
  serverOf: WeakMap<object, Server>,
  known: (handle: unknown) => boolean,
  listening: (server: Server) => void,
): void {
  const realBind = B.getOwnPropertyDescriptor(prototype, 'bind')?.value as AnyFunction | undefined;
  // A local socket's handle has no addresses to read (net reports its name from JavaScript).
  realGetsockname ??= B.getOwnPropertyDescriptor(prototype, 'getsockname')?.value as AnyFunction | undefined;
  const outcome = (key: string, name: NdSource, harmless: (real: AnyFunction, server: Server) => number): void =>
    wrapOutcome<Server>(
      tap,
      feed,
      prototype,
      key,
      name,
      (self) => {
        const server = B.weakMapGet(serverOf, self as object) as Server | undefined;
        if (server !== undefined && key === 'listen') listening(server);
        return server;
      },
      harmless,
      (server, error) => {
        const where = server.kind === 'tcp' ? `on ${LOOPBACK}` : 'at a private name';
        return `a ${kindName(server)} server could not ${key} ${where} at re-execution (error ${error})`;
      },
    );
  // At re-execution a server that bound binds the loopback on a free port (bind6 too: its family is
  // not seen, its logged address is), or a private name for a local socket (the program's may be in
  // use, by the very server recorded), and one that listened listens.
  const listen = (real: AnyFunction, server: Server): number =>
    B.apply(real, server.handle, [BACKLOG] as never[]) as number;
  if (kind === 'pipe') {
    outcome('bind', 'Pipe.bind', (_real, server) => {
      server.realName = privateSocketName();
      return realBind ? (B.apply(realBind, server.handle, [server.realName] as never[]) as number) : -1;
    });
    outcome('listen', 'Pipe.listen', listen);
    return;
  }
  const bindLoopback = (_real: AnyFunction, server: Server): number =>
    realBind ? (B.apply(realBind, server.handle, [LOOPBACK, 0] as never[]) as number) : -1;
  outcome('bind', 'TCP.bind', bindLoopback);
  outcome('bind6', 'TCP.bind6', bindLoopback);
  outcome('listen', 'TCP.listen', listen);
  // Indexed, destructuring nothing: this runs once the program has run, which may have replaced array iterators.
  const addressReads = [
    ['getsockname', 'TCP.getsockname'],
    ['getpeername', 'TCP.getpeername'],
  ] as const;
  for (let index = 0; index < addressReads.length; index++)
    wrapAddressRead(
      tap,
      prototype,
      addressReads[index][0],
      addressReads[index][1],
      known,
      feed ? noteFedAddress : undefined,
    );
}

/** TCP.prototype's own getsockname, taken before it is wrapped. */
let realGetsockname: AnyFunction | undefined;

/** The port a server at re-execution really listens on (the program's getsockname gives the logged one). */
function realPort(server: Server): number | undefined {
  const out: { port?: number } = {};
  if (realGetsockname) B.apply(realGetsockname, server.handle, [out] as never[]);
  return out.port;
}

/**
 * Node sets a server handle's `onconnection` (a data property its native side looks up at each
 * accept) just before it calls `listen`: there it is swapped for a stand-in, shaped like it, that
 * logs each accept as an async read at its turn (a deferred run), or keeps the handles Rewind's
 * own connections made for their logged turns (a re-execution, injectConnections).
 */
function takeOnconnection(
  tap: Tap,
  feed: FeedTap | undefined,
  server: Server,
  adopt: (handle: object, server: Server) => void,
): void {
  const listener = (server.handle as { onconnection?: unknown }).onconnection;
  if (typeof listener !== 'function' || listener === server.standIn) return;
  server.listener = listener;
  server.standIn = feed
    ? shapedLike(listener as AnyFunction, (_self, args) => {
        const error = args[0] as number;
        const handle = args[1] as object | undefined;
        server.connecting = false;
        if (error === 0 && handle) B.mapSet(server.accepted, server.arrived++, handle);
        feed.start();
        return undefined;
      })
    : shapedLike(listener as AnyFunction, (self, args) => {
        const ticket = tap.issue();
        return tap.turn('async read', ticket, () => {
          const error = args[0] as number;
          const handle = args[1] as object | undefined;
          tap.complete(CONNECTION, 'json', ticket, null, [server.number, error]);
          if (error === 0 && handle) adopt(handle, server);
          return B.apply(listener as AnyFunction, self, args as never[]);
        });
      });
  (server.handle as { onconnection?: unknown }).onconnection = server.standIn;
}

/** At re-execution: each logged connection is accepted, at its logged turn, from one of Rewind's own. */
function injectConnections(
  tap: Tap,
  feed: FeedTap,
  servers: Map<number, Server>,
  adopt: (handle: object, server: Server) => void,
): void {
  /** The logged connection of that ticket: its server (by number) and the accept's error number. */
  const logged = (ticket: number): { server: Server | undefined; number: number; error: number } => {
    const value = tap.complete(CONNECTION, 'json', ticket, null, undefined)[1] as [number, number];
    return { server: B.mapGet(servers, value[0]) as Server | undefined, number: value[0], error: value[1] };
  };
  const ready = (ticket: number): boolean => {
    const { server, error } = logged(ticket);
    if (error !== 0 || !server || server.arrived > server.taken) return true;
    if (!server.connecting) connectTo(server);
    return false;
  };
  feed.inject(
    'async read',
    CONNECTION,
    (ticket) => {
      const { server, number, error } = logged(ticket);
      if (typeof server?.listener !== 'function')
        return feed.diverge(`server #${number} accepted a connection in the log, but is not listening here`);
      if (error !== 0)
        return void B.apply(server.listener as AnyFunction, server.handle, [error, undefined] as never[]);
      const handle = B.mapGet(server.accepted, server.taken) as object;
      B.mapDelete(server.accepted, server.taken++);
      adopt(handle, server);
      B.apply(server.listener as AnyFunction, server.handle, [0, handle] as never[]);
    },
    ready,
  );
}

/** "TCP" or "local socket", for messages. */
function kindName(server: Server): string {
  return server.kind === 'tcp' ? 'TCP' : 'local socket';
}

/** Rewind's end of a connection at re-execution: it reads and drops what the program writes, and ends when it does. */
function connectTo(server: Server): void {
  const port = server.kind === 'tcp' ? realPort(server) : undefined;
  if (port === undefined && server.realName === undefined) return;
  server.connecting = true;
  const where = port === undefined ? { path: server.realName } : { port, host: LOOPBACK };
  const client = connectOwn(where);
  client.on('error', () => undefined);
  client.on('connect', () => client.unref());
  client.on('end', () => client.end());
  client.resume();
}

/**
 * Every TCP handle's `onread` (Node sets it on the handle; its native side keeps it): the one Node
 * gets is a stand-in that, for a connection the log knows, logs what each read did (a deferred
 * run) or drops it (a re-execution: only the logged reads reach the socket, injectReads). The
 * program reading `onread` sees Node's own.
 */
function watchOnread(tap: Tap, fed: boolean, handle: object, connectionNumber: WeakMap<object, number>): void {
  let listener: unknown;
  const accessor: PropertyDescriptor = {
    configurable: true,
    get: () => listener,
    set(value: unknown) {
      listener = value;
      const standIn =
        typeof value !== 'function'
          ? value
          : function (this: unknown, arrayBuffer: unknown): unknown {
              const number = B.weakMapGet(connectionNumber, handle) as number | undefined;
              if (number === undefined) return B.apply(value as AnyFunction, this, [arrayBuffer] as never[]);
              if (fed) return undefined;
              const ticket = tap.issue();
              return tap.turn('async read', ticket, () =>
                readLogged(tap, ticket, number, handle, arrayBuffer, () =>
                  B.apply(value as AnyFunction, this, [arrayBuffer] as never[]),
                ),
              );
            };
      // The native setter (on the prototype) keeps what its side calls; then this accessor again.
      delete (handle as { onread?: unknown }).onread;
      (handle as { onread?: unknown }).onread = standIn;
      B.defineProperty(handle, 'onread', accessor);
    },
  };
  B.defineProperty(handle, 'onread', accessor);
}

/** The read being logged, if any: the socket it is for and what logs what it did (once). */
let capture: { socket: object; saw(key: 'push' | 'destroy', args: unknown[]): void } | undefined;
/** The wrappers captureThrough installed (where push and destroy are defined: Readable.prototype for net.Socket). */
const captureWrappers = new B.Set<unknown>();

/**
 * A deferred run's read on a logged connection: Node's onStreamRead runs, and the first thing it
 * does to the socket (push a chunk or the end, destroy it with an error) is logged before it
 * happens; a read that did neither is logged as nothing. A handle with no socket (a child's IPC
 * channel: its reader parses messages itself) has what its native side handed over logged.
 */
function readLogged(
  tap: Tap,
  ticket: number,
  number: number,
  handle: object,
  arrayBuffer: unknown,
  read: () => unknown,
): unknown {
  const socket = ownerOf(handle);
  let logged = false;
  const log = (kind: ReadKind, payload: Uint8Array | undefined): void => {
    if (logged) return;
    logged = true;
    tap.complete(READ, 'bytes', ticket, null, encodeRead(number, kind, payload));
  };
  if (typeof socket !== 'object' || socket === null) {
    logHandedOver(handle, arrayBuffer, log);
    return read();
  }
  const outer = capture;
  captureThrough(socket, 'push');
  captureThrough(socket, 'destroy');
  capture = {
    socket,
    saw(key, args) {
      const first = args[0];
      if (key === 'destroy') {
        if (first !== undefined && first !== null) log(ReadKind.ERROR, errorBytes(first));
      } else if (first === null) log(ReadKind.END, undefined);
      else if (B.isTypedArray(first)) log(ReadKind.DATA, first as Uint8Array);
    },
  };
  try {
    return read();
  } finally {
    capture = outer;
    log(ReadKind.NOTHING, undefined);
  }
}

/**
 * A socketless handle's read as its native side handed it over (Node's read state: the result and
 * the chunk's offset in `arrayBuffer`, none at the end or an error). Without that state, or with a
 * handle passed along (an IPC message carrying a socket or server), the read cannot be made again:
 * the log says so, and expansion refuses it.
 */
function logHandedOver(
  handle: object,
  arrayBuffer: unknown,
  log: (kind: ReadKind, payload: Uint8Array | undefined) => void,
): void {
  const node = nodeReadState();
  if ((handle as { pendingHandle?: unknown }).pendingHandle) logUnsupported(HANDLE_RECEIVED_REASON);
  if (!node || node.offset < 0) return logUnsupported(UNREAD_CHANNEL_REASON);
  const result = node.state[node.result];
  if (B.isArrayBuffer(arrayBuffer) && result > 0)
    return log(ReadKind.DATA, new B.Uint8Array(arrayBuffer as ArrayBuffer, node.state[node.offset], result));
  if (result === UV_EOF) return log(ReadKind.END, undefined);
  if (result < 0) return log(ReadKind.ERROR, errorBytes({ errno: result }));
  log(ReadKind.NOTHING, undefined);
}

const HANDLE_RECEIVED_REASON =
  'a socket or server was received over an IPC channel: the log does not hold it, so a re-execution cannot hand it over';
const UNREAD_CHANNEL_REASON =
  "an IPC channel's messages could not be logged (Node's read state was not to be had, as under --pending-deprecation)";

/**
 * Wraps `key` where the socket's prototype chain defines it (once per prototype): the wrapper tells
 * the read being logged what Node's onStreamRead did to its socket, and is the real one for every
 * other call. On the prototype, not the socket: the program's handlers, which run inside the read,
 * see the socket's own properties as in a plain run.
 */
function captureThrough(socket: object, key: 'push' | 'destroy'): void {
  let holder: object | null = socket;
  while (holder !== null && !B.hasOwn(holder, key)) holder = B.getPrototypeOf(holder) as object | null;
  if (holder === null || holder === socket) return;
  if (B.setHas(captureWrappers, B.getOwnPropertyDescriptor(holder, key)?.value)) return;
  const wrapper = replaceFunction(holder, key, (real) =>
    shapedLike(real, (self, args) => {
      if (capture !== undefined && self === capture.socket) capture.saw(key, args);
      return B.apply(real, self, args as never[]);
    }),
  );
  if (wrapper) B.setAdd(captureWrappers, wrapper);
}

/**
 * At re-execution: each logged read is made, at its turn, to the connection's socket as onStreamRead
 * made it — once the program has the connection: what makes it may come first in a callback the
 * log does not order (a pipe's close, after which the program forks a child), so a read for a
 * connection not yet made waits for it (`opened`: how many have been, numbered in program order).
 */
function injectReads(tap: Tap, feed: FeedTap, connections: Map<number, object>, opened: () => number): void {
  const logged = (ticket: number): Uint8Array => tap.complete(READ, 'bytes', ticket, null, undefined)[1] as Uint8Array;
  const ready = readyOnceMade(
    feed,
    (ticket) => readWord(logged(ticket), 0),
    opened,
    (number, waitedMs) => `connection #${number} read in the log, but the program had not made it ${waitedMs} ms later`,
  );
  feed.inject(
    'async read',
    READ,
    (ticket) => {
      const value = logged(ticket);
      const number = readWord(value, 0);
      const kind = value[4] as ReadKind;
      const handle = B.mapGet(connections, number) as object | undefined;
      if (!handle) return feed.diverge(`connection #${number} read in the log, but is not open here`);
      const payload = value.subarray(READ_HEADER_BYTES);
      const last = kind === ReadKind.END || kind === ReadKind.ERROR;
      // The connection's last read: it is not looked up again.
      if (last) B.mapDelete(connections, number);
      if (readThroughNode(handle, kind, payload)) return;
      const socket = ownerOf(handle) as ReadSocket | undefined;
      if (!socket) return feed.diverge(`connection #${number} read in the log, but has no socket here`);
      // Without Node's read state: what its onStreamRead does, step by step. First, whatever the read:
      // the socket's timeout starts again.
      socket._unrefTimer?.();
      if (kind === ReadKind.DATA) {
        if (socket.push(payload)) return;
        (handle as StreamHandle).reading = false;
        if (!socket.destroyed) (handle as StreamHandle).readStop();
      } else if (last) {
        if (kind === ReadKind.ERROR) return void socket.destroy(errorOf(payload));
        socket.push(null);
        socket.read(0);
      }
    },
    ready,
  );
}

/** libuv's end of stream, as a read's result. */
const UV_EOF = -4095;
/** Captured at load: the program may replace it (and Node wraps it only under --pending-deprecation). */
const processBinding = (process as unknown as { binding?: (name: string) => unknown }).binding;

/** Node's stream read state (stream_wrap's streamBaseState and its indices), looked up once; null if not to be had. */
let readState: { state: Int32Array; result: number; offset: number } | null | undefined;

function nodeReadState(): typeof readState {
  if (readState !== undefined) return readState;
  readState = null;
  // Not through a deprecation wrapper: under --pending-deprecation it would warn the program.
  if (typeof processBinding !== 'function' || processBinding.name !== 'binding') return readState;
  try {
    const binding = B.apply(processBinding, process, ['stream_wrap'] as never[]) as Record<string, unknown>;
    const state = binding.streamBaseState;
    if (B.isTypedArray(state) && typeof binding.kReadBytesOrError === 'number')
      readState = {
        state: state as Int32Array,
        result: binding.kReadBytesOrError,
        offset: typeof binding.kArrayBufferOffset === 'number' ? binding.kArrayBufferOffset : -1,
      };
  } catch {
    // left to the step-by-step path
  }
  return readState;
}

/**
 * A logged read made through Node's own onStreamRead (the handle's `onread`), as its native side
 * makes it: the read's result and offset in Node's read state, the chunk in an ArrayBuffer of its
 * own. The program's handlers then see a plain run's stack (INS-19: "at TCP.onStreamRead" last) and
 * everything onStreamRead does, in its order. False where that state is not to be had, or the read
 * is an error whose number the log lacks.
 */
function readThroughNode(handle: object, kind: ReadKind, payload: Uint8Array): boolean {
  const onread = (handle as { onread?: unknown }).onread;
  const node = nodeReadState();
  if (typeof onread !== 'function' || !node || node.offset < 0) return false;
  let result = 0;
  if (kind === ReadKind.DATA) result = B.typedArrayLength(payload);
  else if (kind === ReadKind.END) result = UV_EOF;
  else if (kind === ReadKind.ERROR) {
    const errno = (B.JSONParse(B.bufferToString(payload as Buffer, 'utf8')) as { errno?: unknown }).errno;
    if (typeof errno !== 'number' || errno >= 0) return false;
    result = errno;
  }
  // As the native side hands it over: a chunk in an ArrayBuffer, nothing at the end or an error
  // (an IPC channel's reader tells the end by that).
  let chunk: Uint8Array | undefined;
  if (kind === ReadKind.DATA || kind === ReadKind.NOTHING) {
    chunk = new B.Uint8Array(result);
    for (let index = 0; index < result; index++) chunk[index] = payload[index];
  }
  node.state[node.result] = result;
  node.state[node.offset] = 0;
  B.apply(onread as AnyFunction, handle, [chunk === undefined ? undefined : chunk.buffer] as never[]);
  return true;
}

let ownerSymbol: symbol | undefined;

/** The net.Socket a handle belongs to: Node's `owner_symbol` on the handle, found by its description once. */
function ownerOf(handle: object): unknown {
  ownerSymbol ??= symbolNamed(handle, 'owner_symbol');
  return ownerSymbol === undefined ? undefined : (handle as Record<symbol, unknown>)[ownerSymbol];
}

/** [connection number: 4 bytes, little-endian][kind: 1 byte][the chunk, or the error as JSON text]. */
function encodeRead(number: number, kind: ReadKind, payload: Uint8Array | undefined): Uint8Array {
  const length = payload ? B.typedArrayLength(payload) : 0;
  const bytes = new B.Uint8Array(READ_HEADER_BYTES + length);
  writeWord(bytes, 0, number);
  bytes[4] = kind;
  for (let index = 0; index < length; index++) bytes[READ_HEADER_BYTES + index] = payload![index];
  return bytes;
}

/** What a read error (Node's ErrnoException) carries that a program may look at: the message first. */
const ERROR_FIELDS = B.freeze(['message', 'code', 'errno', 'syscall']);

/** The fields of a read error as JSON text's bytes. */
function errorBytes(error: unknown): Uint8Array {
  const fields: Record<string, unknown> = {};
  for (let index = 0; index < ERROR_FIELDS.length; index++) {
    const key = ERROR_FIELDS[index];
    const descriptor = typeof error === 'object' && error !== null ? B.getOwnPropertyDescriptor(error, key) : undefined;
    if (descriptor && B.hasOwn(descriptor, 'value')) fields[key] = descriptor.value;
  }
  return bufferFrom(B.JSONStringify(fields) as string, 'utf8');
}

function errorOf(payload: Uint8Array): Error {
  const fields = B.JSONParse(B.bufferToString(payload as Buffer, 'utf8')) as Record<string, unknown>;
  const error = new B.Error(typeof fields.message === 'string' ? fields.message : '');
  // From 1: the message is the constructor's.
  for (let index = 1; index < ERROR_FIELDS.length; index++) {
    const key = ERROR_FIELDS[index];
    if (fields[key] !== undefined)
      B.defineProperty(error, key, { value: fields[key], writable: true, enumerable: true, configurable: true });
  }
  return error;
}
