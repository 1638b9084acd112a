// The recorder's string tests read a recording write by write: what each WRITE's value decodes to
// through the trace's string table (as the store would show it) and its value tag, beside every
// event. Knows the [hdr, scope, v] layout of the hot path's WRITEs; nothing of how strings are cached.
import { EventKind, KIND_MASK, type DecodedValue } from '../../../runtime/format';
import { recordInThread, type InThreadOptions } from './memory';
import { decodeAt, stringTable, walkEvents, type WalkedEvent } from './trace';

/** What an inline STRING of `text` decodes to under the limit `maxChars`. */
export function inlineString(text: string, maxChars = 1024): DecodedValue {
  const value = text.slice(0, maxChars);
  return { type: 'string', value, length: text.length, truncated: value.length < text.length };
}

export interface RecordedWrites {
  words: Int32Array;
  events: WalkedEvent[];
  /** Each WRITE's value, decoded through the trace's string table. */
  values: DecodedValue[];
  /** Each WRITE's value tag. */
  tags: number[];
}

/** Runs `write` (hot-path calls) in a fresh in-thread recording and decodes every WRITE. */
export function recordWrites(write: (probeFlags: Uint8Array) => void, options: InThreadOptions = {}): RecordedWrites {
  const recording = recordInThread(options);
  write(recording.probeFlags);
  const words = recording.finish().main.words;
  const events = walkEvents(words);
  const strings = stringTable(words);
  const writes = events.filter((event) => event.kind === EventKind.WRITE);
  return {
    words,
    events,
    values: writes.map((event) => decodeAt(words, event.offset + 2, strings)),
    tags: writes.map((event) => words[event.offset + 2] & KIND_MASK),
  };
}
