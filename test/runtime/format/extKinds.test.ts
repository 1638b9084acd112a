// The EXT registry (runtime/format/extKinds.ts) keeps its own rules, and every reader that iterates
// it covers exactly what it declares: the walker measures each subkind by its layout, each word
// field is where extFieldOffset says, the indexer and the chrome-trace export have a handler for each
// subkind declared theirs and for no other (their tables' types say so; this holds the running code to it).
import { describe, expect, it } from 'vitest';
import {
  EXT_KINDS,
  EXT_NAMES,
  EXT_SIZED_FIRST,
  EventKind,
  Ext,
  TraceFormatError,
  eventEnd,
  eventHeader,
  extFieldOffset,
  extKindOf,
  Const,
  ValueTag,
  valueWord,
  type ExtKindSpec,
  type ExtName,
} from '../../../runtime/format';
import { EventIndexer } from '../../../debug-adapter/trace/eventIndexer';
import { ThreadIndex } from '../../../debug-adapter/trace/threadIndex';
import { IndexHistory } from '../../../debug-adapter/trace/threadHistory';
import type { PositionedExt } from '../../../debug-adapter/trace/history';
import { ThreadSlices } from '../../../debug-adapter/export/threadSlices';
import { extEventWords, type ExtInput } from '../../support/traceBuilder';

const spec = (name: ExtName): ExtKindSpec => EXT_KINDS[name];
const UNDEFINED = valueWord(ValueTag.CONST, Const.UNDEFINED);

type ByLayout = Exclude<ExtName, 'SNAPSHOT'>;

/**
 * A sample of every subkind a test can write by layout (SNAPSHOT has its own builder), made from
 * its layout, so a new subkind is checked here without a line of its own: word fields 1, 2, 3…,
 * a value a string, a text with an odd count of units (the packed word's high half empty), the rest two words.
 */
function sampleOf(name: ByLayout): Record<string, unknown> {
  const sample: Record<string, unknown> = {};
  Object.entries(spec(name).fields).forEach(([field, kind], at) => {
    sample[field] = { word: at + 1, value: 'vé', text: 'GET /x', rest: [7, 8], snapshot: undefined }[kind];
  });
  // A SHAPE's count must match its body (the indexer checks it): one property, its prototype and
  // class name undefined, its key the number 5, its flags 0.
  if (name === 'SHAPE')
    Object.assign(sample, { count: 1, body: [UNDEFINED, UNDEFINED, valueWord(ValueTag.SMALL_INT, 5), 0] });
  return sample;
}
const SAMPLES = EXT_NAMES.filter((name): name is ByLayout => name !== 'SNAPSHOT').map(
  (name) => [name, sampleOf(name) as ExtInput<typeof name>] as const,
);

describe('the EXT registry', () => {
  it('gives each subkind one number; the sized ones (and only they) from EXT_SIZED_FIRST on', () => {
    const numbers = EXT_NAMES.map((name) => spec(name).subkind);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const name of EXT_NAMES) expect(Ext[name]).toBe(spec(name).subkind);
  });

  it('lets only the last field vary in length, and only sized subkinds end with text or the rest', () => {
    for (const name of EXT_NAMES) {
      const kinds = Object.values(spec(name).fields);
      expect(
        kinds.slice(0, -1).every((kind) => kind === 'word'),
        name,
      ).toBe(true);
      const last = kinds[kinds.length - 1];
      if (spec(name).subkind < EXT_SIZED_FIRST) expect(['word', 'value', 'snapshot'], name).toContain(last);
      else expect(last, name).not.toBe('snapshot');
    }
  });

  it('measures every subkind by its layout, each word field at its declared offset', () => {
    for (const [name, input] of SAMPLES) {
      const words = Int32Array.from([...extEventWords(name, input), eventHeader(EventKind.STEP, 1)]);
      expect(eventEnd(words, 0), name).toBe(words.length - 1);
      expect(extKindOf(words[0] >>> 4)?.name).toBe(name);
      for (const [field, value] of Object.entries(input as Record<string, unknown>))
        if (spec(name).fields[field as never] === 'word')
          expect(words[extFieldOffset(name, field as never)], `${name}.${field}`).toBe(value);
    }
  });

  it('still refuses a fixed-layout subkind it does not declare (a corrupt record)', () => {
    const free = [...Array(EXT_SIZED_FIRST).keys()].find((subkind) => subkind > 0 && !extKindOf(subkind)) as number;
    expect(() => eventEnd(Int32Array.of(eventHeader(EventKind.EXT, free), 0, 0), 0)).toThrow(TraceFormatError);
  });

  it("has a handler in the adapter's indexer for exactly the subkinds declared indexed", () => {
    const declared = EXT_NAMES.filter((name) => spec(name).indexed);
    expect(Object.keys(EventIndexer.extHandlers).sort()).toEqual(declared.sort());
  });

  it('is kept by position in the index for exactly the subkinds declared positions, with the steps before it', () => {
    for (const [name, input] of SAMPLES) {
      const index = new ThreadIndex(0);
      const step = eventHeader(EventKind.STEP, 1);
      new EventIndexer(index).append(Int32Array.from([step, step, ...extEventWords(name, input), step]));
      const kept = index.extPositions.count(spec(name).subkind);
      expect(kept, name).toBe(spec(name).positions ? 1 : 0);
      if (kept)
        expect([
          index.extPositions.stepsBefore(spec(name).subkind, 0),
          index.extPositions.offset(spec(name).subkind, 0),
        ]).toEqual([2, 2]);
    }
  });

  it('is read back through the history by name, every word field of every positioned subkind, at absolute steps', () => {
    const positioned = SAMPLES.filter(([name]) => spec(name).positions);
    expect(positioned.length).toBeGreaterThanOrEqual(2);
    for (const [name, input] of positioned) {
      const index = new ThreadIndex(0);
      index.firstStep = 1000; // steps the window dropped: the history answers in absolute numbers
      const step = eventHeader(EventKind.STEP, 1);
      new EventIndexer(index).append(Int32Array.from([step, step, ...extEventWords(name, input), step]));
      const events = new IndexHistory(index).extEvents(name as PositionedExt);
      expect([events.length, events.stepOf(0), events.offsetOf(0)], name).toEqual([1, 1002, 2]);
      const words = Object.entries(spec(name).fields).filter(([, kind]) => kind === 'word');
      for (const [field] of words)
        expect(events.field(0, field as never), `${name}.${field}`).toBe((input as Record<string, number>)[field]);
    }
  });

  it('has a handler in the chrome-trace export for exactly the subkinds declared custom there', () => {
    const declared = EXT_NAMES.filter((name) => spec(name).chrome === 'custom');
    expect(Object.keys(ThreadSlices.extHandlers).sort()).toEqual(declared.sort());
  });
});
