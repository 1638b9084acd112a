// The order of a program's timers and immediates for deferred recording. Each Timeout and Immediate
// made after boot gets a creation number (the same in every run of the same code); its runs go
// through the Tap by kind and number. Logging uses async_hooks `init` and `before` — no `destroy`
// hook (with one, every promise is tracked to its end: 12x on await-heavy code; without, about 2-3x
// there and nothing elsewhere): numbers are kept on the resource objects, weakly. A re-execution
// enforces the order (docs/DEFERRED_RECORDING.md item 2): as each timer or immediate is created —
// the program's, `timers/promises`', Node's internal ones — the function Node calls when it fires is
// replaced by a stand-in that runs it at its logged turn, so one that fires early (the
// setTimeout(0)/setImmediate race) waits for the callbacks logged before it.
// Knows async resource kinds and Node's timer objects, not the log's encoding.
import { createHook, executionAsyncResource } from 'node:async_hooks';
import { B } from './builtins';
import type { Tap } from './nondeterminismTap';
import { withoutPromiseTracking } from './promiseTracking';

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
 * `onInit`: every async resource as it is created (what cannot be re-executed is noticed there,
 * nondeterminismUnsupported.ts; signal handles are watched, nondeterminismInput.ts): one hook for
 * all, since each hook costs every promise.
 */
export function watchCallbackOrder(
  tap: Tap,
  enforce: boolean,
  onInit?: (type: string, resource: object) => void,
): void {
  /** Timeout/Immediate → its creation number, negative for an Immediate (logging: read back in `before`). */
  const numbers = new B.WeakMap<object, number>();
  let created = 0;
  createHook({
    init(_asyncId, type, _triggerId, resource) {
      onInit?.(type, resource as object);
      if (internal || (type !== 'Timeout' && type !== 'Immediate')) return;
      const number = ++created;
      if (enforce) holdUntilTurn(tap, resource as TimerResource, type, number);
      else B.weakMapSet(numbers, resource, type === 'Timeout' ? number : -number);
    },
    before() {
      if (enforce) return;
      const number = B.weakMapGet(numbers, executionAsyncResource()) as number | undefined;
      if (number === undefined) return;
      tap.callback(number > 0 ? 'Timeout' : 'Immediate', number > 0 ? number : -number);
    },
    // No promise is numbered: where Node allows it, its promise hook stays off (promiseTracking.ts).
    ...withoutPromiseTracking(),
  }).enable();
}

/** What Node's Timeout and Immediate objects call when they fire (set before their `init`). */
interface TimerResource {
  _onTimeout?: unknown;
  _onImmediate?: unknown;
}

/**
 * A re-execution's timer or immediate, whoever made it (the program's setTimeout, `timers/promises`,
 * AbortSignal.timeout, Node's own): the function Node calls when it fires is replaced, as it is
 * created, by a stand-in that runs it at its logged turn — held until then if it fires early.
 */
function holdUntilTurn(tap: Tap, resource: TimerResource, type: 'Timeout' | 'Immediate', number: number): void {
  const key = type === 'Timeout' ? '_onTimeout' : '_onImmediate';
  const fire = resource[key];
  if (typeof fire !== 'function') return;
  resource[key] = function (this: unknown, ...args: unknown[]): unknown {
    return tap.turn(type, number, () => B.apply(fire as AnyFunction, this, args as never[]));
  };
}
