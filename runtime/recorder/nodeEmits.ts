// Node's EventEmitter emits as EMIT events (emitCalls.ts), wherever they come from — Node's own
// (http 'request', net 'connection', stream 'data'/'end', process 'exit'), a library's in
// node_modules, or the program's under any alias (`emit.call(bus, …)`, `const emit = bus.emit.bind(bus)`)
// — so the adapter labels a listener's frame with the event that ran it. EventEmitter.prototype.emit
// is replaced once, before any user code, by a disguised function (same name, length and text,
// INS-18). With one listener (the usual case) it does what Node's emit does, line for line
// (`handler.apply(this, args)`), in place of Node's frame — and that call sits at Node's own
// `node:events` line and column (compiled there, emitPosition.ts), so a stack the listener captures
// or throws, even a crash's, reads as a plain run's. Otherwise (several listeners, 'error',
// captureRejections, a proxy) it calls Node's emit, and a thrown error still shows a plain run's
// stack (ownFrames.ts); only a stack captured, not thrown, in such a listener has one more `emit`
// frame. Adds no listener (INS-13). Knows EventEmitter's fields, not the event's layout.
import { EventEmitter } from 'node:events';
import { compileFunction } from 'node:vm';
import { B } from './builtins';
import { recordNoCallback } from './callbackOrigins';
import { emitEnd, emitStart } from './emitCalls';
import { disguise } from './functionText';
import { applyHidingOwnFrames } from './ownFrames';
import { nodeEmitCallPosition, type SourcePosition } from './emitPosition';

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

/**
 * The emit's text, compiled as `node:events` so that `handler.apply` (V8 reports a member call at its
 * property) lands on `position`: the prologue fills the lines above it, the call is padded to its
 * column. One function body (compileFunction adds no text), strict like Node's own modules.
 */
function emitSource(position: SourcePosition): { code: string; lineOffset: number } | undefined {
  const call = 'handler.apply(this, args);';
  const padding = position.column - 1 - 'handler.'.length;
  const lines = [
    "'use strict'; const route = d.route, start = d.start, end = d.end, hide = d.hide, node = d.node, toArgs = d.toArgs;",
    'const NO_LISTENER = d.NO_LISTENER, NODE_EMIT = d.NODE_EMIT, NODE_EMIT_LABELLED = d.NODE_EMIT_LABELLED;',
    'return function emit(type, ...args) { const handler = route(this, type); if (handler === NO_LISTENER) return false;',
    'if (handler === NODE_EMIT) return hide(node, this, toArgs(type, args), 2); start(type); try {',
    'if (handler === NODE_EMIT_LABELLED) return hide(node, this, toArgs(type, args), 2);',
  ];
  const lineOffset = position.line - 1 - lines.length;
  if (padding < 0 || lineOffset < 0) return undefined;
  lines.push(' '.repeat(padding) + call, 'return true; } finally { end(); } };');
  return { code: lines.join('\n'), lineOffset };
}

export function installNodeEmits(): void {
  const prototype = EventEmitter.prototype as unknown as Record<string, unknown>;
  const emit = prototype.emit as Method;
  const kCapture = captureKey();
  const position = nodeEmitCallPosition(emit);
  const source = position && emitSource(position);
  // Without Node's position the replacement's frame would name Rewind's file in the program's stacks.
  if (typeof emit !== 'function' || kCapture === undefined || source === undefined) return;
  const processObject = process;
  const ours = recorderListeners();
  const route = (self: Fields, type: unknown): unknown => {
    // Node's emit reads these too; a proxy's traps (or a non-object's TypeError) are left to it.
    const plain = typeof self === 'object' && self !== null && !B.isProxy(self);
    const events = plain ? self._events : undefined;
    const handler = events === undefined ? undefined : events[type as PropertyKey];
    // No listener: Node's emit returns false and does nothing else ('error' throws: Node's to do).
    if (handler === undefined) return plain && type !== 'error' ? NO_LISTENER : NODE_EMIT;
    if (self === processObject) {
      if (onlyRecorders(handler, ours)) return NODE_EMIT;
      // Emitted by the event loop's end, or by process.exit() inside a callback already running.
      if (type === 'exit' || type === 'beforeExit') recordNoCallback();
    }
    if (typeof handler !== 'function' || type === 'error' || (self as Record<symbol, unknown>)[kCapture])
      return NODE_EMIT_LABELLED;
    return handler;
  };
  const dependencies = {
    route,
    start: (type: unknown) => emitStart(eventName(type)),
    end: () => emitEnd(undefined),
    hide: applyHidingOwnFrames,
    node: emit,
    toArgs: callArgs,
    NO_LISTENER,
    NODE_EMIT,
    NODE_EMIT_LABELLED,
  };
  const make = compileFunction(source.code, ['d'], { filename: 'node:events', lineOffset: source.lineOffset });
  const replacement = B.apply(make, undefined, [dependencies]) as Method;
  disguise(replacement, emit);
  B.defineProperty(prototype, 'emit', { ...B.getOwnPropertyDescriptor(prototype, 'emit'), value: replacement });
}
