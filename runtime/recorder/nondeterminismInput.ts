// Deferred recording's inputs from outside the process other than files: the signals it received
// (its listeners ran) and what process.stdin's stream got. A deferred run logs each, in the order
// of its other callbacks (ND_CALLBACK 'signal' with the signal's number; an async read of
// 'process.stdin' per chunk, undefined for the end). At re-execution neither comes by itself: each
// is made to happen at its logged turn (the signal's listeners are emitted; the chunk is pushed
// into process.stdin), and what the re-execution's own stdin gets is dropped.
// Knows Node's signal handles and stdin stream, not the log's encoding.
import { constants } from 'node:os';
import fs from 'node:fs';
import { ndSourceId } from '../format/deferred';
import { B } from './builtins';
import { letThroughFd } from './nondeterminismFiles';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { whenCreated } from './output';

type AnyFunction = (...args: never[]) => unknown;

/** Captured: the program may replace it. */
const { keys } = Object;

const STDIN = ndSourceId('process.stdin');

/**
 * Node's signal handle calls its `onsignal` (set just after the handle's async_hooks `init`) with
 * the signal's number: the handle given here gets an accessor that hands Node a logging stand-in.
 */
export function watchSignalHandle(tap: Tap, handle: object): void {
  let onsignal: unknown;
  B.defineProperty(handle, 'onsignal', {
    configurable: true,
    get: () => onsignal,
    set(listener: unknown) {
      onsignal =
        typeof listener === 'function'
          ? function (this: unknown, signal: number): unknown {
              return tap.turn('signal', signal, () => B.apply(listener as AnyFunction, this, [signal] as never[]));
            }
          : listener;
    },
  });
}

/** At re-execution: a logged signal is emitted to the program's listeners at its turn, as Node would. */
export function injectSignals(feed: FeedTap): void {
  const names = new B.Map<number, string>();
  for (const name of keys(constants.signals))
    B.mapSet(names, (constants.signals as Record<string, number>)[name], name);
  feed.inject('signal', undefined, (signal) => {
    const name = B.mapGet(names, signal) as string | undefined;
    if (name !== undefined) process.emit(name as NodeJS.Signals, name as NodeJS.Signals);
  });
}

/**
 * process.stdin's chunks, logged as its stream gets them (a deferred run) or pushed at their
 * logged turns (a re-execution, whose own stdin is dropped). A stdin redirected from a file reads
 * it with fs.read: those reads are the stream's, not logged twice.
 */
export function watchStdin(tap: Tap, feed: FeedTap | undefined): void {
  let injecting = false;
  let stream: NodeJS.ReadStream | undefined;
  whenCreated('stdin', (stdin) => {
    stream = stdin;
    if (stdin instanceof fs.ReadStream) letThroughFd((stdin as unknown as { fd: number }).fd);
    const realPush = stdin.push as AnyFunction;
    B.defineProperty(stdin, 'push', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: function push(this: unknown, ...args: unknown[]): unknown {
        // A re-execution's own stdin is not the deferred run's: only the logged chunks get in.
        if (feed) return injecting ? B.apply(realPush, this, args as never[]) : args[0] !== null;
        const chunk = args[0];
        const ticket = tap.issue();
        tap.turn('async read', ticket, () => tap.complete(STDIN, 'bytes', ticket, null, chunk ?? undefined));
        return B.apply(realPush, this, args as never[]);
      },
    });
  });
  feed?.inject('async read', STDIN, (ticket) => {
    const [, value] = tap.complete(STDIN, 'bytes', ticket, null, undefined);
    const stdin = stream ?? process.stdin;
    injecting = true;
    try {
      stdin.push(value === undefined ? null : (value as Buffer));
    } finally {
      injecting = false;
    }
  });
}
