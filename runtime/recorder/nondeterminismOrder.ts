// The order of a program's timers and immediates for deferred recording. Each Timeout and Immediate
// made after boot gets a creation number (the same in every run of the same code); its runs go
// through the Tap by kind and number. Only an async_hooks `init` hook: as each timer or immediate is
// created — the program's, `timers/promises`', Node's internal ones — the function Node calls when
// it fires is replaced by a stand-in (disguised as it: util.inspect of a timer shows the program's
// function) that logs its run (a deferred run) or runs it at its logged turn, held until then if it
// fires early (a re-execution: the setTimeout(0)/setImmediate race, docs/DEFERRED_RECORDING.md item
// 2). No `before` hook: finding the running timer there needs executionAsyncResource(), which turns
// Node's callback trampoline on for every callback from then on (slower, and it writes Node's
// resource stack through Array.prototype: INS-29); no `destroy` hook (with one, every promise is
// tracked to its end: 12x on await-heavy code). Promises Node numbers only because this hook is on
// (Node 20 and 22) are told to hiddenAsyncResources.ts, so the program reads their ids as 0 as in a
// plain run (INS-13). Knows async resource kinds and Node's timer objects, not the log's encoding.
import { createHook } from 'node:async_hooks';
import { B } from './builtins';
import { disguise } from './functionText';
import { installFastMicrotasks, noteMicrotask, watchMicrotaskStart } from './fastMicrotasks';
import { notePromiseId, programHasHooks } from './hiddenAsyncResources';
import type { FeedTap } from './nondeterminismFeed';
import type { Tap } from './nondeterminismTap';
import { withoutPromiseTracking } from './promiseTracking';

type AnyFunction = (...args: never[]) => unknown;

const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;
const realSetInterval = setInterval;
const realClearInterval = clearInterval;
const RealWeakRef = WeakRef;
const RealFinalizationRegistry = FinalizationRegistry;
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

/** Runs `run` in `ms` milliseconds in a timer of Rewind's own (not numbered, unref'd: it keeps nothing alive). */
export function internalTimeout(run: () => void, ms: number): void {
  internal = true;
  try {
    realSetTimeout(run, ms).unref();
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
  feed: FeedTap | undefined,
  onInit?: (type: string, resource: object) => void,
): void {
  const enforce = feed !== undefined;
  const awaited = feed ? keepAliveFor(feed) : undefined;
  let created = 0;
  // This hook makes Node 24's queueMicrotask take its slow path: fastMicrotasks.ts hides what that
  // shows (Node's frames in stacks, ids where a plain run reads 0). A re-execution's recorder
  // (callbackOrigins.ts) tells it of each microtask itself.
  if (!enforce) installFastMicrotasks(programHasHooks);
  createHook({
    init(asyncId, type, _triggerId, resource) {
      onInit?.(type, resource as object);
      // Node numbers promises only for hooks (where promiseTracking.ts cannot leave them untracked).
      if (type === 'PROMISE') return notePromiseId(asyncId);
      if (type === 'Microtask') {
        if (enforce || !noteMicrotask(asyncId, resource as object)) return;
        watchMicrotaskStart(asyncId, resource as object);
        return;
      }
      if (internal || (type !== 'Timeout' && type !== 'Immediate')) return;
      const number = ++created;
      if (enforce) holdUntilTurn(tap, resource as TimerResource, type, number);
      else logTurns(tap, resource as TimerResource, type, number);
      if (type === 'Timeout') awaited?.(number, resource as TimerResource);
    },
    // No promise is numbered: where Node allows it, its promise hook stays off (promiseTracking.ts).
    ...withoutPromiseTracking(),
  }).enable();
}

/** What Node's Timeout and Immediate objects call when they fire (set before their `init`). */
interface TimerResource {
  _onTimeout?: unknown;
  _onImmediate?: unknown;
  _repeat?: unknown;
  /** Set by clearTimeout, and once a timeout that does not repeat has fired. */
  _destroyed?: boolean;
}

/** How often the keeper looks whether the timeout it keeps the process alive for was cleared. */
const KEEPER_CHECK_MS = 250;

/**
 * A re-execution's keeper: while the log's next callback is a Timeout the program made (and has not
 * cleared), an internal ref'd interval keeps the process alive until it fires. A deferred run slower
 * than its re-execution (a loaded machine) can get to an unref'd timer before it ends (Node's own
 * HTTP Date-header cache resets one within a second); the re-execution, faster there, would end
 * first and stop short of the logged callback. The timer still fires when it is due, by its own
 * clock; a cleared one (the program went otherwise) lets the process end, and the log's unused
 * callback says so. Returns what to tell of each Timeout as it is created (number, resource).
 */
function keepAliveFor(feed: FeedTap): (number: number, resource: TimerResource) => void {
  const made = new B.Map<number, WeakRef<TimerResource>>();
  // A timeout cleared and collected leaves nothing behind (a program may make millions).
  const collected = new RealFinalizationRegistry<number>((number) => B.mapDelete(made, number));
  let awaited = 0;
  let keeper: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    if (keeper !== undefined) realClearInterval(keeper);
    keeper = undefined;
  };
  const check = (): void => {
    const resource = (B.mapGet(made, awaited) as WeakRef<TimerResource> | undefined)?.deref();
    if (resource === undefined || resource._destroyed === true) return stop();
    if (keeper !== undefined) return;
    internal = true;
    try {
      keeper = realSetInterval(check, KEEPER_CHECK_MS);
    } finally {
      internal = false;
    }
  };
  feed.awaitTimeouts((ticket) => {
    if (ticket === awaited) return;
    // The one awaited until now has fired: kept only if it fires again (an interval).
    const previous = (B.mapGet(made, awaited) as WeakRef<TimerResource> | undefined)?.deref();
    if (previous === undefined || previous._destroyed === true) B.mapDelete(made, awaited);
    // 0: the next callback is no Timeout, and nothing is kept alive for one.
    awaited = ticket;
    check();
  });
  return (number, resource) => {
    B.mapSet(made, number, new RealWeakRef(resource));
    collected.register(resource, number);
    if (number === awaited) check();
  };
}

/** A timer's real function and stand-in, by the timer: what `refresh` puts back once it fired (refreshTimers). */
const standIns = new B.WeakMap<object, { fire: unknown; standIn: AnyFunction }>();
let refreshWrapped = false;

/**
 * Replaces the function `resource` calls when it fires by a stand-in, disguised as it, that hands
 * `runAt` the real call. The real function is put back as the call starts, so a stack taken in it
 * reads `Timeout.tick [as _onTimeout]` as in a plain run, whenever it is formatted; the stand-in
 * returns only for a timer that fires again (an interval's next tick, a refreshed timeout). A call
 * that throws leaves the real one (an interval kept alive past an uncaught error then runs unlogged
 * in both runs alike).
 */
function replaceFire(
  resource: TimerResource,
  type: 'Timeout' | 'Immediate',
  runAt: (call: () => unknown) => unknown,
): void {
  const key = type === 'Timeout' ? '_onTimeout' : '_onImmediate';
  const fire = resource[key];
  if (typeof fire !== 'function') return;
  const standIn = function (this: unknown, ...args: unknown[]): unknown {
    const result = runAt(() => {
      resource[key] = fire;
      return B.apply(fire as AnyFunction, this, args as never[]);
    });
    if (type === 'Timeout' && resource._repeat != null) resource[key] = standIn;
    return result;
  };
  disguise(standIn, fire as AnyFunction);
  resource[key] = standIn;
  if (type !== 'Timeout') return;
  B.weakMapSet(standIns, resource, { fire, standIn });
  if (!refreshWrapped) refreshTimers(B.getPrototypeOf(resource) as object);
}

/** Timeout.prototype.refresh: a timeout that fired and is armed again gets its stand-in back. */
function refreshTimers(prototype: object): void {
  refreshWrapped = true;
  const descriptor = B.getOwnPropertyDescriptor(prototype, 'refresh');
  const refresh = descriptor?.value as AnyFunction | undefined;
  if (typeof refresh !== 'function' || !descriptor?.configurable) return;
  const wrapper = {
    refresh(this: unknown): unknown {
      // Only over its real function: a cleared timer (null there) refreshed stays silent, as in Node.
      const known = B.weakMapGet(standIns, this as object) as { fire: unknown; standIn: AnyFunction } | undefined;
      if (known !== undefined && (this as TimerResource)._onTimeout === known.fire)
        (this as TimerResource)._onTimeout = known.standIn;
      return B.apply(refresh, this, []);
    },
  }.refresh;
  disguise(wrapper, refresh);
  B.defineProperty(prototype, 'refresh', { ...descriptor, value: wrapper });
}

/** A deferred run's timer or immediate: each time it fires, its run is logged first. */
function logTurns(tap: Tap, resource: TimerResource, type: 'Timeout' | 'Immediate', number: number): void {
  replaceFire(resource, type, (call) => {
    tap.callback(type, number);
    return call();
  });
}

/**
 * A re-execution's timer or immediate, whoever made it (the program's setTimeout, `timers/promises`,
 * AbortSignal.timeout, Node's own): it runs at its logged turn — held until then if it fires early.
 */
function holdUntilTurn(tap: Tap, resource: TimerResource, type: 'Timeout' | 'Immediate', number: number): void {
  const keepsNothingAlive = (): boolean => {
    const hasRef = (resource as { hasRef?: unknown }).hasRef;
    return typeof hasRef === 'function' && B.apply(hasRef as AnyFunction, resource, []) === false;
  };
  replaceFire(resource, type, (call) => tap.turn(type, number, call, keepsNothingAlive));
}
