// Reading any EXT event's fields by its declared layout (extKinds.ts), for the generic readers: the
// chrome-trace export's instants, tests. Allocates an object per event: the indexer reads words at
// extFieldOffset instead. Knows layouts and value decoding, not what any subkind means.
import { EXT_SIZED_FIRST, extFieldsStart, extKindOf } from './extKinds';
import { eventEnd, valueLength } from './eventWalk';
import { decodePackedText, decodeValue, type DecodedValue, type StringLookup } from './valueDecode';

export type ExtFieldValue = number | string | DecodedValue | number[];

/**
 * The fields of the EXT event at `at`, by name: a word as a number, a value decoded, a text as a
 * string, the rest as numbers; a snapshot's body is left out. {} for a subkind this build does not know.
 */
export function extFields(words: Int32Array, at: number, strings: StringLookup): Record<string, ExtFieldValue> {
  const subkind = words[at] >>> 4;
  const kind = extKindOf(subkind);
  const fields: Record<string, ExtFieldValue> = {};
  if (!kind) return fields;
  const end = subkind >= EXT_SIZED_FIRST ? at + 2 + words[at + 1] : eventEnd(words, at);
  let offset = at + extFieldsStart(subkind);
  for (const [name, fieldKind] of Object.entries(kind.fields)) {
    if (fieldKind === 'word') fields[name] = words[offset++];
    else if (fieldKind === 'value') {
      fields[name] = decodeValue(words, offset, strings);
      offset += valueLength(words, offset);
    } else if (fieldKind === 'text') fields[name] = decodePackedText(words, offset);
    else if (fieldKind === 'rest') fields[name] = Array.from(words.subarray(offset, end));
  }
  return fields;
}
