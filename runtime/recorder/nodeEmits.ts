// Node's EventEmitter emits as EMIT events (emitCalls.ts), wherever they come from — Node's own
// (http 'request', net 'connection', stream 'data'/'end', process 'exit'), a library's in
// node_modules, or the program's under any alias (`emit.call(bus, …)`, `const emit = bus.emit.bind(bus)`)
// — so the adapter labels a listener's frame with the event that ran it. EventEmitter.prototype.emit
// is replaced once, before any user code, by a disguised function (same name, length and text,
// INS-18) that does what Node's emit does, line for line, with each listener call, error monitor
// call and unhandled 'error' throw at Node's own `node:events` line and column (emitSource.ts), so
// a stack a listener captures or throws, even a crash's, reads as a plain run's. A listener's result
// goes to a copy of Node's addCatch (emitRejections.ts), so captureRejections emitters are emitted
// here too. Proxies go through Node's emit (reading their fields here would run their traps
// twice): the replacement's frame and applyRaisingLimit's are left out of their stacks
// (hiddenFrames.ts). Adds no listener (INS-13). Knows EventEmitter's fields, not the event's layout.
import { EventEmitter, errorMonitor } from 'node:events';
import { compileFunction } from 'node:vm';
import { B } from './builtins';
import { recordNoCallback } from './callbackOrigins';
import { emitEnd, emitStart } from './emitCalls';
import { disguise } from './functionText';
import { applyCuttingFrame } from './ownFrames';
import { applyRaisingLimit, hideCallSite } from './hiddenFrames';
import { nodeEmitSites } from './emitPosition';
import { nodeRejectionSites } from './emitRejections';
import { emitSource } from './emitSource';

type Method = (...args: never[]) => unknown;
type Listener = { apply(self: unknown, args: unknown[]): unknown };
interface Fields {
  _events?: Record<PropertyKey, Listener | Listener[] | undefined>;
}

/** The event's name as the label shows it: a string as it is, a symbol by its description. */
function eventName(type: unknown): string | undefined {
  if (typeof type === 'string') return type;
  if (typeof type === 'symbol') return `Symbol(${B.symbolDescription(type) ?? ''})`;
  return undefined;
}

/** Node's private key of an emitter's captureRejections flag (an own property of every new emitter). */
function captureKey(): symbol | undefined {
  const keys = B.ownKeys(new EventEmitter());
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at];
    if (typeof key === 'symbol' && B.symbolDescription(key) === 'kCapture') return key;
  }
  return undefined;
}

/** process's listeners so far: the recorder's own (exit.ts), whose emits are not the program's to see. */
function recorderListeners(): WeakMap<object, boolean> {
  const ours = new B.WeakMap<object, boolean>();
  const events = (process as unknown as Fields)._events;
  if (events === undefined) return ours;
  const keys = B.ownKeys(events);
  for (let at = 0; at < keys.length; at++) {
    const handler = events[keys[at]];
    if (typeof handler === 'function') B.weakMapSet(ours, handler, true);
    else if (B.isArray(handler))
      for (let each = 0; each < handler.length; each++) B.weakMapSet(ours, handler[each], true);
  }
  return ours;
}

/** Whether every listener of a process event is the recorder's (then its emit is not recorded). */
function onlyRecorders(handler: Listener | Listener[], ours: WeakMap<object, boolean>): boolean {
  if (!B.isArray(handler)) return B.weakMapGet(ours, handler) === true;
  for (let at = 0; at < handler.length; at++) if (B.weakMapGet(ours, handler[at]) !== true) return false;
  return true;
}

/** Node's emit's arguments, by index: a spread would run the program's Array iterator (INS-25). */
function callArgs(type: unknown, args: unknown[]): unknown[] {
  const all = B.list<unknown>();
  B.listPush(all, type);
  for (let at = 0; at < args.length; at++) B.listPush(all, args[at]);
  return all;
}

/** What the compiled emit asks `route` for: Node's answer without a listener, or Node's emit itself. */
const NO_LISTENER = B.freeze({});
const NODE_EMIT = B.freeze({});
const NODE_EMIT_LABELLED = B.freeze({});
/** An 'error' with monitors: the compiled emit runs them, then asks route again. */
const MONITORED = B.freeze({});
/** An 'error' nobody listens to: Node's emit throws it (emitSource.ts keeps Node's stack and throw). */
const UNHANDLED = B.freeze({});

/** Node's private key of a listener array being emitted (Node 22+), or undefined (Node 20 copies it). */
function emittingKey(): symbol | undefined {
  const probe = new EventEmitter();
  probe.on('probe', () => undefined);
  probe.on('probe', () => undefined);
  const listeners = (probe as unknown as Fields)._events?.probe;
  const keys = B.ownKeys(listeners ?? {});
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at];
    if (typeof key === 'symbol' && B.symbolDescription(key) === 'events.emitting') return key;
  }
  return undefined;
}

/** A copy of several listeners, as Node 20's emit iterates them (so a removal while emitting changes nothing). */
function arrayClone(listeners: Listener[]): Listener[] {
  const copy = B.list<Listener>();
  for (let at = 0; at < listeners.length; at++) B.listPush(copy, listeners[at]);
  return copy;
}

const objectCreate = Object.create;
/**
 * Who Node's emit throws an unhandled 'error' for once the monitors have run: an object of the
 * emitter's class without listeners (Node names the class in "Emitted 'error' event on … instance").
 */
function standIn(emitter: object): object {
  return objectCreate(B.getPrototypeOf(emitter)) as object;
}

/** What the creating thread's Worker 'message' emits are reported to (workerMessages.ts), if anything. */
let messageObserver: ((emitter: object) => void) | undefined;

/** Every 'message' emitted on a plain object is shown to `observer` before its listeners run. */
export function observeMessageEmits(observer: (emitter: object) => void): void {
  messageObserver = observer;
}

/** Replaces EventEmitter.prototype.emit; false when Node's emit could not be matched (left as it is). */
export function installNodeEmits(): boolean {
  const prototype = EventEmitter.prototype as unknown as Record<string, unknown>;
  const emit = prototype.emit as Method;
  const kCapture = captureKey();
  const kEmitting = emittingKey();
  const sites = typeof emit === 'function' ? nodeEmitSites(emit) : undefined;
  if (sites?.many?.form === 'emitting' && kEmitting === undefined) sites.many = undefined;
  const rejections = sites && nodeRejectionSites(emit, sites.many !== undefined);
  const source = sites && emitSource({ ...sites, rejections });
  // Without Node's position the replacement's frame would name Rewind's file in the program's stacks.
  if (typeof emit !== 'function' || kCapture === undefined || source === undefined) return false;
  const processObject = process;
  const ours = recorderListeners();
  const route = (self: Fields, type: unknown, monitored: boolean): unknown => {
    // Node's emit reads these too; a proxy's traps (or a non-object's TypeError) are left to it.
    const plain = typeof self === 'object' && self !== null && !B.isProxy(self);
    const events = plain ? self._events : undefined;
    if (type === 'message' && plain && messageObserver !== undefined) messageObserver(self);
    // The compiled emit runs monitors itself only if it can also throw Node's unhandled 'error' after
    // them without running them again (through a stand-in receiver with no listeners).
    if (type === 'error' && !monitored && events !== undefined && events[errorMonitor] !== undefined)
      return source.monitor && source.unhandled ? MONITORED : NODE_EMIT_LABELLED;
    const handler = events === undefined ? undefined : events[type as PropertyKey];
    if (type === 'error' && plain && (events === undefined || events.error === undefined))
      return source.unhandled ? UNHANDLED : NODE_EMIT;
    // No listener: Node's emit returns false and does nothing else.
    if (handler === undefined) return plain ? NO_LISTENER : NODE_EMIT;
    if (self === processObject) {
      if (onlyRecorders(handler, ours)) return NODE_EMIT;
      // Emitted by the event loop's end, or by process.exit() inside a callback already running.
      if (type === 'exit' || type === 'beforeExit') recordNoCallback();
    }
    // Without the copy of addCatch, Node's emit catches a listener's rejection (captureRejections).
    if (
      (typeof handler !== 'function' && !source.many) ||
      (!source.rejections && (self as Record<symbol, unknown>)[kCapture])
    )
      return NODE_EMIT_LABELLED;
    return handler;
  };
  const dependencies = {
    route,
    start: (type: unknown) => emitStart(eventName(type)),
    end: () => emitEnd(undefined),
    hide: applyRaisingLimit,
    cutting: applyCuttingFrame,
    node: emit,
    toArgs: callArgs,
    isNativeError: B.isNativeError,
    reflectApply: B.apply,
    kEmitting,
    arrayClone,
    NO_LISTENER,
    NODE_EMIT,
    NODE_EMIT_LABELLED,
    UNHANDLED,
    MONITORED,
    kErrorMonitor: errorMonitor,
    standIn,
    kCapture,
    process: processObject,
    rejected: rejections?.rejected,
  };
  const make = compileFunction(source.code, ['d'], { filename: 'node:events' });
  for (let at = 0; at < source.handOvers.length; at++) {
    const { line, column } = source.handOvers[at];
    hideCallSite('node:events', line, column, source.emitLine);
  }
  const replacement = B.apply(make, undefined, [dependencies]) as Method;
  disguise(replacement, emit);
  B.defineProperty(prototype, 'emit', { ...B.getOwnPropertyDescriptor(prototype, 'emit'), value: replacement });
  return true;
}
