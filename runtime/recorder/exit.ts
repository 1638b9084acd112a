// End of run (TR-05): learns why the process ends and calls finish(EndInfo) exactly once, without
// changing how it ends (INS-26). uncaughtExceptionMonitor (never an uncaughtException listener);
// a SIGINT/SIGTERM listener only while the user has none, which re-raises the signal with its
// default action; 'exit' for everything else. Reads errors through descriptors, never user code.
import type { EndInfo, EndReason } from '../format/records';
import { B } from './builtins';

export type EndWithoutTotals = Omit<EndInfo, 'eventsEmitted' | 'eventsLost'>;

const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function installExitHandlers(finish: (end: EndWithoutTotals) => void): void {
  let finished = false;
  let sawBeforeExit = false;
  let failure: { reason: EndReason; error: EndInfo['error'] } | undefined;
  const once = (end: EndWithoutTotals) => {
    if (finished) return;
    finished = true;
    finish(end);
  };
  process.on('beforeExit', () => { sawBeforeExit = true; });
  process.on('uncaughtExceptionMonitor', (error: unknown, origin: string) => {
    // With an uncaughtException listener of the user's, the process lives on: not an ending.
    if (process.listenerCount('uncaughtException') > 0) return;
    failure = { reason: origin === 'unhandledRejection' ? 'unhandled-rejection' : 'uncaught-exception', error: describeError(error) };
  });
  process.on('exit', (exitCode: number) => {
    if (failure) return once({ reason: failure.reason, exitCode, error: failure.error });
    once({ reason: sawBeforeExit ? 'exit' : 'process-exit', exitCode });
  });
  for (const signal of HANDLED_SIGNALS) {
    if (process.listenerCount(signal) > 0) continue;
    const listener = () => {
      // A listener the user added later owns the signal now: let theirs decide.
      if (process.listenerCount(signal) > 1) return;
      once({ reason: 'signal', exitCode: null, signal });
      process.removeListener(signal, listener);
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
  }
}

/** name, message, stack as own data properties (or the prototype's name); never a getter or toString. */
export function describeError(error: unknown): EndInfo['error'] {
  if ((typeof error !== 'object' && typeof error !== 'function') || error === null || B.isProxy(error)) {
    return { name: typeof error, message: primitiveText(error) };
  }
  const message = dataValue(error, 'message');
  const stack = dataValue(error, 'stack') ?? builtinStack(error);
  return {
    name: typeof dataValue(error, 'name', true) === 'string' ? (dataValue(error, 'name', true) as string) : 'Error',
    message: typeof message === 'string' ? message : '',
    ...(typeof stack === 'string' ? { stack } : {}),
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

/** Node ≥ 21: `stack` is V8's own accessor; calling that one (only that one) runs no user getter. */
function builtinStack(error: object): unknown {
  const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
  if (!descriptor || !B.hasOwn(descriptor, 'get') || descriptor.get !== B.errorStackGetter || !B.callErrorStackGetter) return undefined;
  return B.callErrorStackGetter(error);
}

function primitiveText(value: unknown): string {
  switch (typeof value) {
    case 'string': return value;
    case 'number': case 'boolean': case 'bigint': case 'undefined': return String(value);
    case 'symbol': return B.symbolDescription(value) ?? '';
    default: return '';
  }
}
