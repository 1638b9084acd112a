// The feeding side of deferred recording: a re-execution ("expansion") gets, at each wrapped read,
// the value the deferred run logged, and its async callbacks are checked against the logged order.
// The first mismatch (a read that is not the next logged one, a different callback, a value that
// ran out) is a divergence: a NOTE says where and why, and the program stops there, so the
// recording holds only the past the deferred run really had. Knows the log's decoded shape, not the
// ring nor which functions are wrapped.
import { Buffer } from 'node:buffer';
import {
  DIVERGED_EXIT_CODE,
  DIVERGENCE_PREFIX,
  PARTIAL_PREFIX,
  SIGNAL_END_PREFIX,
  NdForm,
  ndCallbackTypeId,
  ndCallbackTypeName,
  ndSourceName,
  type DeferredLog,
  type LoggedRead,
} from '../format/deferred';
import type { NoteInfo } from '../format/records';
import { rewindAsNative } from './hiddenFrames';
import { B } from './builtins';
import { quietRegExp } from './quietRegExp';
import { decodeFsValue } from './nondeterminismFsValues';
import type { Tap, ValueKind } from './nondeterminismTap';

/** A stack line's `file:line:column`; quiet (quietRegExp.ts): it runs inside the re-executed program. */
const stackLinePosition = quietRegExp(/\(?((?:file:\/\/)?\/[^()]*?:\d+:\d+)\)?\s*$/);

/** Frames of this bundle in a stack are ours. */
const OWN_FILE = `${__filename}:`;
const nodePrepareStackTrace = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace')?.value as unknown;

interface FeedControl {
  /** A partial expansion: stop before the log's callback of this index (from 0), as asked. */
  stopBefore?: number;
  note(note: NoteInfo): void;
  /** Runs `run` later, in a macrotask of Rewind's own (after the current one's microtasks). */
  defer(run: () => void): void;
  /** Runs `run` in `ms` milliseconds, in a timer of Rewind's own that keeps nothing alive. */
  after(run: () => void, ms: number): void;
  /** The signal that ended the deferred run (the launcher's collector ENDed it), if one did. */
  endedBySignal?: string;
  /** What the re-execution has yet to print of what the deferred run printed (undefined: nothing). */
  outputMissing?(): string | undefined;
  /** Ends the recording and the process (the wrapped process.reallyExit: no listener of the program's runs). */
  stop(code: number): void;
}

export interface FeedTap extends Tap {
  /** Why the log was not used up at the end (undefined when it was, or after a divergence). */
  unused(): string | undefined;
  /** Stops the re-execution here (a note says why), as a mismatched read does. */
  diverge(why: string): never;
  diverged(): boolean;
  /** The log says it holds this (an ND_UNSUPPORTED text this reader feeds: format/deferred.ts FED_NOW). */
  marked(reason: string): boolean;
  /** The deferred run's next write to that connection ([number, length, CRC-32]), undefined past its last. */
  loggedWrite(connection: number): readonly number[] | undefined;
  /**
   * Callbacks nothing real triggers at re-execution (a signal received, a chunk read from stdin):
   * when the log's next callback is of `type` (and, for an async read, of `source`), `run` makes it
   * happen, in a macrotask of Rewind's own. An async read's ticket is issued (and checked against
   * the log's) before `run` gets it. `ready`, if given, says whether it can happen yet (a
   * connection not yet accepted); if not, the turn waits until `start` is called again.
   */
  inject(
    type: string,
    source: number | undefined,
    run: (ticket: number) => void,
    ready?: (ticket: number) => boolean,
  ): void;
  /** After the program's first macrotask: a callback logged first that is injected happens then (and once ready). */
  start(): void;
  /**
   * `awaiting` is told, each time the log's next callback changes, the program's number of the
   * Timeout it is, or 0 when it is none (nondeterminismOrder.ts keeps the process alive for that
   * Timeout, and only while it is next: see keepAliveFor).
   */
  awaitTimeouts(awaiting: (ticket: number) => void): void;
}

export function createFeedTap(log: DeferredLog, control: FeedControl): FeedTap {
  let nextRead = 0;
  let nextCallback = 0;
  let tickets = 0;
  let diverged = false;
  let stopped = false;
  /** Per connection: the index in log.writes after its last write compared. */
  const writesTaken = new B.Map<number, number>();
  /** What the deferred run wrote to a connection that the re-execution did not, at the end. */
  const unwritten = (): string | undefined => {
    for (let at = 0; at < log.writes.length; at++) {
      const connection = log.writes[at][0];
      if (at < ((B.mapGet(writesTaken, connection) as number | undefined) ?? 0)) continue;
      return `${DIVERGENCE_PREFIX} at the end of the program: the deferred run wrote more to connection #${connection} than this one did (${log.writes[at][1]} long, CRC ${(log.writes[at][2] >>> 0).toString(16)}, next).`;
    }
    return undefined;
  };
  /** Before each callback runs: a partial expansion ends at the one it was asked to stop before. */
  const stopIfAsked = (): void => {
    if (control.stopBefore === undefined || nextCallback < control.stopBefore || diverged) return;
    stopped = true;
    control.note({
      level: 'info',
      message: `${PARTIAL_PREFIX}: the re-execution stopped, as asked, before callback #${nextCallback + 1} of the ${log.callbacks.length} logged; every step before it is the deferred run's, and nothing after it was re-executed.`,
    });
    control.stop(0);
  };
  /**
   * A deferred run a signal ended ran only as far as its log: once every logged callback has run,
   * the re-execution ends where it did — as soon as it has printed what the deferred run printed
   * (at most SETTLE_MAX_MS later: output of callbacks the log does not order, a socket's close),
   * or when it reaches a callback or read the deferred run never got to.
   */
  let settling = false;
  const ranOutAtSignal = (): boolean =>
    control.endedBySignal !== undefined && nextCallback >= log.callbacks.length && !diverged && !stopped;
  const endWhereSignalled = (): never => {
    const missing = control.outputMissing?.();
    if (missing !== undefined) return diverge(missing, 'the end of the deferred run');
    stopped = true;
    control.note({
      level: 'info',
      message: `${SIGNAL_END_PREFIX} ${control.endedBySignal} after its ${log.callbacks.length} logged callbacks, so the re-execution ends there too: every step in this recording is the deferred run's.`,
    });
    control.stop(0);
    throw new B.Error('unreachable: the re-execution stopped'); // stop() does not return
  };
  const settle = (waitedMs: number): void => {
    if (!ranOutAtSignal()) return;
    if (control.outputMissing?.() === undefined || waitedMs >= SETTLE_MAX_MS) endWhereSignalled();
    control.after(() => settle(waitedMs + SETTLE_POLL_MS), SETTLE_POLL_MS);
  };
  /** Told the number of the Timeout that is the log's next callback, 0 when the next is none. */
  let awaitingTimeout: ((ticket: number) => void) | undefined;
  const TIMEOUT = ndCallbackTypeId('Timeout');
  const ASYNC_READ = ndCallbackTypeId('async read');
  const nextTimeout = (): number => {
    const expected = log.callbacks[nextCallback];
    return expected !== undefined && expected.type === TIMEOUT ? expected.ticket : 0;
  };
  /** The log's next callback is the next one now: announced, whatever it is (a Timeout by its number). */
  const advance = (): void => {
    nextCallback++;
    awaitingTimeout?.(nextTimeout());
  };
  /** Callbacks that came before their logged turn, waiting for it (enforced order). */
  const held: Array<{ type: number; ticket: number; run: () => unknown }> = [];
  interface Injector {
    type: number;
    source: number | undefined;
    run: (ticket: number) => void;
    ready: ((ticket: number) => boolean) | undefined;
  }
  const injected: Injector[] = [];
  let releaseScheduled = false;
  /** The injector for the log's next callback, if nothing real triggers it. */
  const nextInjected = (): Injector | undefined => {
    const expected = log.callbacks[nextCallback];
    if (!expected) return undefined;
    for (const injector of injected) {
      if (injector.type !== expected.type) continue;
      if (injector.source === undefined || log.asyncReads.get(expected.ticket)?.source === injector.source)
        return injector;
    }
    return undefined;
  };
  const isNext = (type: number, ticket: number): boolean => {
    const expected = log.callbacks[nextCallback];
    return expected !== undefined && expected.type === type && expected.ticket === ticket;
  };
  const laterInLog = (type: number, ticket: number): boolean => {
    for (let index = nextCallback; index < log.callbacks.length; index++)
      if (log.callbacks[index].type === type && log.callbacks[index].ticket === ticket) return true;
    return false;
  };
  /** After a callback ran (and its microtasks): the held one whose turn has come, if any, runs. */
  const scheduleRelease = (): void => {
    if (!settling && ranOutAtSignal()) {
      settling = true;
      control.defer(() => settle(0));
    }
    if (releaseScheduled || (held.length === 0 && nextInjected() === undefined)) return;
    releaseScheduled = true;
    control.defer(() => {
      releaseScheduled = false;
      for (let index = 0; index < held.length; index++) {
        const waiting = held[index];
        if (!isNext(waiting.type, waiting.ticket)) continue;
        held.splice(index, 1);
        stopIfAsked();
        advance();
        try {
          waiting.run();
        } finally {
          scheduleRelease();
        }
        return;
      }
      const inject = nextInjected();
      if (!inject) return;
      const ticket = log.callbacks[nextCallback].ticket;
      if (inject.ready && !inject.ready(ticket)) return;
      stopIfAsked();
      advance();
      // An async read's ticket is issued here, in the program's order, for every injector alike.
      if (inject.type === ASYNC_READ && ++tickets !== ticket)
        diverge(`${ndSourceName(inject.source ?? 0)} is async read #${ticket} in the log, not here`, undefined);
      try {
        rewindAsNative(inject.run, ticket);
      } finally {
        scheduleRelease();
      }
    });
  };
  const diverge = (why: string, where: string | undefined): never => {
    diverged = true;
    const place = where ?? programPlace();
    control.note({
      level: 'error',
      message: `${DIVERGENCE_PREFIX}${place ? ` at ${place}` : ''}: ${why}. The recording ends there: every step before it is the deferred run's, and nothing after it was re-executed.`,
    });
    control.stop(DIVERGED_EXIT_CODE);
    throw new B.Error('unreachable: the re-execution stopped'); // stop() does not return
  };
  const take = (source: number): LoggedRead => {
    const read = log.reads[nextRead];
    if (!read && ranOutAtSignal()) endWhereSignalled();
    if (!read || read.source !== source)
      return diverge(
        `read #${nextRead + 1} is ${ndSourceName(source)}, the log has ${read ? ndSourceName(read.source) : 'no more reads'}`,
        undefined,
      );
    nextRead++;
    return read;
  };
  return {
    read(source, kind) {
      return fedValue(take(source), kind);
    },
    issue: () => ++tickets,
    complete(source, kind, ticket) {
      const read = log.asyncReads.get(ticket);
      if (!read || read.source !== source)
        return diverge(
          `async read #${ticket} is ${ndSourceName(source)}, the log has ${read ? ndSourceName(read.source) : 'no such read'}`,
          undefined,
        );
      return read.form === NdForm.ERROR ? [errorOf(read.value), undefined] : [null, decoded(read, kind)];
    },
    callback(type, ticket) {
      const expected = log.callbacks[nextCallback];
      if (!expected && ranOutAtSignal()) endWhereSignalled();
      const typeId = ndCallbackTypeId(type);
      if (!expected || expected.type !== typeId || expected.ticket !== ticket)
        diverge(
          `callback #${nextCallback + 1} is ${describeCallback(typeId, ticket)}, the log has ${expected ? describeCallback(expected.type, expected.ticket) : 'no more callbacks'}`,
          `the start of callback #${nextCallback + 1}`,
        );
      stopIfAsked();
      advance();
    },
    turn(type, ticket, run, keepsNothingAlive) {
      const typeId = ndCallbackTypeId(type);
      if (isNext(typeId, ticket)) {
        stopIfAsked();
        advance();
        try {
          return run();
        } finally {
          scheduleRelease();
        }
      }
      if (!laterInLog(typeId, ticket)) {
        if (ranOutAtSignal()) endWhereSignalled();
        // An unref'd timer the deferred run never ran: it ended before the timer was due (Node's
        // own Date-header cache, reset within a second, is one). It does not run here either.
        if (keepsNothingAlive?.()) return undefined;
        const expected = log.callbacks[nextCallback];
        return diverge(
          `callback #${nextCallback + 1} is ${describeCallback(typeId, ticket)}, which the log does not have (it has ${expected ? describeCallback(expected.type, expected.ticket) : 'no more callbacks'} next)`,
          `the start of callback #${nextCallback + 1}`,
        );
      }
      held.push({ type: typeId, ticket, run });
      return undefined;
    },
    unused() {
      if (diverged || stopped) return undefined;
      if (nextRead === log.reads.length && nextCallback === log.callbacks.length) return unwritten();
      const waiting = held.length ? ` (${held.length} came but never had their turn)` : '';
      return `${DIVERGENCE_PREFIX} at the end of the program: it made ${nextRead} of the ${log.reads.length} logged reads and ran ${nextCallback} of the ${log.callbacks.length} logged callbacks${waiting}, so the deferred run went on where this one ended.`;
    },
    diverge: (why) => diverge(why, undefined),
    diverged: () => diverged || stopped,
    marked: (reason) => log.marks.includes(reason),
    loggedWrite(connection) {
      const first = (B.mapGet(writesTaken, connection) as number | undefined) ?? 0;
      for (let at = first; at < log.writes.length; at++) {
        if (log.writes[at][0] !== connection) continue;
        B.mapSet(writesTaken, connection, at + 1);
        return log.writes[at];
      }
      B.mapSet(writesTaken, connection, log.writes.length);
      return undefined;
    },
    inject(type, source, run, ready) {
      injected.push({ type: ndCallbackTypeId(type), source, run, ready });
    },
    start: scheduleRelease,
    awaitTimeouts(awaiting) {
      awaitingTimeout = awaiting;
      awaiting(nextTimeout());
    },
  };
}

/** How long a re-execution whose log ran out at a signal waits for the rest of the deferred run's output. */
const SETTLE_MAX_MS = 2000;
const SETTLE_POLL_MS = 10;

function describeCallback(type: number, ticket: number): string {
  const name = ndCallbackTypeName(type);
  if (name === 'async read') return `the completion of async read #${ticket}`;
  return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} (the program's #${ticket})`;
}

/** What the program gets for a logged read: a throw when the read threw. */
function fedValue(read: LoggedRead, kind: ValueKind): unknown {
  if (read.form === NdForm.ERROR) throw errorOf(read.value);
  return decoded(read, kind);
}

function decoded(read: LoggedRead, kind: ValueKind): unknown {
  if (read.form === NdForm.UNDEFINED) return undefined;
  if (kind === 'bigint') return BigInt(read.value as string);
  if (kind === 'fs') return decodeFsValue(read.value);
  if (read.form === NdForm.BYTES) return Buffer.from(read.value as Uint8Array);
  return read.value;
}

/** The error the read threw in the deferred run, with its fields (a Node fs error's code, errno, path…). */
function errorOf(fields: unknown): unknown {
  const logged = fields as Record<string, unknown>;
  if (B.hasOwn(logged, 'thrown')) return logged.thrown;
  const error = new B.Error(typeof logged.message === 'string' ? logged.message : '');
  for (const key of B.ownKeys(logged) as string[]) {
    if (key === 'message') continue;
    if (key === 'name' && logged.name === 'Error') continue;
    B.defineProperty(error, key, {
      value: logged[key],
      writable: true,
      enumerable: key !== 'name',
      configurable: true,
    });
  }
  return error;
}

/** file:line:column of the program's innermost frame (source-mapped as Node prints it), if any. */
function programPlace(): string | undefined {
  const saved = B.getOwnPropertyDescriptor(B.Error, 'prepareStackTrace');
  const limit = B.getOwnPropertyDescriptor(B.Error, 'stackTraceLimit');
  try {
    // The program is about to be stopped: nothing of its own may run for this (its prepareStackTrace).
    B.defineProperty(B.Error, 'prepareStackTrace', {
      value: nodePrepareStackTrace,
      writable: true,
      configurable: true,
    });
    B.defineProperty(B.Error, 'stackTraceLimit', { value: 50, writable: true, configurable: true });
    const stack = new B.Error().stack ?? '';
    for (const line of stack.split('\n').slice(1)) {
      if (line.includes(OWN_FILE) || line.includes('(node:') || line.includes('at node:')) continue;
      const match = stackLinePosition(line);
      if (match) return match[1];
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (saved) B.defineProperty(B.Error, 'prepareStackTrace', saved);
    else delete (B.Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    if (limit) B.defineProperty(B.Error, 'stackTraceLimit', limit);
  }
}
