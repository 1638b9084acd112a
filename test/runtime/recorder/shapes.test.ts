// Object snapshots by shape (format 3.12, shapes.ts, issue 9): what the recorder writes. The first
// object of a shape defines it (SHAPE) and every object of it is a SHAPED_SNAPSHOT naming it; key
// order, property flags, class, prototype and integrity make different shapes; whatever is not
// plainly captured keeps the ordinary SNAPSHOT; the table is capped and dies with a loss. Every
// object decodes to exactly the snapshot the same recording without shapes writes.
import { describe, expect, it } from 'vitest';
import { EventKind, Ext, KIND_MASK, PropFlag, SnapshotFlag, ValueTag, valueLength } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { MAX_SHAPE_KEYS, MAX_SHAPE_NODES } from '../../../runtime/recorder/shapes';
import { newSnapshotEpoch } from '../../../runtime/recorder/snapshot';
import { recordInThread } from '../../support/recorder/memory';
import { snapshots, type DecodedSnapshot } from '../../support/recorder/snapshots';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';

interface Written {
  /** EXT subkinds of the snapshot-related events, in order. */
  kinds: number[];
  /** The snapshot of each value written (the first one of its object), as decoded. */
  taken: DecodedSnapshot[];
  all: DecodedSnapshot[];
}

/** Writes each value once (a PROP_SET of it into a holder) and reads back what was written. */
function record(values: readonly object[], shapes = true, between?: (index: number) => void): Written {
  const recording = recordInThread({ capacityWords: 1 << 23, objectShapes: shapes });
  const holder = {};
  hot.pv(1, holder, 'h', 0);
  values.forEach((value, index) => {
    hot.pv(9, holder, 'v', value);
    between?.(index);
  });
  const words = recording.finish().main.words;
  const strings = stringTable(words);
  const table = snapshots(words, strings);
  const kinds = walkEvents(words)
    .filter(
      (event) =>
        event.kind === EventKind.EXT &&
        [Ext.SNAPSHOT, Ext.SHAPE, Ext.SHAPED_SNAPSHOT, Ext.NEW_OBJECT, Ext.PROTOTYPE].includes(event.probe as never),
    )
    .map((event) => event.probe);
  // Each value's object id, from its PROP_SET [hdr, v:target, v:key, v:value].
  const taken = walkEvents(words)
    .filter((event) => event.kind === EventKind.PROP_SET && event.probe === 9)
    .map((event) => {
      let at = event.offset + 1;
      at += valueLength(words, at);
      at += valueLength(words, at);
      const value = decodeAt(words, at, strings) as { id: number };
      return table.all.find((snapshot) => snapshot.id === value.id)!;
    });
  return { kinds, taken, all: table.all };
}

/** A snapshot as shown: without where it was written or how (its shape id). */
function content(snapshot: DecodedSnapshot): unknown {
  const { offset: _offset, shapeId: _shapeId, prototype: _prototype, ...rest } = snapshot;
  return rest;
}

/** Snapshots of one recording with and without shapes: the same objects, the same content. */
function expectSameAsWithoutShapes(values: readonly object[]): Written {
  const shaped = record(values);
  const plain = record(values, false);
  expect(plain.kinds).not.toContain(Ext.SHAPE);
  expect(plain.kinds).not.toContain(Ext.SHAPED_SNAPSHOT);
  expect(shaped.all.map(content)).toEqual(plain.all.map(content));
  return shaped;
}

const count = (kinds: number[], kind: number): number => kinds.filter((each) => each === kind).length;

describe('object snapshots by shape', () => {
  it('the first object of a shape defines it, the next ones name it', () => {
    const values = [
      { a: 1, b: 'x', c: true },
      { a: 2, b: 'y', c: false },
      { a: 3.5, b: 'z', c: null },
    ];
    const written = expectSameAsWithoutShapes(values);
    expect(count(written.kinds, Ext.SHAPE)).toBe(1);
    expect(count(written.kinds, Ext.SHAPED_SNAPSHOT)).toBe(3);
    expect(written.kinds.indexOf(Ext.SHAPE)).toBeLessThan(written.kinds.indexOf(Ext.SHAPED_SNAPSHOT));
    expect(new Set(written.taken.map((snapshot) => snapshot.shapeId)).size).toBe(1);
    // A DOUBLE among the values (3.5) is written as the ordinary snapshot writes it.
    expect(written.taken[2].entries[0].value).toEqual({ type: 'number', value: 3.5 });
  });

  it('key order, property flags, class, prototype and integrity make different shapes', () => {
    class Point {
      x = 1;
      y = 2;
    }
    class Other {
      x = 1;
      y = 2;
    }
    const hidden = { x: 1, y: 2 };
    Object.defineProperty(hidden, 'y', { enumerable: false });
    const readOnly = { x: 1, y: 2 };
    Object.defineProperty(readOnly, 'x', { writable: false });
    const bare = Object.assign(Object.create(null) as object, { x: 1, y: 2 });
    const values = [
      { x: 1, y: 2 },
      { y: 2, x: 1 },
      hidden,
      readOnly,
      new Point(),
      new Other(),
      bare,
      Object.seal({ x: 1, y: 2 }),
      Object.freeze({ x: 1, y: 2 }),
      { x: 1, y: 2 }, // the first one's shape again
      new Point(), // Point's again
    ];
    const written = expectSameAsWithoutShapes(values);
    const ids = written.taken.map((snapshot) => snapshot.shapeId);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(new Set(ids.slice(0, 9)).size).toBe(9);
    expect(ids[9]).toBe(ids[0]);
    expect(ids[10]).toBe(ids[4]);
    // And one more: Point.prototype and Other.prototype, each { constructor } (non-enumerable).
    expect(count(written.kinds, Ext.SHAPE)).toBe(10);
    // A class instance's prototype is in its shape: no PROTOTYPE event after its snapshot.
    expect(written.taken[4].prototype?.type).toBe('object');
    expect(written.taken[4].className).toMatchObject({ type: 'string', value: 'Point' });
    expect(written.taken[6].flags & SnapshotFlag.NULL_PROTOTYPE).not.toBe(0);
    expect(written.taken[2].entries[1].flags).toBe(PropFlag.NON_ENUMERABLE);
  });

  it('objects with nested objects: children snapshotted and referred to as before', () => {
    const values = Array.from({ length: 5 }, (_, index) => ({
      name: `n${index}`,
      at: { line: index, column: index * 2 },
      tags: ['a', index],
      parent: undefined as unknown,
    }));
    values[3].parent = values[1];
    const written = expectSameAsWithoutShapes(values);
    // The outer objects share one shape, their `at` children another; arrays keep SNAPSHOT.
    expect(count(written.kinds, Ext.SHAPE)).toBe(2);
    expect(count(written.kinds, Ext.SNAPSHOT)).toBeGreaterThanOrEqual(5);
  });

  it('whatever is not plainly captured keeps the ordinary SNAPSHOT', () => {
    const wide = Object.fromEntries(Array.from({ length: MAX_SHAPE_KEYS + 1 }, (_, index) => [`k${index}`, index]));
    const truncated = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`t${index}`, index]));
    const withGetter = {
      a: 1,
      get b() {
        return 2;
      },
    };
    const withSymbol = { a: 1, [Symbol('s')]: 2 };
    // Inline values past 256 words (a 600-unit string takes 302), and a bigint (sized only as written).
    const withLongString = { a: 'x'.repeat(600) };
    const withBigint = { a: 10n ** 30n };
    const longKey = { ['k'.repeat(60)]: 1 };
    const values = [wide, truncated, withGetter, withSymbol, withLongString, withBigint, longKey];
    const written = expectSameAsWithoutShapes(values);
    // The long key is not interned but written again by reference after its first write: not a shape's
    // key the first time either (inline), so the one shape-less object of every kind.
    expect(count(written.kinds, Ext.SHAPE)).toBe(0);
    expect(count(written.kinds, Ext.SHAPED_SNAPSHOT)).toBe(0);
    expect(written.taken[1].flags & SnapshotFlag.TRUNCATED).not.toBe(0);
  });

  it('values written inline (doubles, strings not interned, symbols) are sized and written as the SNAPSHOT writes them', () => {
    const id = Symbol('group');
    const values = [
      { type: 'group', id, text: 'y'.repeat(100), ratio: 0.25 },
      { type: 'group', id: Symbol.for('registered'), text: 'z'.repeat(101), ratio: -0 },
      { type: 'group', id: Symbol(), text: '', ratio: 1e300 },
    ];
    const written = expectSameAsWithoutShapes(values);
    expect(count(written.kinds, Ext.SHAPE)).toBe(1);
    expect(count(written.kinds, Ext.SHAPED_SNAPSHOT)).toBe(3);
  });

  it('the table is capped: past it, ordinary SNAPSHOTs', () => {
    // One new key per object: a node each (after the three the root's words take).
    const values = Array.from({ length: MAX_SHAPE_NODES + 50 }, (_, index) => ({ [`key${index}`]: index }));
    const written = record(values);
    expect(count(written.kinds, Ext.SHAPE)).toBe(MAX_SHAPE_NODES - 3);
    expect(count(written.kinds, Ext.SNAPSHOT)).toBe(53);
    // Past the cap, a shape already made is still used.
    const again = record([...values, { key0: 1 }]);
    expect(again.taken.at(-1)?.shapeId).toBe(again.taken[0].shapeId);
  });

  it('a loss (a new snapshot epoch) forgets every shape: the next object defines its shape again under a fresh id', () => {
    const values = [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
      { a: 5, b: 6 },
    ];
    const written = record(values, true, (index) => {
      if (index === 1) newSnapshotEpoch();
    });
    expect(count(written.kinds, Ext.SHAPE)).toBe(2);
    const ids = written.taken.map((snapshot) => snapshot.shapeId);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]); // never a reused id: a reader that lost the first SHAPE cannot mistake it
  });

  it('after events are lost, a SHAPED_SNAPSHOT names only a SHAPE written since the loss, whose keys are too', () => {
    const recording = recordInThread({ capacityWords: 1 << 12, overflow: 'drop-newest' });
    const holder = {};
    for (let round = 0; round < 40; round++) {
      for (let index = 0; index < 6; index++) {
        // Keys interleaved with children whose long strings fill batches: a loss can come between
        // the parent's keys and its SHAPE.
        const child = { text: `${'c'.repeat(300)}${round}.${index}`, n: index };
        hot.pv(9, holder, 'v', { [`a${round % 4}`]: 1, child, [`b${round % 5}`]: { deep: child.n } });
      }
      for (let index = 0; index < 200 + round * 29; index++) hot.wf(6, index, 0);
      if (round % 3 === 0) recording.drain.round();
    }
    const trace = recording.finish();
    const words = trace.main.words;
    expect(trace.main.lost.length).toBeGreaterThan(0);
    // A reader that forgets nothing: what a SHAPE or SHAPED_SNAPSHOT refers to must be written
    // after the last LOST marker before it.
    let lastLoss = -1;
    const strings = new Map<number, number>();
    const shapes = new Map<number, number>();
    let shaped = 0;
    const expectStringsSince = (at: number, end: number) => {
      for (; at < end; at += valueLength(words, at))
        if ((words[at] & KIND_MASK) === ValueTag.STRING_REF)
          expect(strings.get(words[at] >>> 4), `string at ${at}`).toBeGreaterThan(lastLoss);
    };
    for (const event of walkEvents(words)) {
      if (event.kind !== EventKind.EXT) continue;
      if (event.probe === Ext.LOST) lastLoss = event.offset;
      if (event.probe === Ext.STRING_DEF) strings.set(words[event.offset + 1], event.offset);
      if (event.probe === Ext.SHAPE) {
        shapes.set(words[event.offset + 2], event.offset);
        // Its prototype and class name, then (key, flags) pairs: every key a reference (flags 0 here).
        expectStringsSince(event.offset + 5, event.end);
      }
      if (event.probe === Ext.SHAPED_SNAPSHOT) {
        shaped++;
        expect(shapes.get(words[event.offset + 3]), `shape of ${event.offset}`).toBeGreaterThan(lastLoss);
      }
    }
    expect(shaped).toBeGreaterThan(20);
  });
});
