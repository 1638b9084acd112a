// Shallow literal snapshots (literals.ts, snapshot.ts writeLiteral; issue 9): a literal the
// instrumenter marks is snapshotted from its static key list, and the words written are exactly
// those the reflective path writes for the same object at the same moment — for every shape the
// instrumenter takes, with limits, redaction, another realm and a replaced `constructor`. A mark
// its probe does not take (a redacted write) is dropped, so a later first sight reflects.
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeFlag } from '../../../runtime/recorder/limits';
import * as hot from '../../../runtime/recorder/hotPath';
import { lita, litv } from '../../../runtime/recorder/literals';
import { recordInThread, type InThreadOptions } from '../../support/recorder/memory';
import { snapshots } from '../../support/recorder/snapshots';
import { stringTable, walkEvents } from '../../support/recorder/trace';

type Mark = (value: object) => object;

const { e2: enterTwo } = hot.createHotPath({ live: false });

/**
 * What a recording wrote, comparable across recordings (interned string ids differ between
 * them): every event's kind, sub-kind and size in words, and every snapshot decoded (its offset
 * left out), keys, class names and string values as text.
 */
function recorded(write: (mark: Mark) => void, mark: Mark, options: InThreadOptions = {}): unknown {
  const recording = recordInThread(options);
  write(mark);
  const words = recording.finish().main.words;
  const events = walkEvents(words).map((event) => [event.kind, event.probe, event.end - event.offset]);
  const taken = snapshots(words, stringTable(words)).all.map(({ offset: _offset, ...snapshot }) => snapshot);
  return { events, taken };
}

const reflective: Mark = (value) => value;

/** Both paths, as the instrumenter would mark a literal of these keys (undefined: an array). */
function bothPaths(keys: string[] | undefined, write: (mark: Mark) => void, options: InThreadOptions = {}) {
  const marked: Mark = (value) => (keys === undefined ? lita(value) : litv(keys, value));
  return { marked: recorded(write, marked, options), reflected: recorded(write, reflective, options) };
}

describe('a marked literal is snapshotted as the reflective path snapshots it', () => {
  const shared = { s: 1 };
  const shapes: Array<[string, string[] | undefined, () => object]> = [
    ['primitives of every kind', ['a', 'b', 'c', 'd', 'e'], () => ({ a: 1, b: 'two', c: null, d: 2.5, e: undefined })],
    ['identifier-like and quoted keys', ['x', 'c-d', ''], () => ({ x: 1, 'c-d': 2, '': 3 })],
    [
      'objects inside (reflected, as today)',
      ['inner', 'list', 'p', 'q'],
      () => ({ inner: { x: 1 }, list: [1, 2], p: shared, q: shared }),
    ],
    ['a function value', ['f'], () => ({ f: function named() {} })],
    ['an empty object (a NEW_OBJECT)', [], () => ({})],
    ['an empty array', undefined, () => []],
    ['an array of mixed values', undefined, () => [1, 'a', { x: 1 }, [2], null]],
    ['a rest array', undefined, () => ((...rest: number[]) => rest)(1, 2, 3)],
    ['a Proxy as a value (never inspected)', ['p'], () => ({ p: new Proxy({}, {}) })],
  ];
  it.each(shapes)('%s', (_name, keys, make) => {
    const { marked, reflected } = bothPaths(keys, (mark) => hot.w(5, mark(make())));
    expect(marked).toEqual(reflected);
  });

  it('past the entry limit and the depth limit: truncated alike', () => {
    const options = { maxCollectionEntries: 3, maxDepth: 1 };
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const object = bothPaths(keys, (mark) => hot.w(5, mark({ a: { x: 1 }, b: 2, c: 3, d: 4, e: 5 })), options);
    expect(object.marked).toEqual(object.reflected);
    const array = bothPaths(undefined, (mark) => hot.w(5, mark([1, [2], 3, 4, 5])), options);
    expect(array.marked).toEqual(array.reflected);
  });

  it('as a PROP_SET value, a RETURN and a parameter at ENTER', () => {
    const target = {};
    const { marked, reflected } = bothPaths(['v'], (mark) => {
      hot.pv(7, target, 'p', mark({ v: 1 }));
      hot.r(8, mark({ v: 2 }));
      enterTwo(10, 1, mark({ v: 3 }));
    });
    expect(marked).toEqual(reflected);
  });

  it('a secret key is redacted alike', () => {
    const { marked, reflected } = bothPaths(['user', 'password'], (mark) =>
      hot.w(5, mark({ user: 'u', password: 'hunter2' })),
    );
    expect(marked).toEqual(reflected);
  });

  it("another realm's literal: its own prototype and class name, as reflected", () => {
    const { marked, reflected } = bothPaths(['a', 'b'], (mark) =>
      hot.w(5, mark(runInNewContext('({ a: 1, b: [1] })') as object)),
    );
    expect(marked).toEqual(reflected);
    const arrays = bothPaths(undefined, (mark) => hot.w(5, mark(runInNewContext('[1, 2]') as object)));
    expect(arrays.marked).toEqual(arrays.reflected);
  });

  describe('with the builtin prototypes changed by the program', () => {
    const saved = Object.getOwnPropertyDescriptor(Object.prototype, 'constructor')!;
    afterEach(() => {
      Object.defineProperty(Object.prototype, 'constructor', saved);
    });

    it('a replaced Object.prototype.constructor names the class, as reflected', () => {
      Object.defineProperty(Object.prototype, 'constructor', { value: function Renamed() {}, configurable: true });
      const { marked, reflected } = bothPaths(['a'], (mark) => hot.w(5, mark({ a: 1 })));
      expect(marked).toEqual(reflected);
      expect((marked as { taken: Array<{ className: unknown }> }).taken[0].className).toMatchObject({
        value: 'Renamed',
      });
    });

    it('accessors on Object.prototype and Array.prototype for the keys never run', () => {
      let ran = 0;
      const count = () => ran++;
      // Installed around the probe only: the in-thread drain (a worker's, in a real recording) and
      // the test's own code use arrays too.
      const watched = (write: () => void) => {
        Object.defineProperty(Object.prototype, 'a', { get: count, set: count, configurable: true });
        Object.defineProperty(Array.prototype, 0, { get: count, set: count, configurable: true });
        try {
          write();
        } finally {
          delete (Object.prototype as Record<string, unknown>).a;
          delete (Array.prototype as unknown as Record<string, unknown>)[0];
        }
      };
      const objects = bothPaths(['a'], (mark) => watched(() => hot.w(5, mark({ a: 1 }))));
      const arrays = bothPaths(undefined, (mark) => watched(() => hot.w(5, mark([7]))));
      expect(objects.marked).toEqual(objects.reflected);
      expect(arrays.marked).toEqual(arrays.reflected);
      expect(ran).toBe(0);
    });
  });
});

describe('a mark its probe does not take', () => {
  it('a redacted write drops it: a later first sight reflects the object as it is then', () => {
    const recording = recordInThread();
    recording.probeFlags[40] = ProbeFlag.REDACT;
    const secret: Record<string, number> = { a: 1 };
    hot.w(40, litv(['a'], secret));
    secret.b = 2; // changed after its literal, by code the probe cannot see
    hot.w(41, secret);
    const words = recording.finish().main.words;
    const table = snapshots(words, stringTable(words));
    expect(table.all.map((snapshot) => snapshot.trueSize)).toEqual([2]);
  });

  it('a redacted property set drops it too', () => {
    const recording = recordInThread();
    recording.probeFlags[42] = ProbeFlag.REDACT;
    const secret: Record<string, number> = { a: 1 };
    hot.pv(42, {}, 'token', litv(['a'], secret));
    secret.b = 2;
    hot.w(41, secret);
    const words = recording.finish().main.words;
    const table = snapshots(words, stringTable(words));
    expect(table.all.find((snapshot) => snapshot.entries.length > 0)?.trueSize).toBe(2);
  });

  it('another object first seen is reflected, and the mark still applies to its own object', () => {
    const recording = recordInThread();
    const marked = litv(['a'], { a: 1 });
    hot.w(5, { other: 1, more: 2 });
    hot.w(6, marked);
    const words = recording.finish().main.words;
    const table = snapshots(words, stringTable(words));
    expect(table.all.map((snapshot) => snapshot.trueSize)).toEqual([2, 1]);
  });
});
