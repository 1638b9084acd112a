// Node's EventEmitter emits as EMIT events (emitCalls.ts), wherever they come from — Node's own
// (http 'request', net 'connection', stream 'data'/'end', process 'exit'), a library's in
// node_modules, or the program's under any alias (`emit.call(bus, …)`, `const emit = bus.emit.bind(bus)`)
// — so the adapter labels a listener's frame with the event that ran it. EventEmitter.prototype.emit
// is replaced once, before any user code, by a disguised method (same name, length and text,
// INS-18). With one listener (the usual case) it does what Node's emit does, line for line
// (`handler.apply(this, args)`), in place of Node's frame: a stack the listener captures or throws
// has a plain run's frames. Otherwise (several listeners, 'error', captureRejections, a proxy) it
// calls Node's emit, and a thrown error still shows a plain run's stack (ownFrames.ts); only a stack
// captured, not thrown, in such a listener shows the recorder's frame. Adds no listener (INS-13).
// Knows EventEmitter's fields, not the event's layout.
import { EventEmitter } from 'node:events';
import { B } from './builtins';
import { recordNoCallback } from './callbackOrigins';
import { emitEnd, emitStart } from './emitCalls';
import { disguise } from './functionText';
import { applyHidingOwnFrames } from './ownFrames';

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

export function installNodeEmits(): void {
  const prototype = EventEmitter.prototype as unknown as Record<string, unknown>;
  const emit = prototype.emit as Method;
  const kCapture = captureKey();
  if (typeof emit !== 'function' || kCapture === undefined) return;
  const processObject = process;
  const ours = recorderListeners();
  const replacement = {
    emit(this: Fields, type: unknown, ...args: unknown[]): unknown {
      // Node's emit reads these too; a proxy's traps (or a non-object's TypeError) are left to it.
      const plain = typeof this === 'object' && this !== null && !B.isProxy(this);
      const events = plain ? this._events : undefined;
      const handler = events === undefined ? undefined : events[type as PropertyKey];
      if (handler === undefined) {
        if (plain && type !== 'error') return false; // no listener: Node's emit returns false, nothing else
        return applyHidingOwnFrames(emit, this, callArgs(type, args), 2);
      }
      if (this === processObject) {
        if (onlyRecorders(handler, ours)) return B.apply(emit, this, callArgs(type, args));
        // Emitted by the event loop's end, or by process.exit() inside a callback already running.
        if (type === 'exit' || type === 'beforeExit') recordNoCallback();
      }
      emitStart(eventName(type));
      try {
        if (typeof handler !== 'function' || type === 'error' || (this as Record<symbol, unknown>)[kCapture])
          return applyHidingOwnFrames(emit, this, callArgs(type, args), 2);
        handler.apply(this, args);
        return true;
      } finally {
        emitEnd(undefined);
      }
    },
  }.emit;
  disguise(replacement, emit);
  B.defineProperty(prototype, 'emit', { ...B.getOwnPropertyDescriptor(prototype, 'emit'), value: replacement });
}
