// STRING_SLICE (format 3.11) as a reader sees it: a window of a STRING_DEF's captured units with its
// own true length. What a reader must refuse: a window past what the source holds, a source that is
// itself a slice, a source it never saw; each leaves the id undefined (shown as unknown).
import { describe, expect, it } from 'vitest';
import { EventKind, Ext, StringTable, ValueTag, eventHeader, valueWord } from '../../../runtime/format';

/** STRING_DEF [hdr, id, STRING(trueLength, captured units)]. */
function definition(id: number, text: string, trueLength = text.length): Int32Array {
  const words = [eventHeader(EventKind.EXT, Ext.STRING_DEF), id, valueWord(ValueTag.STRING, trueLength), text.length];
  for (let index = 0; index < text.length; index += 2)
    words.push(text.charCodeAt(index) | ((index + 1 < text.length ? text.charCodeAt(index + 1) : 0) << 16));
  return new Int32Array(words);
}

function slice(id: number, sourceId: number, offset: number, length: number, captured: number): Int32Array {
  return new Int32Array([eventHeader(EventKind.EXT, Ext.STRING_SLICE), 5, id, sourceId, offset, length, captured]);
}

const SOURCE = 'the quick brown fox jumps over the lazy dog, again and again';

describe('StringTable', () => {
  it('a slice is its source units in the window, with its own length and truncation', () => {
    const table = new StringTable();
    table.definition(definition(1, SOURCE, 5000), 0);
    table.slice(slice(2, 1, 4, 20, 5), 0);
    table.slice(slice(3, 1, 10, 10, 10), 0);
    expect(table.lookup(2)).toEqual({ type: 'string', value: 'quick', length: 20, truncated: true });
    expect(table.lookup(3)).toEqual({ type: 'string', value: 'brown fox ', length: 10, truncated: false });
  });

  it('refuses a window past the source, a slice of a slice, an unknown source, bad lengths', () => {
    const table = new StringTable();
    table.definition(definition(1, SOURCE), 0);
    table.slice(slice(2, 1, 0, 100, 10), 0);
    table.slice(slice(3, 1, SOURCE.length - 4, 100, 5), 0); // one unit past the end
    table.slice(slice(4, 2, 0, 100, 3), 0); // its source is a slice
    table.slice(slice(5, 9, 0, 100, 3), 0); // never defined
    table.slice(slice(6, 1, 0, 3, 5), 0); // captured past its own length
    table.slice(slice(7, 1, -1, 10, 5), 0);
    expect(table.lookup(2)?.value).toBe('the quick ');
    for (const id of [3, 4, 5, 6, 7]) expect(table.lookup(id), `id ${id}`).toBeUndefined();
  });

  it('keeps at most maxEntries, the oldest going first', () => {
    const table = new StringTable(2);
    table.definition(definition(1, 'one'), 0);
    table.definition(definition(2, 'two'), 0);
    table.slice(slice(3, 2, 0, 2, 2), 0);
    expect(table.lookup(1)).toBeUndefined();
    expect(table.lookup(3)?.value).toBe('tw');
  });
});
