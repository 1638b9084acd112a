// Where each callback came from (EXT ORIGIN, events.ts): timers, immediates, ticks,
// queueMicrotask, promise reactions and I/O requests (and so the listeners an I/O callback emits
// to) through an async_hooks `init` hook, where a callback is scheduled; which one runs
// (ORIGIN_RUN) is learned without a `before` hook (callbackRuns.ts). Nothing the program observes
// changes (INS-13): async_hooks adds no tick and no microtask, no function of the program's is
// wrapped or replaced, and with no `before` or `after` hook (and no call of executionAsyncResource)
// Node calls native callbacks directly, not through its `callbackTrampoline`, as in a plain run
// (test/fidelity/callbackTrampoline.test.ts). (Wrapping EventEmitter.prototype.emit to name a
// listener's registration would put our frames into every stack a listener captures: not done.)
// Knows Node's async resource types, not the ring's layout beyond its put functions.
import { createHook } from 'node:async_hooks';
import { EventKind, Ext, OriginKind, eventHeader } from '../format/events';
import { startCallbackRuns, syncCallbackRun } from './callbackRuns';
import { noteMicrotask, installFastMicrotasks } from './fastMicrotasks';
import { notePromiseId, programHasHooks } from './hiddenAsyncResources';
import { installPromiseRuns, triggerIdOf } from './promiseRuns';
import { promisesLeftUntracked, withoutPromiseTracking } from './promiseTracking';
import { beginSized, endSized, put2, put3 } from './ring';

export { recordNoCallback } from './callbackRuns';

const ORIGIN = eventHeader(EventKind.EXT, Ext.ORIGIN);
const KIND_OF_TYPE: Record<string, number> = {
  Timeout: OriginKind.TIMEOUT,
  Immediate: OriginKind.IMMEDIATE,
  TickObject: OriginKind.NEXT_TICK,
  Microtask: OriginKind.MICROTASK,
  PROMISE: OriginKind.PROMISE,
  FSREQCALLBACK: OriginKind.FS,
  FSREQPROMISE: OriginKind.FS,
  STATWATCHER: OriginKind.FS,
  FSEVENTWRAP: OriginKind.FS,
  TCPWRAP: OriginKind.NET,
  TCPSERVERWRAP: OriginKind.NET,
  TCPCONNECTWRAP: OriginKind.NET,
  PIPEWRAP: OriginKind.NET,
  PIPESERVERWRAP: OriginKind.NET,
  PIPECONNECTWRAP: OriginKind.NET,
  WRITEWRAP: OriginKind.NET,
  SHUTDOWNWRAP: OriginKind.NET,
  GETADDRINFOREQWRAP: OriginKind.NET,
  UDPWRAP: OriginKind.NET,
  HTTPINCOMINGMESSAGE: OriginKind.HTTP,
  HTTPCLIENTREQUEST: OriginKind.HTTP,
  PROCESSWRAP: OriginKind.CHILD_PROCESS,
};

function recordOrigin(originId: number, triggerId: number, kind: number): void {
  beginSized();
  put2(ORIGIN, 3);
  put3(originId, triggerId, kind);
  endSized();
}

/**
 * async_hooks `init`, where a callback is scheduled; nothing else, so Node switches on no
 * callbackTrampoline (its `kBefore`, `kAfter` and `kUsesExecutionAsyncResource` stay 0). Where
 * Node can leave promises untracked (promiseTracking.ts), V8's promise hooks tell promises instead
 * (promiseRuns.ts) and Node's promise hook stays off, as in a plain run. Hooks never throw (Node aborts).
 */
export function installCallbackOrigins(): void {
  // Our hook makes Node 24's queueMicrotask take its slow path: fastMicrotasks.ts hides what that shows.
  installFastMicrotasks(programHasHooks);
  if (promisesLeftUntracked())
    installPromiseRuns((promiseId, triggerId) => {
      // Made by a callback no frame of which ran yet (Node's own work in it): its run first.
      syncCallbackRun(false);
      recordOrigin(promiseId, triggerId, OriginKind.PROMISE);
    });
  startCallbackRuns();
  const hook = createHook({
    init(asyncId: number, type: string, triggerAsyncId: number, resource: object): void {
      // Scheduled by a callback no frame of which ran yet (Node's own work in it): its run first.
      syncCallbackRun(false);
      let kind = KIND_OF_TYPE[type] ?? OriginKind.OTHER;
      // Node's own Timeout object: _repeat is its interval (null for setTimeout).
      if (kind === OriginKind.TIMEOUT && (resource as { _repeat?: unknown })._repeat != null)
        kind = OriginKind.INTERVAL;
      recordOrigin(asyncId, triggerIdOf(triggerAsyncId), kind);
      // PROMISE only where Node tracks promises (promiseRuns.ts never calls here).
      if (kind === OriginKind.PROMISE) notePromiseId(asyncId);
      // A fast-path microtask has no id in a plain run either: what it schedules reads trigger 0.
      else if (kind === OriginKind.MICROTASK) noteMicrotask(asyncId, resource);
    },
    ...withoutPromiseTracking(),
  });
  hook.enable();
}
