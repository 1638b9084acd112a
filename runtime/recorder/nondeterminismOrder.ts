// The order of a program's timers and immediates for deferred recording. Each Timeout and Immediate
// the program creates gets a creation number (the same in every run of the same code); its runs go
// through the Tap by kind and number. Logging and checking use async_hooks `init` and `before` — no
// `destroy` hook (with one, every promise is tracked to its end: 12x on await-heavy code; without,
// about 2-3x there and nothing elsewhere): numbers are kept on the resource objects, weakly. A re-execution
// also enforces the order (docs/DEFERRED_RECORDING.md item 2): setTimeout, setInterval and
// setImmediate hand Node a stand-in callback that runs the program's at its logged turn, so a timer
// that fires early (the setTimeout(0)/setImmediate race) waits for the callbacks logged before it.
// Knows async resource kinds and the timer functions, not the log's encoding.
import { createHook, executionAsyncResource } from 'node:async_hooks';
import timers from 'node:timers';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { shapedLike } from './standIn';

type AnyFunction = (...args: never[]) => unknown;

const realSetImmediate = setImmediate;
/** Set while Rewind schedules its own immediate: the hook does not number it. */
let internal = false;

/** Runs `run` in an immediate of Rewind's own: not numbered, not logged, not checked. */
export function internalImmediate(run: () => void): void {
  internal = true;
  try {
    realSetImmediate(run);
  } finally {
    internal = false;
  }
}

/**
 * `onInit`: every async resource's type as it is created (what cannot be re-executed is noticed there,
 * nondeterminismUnsupported.ts): one hook for both, since each hook costs every promise.
 */
export function watchCallbackOrder(tap: Tap, enforce: boolean, onInit?: (type: string) => void): void {
  /** Timeout/Immediate → its creation number, negative for an Immediate. */
  const numbers = new B.WeakMap<object, number>();
  /** Resources a stand-in callback checks itself (enforce): the hook leaves them alone. */
  const enforced = new B.WeakMap<object, boolean>();
  let created = 0;
  let wrapping = false;
  let lastNumber = 0;
  createHook({
    init(_asyncId, type, _triggerId, resource) {
      onInit?.(type);
      if (internal || (type !== 'Timeout' && type !== 'Immediate')) return;
      lastNumber = ++created;
      B.weakMapSet(numbers, resource, type === 'Timeout' ? lastNumber : -lastNumber);
      if (wrapping) B.weakMapSet(enforced, resource, true);
    },
    before() {
      const resource = executionAsyncResource();
      const number = B.weakMapGet(numbers, resource) as number | undefined;
      if (number === undefined || B.weakMapGet(enforced, resource) === true) return;
      tap.callback(number > 0 ? 'Timeout' : 'Immediate', number > 0 ? number : -number);
    },
  }).enable();
  if (!enforce) return;
  const create = (real: AnyFunction, type: 'Timeout' | 'Immediate'): AnyFunction => {
    const wrapper = shapedLike(real, (self, args) => {
      const callback = args[0];
      if (typeof callback !== 'function') return B.apply(real, self, args as never[]); // Node's own TypeError
      let number = 0;
      args[0] = function (this: unknown, ...callbackArgs: unknown[]): unknown {
        return tap.turn(type, number, () => B.apply(callback as AnyFunction, this, callbackArgs as never[]));
      };
      wrapping = true;
      let handle: unknown;
      try {
        handle = B.apply(real, self, args as never[]);
      } finally {
        wrapping = false;
      }
      number = lastNumber;
      return handle;
    });
    // setTimeout's util.promisify.custom and the like.
    for (const key of B.ownKeys(real))
      if (typeof key === 'symbol') B.defineProperty(wrapper, key, B.getOwnPropertyDescriptor(real, key)!);
    return wrapper;
  };
  for (const [name, type] of [
    ['setTimeout', 'Timeout'],
    ['setInterval', 'Timeout'],
    ['setImmediate', 'Immediate'],
  ] as const) {
    const global = B.getOwnPropertyDescriptor(globalThis, name);
    const real = global?.value as AnyFunction | undefined;
    if (typeof real !== 'function') continue;
    const wrapper = create(real, type);
    B.defineProperty(globalThis, name, { ...global, value: wrapper });
    const exported = B.getOwnPropertyDescriptor(timers, name);
    if (exported?.value === real) B.defineProperty(timers, name, { ...exported, value: wrapper });
  }
}
