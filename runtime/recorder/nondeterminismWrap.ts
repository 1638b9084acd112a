// How deferred recording replaces a nondeterministic function (nondeterminism*.ts say which): the
// synchronous form becomes a read through the Tap, a callback form an async read (a ticket when
// issued, its value — logged or fed — and its logged turn when it completes), a promise form the
// same. Each replacement keeps the property's attributes and looks like the function it replaces.
// Knows the Tap and function shapes, not which functions are nondeterministic.
import { ndSourceId, type NdSource } from '../format/deferred';
import { B } from './builtins';
import { shapedLike } from './standIn';
import type { Tap, ValueKind } from './nondeterminismTap';

export type AnyFunction = (...args: never[]) => unknown;

/**
 * What an async read's callback gets besides its error, as one logged value: `value(args)` takes it
 * from the real callback's arguments, `args(fed, real)` gives the callback's arguments for a value.
 */
export interface CallbackShape {
  value(args: unknown[]): unknown;
  args(fed: unknown, args: unknown[]): unknown[];
}

/** `(error, value)`: fs.readFile, crypto.randomBytes, fs.stat… */
export const ONE_VALUE: CallbackShape = { value: (args) => args[0], args: (fed) => [fed] };

/** Replaces a data property's function by `make(real)`, keeping its attributes. */
export function replaceFunction(
  target: object,
  key: string,
  make: (real: AnyFunction) => AnyFunction,
): AnyFunction | undefined {
  const descriptor = B.getOwnPropertyDescriptor(target, key);
  const real = descriptor?.value as AnyFunction | undefined;
  if (typeof real !== 'function' || !descriptor?.configurable) return undefined;
  const wrapper = make(real);
  B.defineProperty(target, key, { ...descriptor, value: wrapper });
  return wrapper;
}

/** Replaces `target[key]` (a data property) by a read through the tap, keeping its attributes. */
export function wrapRead(
  target: object,
  key: string,
  name: NdSource,
  kind: ValueKind,
  tap: Tap,
): AnyFunction | undefined {
  const source = ndSourceId(name);
  return replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => tap.read(source, kind, real, self, args)),
  );
}

/**
 * Synchronous forms through the tap; with a callback (the last argument), the async read's.
 * `errorOnly`: a failed read's callback gets the error alone (Node's fs does that), not `(error, undefined)`.
 */
export function wrapUnlessCallback(
  target: object,
  key: string,
  name: NdSource,
  kind: ValueKind,
  tap: Tap,
  shape: CallbackShape = ONE_VALUE,
  errorOnly = false,
): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => {
      const last = args.length - 1;
      if (typeof args[last] !== 'function') return tap.read(source, kind, real, self, args);
      args[last] = completion(tap, source, kind, args[last] as AnyFunction, shape, errorOnly);
      return B.apply(real, self, args as never[]);
    }),
  );
}

/** The callback an async read gets in place of the program's: the value (logged or fed) reaches it. */
export function completion(
  tap: Tap,
  source: number,
  kind: ValueKind,
  callback: AnyFunction,
  shape: CallbackShape = ONE_VALUE,
  errorOnly = false,
): AnyFunction {
  const ticket = tap.issue();
  return function (this: unknown, error: unknown, ...values: unknown[]): unknown {
    return tap.turn('async read', ticket, () => {
      const [fedError, fedValue] = tap.complete(source, kind, ticket, error, shape.value(values));
      const failed = fedError !== null && fedError !== undefined;
      const args = failed && errorOnly ? [fedError] : [fedError, ...shape.args(failed ? undefined : fedValue, values)];
      return B.apply(callback, this, args as never[]);
    });
  };
}

/** A promise form (fs.promises.readFile, dns.promises.lookup…): its value or rejection is an async read's. */
export function wrapPromised(target: object, key: string, name: NdSource, kind: ValueKind, tap: Tap): void {
  const source = ndSourceId(name);
  replaceFunction(target, key, (real) =>
    shapedLike(real, (self, args) => settled(tap, source, kind, () => B.apply(real, self, args as never[]))),
  );
}

/** What the promise `start` returns settles to, at the read's logged turn, as an async read. */
export async function settled(tap: Tap, source: number, kind: ValueKind, start: () => unknown): Promise<unknown> {
  const ticket = tap.issue();
  let error: unknown = null;
  let value: unknown;
  try {
    value = await (start() as Promise<unknown>);
  } catch (thrown) {
    error = thrown;
  }
  // Its turn in the logged order (a re-execution may hold it until then).
  return await new B.Promise((resolve, reject) =>
    tap.turn('async read', ticket, () => {
      const [fedError, fedValue] = tap.complete(source, kind, ticket, error, value);
      if (fedError !== null && fedError !== undefined) reject(fedError);
      else resolve(fedValue);
    }),
  );
}
