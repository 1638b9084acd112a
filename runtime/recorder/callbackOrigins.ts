// Where each callback came from (EXT ORIGIN / ORIGIN_RUN, events.ts): timers, immediates, ticks,
// queueMicrotask, promise reactions and I/O requests (and so the listeners an I/O callback emits
// to) through async_hooks: init where a callback is scheduled, before where it runs. Nothing the
// program observes changes (INS-13): async_hooks adds no tick and no microtask, and no function of
// the program's is wrapped or replaced. (Wrapping EventEmitter.prototype.emit to name a listener's
// registration would put our frames into every stack a listener captures: not done.) The `before`
// hook makes Node call native callbacks through its `callbackTrampoline`, a frame a plain run shows
// only with such a hook: the one documented stack difference (test/fidelity/callbackTrampoline.test.ts).
// Knows Node's async resource types, not the ring's layout beyond its put functions.
import { createHook } from 'node:async_hooks';
import { EventKind, Ext, OriginKind, eventHeader } from '../format/events';
import { noteCallbackStart, noteMicrotask, installFastMicrotasks } from './fastMicrotasks';
import { notePromiseId, programHasHooks } from './hiddenAsyncResources';
import { beginSized, endSized, put2, put3 } from './ring';

const ORIGIN = eventHeader(EventKind.EXT, Ext.ORIGIN);
const RUN = eventHeader(EventKind.EXT, Ext.ORIGIN_RUN);
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

function recordRun(originId: number): void {
  beginSized();
  put3(RUN, 1, originId);
  endSized();
}

/**
 * ORIGIN_RUN [hdr, 0]: no callback runs now — Node's event loop itself emits (process 'beforeExit',
 * 'exit'), so the last callback announced is not what runs those listeners.
 */
export function recordNoCallback(): void {
  beginSized();
  put2(RUN, 0);
  endSized();
}

/** async_hooks: init where a callback is scheduled, before where it runs. Hooks never throw (Node aborts). */
export function installCallbackOrigins(): void {
  // Our hook makes Node 24's queueMicrotask take its slow path: fastMicrotasks.ts hides what that shows.
  installFastMicrotasks(programHasHooks);
  const hook = createHook({
    init(asyncId: number, type: string, triggerAsyncId: number, resource: object): void {
      let kind = KIND_OF_TYPE[type] ?? OriginKind.OTHER;
      // Node's own Timeout object: _repeat is its interval (null for setTimeout).
      if (kind === OriginKind.TIMEOUT && (resource as { _repeat?: unknown })._repeat != null)
        kind = OriginKind.INTERVAL;
      recordOrigin(asyncId, triggerAsyncId, kind);
      if (kind === OriginKind.PROMISE) notePromiseId(asyncId);
      // A fast-path microtask has no id in a plain run either: what it schedules reads trigger 0.
      else if (kind === OriginKind.MICROTASK && noteMicrotask(asyncId, resource)) notePromiseId(asyncId);
    },
    before(asyncId: number): void {
      noteCallbackStart(asyncId);
      recordRun(asyncId);
    },
  });
  hook.enable();
}
