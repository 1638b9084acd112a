// What a synchronous child process gave a deferred run (nondeterminismChildren.ts), as tagged JSON a
// re-execution rebuilds: spawnSync's result object (its keys in Node's order; Buffers or strings as
// the encoding made them; null and undefined kept apart, Node 20 and 24 differ there) and the errors
// Node makes (a spawn failure's, execSync's "Command failed", a timeout's), with every own property,
// its attributes and order; an object met twice is one object again (spawnSync's `stdout` is its
// `output[1]`, execSync puts a failed spawn's error on itself as `error`). Knows these value shapes,
// not the child_process functions nor the log's encoding.
import { Buffer } from 'node:buffer';
import { _errnoException } from 'node:util';
import { B } from './builtins';
import { nodeFormatsStacks } from './nodeStackFormatter';
import { applyHidingOwnFrames } from './ownFrames';

/** Captured at load, before the program runs: it may replace them. */
declare module 'node:util' {
  /** Undocumented, and absent from @types/node: (errno, syscall) → Node's ErrnoException. */
  export const _errnoException: ((errno: number, syscall: string) => Error) | undefined;
}

const RealTypeError = TypeError;
const RealRangeError = RangeError;
const bufferFrom = Buffer.from;
const setPrototypeOf = Object.setPrototypeOf;
/**
 * Node's errnoException (deprecated but present in 20–24): the only public way to its errors'
 * prototype. Imported by name: a default or namespace import is bundled through esbuild's interop
 * copy of the module, after which Node 24 ended a recorded run with a second PipeWrap alive at
 * 'beforeExit' (test/fidelity/endOfRun.test.ts).
 */
const errnoException = _errnoException;
let errnoPrototype: object | null | undefined;

/**
 * The prototype of the errors Node makes for a failed spawn (an object of its own between them and
 * Error.prototype), taken from one such error, made without side effects, the first time it is needed.
 */
function spawnErrorPrototype(): object | null {
  if (errnoPrototype === undefined)
    errnoPrototype = errnoException
      ? (B.getPrototypeOf(B.apply(errnoException, undefined, [-2, 'rewind'])) as object)
      : null;
  return errnoPrototype;
}

type Tagged = string | number | boolean | null | { [tag: string]: unknown };
/** An own property of an error: key, enumerable, writable, configurable, value. */
type ErrorProperty = [string, boolean, boolean, boolean, Tagged];

/**
 * Frames of ours above a thrown fed error's construction (the stand-in, its body, the feeding call,
 * decodeChildValue, decode, decodeError, the constructing arrow, applyHidingOwnFrames): the limit is
 * raised by as many, so the program's frames beneath fit as in the deferred run.
 */
const FED_OWN_FRAMES = 8;

export function encodeChildValue(value: unknown): Tagged {
  return encode(value, B.list<unknown>());
}

/**
 * `seen`: the objects met so far, in the order met (each before what it holds). One met again is a
 * reference to it — spawnSync's `stdout` is its `output[1]`, a failed spawn's error is its own `error`.
 */
function encode(value: unknown, seen: unknown[]): Tagged {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value !== 'object') return { u: 1 }; // undefined; no function, symbol or bigint comes out of Node here
  for (let index = 0; index < seen.length; index++) if (seen[index] === value) return { ref: index };
  B.listPush(seen, value);
  if (B.isBuffer(value)) return { buf: B.bufferToString(value as Buffer, 'base64') };
  if (B.isArray(value)) return { a: mapped(value as unknown[], (item) => encode(item, seen)) };
  if (B.isNativeError(value)) return encodeError(value as Error, seen);
  const names = B.ownKeys(value) as Array<string | symbol>;
  const entries = B.list<[string, Tagged]>();
  for (let index = 0; index < names.length; index++) {
    const name = names[index];
    const descriptor = B.getOwnPropertyDescriptor(value, name);
    if (typeof name !== 'string' || !descriptor?.enumerable || !B.hasOwn(descriptor, 'value')) continue;
    B.listPush(entries, [name, encode(descriptor.value, seen)]);
  }
  return { o: entries };
}

/**
 * An error: its constructor's kind, its own data properties but `stack`, and the stack's text when
 * Node formats it (no formatter of the program's would run early for it): a program that prints
 * it prints the deferred run's lines at re-execution too.
 */
function encodeError(error: Error, seen: unknown[]): Tagged {
  const properties = B.list<ErrorProperty>();
  const names = B.ownKeys(error) as Array<string | symbol>;
  for (let index = 0; index < names.length; index++) {
    const name = names[index];
    const descriptor = B.getOwnPropertyDescriptor(error, name);
    if (typeof name !== 'string' || name === 'stack' || !descriptor || !B.hasOwn(descriptor, 'value')) continue;
    B.listPush(properties, [
      name,
      descriptor.enumerable === true,
      descriptor.writable === true,
      descriptor.configurable === true,
      encode(descriptor.value, seen),
    ]);
  }
  const stack = nodeFormatsStacks() ? ownStack(error) : undefined;
  return stack === undefined ? { err: kindOf(error), p: properties } : { err: kindOf(error), p: properties, s: stack };
}

/** The text of an error's own `stack` (a data property on Node 20, an accessor on 24), if it has one. */
function ownStack(error: Error): string | undefined {
  const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
  const stack: unknown = descriptor?.get ? B.apply(descriptor.get, error, []) : descriptor?.value;
  return typeof stack === 'string' ? stack : undefined;
}

/** Gives a fed error the deferred run's stack text, through its setter where it is an accessor. */
function setStack(error: Error, stack: string): void {
  const descriptor = B.getOwnPropertyDescriptor(error, 'stack');
  if (!descriptor) return;
  if (descriptor.set) B.apply(descriptor.set, error, [stack]);
  else if (!descriptor.get) B.defineProperty(error, 'stack', { ...descriptor, value: stack });
}

/** What a re-execution makes the error as: a spawn failure's as Node does, else the standard class it is of. */
function kindOf(error: Error): string {
  const prototype = B.getPrototypeOf(error);
  if (prototype !== B.Error.prototype && prototype === spawnErrorPrototype()) return 'Errno';
  if (error instanceof RealTypeError) return 'TypeError';
  return error instanceof RealRangeError ? 'RangeError' : 'Error';
}

export function decodeChildValue(tagged: unknown): unknown {
  return decode(tagged, B.list<unknown>());
}

/** `seen`: the objects made so far, in the order encode met them (each before what it holds). */
function decode(tagged: unknown, seen: unknown[]): unknown {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  const value = tagged as Record<string, unknown>;
  if ('u' in value) return undefined;
  if ('ref' in value) return seen[value.ref as number];
  if ('buf' in value) {
    const buffer = B.apply(bufferFrom, Buffer, [value.buf, 'base64']);
    B.listPush(seen, buffer);
    return buffer;
  }
  if ('a' in value) {
    const items = value.a as unknown[];
    const array = B.list<unknown>();
    B.listPush(seen, array);
    for (let index = 0; index < items.length; index++) B.listPush(array, decode(items[index], seen));
    return setPrototypeOf(array, Array.prototype) as unknown[];
  }
  if ('err' in value) {
    const error = decodeError(value.err as string, value.p as ErrorProperty[], seen);
    if (typeof value.s === 'string') setStack(error, value.s);
    return error;
  }
  const result: Record<string, unknown> = {};
  B.listPush(seen, result);
  const entries = value.o as Array<[string, unknown]>;
  for (let index = 0; index < entries.length; index++)
    B.defineProperty(result, entries[index][0], {
      value: decode(entries[index][1], seen),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return result;
}

function decodeError(kind: string, properties: ErrorProperty[], seen: unknown[]): Error {
  const Constructor = kind === 'TypeError' ? RealTypeError : kind === 'RangeError' ? RealRangeError : B.Error;
  let message: unknown;
  for (let index = 0; index < properties.length; index++)
    if (properties[index][0] === 'message') message = properties[index][4];
  // Made under the program's call, our frames hidden, as the deferred run's error was under Node's.
  const construct = (): Error => (message === undefined ? new Constructor() : new Constructor(message as string));
  const error = applyHidingOwnFrames(construct, undefined, [], FED_OWN_FRAMES) as Error;
  const prototype = kind === 'Errno' ? spawnErrorPrototype() : null;
  if (prototype) setPrototypeOf(error, prototype);
  B.listPush(seen, error);
  for (let index = 0; index < properties.length; index++) {
    const property = properties[index];
    if (property[0] === 'message') continue;
    B.defineProperty(error, property[0], {
      value: decode(property[4], seen),
      enumerable: property[1],
      writable: property[2],
      configurable: property[3],
    });
  }
  return error;
}

/** A real Array (the program may get it), filled where no setter a program put on Array.prototype runs. */
function mapped(items: readonly unknown[], map: (item: unknown) => unknown): unknown[] {
  const result = B.list<unknown>();
  for (let index = 0; index < items.length; index++) B.listPush(result, map(items[index]));
  return setPrototypeOf(result, Array.prototype) as unknown[];
}
