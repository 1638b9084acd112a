// Deferred recording's sources: wraps, before user code runs, every function through which a Node
// program reads something nondeterministic (clocks, randomness, process and os statistics, files
// (nondeterminismFiles.ts, nondeterminismPaths.ts, nondeterminismDirs.ts), dns (nondeterminismDns.ts),
// stdin and signals (nondeterminismInput.ts), file watchers' events (nondeterminismWatchers.ts), TCP
// servers' connections and what their clients sent (nondeterminismSockets.ts), asynchronous child
// processes (nondeterminismProcesses.ts),
// the order of timers and async reads (nondeterminismOrder.ts)) so each value goes through a Tap:
// logged by a deferred recording, fed back by its re-execution; those through which it changes the
// disk (nondeterminismWrites.ts), whose outcomes are logged the same way and which a re-execution
// does not perform, as it starts no synchronous child process (nondeterminismChildren.ts); and its
// opens (nondeterminismOpens.ts), whose descriptors a re-execution takes from scratch files. The
// wrappers look like what they replace (name, length, toString: functionText.ts), and Rewind's own
// reads use captured functions, never these.
// Knows which functions are nondeterministic, not how values are encoded or fed.
import crypto from 'node:crypto';
import Module from 'node:module';
import os from 'node:os';
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import { disguise } from './functionText';
import { shapedLike } from './standIn';
import { wrapChildren } from './nondeterminismChildren';
import { wrapDirectories } from './nondeterminismDirs';
import { wrapDns } from './nondeterminismDns';
import { wrapFileReads } from './nondeterminismFiles';
import { wrapPathReads } from './nondeterminismPaths';
import { wrapFileOpens } from './nondeterminismOpens';
import { captureRealPromisesAccess, wrapFileWrites } from './nondeterminismWrites';
import type { FeedTap } from './nondeterminismFeed';
import { injectSignals, watchSignalHandle, watchStdin } from './nondeterminismInput';
import { watchCallbackOrder } from './nondeterminismOrder';
import { watchFileWatchers } from './nondeterminismWatchers';
import { watchChildProcesses } from './nondeterminismProcesses';
import { watchServerSockets, type SocketWatch } from './nondeterminismSockets';
import { captureZlibCrc32 } from './nondeterminismSocketWrites';
import type { Tap, ValueKind } from './nondeterminismTap';
import {
  completion,
  replaceFunction,
  wrapRead,
  wrapUnlessCallback,
  type AnyFunction,
  type CallbackShape,
} from './nondeterminismWrap';

/**
 * feed: a re-execution's (it holds a timer or immediate that comes early until its logged turn, and
 * makes signals and stdin's chunks happen at theirs). onInit: told each async resource's type as it
 * is created. Returns the sockets' watch, for streams made before it (a forked process's channel).
 */
export function installNondeterminism(
  tap: Tap,
  feed: FeedTap | undefined,
  onInit?: (type: string) => void,
): SocketWatch {
  captureRealPromisesAccess();
  captureZlibCrc32();
  wrapClocks(tap);
  wrapRandomness(tap);
  wrapProcessStatistics(tap);
  wrapOs(tap);
  wrapFileReads(tap);
  wrapPathReads(tap);
  wrapDirectories(tap, feed);
  wrapFileWrites(tap, feed !== undefined);
  wrapFileOpens(tap, feed !== undefined);
  wrapDns(tap);
  wrapChildren(tap, feed !== undefined);
  const watchers = watchFileWatchers(tap, feed);
  const sockets = watchServerSockets(tap, feed);
  const children = watchChildProcesses(tap, feed, sockets.adopt);
  watchCallbackOrder(tap, feed, (type, resource) => {
    onInit?.(type);
    if (type === 'SIGNALWRAP') watchSignalHandle(tap, resource);
    // Compared here, not looked up there: on Node 20 this runs for every promise.
    else if (type === 'FSEVENTWRAP' || type === 'STATWATCHER') watchers(type, resource);
    else if (
      type === 'TCPSERVERWRAP' ||
      type === 'TCPWRAP' ||
      type === 'PIPESERVERWRAP' ||
      type === 'PIPEWRAP' ||
      type === 'UDPWRAP'
    )
      sockets.created(type, resource);
    else if (type === 'PROCESSWRAP') children(resource);
  });
  watchStdin(tap, feed);
  if (feed) injectSignals(feed);
  // ES modules importing these builtins see the wrapped functions too.
  (Module as unknown as { syncBuiltinESMExports?: () => void }).syncBuiltinESMExports?.();
  return sockets;
}

function wrapClocks(tap: Tap): void {
  const RealDate = Date;
  const realNow = RealDate.now;
  wrapRead(Date, 'now', 'Date.now', 'number', tap);
  const construct = ndSourceId('new Date');
  const now = () => tap.read(construct, 'number', realNow, RealDate, []) as number;
  // A Proxy keeps every static, the prototype, instanceof and subclassing; only the forms that read
  // the clock (no arguments) change, and they get the logged time.
  const LoggedDate = new Proxy(RealDate, {
    // Date(…) called as a function ignores its arguments and describes the current time.
    apply: () => new RealDate(now()).toString(),
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object,
  });
  disguise(LoggedDate, RealDate);
  B.defineProperty(RealDate.prototype, 'constructor', {
    ...B.getOwnPropertyDescriptor(RealDate.prototype, 'constructor'),
    value: LoggedDate,
  });
  B.defineProperty(globalThis, 'Date', { ...B.getOwnPropertyDescriptor(globalThis, 'Date'), value: LoggedDate });
  const performancePrototype = B.getPrototypeOf(performance) as object;
  wrapRead(performancePrototype, 'now', 'performance.now', 'number', tap);
  const origin = B.getOwnPropertyDescriptor(performancePrototype, 'timeOrigin');
  if (origin?.get && origin.configurable) {
    const realGet = origin.get;
    const source = ndSourceId('performance.timeOrigin');
    const get = {
      get timeOrigin(): unknown {
        return tap.read(source, 'number', realGet as AnyFunction, this, []);
      },
    };
    const wrappedGet = B.getOwnPropertyDescriptor(get, 'timeOrigin')!.get!;
    disguise(wrappedGet, realGet);
    B.defineProperty(performancePrototype, 'timeOrigin', { ...origin, get: wrappedGet });
  }
  const realBigint = process.hrtime.bigint;
  const hrtime = wrapRead(process, 'hrtime', 'process.hrtime', 'json', tap);
  if (hrtime) {
    B.defineProperty(hrtime, 'bigint', { value: realBigint, writable: true, enumerable: true, configurable: true });
    wrapRead(hrtime, 'bigint', 'process.hrtime.bigint', 'bigint', tap);
  }
}

function wrapRandomness(tap: Tap): void {
  wrapRead(Math, 'random', 'Math.random', 'number', tap);
  wrapRead(crypto, 'randomUUID', 'crypto.randomUUID', 'text', tap);
  const webCrypto = B.getPrototypeOf(globalThis.crypto) as object | null;
  if (webCrypto) {
    wrapRead(webCrypto, 'randomUUID', 'crypto.randomUUID', 'text', tap);
    wrapFilling(webCrypto, 'getRandomValues', 'crypto.getRandomValues', tap);
  }
  wrapFilling(crypto, 'randomFillSync', 'crypto.randomFillSync', tap);
  wrapRandomFill(tap);
  wrapUnlessCallback(crypto, 'randomInt', 'crypto.randomInt', 'number', tap);
  wrapUnlessCallback(crypto, 'randomBytes', 'crypto.randomBytes', 'bytes', tap);
}

/** A function that fills its first argument (a typed array) and returns it: the bytes are what is logged. */
function wrapFilling(target: object, key: string, name: NdSource, tap: Tap): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      const array = args[0] as ArrayBufferView;
      const result = tap.read(source, 'bytes', real, self, args);
      if (result === array || !ArrayBuffer.isView(array)) return result;
      // Fed: the logged bytes go where the real call would have put them.
      new B.Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(result as Uint8Array);
      return array;
    }),
  );
}

/**
 * crypto.randomFill(buffer, [offset, [size]], callback) calls back (error) or (null, buffer): the
 * buffer's bytes once filled are the value (bytes outside the filled range are the program's own,
 * the same at re-execution), written back whole when fed.
 */
function wrapRandomFill(tap: Tap): void {
  const source = ndSourceId('crypto.randomFill');
  replaceFunction(crypto, 'randomFill', (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      const target = args[0];
      if (typeof args[last] !== 'function' || !(ArrayBuffer.isView(target) || B.isArrayBuffer(target)))
        return B.apply(real, self, args as never[]);
      const bytes = (): Uint8Array =>
        ArrayBuffer.isView(target)
          ? new B.Uint8Array(target.buffer, target.byteOffset, target.byteLength)
          : new B.Uint8Array(target as ArrayBuffer);
      const shape: CallbackShape = {
        value: () => bytes(),
        args: (fed) => {
          if (fed !== undefined) bytes().set(fed as Uint8Array);
          return [target];
        },
      };
      args[last] = completion(tap, source, 'bytes', args[last] as AnyFunction, shape, true);
      return B.apply(real, self, args as never[]);
    }),
  );
}

function wrapProcessStatistics(tap: Tap): void {
  const realRss = (process.memoryUsage as unknown as { rss?: AnyFunction }).rss;
  const memoryUsage = wrapRead(process, 'memoryUsage', 'process.memoryUsage', 'json', tap);
  if (memoryUsage && realRss) {
    B.defineProperty(memoryUsage, 'rss', { value: realRss, writable: true, enumerable: true, configurable: true });
    wrapRead(memoryUsage, 'rss', 'process.memoryUsage.rss', 'number', tap);
  }
  wrapRead(process, 'cpuUsage', 'process.cpuUsage', 'json', tap);
  wrapRead(process, 'resourceUsage', 'process.resourceUsage', 'json', tap);
  wrapRead(process, 'uptime', 'process.uptime', 'number', tap);
}

const OS_READS: ReadonlyArray<readonly [string, NdSource, ValueKind]> = [
  ['hostname', 'os.hostname', 'text'],
  ['loadavg', 'os.loadavg', 'json'],
  ['uptime', 'os.uptime', 'number'],
  ['freemem', 'os.freemem', 'number'],
  ['totalmem', 'os.totalmem', 'number'],
  ['cpus', 'os.cpus', 'json'],
  ['networkInterfaces', 'os.networkInterfaces', 'json'],
  ['userInfo', 'os.userInfo', 'json'],
  ['homedir', 'os.homedir', 'text'],
  ['tmpdir', 'os.tmpdir', 'text'],
  ['release', 'os.release', 'text'],
  ['version', 'os.version', 'text'],
  ['availableParallelism', 'os.availableParallelism', 'number'],
];

function wrapOs(tap: Tap): void {
  for (const [key, name, kind] of OS_READS) wrapRead(os, key, name, kind, tap);
}
