// The APPEND event's (extKinds.ts, 3.9) header and field offsets, for the recorder that writes it
// and the readers that take it where a WRITE may stand (which write probe, whose scope, the part):
// readers that index or list a binding's writes treat the two alike; only the replay's value
// lookup tells them apart. Knows layouts only.
import { EventKind, eventHeader } from './events';
import { EXT_KINDS, extFieldOffset } from './extKinds';

/** The header word of every APPEND event. */
export const APPEND_HEADER = eventHeader(EventKind.EXT, EXT_KINDS.APPEND.subkind);
/** Word offsets of an APPEND's fields from its header. */
export const APPEND_PROBE = extFieldOffset('APPEND', 'probe');
export const APPEND_SCOPE = extFieldOffset('APPEND', 'scope');
export const APPEND_LENGTH = extFieldOffset('APPEND', 'length');
export const APPEND_PART = extFieldOffset('APPEND', 'part');

/**
 * The mark an append passes instead of `<rt>.appendMark()` where the instrumenter proved from the
 * syntax that its part cannot write the binding: no ring position is negative.
 */
export const PROVEN_APPEND_MARK = -1;

/** The APPEND scope word of a binding of the running activation's own frame (no SCOPE_TAG). */
export const OWN_FRAME_SCOPE = 0;

export function isAppend(words: Int32Array, offset: number): boolean {
  return words[offset] === APPEND_HEADER;
}
