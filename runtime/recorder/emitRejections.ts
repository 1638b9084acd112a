// What Node's emit does with a listener's result on a captureRejections emitter (`addCatch` in
// `node:events`), learnt once at start-up from Node's own emit: the positions of addCatch's lines a
// plain run's stack can name (a thenable's `then` getter or method, a replaced process.nextTick,
// the 'error' emitted when `then` throws), where emit calls addCatch, and Node's own
// emitUnhandledRejectionOrErr (what the rejection runs on the next tick, so an 'error' listener's
// stack is Node's). emitSource.ts lays a copy of addCatch at those places. Knows Node's addCatch,
// not recording.
import { EventEmitter } from 'node:events';
import { B } from './builtins';
import { type SourcePosition, nodeEventsPosition, stackHere, withNodeStacks } from './emitPosition';

type Method = (...args: never[]) => unknown;

export interface RejectionSites {
  /** Node's emitUnhandledRejectionOrErr(ee, err, type, args). */
  rejected: Method;
  /** addCatch's `const then = promise.then;` (the column of `then`). */
  thenRead: SourcePosition;
  /** addCatch's `then.call(promise, undefined, function(err) {` (the column of `call`). */
  thenCall: SourcePosition;
  /** The rejection callback's `process.nextTick(emitUnhandledRejectionOrErr, …)` (of `nextTick`). */
  tick: SourcePosition;
  /** addCatch's `that.emit('error', err);` when reading or calling `then` threw (of `emit`). */
  catchEmit: SourcePosition;
  /** emit's `addCatch(this, result, type, args);` after a lone listener. */
  loneCatch: SourcePosition;
  /** The same after each of several listeners (undefined: not learnt). */
  manyCatch?: SourcePosition;
}

/** An emitter whose rejections are captured, with `listeners` for 'probe'. */
function probeEmitter(...listeners: (() => unknown)[]): EventEmitter {
  const probe = new EventEmitter({ captureRejections: true });
  for (let at = 0; at < listeners.length; at++) probe.on('probe', listeners[at]);
  return probe;
}

/** Positions seen from a `then` getter: [0] header, [1] getter, [2] addCatch, [3] emit. */
function fromThenGetter(emit: Method, several: boolean): { read?: SourcePosition; call?: SourcePosition } {
  let stack = '';
  const thenable = {
    get then(): undefined {
      stack = stackHere();
      return undefined;
    },
  };
  const listeners = several ? [() => undefined, () => thenable] : [() => thenable];
  B.apply(emit, probeEmitter(...listeners), ['probe']);
  return { read: nodeEventsPosition(stack, 2), call: nodeEventsPosition(stack, 3) };
}

/** `then`'s call and, through the rejection callback it is handed, Node's next-tick function and its call. */
function fromThenMethod(emit: Method): { thenCall?: SourcePosition; tick?: SourcePosition; rejected?: Method } {
  let stack = '';
  let onRejected: unknown;
  const thenable = {
    then(_fulfilled: unknown, rejected: unknown): void {
      stack = stackHere();
      onRejected = rejected;
    },
  };
  B.apply(
    emit,
    probeEmitter(() => thenable),
    ['probe'],
  );
  const thenCall = nodeEventsPosition(stack, 2);
  if (typeof onRejected !== 'function') return { thenCall };
  let tickStack = '';
  let rejected: unknown;
  const nextTick = B.getOwnPropertyDescriptor(process, 'nextTick');
  if (nextTick === undefined || !nextTick.configurable) return { thenCall };
  B.defineProperty(process, 'nextTick', {
    ...nextTick,
    value: (callback: unknown) => {
      tickStack = stackHere();
      rejected = callback;
    },
  });
  try {
    B.apply(onRejected as Method, undefined, [undefined]);
  } finally {
    B.defineProperty(process, 'nextTick', nextTick);
  }
  const tick = nodeEventsPosition(tickStack, 2);
  return { thenCall, tick, rejected: typeof rejected === 'function' ? (rejected as Method) : undefined };
}

/** addCatch's 'error' emit when `then` throws: [1] the 'error' listener, [2] emit, [3] addCatch. */
function fromThrowingThen(emit: Method): SourcePosition | undefined {
  let stack = '';
  const probe = probeEmitter(() => ({
    get then(): never {
      throw new B.Error('probe');
    },
  }));
  probe.on('error', () => (stack = stackHere()));
  B.apply(emit, probe, ['probe']);
  return nodeEventsPosition(stack, 3);
}

/** Every site of Node's addCatch, or undefined when one is not where this expects it. */
export function nodeRejectionSites(emit: Method, several: boolean): RejectionSites | undefined {
  try {
    return withNodeStacks(5, () => {
      const lone = fromThenGetter(emit, false);
      const method = fromThenMethod(emit);
      const catchEmit = fromThrowingThen(emit);
      const { read: thenRead, call: loneCatch } = lone;
      const { thenCall, tick, rejected } = method;
      if (!thenRead || !loneCatch || !thenCall || !tick || !rejected || !catchEmit) return undefined;
      const manyCatch = several ? fromThenGetter(emit, true).call : undefined;
      return { rejected, thenRead, thenCall, tick, catchEmit, loneCatch, manyCatch };
    });
  } catch {
    // A Node whose addCatch differs: its emit keeps handling captureRejections emitters.
    return undefined;
  }
}
