// End of run (TR-05): learns why the process ends and calls finish(EndInfo) exactly once, without
// changing how it ends (INS-26). uncaughtExceptionMonitor (never an uncaughtException listener);
// for process.exit() the wrapped process.reallyExit (after the user's 'exit' listeners); 'exit'
// for everything else. No signal listener at all: any listener changes what programs observe
// (listenerCount, and libraries like signal-exit re-raise only when theirs are the only ones).
// A signal death is ended by the launcher's collector instead (incomplete, with an estimate of the
// unflushed tail), and the idle flush (recorder.ts) has already published everything a waiting
// program executed. process.kill(self) and process.abort() finish first.
import type { EndInfo, EndReason } from '../format/records';
import { B } from './builtins';

export type EndWithoutTotals = Omit<EndInfo, 'eventsEmitted' | 'eventsLost'>;

export function installExitHandlers(finish: (end: EndWithoutTotals) => void): void {
  let finished = false;
  let sawBeforeExit = false;
  let failure: { reason: EndReason; error: EndInfo['error'] } | undefined;
  const once = (end: EndWithoutTotals) => {
    if (finished) return;
    finished = true;
    finish(end);
  };
  const onExit = (exitCode: number) => {
    if (failure) return once({ reason: failure.reason, exitCode, error: failure.error });
    if (sawBeforeExit) return once({ reason: 'exit', exitCode });
    // process.exit(): Node calls process.reallyExit after every 'exit' listener; finish there so
    // what the user's listeners do is recorded too.
    if (deferToReallyExit) return;
    once({ reason: 'process-exit', exitCode });
  };
  const internals = process as unknown as { reallyExit?: (code?: number) => void };
  const originalReallyExit = internals.reallyExit;
  const deferToReallyExit = typeof originalReallyExit === 'function';
  if (originalReallyExit) {
    internals.reallyExit = function reallyExit(this: unknown, ...args: [number?]): void {
      if (failure) once({ reason: failure.reason, exitCode: args[0] ?? 0, error: failure.error });
      else once({ reason: sawBeforeExit ? 'exit' : 'process-exit', exitCode: args[0] ?? 0 });
      B.apply(originalReallyExit, this, args);
    };
  }
  // B.emitter*: the program may replace process.on & co. (INS-25).
  B.emitterOn(process, 'beforeExit', () => {
    sawBeforeExit = true;
    // Natural exit: move our 'exit' listener behind the user's, so what their listeners do is
    // recorded too. (process.exit() and fatal errors emit 'exit' without this chance.)
    B.emitterRemoveListener(process, 'exit', onExit);
    B.emitterOn(process, 'exit', onExit);
  });
  B.emitterOn(process, 'uncaughtExceptionMonitor', (error: unknown, origin: string) => {
    // With an uncaughtException listener of the user's, the process lives on: not an ending.
    if (B.emitterListenerCount(process, 'uncaughtException') > 0) return;
    failure = {
      reason: origin === 'unhandledRejection' ? 'unhandled-rejection' : 'uncaught-exception',
      error: describeError(error),
    };
    // Thrown by an 'exit' listener during process.exit(): Node will not emit 'exit' again.
    if ((process as unknown as { _exiting?: boolean })._exiting)
      once({
        reason: failure.reason,
        exitCode: typeof process.exitCode === 'number' ? process.exitCode : 7,
        error: failure.error,
      });
  });
  B.emitterOn(process, 'exit', onExit);
  wrapSelfKill((signal) => once({ reason: 'signal', exitCode: null, signal }));
  wrapAbort(() => once({ reason: 'signal', exitCode: null, signal: 'SIGABRT' }));
}

/**
 * process.abort() ends the process inside the call (SIGABRT: no 'exit', no idle flush), so like
 * process.kill it is wrapped to finish the recording synchronously first (issue 10 item 3).
 */
function wrapAbort(ending: () => void): void {
  const originalAbort = process.abort;
  process.abort = function abort(this: unknown): never {
    ending();
    return B.apply(originalAbort, this, []) as never;
  };
}

/** Signals whose default action ends a Node process (SIGUSR1 starts the inspector; SIGPIPE is ignored). */
const FATAL_BY_DEFAULT = new Set([
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGKILL',
  'SIGABRT',
  'SIGUSR2',
  'SIGALRM',
]);

/**
 * A program that signals itself (`process.kill(process.pid)`) dies inside that call, before any
 * idle flush: like process.reallyExit, process.kill is wrapped so that such a call — only when the
 * signal will end the process (fatal by default, no listener of the user's) — finishes the
 * recording synchronously first. Any other call goes straight to Node's own kill.
 */
function wrapSelfKill(ending: (signal: string) => void): void {
  const originalKill = process.kill;
  const signalNumbers = B.signalNames;
  // The real pid: a re-executed deferred recording's process.pid is the logged one (nondeterminismProcessIds.ts).
  const ownPid = process.pid;
  process.kill = function kill(this: unknown, pid: number, signal?: string | number): true {
    const name =
      typeof signal === 'number' ? (B.mapGet(signalNumbers, signal) as string | undefined) : (signal ?? 'SIGTERM');
    if (
      (pid === ownPid || pid === 0) &&
      name !== undefined &&
      B.setHas(FATAL_BY_DEFAULT, name) &&
      B.emitterListenerCount(process, name) === 0
    )
      ending(name);
    // eslint-disable-next-line prefer-rest-params
    return B.apply(originalKill, this, arguments as unknown as unknown[]) as true;
  };
}

/**
 * name and message as own data properties (or the prototype's name); never a getter or toString.
 * Never the stack: formatting it here (before Node reports the error: Node emits 'exit' before it
 * prints) would change what Node prints for an unhandled rejection (see snapshot.ts errorStack).
 */
function describeError(error: unknown): EndInfo['error'] {
  if ((typeof error !== 'object' && typeof error !== 'function') || error === null || B.isProxy(error)) {
    return { name: typeof error, message: primitiveText(error) };
  }
  const message = dataValue(error, 'message');
  return {
    name: typeof dataValue(error, 'name', true) === 'string' ? (dataValue(error, 'name', true) as string) : 'Error',
    message: typeof message === 'string' ? message : '',
  };
}

function dataValue(target: object, key: string, inherited = false): unknown {
  for (let current: object | null = target; current !== null; current = B.getPrototypeOf(current)) {
    if (B.isProxy(current)) return undefined;
    const descriptor = B.getOwnPropertyDescriptor(current, key);
    if (descriptor) return B.hasOwn(descriptor, 'value') ? descriptor.value : undefined;
    if (!inherited) return undefined;
  }
  return undefined;
}

function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return B.symbolDescription(value) ?? '';
    default:
      return '';
  }
}
