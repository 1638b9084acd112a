// EMIT events (events.ts) around the program's own `emit(…)` calls, which the instrumenter wraps as
// `<rt>.emitEnd(emitter.emit('x', <rt>.emitStart("x", last)))`, and around Node's EventEmitter emits
// (nodeEmits.ts): the adapter labels the functions entered during the call ("EventEmitter 'x'") as
// its listeners. Knows the event's layout, not emitters.
import { EventKind, Ext, MAX_EMIT_NAME_CHARS, eventHeader } from '../format/events';
import { packedWords, putPackedText } from './packedText';
import { beginSized, endSized, put, put2 } from './ring';

const EMIT = eventHeader(EventKind.EXT, Ext.EMIT);
const START = 1;
const END = 0;

/**
 * EMIT start [hdr, 2 + k, 1, c, text]: the call named `name` (undefined: not with a string literal)
 * starts once its last argument, `value`, is evaluated; returns that argument.
 */
export function emitStart<T>(name: string | undefined, value?: T): T | undefined {
  const chars = name === undefined ? 0 : name.length < MAX_EMIT_NAME_CHARS ? name.length : MAX_EMIT_NAME_CHARS;
  beginSized();
  put2(EMIT, 2 + packedWords(chars));
  put(START);
  putPackedText(name ?? '', chars);
  endSized();
  return value;
}

/** EMIT end [hdr, 2, 0, 0]; returns the call's result. */
export function emitEnd<T>(result: T): T {
  beginSized();
  put2(EMIT, 2);
  put2(END, 0);
  endSized();
  return result;
}
