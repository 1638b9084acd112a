// Deferred recording's file watchers: fs.watch and fs.promises.watch (an FSEvent handle each, async
// type FSEVENTWRAP) and fs.watchFile (a StatWatcher handle, STATWATCHER). Their events depend on
// what else changed the disk, and a re-execution changes nothing (writes are fed, not performed),
// so they are handled at the handle, below every API Node builds on it: each handle gets a creation
// number (the same in every run of the same code); whether its `start` succeeded is a read; each
// call Node's native side makes to its `onchange` is an async read (the handle's number and the
// arguments) at its turn in the callback order. At re-execution `start` gives the logged outcome
// and, where it succeeded, really starts the handle on a path that does not change (so ref/unref,
// close and the event loop's liveness are the real handle's); whatever that real handle reports is
// dropped, and each logged call is made at its logged turn to the `onchange` Node set, so the
// program's FSWatcher, listener or async iterator gets it through Node's own code.
// Knows Node's watcher handles, not the log's encoding nor how a turn is kept.
import { ndSourceId, WATCHERS_FED_REASON, type NdSource } from '../format/deferred';
import { B } from './builtins';
import type { FeedTap } from './nondeterminismFeed';
import { logUnsupported } from './nondeterminismLog';
import type { Tap } from './nondeterminismTap';
import { replaceFunction } from './nondeterminismWrap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

interface HandleKind {
  start: NdSource;
  event: NdSource;
  /** `start`'s arguments at re-execution: the same, on a path that does not change. */
  harmless(args: unknown[]): unknown[];
}

/**
 * A path that exists and does not change while a re-execution runs: the Node binary running it.
 * Captured at load: the program may change process.execPath.
 */
const UNCHANGING_PATH = process.execPath;

const KINDS = new B.Map<string, HandleKind>([
  [
    'FSEVENTWRAP',
    {
      start: 'FSEvent.start',
      event: 'FSEvent.onchange',
      // (path, persistent, recursive, encoding): persistent decides ref; recursive has nothing to walk here.
      harmless: (args) => [UNCHANGING_PATH, args[1], false, args[3]],
    },
  ],
  [
    'STATWATCHER',
    {
      start: 'StatWatcher.start',
      event: 'StatWatcher.onchange',
      // (path, interval in ms)
      harmless: (args) => [UNCHANGING_PATH, args[1]],
    },
  ],
]);

interface Watched {
  handle: object;
  /** The `onchange` Node set on the handle (its FSWatcher's, fs.promises.watch's or StatWatcher's). */
  listener: unknown;
}

/**
 * Returns what to call with each async resource as it is created (nondeterminismOrder.ts's hook).
 * feed: a re-execution's.
 */
export function watchFileWatchers(tap: Tap, feed: FeedTap | undefined): (type: string, resource: object) => void {
  const numbers = new B.WeakMap<object, number>();
  const byNumber = new B.Map<number, Watched>();
  const wrappedPrototypes = new B.Set<object>();
  let created = 0;
  let flagged = false;
  if (feed) for (const kind of KINDS.values()) injectEvents(tap, feed, kind, byNumber);
  return (type, resource) => {
    const kind = B.mapGet(KINDS, type) as HandleKind | undefined;
    if (!kind) return;
    if (!feed && !flagged) {
      // Only a reader that feeds watchers may expand this log; older ones refuse it (format/deferred.ts).
      flagged = true;
      logUnsupported(WATCHERS_FED_REASON);
    }
    const number = ++created;
    B.weakMapSet(numbers, resource, number);
    const prototype = B.getPrototypeOf(resource) as object | null;
    if (prototype && !B.setHas(wrappedPrototypes, prototype)) {
      B.setAdd(wrappedPrototypes, prototype);
      wrapStart(tap, feed !== undefined, prototype, kind, numbers);
    }
    const watched: Watched = { handle: resource, listener: undefined };
    if (feed) B.mapSet(byNumber, number, watched);
    watchOnchange(tap, feed !== undefined, watched, kind, number);
  };
}

/** The handle's `start` returns 0 or an error number; Node throws that error (or starts watching). */
function wrapStart(
  tap: Tap,
  fed: boolean,
  prototype: object,
  kind: HandleKind,
  numbers: WeakMap<object, number>,
): void {
  const source = ndSourceId(kind.start);
  replaceFunction(prototype, 'start', (real) =>
    shapedLike(real, (self, args) => {
      // A handle made before boot is Node's own, not the program's: not logged.
      if (B.weakMapGet(numbers, self as object) === undefined) return B.apply(real, self, args as never[]);
      const outcome = tap.read(source, 'number', real, self, args);
      if (fed && outcome === 0) B.apply(real, self, kind.harmless(args) as never[]);
      return outcome;
    }),
  );
}

/**
 * Node sets the handle's `onchange` just after its `init`: an accessor takes it, and hands Node's
 * native side a stand-in that logs each call (a deferred run) or drops it (a re-execution: the real
 * handle watches an unchanging path, and only the logged calls get through, injectEvents).
 */
function watchOnchange(tap: Tap, fed: boolean, watched: Watched, kind: HandleKind, number: number): void {
  const source = ndSourceId(kind.event);
  let standIn: unknown;
  B.defineProperty(watched.handle, 'onchange', {
    configurable: true,
    enumerable: true,
    get: () => standIn,
    set(listener: unknown) {
      watched.listener = listener;
      // Shaped like Node's (name, length, text, prototype or none): the program may look at it.
      if (typeof listener !== 'function') standIn = listener;
      else if (fed) standIn = shapedLike(listener as AnyFunction, () => undefined);
      else
        standIn = shapedLike(listener as AnyFunction, (self, args) => {
          const ticket = tap.issue();
          return tap.turn('async read', ticket, () => {
            tap.complete(source, 'json', ticket, null, encodeEvent(number, args));
            return B.apply(listener as AnyFunction, self, args as never[]);
          });
        });
    },
  });
}

/** At re-execution: each logged event is made, at its logged turn, to the `onchange` Node set on that handle. */
function injectEvents(tap: Tap, feed: FeedTap, kind: HandleKind, byNumber: Map<number, Watched>): void {
  const source = ndSourceId(kind.event);
  feed.inject('async read', source, (ticket) => {
    const [, value] = tap.complete(source, 'json', ticket, null, undefined);
    const [number, args] = decodeEvent(value);
    const watched = B.mapGet(byNumber, number) as Watched | undefined;
    if (typeof watched?.listener !== 'function')
      return feed.diverge(`file watcher #${number} got an event in the log, but has no listener here`);
    B.apply(watched.listener as AnyFunction, watched.handle, args as never[]);
  });
}

/**
 * JSON of [handle number, …onchange's arguments]: a Buffer (a filename with `encoding: 'buffer'`)
 * as { bytes }, a typed array (StatWatcher's stats: both Stats' fields) as { float64 } or
 * { bigint64 }. Indexed loops: the program may have replaced the array iterators.
 */
function encodeEvent(number: number, args: unknown[]): unknown[] {
  const encoded: unknown[] = [number];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const tag = B.isTypedArray(arg) ? B.typedArrayTag(arg) : undefined;
    if (tag === undefined) encoded[index + 1] = arg;
    else if (B.isBuffer(arg)) encoded[index + 1] = { bytes: copied(arg as Uint8Array, (byte) => byte) };
    else if (tag === 'BigInt64Array')
      encoded[index + 1] = { bigint64: copied(arg as BigInt64Array, (field) => B.bigintToString(field)) };
    else encoded[index + 1] = { float64: copied(arg as Float64Array, (field) => field) };
  }
  return encoded;
}

function copied<Field, Encoded>(array: ArrayLike<Field>, encode: (field: Field) => Encoded): Encoded[] {
  const fields: Encoded[] = [];
  const length = B.typedArrayLength(array as unknown as Uint8Array);
  for (let index = 0; index < length; index++) fields[index] = encode(array[index]);
  return fields;
}

function decodeEvent(value: unknown): [number, unknown[]] {
  const logged = value as unknown[];
  const args: unknown[] = [];
  for (let index = 1; index < logged.length; index++) {
    const arg = logged[index];
    const tagged = (arg !== null && typeof arg === 'object' ? arg : {}) as {
      bytes?: number[];
      float64?: number[];
      bigint64?: string[];
    };
    if (tagged.bytes) args[index - 1] = Buffer.from(tagged.bytes);
    else if (tagged.float64) args[index - 1] = new Float64Array(tagged.float64);
    else if (tagged.bigint64) args[index - 1] = BigInt64Array.from(tagged.bigint64, (field) => BigInt(field));
    else args[index - 1] = arg;
  }
  return [logged[0] as number, args];
}
