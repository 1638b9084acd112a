// Short texts inside sized EXT events (REQUEST's "METHOD URL", EMIT's event name): a count word,
// then the UTF-16 units packed two a word, low first (valueDecode.ts decodePackedText reads them).
// Knows the packing, not which event carries it; call between beginSized() and endSized().
import { put, putStringUnits } from './ring';

/** How many words `chars` units take after the count word. */
export function packedWords(chars: number): number {
  return (chars + 1) >>> 1;
}

/** The count word and the first `chars` units of `text`. */
export function putPackedText(text: string, chars: number): void {
  put(chars);
  putStringUnits(text, chars);
}
