// Where a wrapped nondeterministic read goes: the Tap interface the wrappers (nondeterminism.ts)
// call, and its logging side (a deferred recording) — each value the program got written to the
// ring as it got it. The feeding side is nondeterminismFeed.ts. Knows value kinds and encodings,
// not which functions are wrapped.
import { NdForm, ndCallbackTypeId } from '../format/deferred';
import { B } from './builtins';
import { encodeFsValue } from './nondeterminismFsValues';
import { logBytes, logCallback, logNumber, logText, logUndefined } from './nondeterminismLog';
import { insideLoggedOperation } from './nondeterminismNesting';
import { applyHidingOwnFrames } from './ownFrames';

/**
 * How a source's values are encoded: number (a float64), bigint and text (strings), json (any
 * JSON value), bytes (a Buffer or typed array, fed back as a Buffer), file (a string or a Buffer),
 * fs (Stats, Dirents, arrays and objects of them: nondeterminismFsValues.ts's tagged JSON).
 */
export type ValueKind = 'number' | 'bigint' | 'text' | 'json' | 'bytes' | 'file' | 'fs';

export interface Tap {
  /** A synchronous read: what `real` returns in a logged run, the logged value in a fed one. */
  read(source: number, kind: ValueKind, real: (...args: never[]) => unknown, self: unknown, args: unknown[]): unknown;
  /** An async read's ticket, taken when it is issued (its value is matched by ticket, not order). */
  issue(): number;
  /** An async read completed: the value (or error) the program's callback gets. */
  complete(source: number, kind: ValueKind, ticket: number, error: unknown, value: unknown): [unknown, unknown];
  /** An async callback of this kind is about to run (ticket: an async read's, or a timer's creation number). */
  callback(type: string, ticket: number): void;
  /**
   * Runs an async callback at its turn: at once when logging; when fed, at once if the log says it
   * is next, else held until its logged turn comes (undefined is returned then). `keepsNothingAlive`:
   * whether the callback's timer is unref'd — if the log does not have it at all, the deferred run
   * ended before it was due, and it is dropped rather than taken for a divergence.
   */
  turn(type: string, ticket: number, run: () => unknown, keepsNothingAlive?: () => boolean): unknown;
}

/** The frames of ours an error thrown by a wrapped read passes through (the wrapper, applyHidingOwnFrames). */
const OWN_FRAMES = 2;

/** An async read made inside a logged operation (nondeterminismNesting.ts): performed, not logged. */
const UNLOGGED_TICKET = 0;

export function createLogTap(): Tap {
  let tickets = 0;
  return {
    read(source, kind, real, self, args) {
      if (insideLoggedOperation()) return B.apply(real, self, args);
      let value: unknown;
      try {
        // A failed file read's error is the program's to look at: its stack shows none of ours.
        value =
          kind === 'file' || kind === 'fs'
            ? applyHidingOwnFrames(real, self, args, OWN_FRAMES)
            : B.apply(real, self, args);
      } catch (error) {
        logError(source, 0, error);
        throw error;
      }
      logValue(source, 0, kind, value);
      return value;
    },
    issue: () => (insideLoggedOperation() ? UNLOGGED_TICKET : ++tickets),
    complete(source, kind, ticket, error, value) {
      if (ticket === UNLOGGED_TICKET) return [error, value];
      if (error !== null && error !== undefined) logError(source, ticket, error);
      else logValue(source, ticket, kind, value);
      return [error, value];
    },
    callback(type, ticket) {
      logCallback(ndCallbackTypeId(type), ticket);
    },
    turn(type, ticket, run) {
      if (type === 'async read' && ticket === UNLOGGED_TICKET) return run();
      logCallback(ndCallbackTypeId(type), ticket);
      return run();
    },
  };
}

function logValue(source: number, ticket: number, kind: ValueKind, value: unknown): void {
  if (value === undefined) return logUndefined(source, ticket);
  switch (kind) {
    case 'number':
      return logNumber(source, ticket, value as number);
    case 'bigint':
      return logText(source, ticket, NdForm.TEXT, B.bigintToString(value as bigint));
    case 'text':
      return logText(source, ticket, NdForm.TEXT, value as string);
    case 'json':
      return logText(source, ticket, NdForm.JSON, B.JSONStringify(value) as string);
    case 'fs':
      return logText(source, ticket, NdForm.JSON, B.JSONStringify(encodeFsValue(value)) as string);
    case 'bytes':
    case 'file':
      if (typeof value === 'string') return logText(source, ticket, NdForm.TEXT, value);
      return logBytes(source, ticket, byteView(value as ArrayBufferView));
  }
}

function byteView(view: ArrayBufferView): Uint8Array {
  return new B.Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** The fields a Node error (fs, crypto, dns) carries that a program may look at. */
const ERROR_FIELDS = B.freeze(['name', 'message', 'code', 'errno', 'syscall', 'path', 'dest', 'hostname']);

function logError(source: number, ticket: number, error: unknown): void {
  const fields: Record<string, unknown> = {};
  if (typeof error === 'object' && error !== null) {
    for (let i = 0; i < ERROR_FIELDS.length; i++) {
      const descriptor = B.getOwnPropertyDescriptor(error, ERROR_FIELDS[i]);
      if (descriptor && B.hasOwn(descriptor, 'value')) fields[ERROR_FIELDS[i]] = descriptor.value;
    }
    if (fields.name === undefined && B.isNativeError(error)) fields.name = (error as Error).name;
  } else {
    fields.thrown = error;
  }
  logText(source, ticket, NdForm.ERROR, B.JSONStringify(fields) as string);
}
