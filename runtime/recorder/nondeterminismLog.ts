// The ring side of a deferred recording's log: ND_VALUE, ND_CALLBACK and ND_UNSUPPORTED events
// (format/deferred.ts says their words). A value larger than one event goes out in chunks.
// Knows the encoding, not which functions were wrapped (nondeterminism.ts) nor the feed side.
import { EventKind, Ext, eventHeader } from '../format/events';
import { ND_CHUNK_WORDS, ND_MORE, NdForm } from '../format/deferred';
import { B } from './builtins';
import { packedWords, putPackedText } from './packedText';
import { beginSized, endSized, event4, put, put2, put3 } from './ring';

const VALUE = eventHeader(EventKind.EXT, Ext.ND_VALUE);
const CALLBACK = eventHeader(EventKind.EXT, Ext.ND_CALLBACK);
const UNSUPPORTED = eventHeader(EventKind.EXT, Ext.ND_UNSUPPORTED);
/** source, form, ticket */
const VALUE_FIXED_WORDS = 3;
const TEXT_CHUNK_CHARS = (ND_CHUNK_WORDS - 1) * 2;
const BYTES_CHUNK = (ND_CHUNK_WORDS - 1) * 4;
const MAX_UNSUPPORTED_CHARS = 400;

const float = new B.Float64Array(1);
const floatWords = new B.Int32Array(float.buffer);

export function logNumber(source: number, ticket: number, value: number): void {
  float[0] = value;
  beginSized();
  put2(VALUE, VALUE_FIXED_WORDS + 2);
  put3(source, NdForm.NUMBER, ticket);
  put2(floatWords[0], floatWords[1]);
  endSized();
}

export function logUndefined(source: number, ticket: number): void {
  beginSized();
  put2(VALUE, VALUE_FIXED_WORDS);
  put3(source, NdForm.UNDEFINED, ticket);
  endSized();
}

/** form TEXT, JSON or ERROR: the text in chunks of at most TEXT_CHUNK_CHARS units. */
export function logText(source: number, ticket: number, form: number, text: string): void {
  let at = 0;
  do {
    const chars = text.length - at < TEXT_CHUNK_CHARS ? text.length - at : TEXT_CHUNK_CHARS;
    const more = at + chars < text.length;
    beginSized();
    put2(VALUE, VALUE_FIXED_WORDS + 1 + packedWords(chars));
    put3(source, more ? form | ND_MORE : form, ticket);
    putPackedText(at === 0 && !more ? text : B.stringSlice(text, at, at + chars), chars);
    endSized();
    at += chars;
  } while (at < text.length);
}

/** form BYTES: [count, words], little-endian four bytes a word, in chunks of at most BYTES_CHUNK bytes. */
export function logBytes(source: number, ticket: number, bytes: Uint8Array): void {
  const length = B.typedArrayLength(bytes);
  let at = 0;
  do {
    const count = length - at < BYTES_CHUNK ? length - at : BYTES_CHUNK;
    const more = at + count < length;
    beginSized();
    put2(VALUE, VALUE_FIXED_WORDS + 1 + ((count + 3) >>> 2));
    put3(source, more ? NdForm.BYTES | ND_MORE : NdForm.BYTES, ticket);
    put(count);
    for (let offset = 0; offset < count; offset += 4) {
      const base = at + offset;
      put(
        bytes[base] |
          ((offset + 1 < count ? bytes[base + 1] : 0) << 8) |
          ((offset + 2 < count ? bytes[base + 2] : 0) << 16) |
          ((offset + 3 < count ? bytes[base + 3] : 0) << 24),
      );
    }
    endSized();
    at += count;
  } while (at < length);
}

/** ticket: the async read whose callback runs, or a timer's or immediate's creation number. */
export function logCallback(typeId: number, ticket: number): void {
  event4(CALLBACK, 2, typeId, ticket);
}

export function logUnsupported(reason: string): void {
  const chars = reason.length < MAX_UNSUPPORTED_CHARS ? reason.length : MAX_UNSUPPORTED_CHARS;
  beginSized();
  put2(UNSUPPORTED, 1 + packedWords(chars));
  putPackedText(reason, chars);
  endSized();
}
