// The strings a trace defines for STRING_REF: STRING_DEF (its value) and, from format 3.11,
// STRING_SLICE (a window of a STRING_DEF's units, with its own true length). How one slice reads
// its source (the checks a reader must make) and the table streaming readers keep (the chrome
// export, the deferred log). Knows nothing of where events are stored: the store reads slices
// through sliceFields/sliceOf with its own offsets.
import { extFieldOffset } from './extKinds';
import { decodeString, type DecodedString } from './valueDecode';

const SLICE_ID = extFieldOffset('STRING_SLICE', 'stringId');
const SLICE_SOURCE = extFieldOffset('STRING_SLICE', 'sourceId');
const SLICE_OFFSET = extFieldOffset('STRING_SLICE', 'offset');
const SLICE_LENGTH = extFieldOffset('STRING_SLICE', 'length');
const SLICE_CAPTURED = extFieldOffset('STRING_SLICE', 'captured');
const DEF_ID = extFieldOffset('STRING_DEF', 'stringId');
const DEF_TEXT = extFieldOffset('STRING_DEF', 'text');

/** A STRING_SLICE's fields: string `stringId` is `length` units long, its first `captured` from the source. */
export interface StringSliceFields {
  stringId: number;
  sourceId: number;
  offset: number;
  length: number;
  captured: number;
}

export function sliceFields(words: Int32Array, at: number): StringSliceFields {
  return {
    stringId: words[at + SLICE_ID],
    sourceId: words[at + SLICE_SOURCE],
    offset: words[at + SLICE_OFFSET],
    length: words[at + SLICE_LENGTH],
    captured: words[at + SLICE_CAPTURED],
  };
}

/**
 * The slice's value from its source (a STRING_DEF holding `sourceCaptured` units, read by `unitsOf`
 * for the window only); undefined when the source does not hold the window or the lengths are
 * inconsistent (a reader shows it as an unknown string).
 */
export function sliceOf(
  slice: StringSliceFields,
  sourceCaptured: number,
  unitsOf: (start: number, count: number) => string,
): DecodedString | undefined {
  const { offset, length, captured } = slice;
  if (offset < 0 || captured < 0 || captured > length || offset + captured > sourceCaptured) return undefined;
  return { type: 'string', value: unitsOf(offset, captured), length, truncated: captured < length };
}

/**
 * Defined strings by id, for a reader that walks events in order and keeps no words. Slices resolve
 * only from a STRING_DEF (never from another slice), at the time they are read: a later definition
 * under the same id does not change them. `maxEntries` bounds it (the oldest entries go first).
 */
export class StringTable {
  private readonly entries = new Map<number, { text: DecodedString; isDefinition: boolean }>();

  constructor(private readonly maxEntries = Infinity) {}

  readonly lookup = (stringId: number): DecodedString | undefined => this.entries.get(stringId)?.text;

  /** A STRING_DEF at `at` (its header). */
  definition(words: Int32Array, at: number): void {
    this.remember(words[at + DEF_ID], decodeString(words, at + DEF_TEXT), true);
  }

  /** A STRING_SLICE at `at` (its header): a slice of an unknown source is left undefined. */
  slice(words: Int32Array, at: number): void {
    const fields = sliceFields(words, at);
    const source = this.entries.get(fields.sourceId);
    const sourceText = source?.isDefinition ? source.text.value : undefined;
    const text =
      sourceText === undefined
        ? undefined
        : sliceOf(fields, sourceText.length, (start, count) => sourceText.slice(start, start + count));
    if (text) this.remember(fields.stringId, text, false);
    else this.entries.delete(fields.stringId);
  }

  private remember(stringId: number, text: DecodedString, isDefinition: boolean): void {
    this.entries.delete(stringId);
    this.entries.set(stringId, { text, isDefinition });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as number);
  }
}
