// Deferred recording's UDP sockets (dgram: a StatsD or syslog client, a DNS library, a discovery
// protocol): their peers are not there at re-execution, so what each socket did is logged at the
// handle and made to happen again from the log. A deferred run logs, for each of the program's UDP
// handles (numbered with its connections, in creation order), the outcome of bind, bind6, connect
// and connect6, the addresses it reports (getsockname, getpeername) and, as an async read at its
// turn, every message Node handed the program (onmessage: the read's result, the sender, the
// bytes); each datagram sent is digested as a connection's write is (nondeterminismSocketWrites.ts).
// At re-execution the handle binds the loopback on a free port instead, a connect connects it to
// a sink (a loopback socket of Rewind's that reads nothing: what reaches it is dropped by the
// kernel), every send goes to that sink, and only the logged messages reach the program, at their
// turns. Knows Node's UDP handle, not the log's encoding nor how a turn is kept.
import { DATAGRAMS_FED_REASON, ndSourceId } from '../format/deferred';
import { B } from './builtins';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import { readWord, wrapAddressRead, wrapOutcome, writeWord } from './nondeterminismHandleMethods';
import { checkWrite, digestBuffers } from './nondeterminismSocketWrites';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

const MESSAGE = ndSourceId('UDP.onmessage');
const LOOPBACK = '127.0.0.1';
/** A logged message before its sender and bytes: socket number, read result (4 bytes each), sender's length (2). */
const MESSAGE_HEADER_BYTES = 10;

/** Captured: the program may replace them. */
const bufferFrom = Buffer.from.bind(Buffer) as (data: string | Uint8Array, encoding?: 'utf8') => Buffer;

/** A socket's `onmessage`: Node's onMessage and the stand-in the native side calls instead. */
interface Listener {
  listener: unknown;
  standIn: unknown;
}

/** The parts of Node's UDP handle used here. */
interface UdpHandle {
  bind(address: string, port: number, flags: number): number;
  getsockname(out: object): number;
  unref(): void;
}

/**
 * Returns what to call with each UDPWRAP as it is created (nondeterminismOrder.ts's hook). `adopt`
 * numbers a program socket (with the connections: one numbering, in program order). feed: a
 * re-execution's.
 */
export function watchDatagrams(
  tap: Tap,
  feed: FeedTap | undefined,
  adopt: (handle: object) => number,
): (resource: object) => void {
  const numberOf = new B.WeakMap<object, number>();
  const sockets = new B.Map<number, object>();
  /** Node's onMessage for each socket, which the native side would have called, and its stand-in. */
  const listeners = new B.WeakMap<object, Listener>();
  let makingSink = false;
  let sink: { handle: UdpHandle; port: number } | undefined;
  let prototypeWrapped = false;
  let marked = false;
  const openSink = (prototype: object): number | undefined => {
    if (sink) return sink.port;
    const Handle = (prototype as { constructor: new () => UdpHandle }).constructor;
    makingSink = true;
    let handle: UdpHandle;
    try {
      handle = new Handle();
    } finally {
      makingSink = false;
    }
    const realBind = B.getOwnPropertyDescriptor(prototype, 'bind')?.value as AnyFunction;
    const realGetsockname = B.getOwnPropertyDescriptor(prototype, 'getsockname')?.value as AnyFunction;
    if (B.apply(realBind, handle, [LOOPBACK, 0, 0] as never[]) !== 0) return undefined;
    const address: { port?: number } = {};
    B.apply(realGetsockname, handle, [address] as never[]);
    if (address.port === undefined) return undefined;
    // It never reads: what the program sends it waits in its buffer, then is dropped.
    handle.unref();
    sink = { handle, port: address.port };
    return sink.port;
  };
  if (feed) injectMessages(tap, feed, sockets, listeners);
  return (resource) => {
    if (makingSink) return;
    if (!prototypeWrapped) {
      prototypeWrapped = true;
      wrapHandle(tap, feed, B.getPrototypeOf(resource) as object, numberOf, openSink);
    }
    if (!feed && !marked) {
      // Only a reader that feeds UDP may expand this log; older ones refuse it (format/deferred.ts).
      marked = true;
      logUnsupported(DATAGRAMS_FED_REASON);
    }
    const number = adopt(resource);
    B.weakMapSet(numberOf, resource, number);
    if (feed) B.mapSet(sockets, number, resource);
    watchOnmessage(tap, feed !== undefined, resource, number, listeners);
  };
}

/**
 * UDP.prototype's bind, bind6, connect, connect6 (each returns 0 or an error number), getsockname and
 * getpeername (fill their argument), send and send6, for the program's sockets.
 */
function wrapHandle(
  tap: Tap,
  feed: FeedTap | undefined,
  prototype: object,
  numberOf: WeakMap<object, number>,
  openSink: (prototype: object) => number | undefined,
): void {
  const realBind = B.getOwnPropertyDescriptor(prototype, 'bind')?.value as AnyFunction | undefined;
  const realConnect = B.getOwnPropertyDescriptor(prototype, 'connect')?.value as AnyFunction | undefined;
  const realSend = B.getOwnPropertyDescriptor(prototype, 'send')?.value as AnyFunction | undefined;
  const numberOfSelf = (self: unknown): number | undefined =>
    typeof self === 'object' && self !== null ? (B.weakMapGet(numberOf, self) as number | undefined) : undefined;
  const ours = (self: unknown): boolean => numberOfSelf(self) !== undefined;
  // At re-execution: bind the loopback on a free port (bind6 too: the family is not seen, the logged
  // address is); connect to the sink.
  const harmless = {
    bind: (self: unknown): number => (realBind ? (B.apply(realBind, self, [LOOPBACK, 0, 0] as never[]) as number) : -1),
    connect: (self: unknown): number => {
      const port = openSink(prototype);
      if (port === undefined || !realConnect) return -1;
      return B.apply(realConnect, self, [LOOPBACK, port] as never[]) as number;
    },
  };
  const outcomes = [
    ['bind', 'UDP.bind', 'bind'],
    ['bind6', 'UDP.bind6', 'bind'],
    ['connect', 'UDP.connect', 'connect'],
    ['connect6', 'UDP.connect6', 'connect'],
  ] as const;
  // Indexed, destructuring nothing: the program may have replaced array iterators.
  for (let index = 0; index < outcomes.length; index++) {
    const key = outcomes[index][0];
    const atReexecution = harmless[outcomes[index][2]];
    wrapOutcome(
      tap,
      feed,
      prototype,
      key,
      outcomes[index][1],
      (self) => (ours(self) ? self : undefined),
      (_real, self) => atReexecution(self),
      (_self, error) => `a UDP socket could not ${key} on ${LOOPBACK} at re-execution (error ${error})`,
    );
  }
  const addressReads = [
    ['getsockname', 'UDP.getsockname'],
    ['getpeername', 'UDP.getpeername'],
  ] as const;
  for (let index = 0; index < addressReads.length; index++) {
    wrapAddressRead(tap, prototype, addressReads[index][0], addressReads[index][1], ours);
  }
  // send(req, list, count, port, address, hasCallback), or (req, list, count, hasCallback) once
  // connected; send6 the same to an IPv6 address.
  const sends = ['send', 'send6'] as const;
  for (let index = 0; index < sends.length; index++) {
    replaceFunction(prototype, sends[index], (real) =>
      shapedLike(real, (self, args) => {
        const number = numberOfSelf(self);
        if (number === undefined) return B.apply(real, self, args as never[]);
        const list = args[1];
        checkWrite(tap, feed, self, number, digestBuffers(B.isArray(list) ? (list as unknown[]) : []));
        if (!feed || args.length <= 4) return B.apply(real, self, args as never[]);
        // At re-execution an addressed datagram goes to the sink (over IPv4: the socket is bound there).
        const port = openSink(prototype);
        if (port === undefined || !realSend) return B.apply(real, self, args as never[]);
        return B.apply(realSend, self, [args[0], args[1], args[2], port, LOOPBACK, args[5]] as never[]);
      }),
    );
  }
}

/**
 * A UDP handle's `onmessage` (Node sets it once, just after the handle's `init`; the native side
 * looks it up at each message): a stand-in shaped like Node's onMessage logs each message at its
 * turn (a deferred run) or drops the real ones (a re-execution: only logged messages reach the
 * program, injectMessages).
 */
function watchOnmessage(
  tap: Tap,
  fed: boolean,
  handle: object,
  number: number,
  listeners: WeakMap<object, Listener>,
): void {
  B.defineProperty(handle, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: () => undefined,
    set(value: unknown) {
      const entry: Listener = { listener: value, standIn: value };
      if (typeof value === 'function')
        entry.standIn = shapedLike(value as AnyFunction, (self, args) => {
          if (fed) return undefined;
          const ticket = tap.issue();
          return tap.turn('async read', ticket, () => {
            tap.complete(MESSAGE, 'bytes', ticket, null, encodeMessage(number, args));
            return callAsNative(handle, entry, self, args);
          });
        });
      B.weakMapSet(listeners, handle, entry);
      // From now on a data property, as Node left it: the stand-in, shaped like onMessage.
      B.defineProperty(handle, 'onmessage', {
        value: entry.standIn,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  });
}

/**
 * Calls Node's onMessage as the native side would: with it, not the stand-in, as the handle's
 * `onmessage` meanwhile, so its frame reads "onMessage [as onmessage]" as in a plain run (INS-19) and
 * the program's handlers see Node's own there; the stand-in is put back after, unless the program
 * put something else there.
 */
function callAsNative(handle: object, entry: Listener, self: unknown, args: unknown[]): unknown {
  const holder = handle as { onmessage?: unknown };
  holder.onmessage = entry.listener;
  try {
    return B.apply(entry.listener as AnyFunction, self, args as never[]);
  } finally {
    if (holder.onmessage === entry.listener) holder.onmessage = entry.standIn;
  }
}

/** At re-execution: each logged message is handed, at its turn, to Node's onMessage for its socket. */
function injectMessages(
  tap: Tap,
  feed: FeedTap,
  sockets: Map<number, object>,
  listeners: WeakMap<object, Listener>,
): void {
  feed.inject('async read', MESSAGE, (ticket) => {
    const value = tap.complete(MESSAGE, 'bytes', ticket, null, undefined)[1] as Uint8Array;
    const number = readWord(value, 0) >>> 0;
    const nread = readWord(value, 4);
    const senderBytes = value[8] | (value[9] << 8);
    const handle = B.mapGet(sockets, number) as object | undefined;
    const entry = handle && (B.weakMapGet(listeners, handle) as Listener | undefined);
    if (!handle || !entry || typeof entry.listener !== 'function')
      return feed.diverge(`UDP socket #${number} got a message in the log, but has no listener here`);
    const sender = B.JSONParse(
      B.bufferToString(bufferFrom(value.subarray(MESSAGE_HEADER_BYTES, MESSAGE_HEADER_BYTES + senderBytes)), 'utf8'),
    ) as unknown;
    const data = nread < 0 ? undefined : bufferFrom(value.subarray(MESSAGE_HEADER_BYTES + senderBytes));
    callAsNative(handle, entry, handle, [nread, handle, data, sender]);
  });
}

/** [socket number: 4 bytes][the read's result: 4][sender's JSON length: 2][sender as JSON][bytes], little-endian. */
function encodeMessage(number: number, args: unknown[]): Uint8Array {
  const nread = typeof args[0] === 'number' ? args[0] : -1;
  const sender = bufferFrom(B.JSONStringify(args[3] ?? null) as string, 'utf8');
  const data = nread >= 0 && B.isTypedArray(args[2]) ? (args[2] as Uint8Array) : undefined;
  const dataLength = data ? B.typedArrayLength(data) : 0;
  const senderLength = B.typedArrayLength(sender);
  const bytes = new B.Uint8Array(MESSAGE_HEADER_BYTES + senderLength + dataLength);
  writeWord(bytes, 0, number);
  writeWord(bytes, 4, nread);
  bytes[8] = senderLength & 0xff;
  bytes[9] = (senderLength >>> 8) & 0xff;
  for (let index = 0; index < senderLength; index++) bytes[MESSAGE_HEADER_BYTES + index] = sender[index];
  const at = MESSAGE_HEADER_BYTES + senderLength;
  for (let index = 0; index < dataLength; index++) bytes[at + index] = data![index];
  return bytes;
}
