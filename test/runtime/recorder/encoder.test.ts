// Value encoding round trips (INS-08/09/10/11): values go through the real hot path into a real
// ring, a real Drain frames them, and runtime/format's reader and decodeValue read them back.
import { describe, expect, it } from 'vitest';
import {
  EventKind,
  ObjectType,
  PropFlag,
  SnapshotFlag,
  ValueTag,
  eventHeader,
  firstValueWords,
  scopeWord,
  valueWord,
} from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { ProbeFlag, REDACTED_MARKER } from '../../../runtime/recorder/limits';
import { recordInThread, type InThreadOptions } from '../../support/recorder/memory';
import { HOLE, NOT_CAPTURED, isTruncated, rebuild, snapshots } from '../../support/recorder/snapshots';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';
import { valueLength as valueLengthAt, type DecodedValue } from '../../../runtime/format';

/** Record each value as a WRITE and give back the decoded values plus the snapshot table. */
function roundTrip(values: unknown[], options: InThreadOptions = {}) {
  const recording = recordInThread(options);
  for (const value of values) hot.wf(5, value, 0);
  const trace = recording.finish();
  const words = trace.main.words;
  const strings = stringTable(words);
  const writes = walkEvents(words).filter((event) => event.kind === EventKind.WRITE);
  const decoded = writes.map((event) => decodeAt(words, event.offset + 2, strings));
  const table = snapshots(words, strings);
  return { decoded, table, words, writes, trace, rebuild: (value: DecodedValue) => rebuild(value, table.latest) };
}

describe('primitives round-trip exactly (INS-11)', () => {
  it('numbers keep Object.is: small ints, -0, NaN, ±Infinity, doubles, large ints', () => {
    const numbers = [
      0,
      1,
      -1,
      2 ** 27 - 1,
      -(2 ** 27),
      2 ** 27,
      -(2 ** 27) - 1,
      -0,
      NaN,
      Infinity,
      -Infinity,
      0.1,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      2 ** 53,
      -(2 ** 31),
    ];
    const { decoded } = roundTrip(numbers);
    expect(decoded).toHaveLength(numbers.length);
    decoded.forEach((value, index) => {
      expect(value.type).toBe('number');
      expect(Object.is((value as { value: number }).value, numbers[index]), `number ${numbers[index]}`).toBe(true);
    });
  });

  it('a NaN payload is kept bit for bit in the DOUBLE words', () => {
    const bits = new DataView(new ArrayBuffer(8));
    bits.setUint32(0, 0x7ff81234); // big-endian high word: a quiet NaN with payload bits
    bits.setUint32(4, 0xdeadbeef);
    const nan = bits.getFloat64(0);
    const { words, writes } = roundTrip([nan]);
    const stored = new DataView(new ArrayBuffer(8));
    stored.setInt32(0, words[writes[0].offset + 4]);
    stored.setInt32(4, words[writes[0].offset + 3]);
    expect(stored.getUint32(0).toString(16)).toBe('7ff81234');
    expect(stored.getUint32(4).toString(16)).toBe('deadbeef');
  });

  it('undefined, null, booleans', () => {
    const { decoded } = roundTrip([undefined, null, true, false]);
    expect(decoded).toEqual([
      { type: 'undefined' },
      { type: 'null' },
      { type: 'boolean', value: true },
      { type: 'boolean', value: false },
    ]);
  });

  it('strings: empty, short (interned), long, lone surrogates, astral pairs, true length past the limit', () => {
    const long = 'ab'.repeat(600);
    const strings = ['', 'x', 'hello', 'hello', '\ud800', 'a\udc00b', '😀', long, 'é'.repeat(50)];
    const { decoded } = roundTrip(strings, { maxStringLength: 1000 });
    expect(decoded.slice(0, 7).map((value) => (value as { value: string }).value)).toEqual(strings.slice(0, 7));
    expect(decoded[7]).toEqual({ type: 'string', value: long.slice(0, 1000), length: 1200, truncated: true });
    expect(decoded[8]).toEqual({ type: 'string', value: 'é'.repeat(50), length: 50, truncated: false });
  });

  it('BigInt digits, negative and huge (bounded, true length kept)', () => {
    const huge = 7n ** 2000n;
    const { decoded } = roundTrip([0n, 12345678901234567890n, -42n, huge], { maxStringLength: 100 });
    expect(decoded.slice(0, 3)).toEqual([
      { type: 'bigint', text: '0' },
      { type: 'bigint', text: '12345678901234567890' },
      { type: 'bigint', text: '-42' },
    ]);
    expect((decoded[3] as { text: string }).text).toBe(huge.toString().slice(0, 100));
  });

  it('symbols: stable ids per symbol, descriptions, Symbol.for marked registered', () => {
    const a = Symbol('a');
    const { decoded } = roundTrip([a, Symbol('a'), a, Symbol(), Symbol.for('reg'), Symbol.iterator]);
    const [first, other, again, bare, registered, wellKnown] = decoded as Array<{
      id: number;
      description?: string;
      registered: boolean;
    }>;
    expect(first.id).toBe(again.id);
    expect(other.id).not.toBe(first.id);
    expect(first.description).toBe('a');
    expect(bare.description).toBeUndefined();
    expect(registered).toMatchObject({ registered: true, description: 'reg' });
    expect(wellKnown.description).toBe('Symbol.iterator');
  });
});

describe('objects: identity, snapshots before use, bounds (INS-08/09/10)', () => {
  it('a snapshot precedes the first event that references an object; later references reuse its id', () => {
    const object = { a: 1, b: 'two', nested: { c: [1, 2] } };
    const { decoded, table, writes } = roundTrip([object, object]);
    expect(decoded[0]).toEqual(decoded[1]);
    const id = (decoded[0] as { id: number }).id;
    const snapshot = table.all.find((entry) => entry.id === id)!;
    expect(snapshot.offset).toBeLessThan(writes[0].offset);
    expect(table.all.filter((entry) => entry.id === id)).toHaveLength(1);
    expect(snapshot.className).toMatchObject({ value: 'Object' });
    expect(rebuild(decoded[0], table.latest)).toEqual({ a: 1, b: 'two', nested: { c: [1, 2] } });
  });

  it('cycles and shared children keep identity', () => {
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { left: shared, right: shared };
    cyclic.self = cyclic;
    const { decoded, table } = roundTrip([cyclic]);
    const rebuilt = rebuild(decoded[0], table.latest) as Record<string, unknown>;
    expect(rebuilt.self).toBe(rebuilt);
    expect(rebuilt.left).toBe(rebuilt.right);
  });

  it('undefined versus a hole in arrays', () => {
    // eslint-disable-next-line no-sparse-arrays
    const { decoded, table } = roundTrip([[1, , undefined, 3]]);
    expect(rebuild(decoded[0], table.latest)).toEqual([1, HOLE, undefined, 3]);
  });

  it('huge arrays, strings, Maps, Sets and typed arrays are bounded with their true sizes', () => {
    const array = Array.from({ length: 100_000 }, (_, index) => index);
    const map = new Map(Array.from({ length: 5000 }, (_, index) => [`k${index}`, index]));
    const set = new Set(array.slice(0, 3000));
    const typed = new Float64Array(1_000_000);
    const { decoded, table } = roundTrip([array, map, set, typed, 'z'.repeat(1_000_000)], {
      maxCollectionEntries: 50,
      maxStringLength: 100,
    });
    const sizes = decoded.slice(0, 4).map((value) => table.latest.get((value as { id: number }).id)!);
    expect(
      sizes.map((snapshot) => [snapshot.type, snapshot.trueSize, snapshot.entries.length, isTruncated(snapshot)]),
    ).toEqual([
      [ObjectType.ARRAY, 100_000, 50, true],
      [ObjectType.MAP, 5000, 50, true],
      [ObjectType.SET, 3000, 50, true],
      [ObjectType.TYPED_ARRAY, 1_000_000, 50, true],
    ]);
    expect(sizes[3].className).toMatchObject({ value: 'Float64Array' });
    expect(rebuild(decoded[1], table.latest)).toEqual(
      new Map(Array.from({ length: 50 }, (_, index) => [`k${index}`, index])),
    );
    expect(decoded[4]).toMatchObject({ type: 'string', length: 1_000_000, truncated: true });
  });

  it('deep structures stop at maxDepth (not captured beyond), and terminate', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let level = 0; level < 50; level++) deep = { level, next: deep };
    const { decoded, table } = roundTrip([deep], { maxDepth: 3 });
    let node = rebuild(decoded[0], table.latest) as Record<string, unknown>;
    let depth = 0;
    while (typeof node.next === 'object') {
      node = node.next as Record<string, unknown>;
      depth++;
    }
    expect(depth).toBe(3);
    expect(node.next).toBe(NOT_CAPTURED);
  });

  it('symbol keys, __proto__ own keys, null prototypes, accessors and flags (INS-10)', () => {
    const key = Symbol('k');
    const bare = Object.create(null) as Record<string | symbol, unknown>;
    bare[key] = 1;
    Object.defineProperty(bare, '__proto__', { value: 'own', enumerable: true, writable: true, configurable: true });
    Object.defineProperty(bare, 'getter', { get: () => 1, enumerable: false });
    Object.defineProperty(bare, 'fixed', { value: 2, writable: false, enumerable: true });
    Object.freeze(bare);
    const { decoded, table } = roundTrip([bare]);
    const snapshot = table.latest.get((decoded[0] as { id: number }).id)!;
    expect(snapshot.flags & SnapshotFlag.NULL_PROTOTYPE).toBeTruthy();
    expect(snapshot.flags & SnapshotFlag.FROZEN).toBeTruthy();
    const byKey = new Map(
      snapshot.entries.map((entry) => [
        entry.key!.type === 'symbol' ? 'symbol:k' : (entry.key as { value: string }).value,
        entry,
      ]),
    );
    expect(byKey.get('symbol:k')!.value).toEqual({ type: 'number', value: 1 });
    expect(byKey.get('__proto__')!.value).toMatchObject({ value: 'own' });
    expect(byKey.get('getter')!.flags).toBe(PropFlag.GETTER | PropFlag.NON_ENUMERABLE | 0);
    expect(byKey.get('fixed')!.flags! & PropFlag.NON_WRITABLE).toBeTruthy();
  });

  it('dates, regexps, functions, errors carry their extra text or time', () => {
    function namedFunction() {
      /* empty */
    }
    const { decoded, table } = roundTrip([new Date(86_400_000), /a+b/giu, namedFunction, new RangeError('bad range')]);
    const [date, regexp, fn, error] = decoded.map((value) => table.latest.get((value as { id: number }).id)!);
    expect(date).toMatchObject({ type: ObjectType.DATE, extra: { type: 'number', value: 86_400_000 } });
    expect(regexp).toMatchObject({ type: ObjectType.REGEXP, extra: { value: '/a+b/giu' } });
    expect(fn).toMatchObject({ type: ObjectType.FUNCTION, extra: { value: 'namedFunction' } });
    expect(error).toMatchObject({
      type: ObjectType.ERROR,
      extra: { value: 'bad range' },
      className: { value: 'RangeError' },
    });
  });

  it('redaction (SEC-10): secret-looking keys and process.env contents become a marker', () => {
    const { decoded, table } = roundTrip([
      { password: 'hunter2', apiKey: 'k', user: 'ann', authToken: 't' },
      process.env,
    ]);
    expect(rebuild(decoded[0], table.latest)).toEqual({
      password: REDACTED_MARKER,
      apiKey: REDACTED_MARKER,
      user: 'ann',
      authToken: REDACTED_MARKER,
    });
    const env = rebuild(decoded[1], table.latest) as Record<string, unknown>;
    expect(Object.values(env).every((value) => value === REDACTED_MARKER)).toBe(true);
    expect(Object.keys(env).length).toBeGreaterThan(0);
  });

  it('redaction by probe: writes to secret-named variables and properties (flags set by the loader)', () => {
    const recording = recordInThread();
    recording.probeFlags[40] = ProbeFlag.REDACT;
    recording.probeFlags[41] = ProbeFlag.DYNAMIC_KEY;
    hot.wf(40, 1234, 0);
    hot.pv(41, {}, 'sessionToken', 'abc');
    hot.pv(41, {}, 'color', 'red');
    hot.pv(42, process.env, 'ANY', 'value');
    const trace = recording.finish();
    const words = trace.main.words;
    const strings = stringTable(words);
    const write = walkEvents(words).find((event) => event.kind === EventKind.WRITE)!;
    expect(decodeAt(words, write.offset + 2, strings)).toMatchObject({ value: REDACTED_MARKER });
    const sets = walkEvents(words).filter((event) => event.kind === EventKind.PROP_SET);
    const setValues = sets.map((event) => {
      let at = event.offset + 1;
      for (let skip = 0; skip < 2; skip++) at += valueLengthAt(words, at);
      return (decodeAt(words, at, strings) as { value: string }).value;
    });
    expect(setValues).toEqual([REDACTED_MARKER, 'red', REDACTED_MARKER]);
  });

  it('redaction is off when configured so', () => {
    const { decoded, table } = roundTrip([{ password: 'hunter2' }], { redact: false });
    expect(rebuild(decoded[0], table.latest)).toEqual({ password: 'hunter2' });
  });
});

describe('mutations after the first snapshot', () => {
  it('PROP_SET / PROP_DELETE / MUTATOR events, re-snapshots after reordering mutators', () => {
    const recording = recordInThread();
    recording.probeFlags[31] = ProbeFlag.RESNAPSHOT;
    const target: Record<string, unknown> = { a: 1 };
    const list = [3, 1, 2];
    hot.wf(1, target, 0);
    hot.wf(2, list, 0);
    hot.pv(10, target, 'b', 'bee');
    hot.pd(11, delete target.a, target, 'a');
    hot.pd(11, false, target, 'zzz'); // not deleted: no event
    hot.mc(30, list.push(4), list, 4);
    hot.mc(31, list.sort(), list);
    hot.mc(32, new Map().set(1, 2), { notACollection: true }, 1, 2); // ignored: not a genuine collection
    const trace = recording.finish();
    const words = trace.main.words;
    const strings = stringTable(words);
    const kinds = walkEvents(words)
      .filter((event) => event.kind !== EventKind.EXT)
      .map((event) => event.kind);
    expect(kinds).toEqual([
      EventKind.WRITE,
      EventKind.WRITE,
      EventKind.PROP_SET,
      EventKind.PROP_DELETE,
      EventKind.MUTATOR,
      EventKind.MUTATOR,
    ]);
    const table = snapshots(words, strings);
    const listId = table.all.find((snapshot) => snapshot.type === ObjectType.ARRAY)!.id;
    const listSnapshots = table.all.filter((snapshot) => snapshot.id === listId);
    expect(listSnapshots).toHaveLength(2);
    expect(rebuild({ type: 'object', id: listId }, table.latest)).toEqual([1, 2, 3, 4]);
  });

  it('a collection first seen by a mutator is snapshotted after the call and no MUTATOR is written', () => {
    const recording = recordInThread();
    const list = [1];
    hot.mc(30, list.push(2), list, 2);
    const trace = recording.finish();
    const words = trace.main.words;
    expect(walkEvents(words).some((event) => event.kind === EventKind.MUTATOR)).toBe(false);
    const table = snapshots(words, stringTable(words));
    expect(rebuild({ type: 'object', id: table.all[0].id }, table.latest)).toEqual([1, 2]);
  });

  it('postfix updates record old + delta and return the old value', () => {
    const recording = recordInThread();
    const counter = { n: 5 };
    expect(hot.wpf(1, 7, 1, 0)).toBe(7);
    expect(hot.pp(2, counter.n++, counter, 'n', 1)).toBe(5);
    expect(hot.wpf(3, 10n, -1, 0)).toBe(10n);
    const trace = recording.finish();
    const words = trace.main.words;
    const strings = stringTable(words);
    const events = walkEvents(words).filter(
      (event) => event.kind === EventKind.WRITE || event.kind === EventKind.PROP_SET,
    );
    expect(decodeAt(words, events[0].offset + 2, strings)).toEqual({ type: 'number', value: 8 });
    expect(decodeAt(words, events[2].offset + 2, strings)).toEqual({ type: 'bigint', text: '9' });
  });

  it('frame ids start at 1 and increase; exits carry them, returns do not (the running activation)', () => {
    const recording = recordInThread();
    const first = hot.e(1);
    const second = hot.em(2, { self: true });
    hot.rf(3, 'done');
    hot.x(second, 2);
    hot.x(first, 1);
    expect([first, second]).toEqual([1, 2]);
    const trace = recording.finish();
    const kinds = walkEvents(trace.main.words)
      .filter((event) => event.kind !== EventKind.EXT)
      .map((event) => event.kind);
    expect(kinds).toEqual([EventKind.ENTER, EventKind.ENTER_THIS, EventKind.RETURN, EventKind.EXIT, EventKind.EXIT]);
  });

  it("format 3: r() then its frame's x() with no event between writes no EXIT; the next frame leaving by throw keeps its EXIT", () => {
    const recording = recordInThread();
    const outer = hot.e(1);
    const inner = hot.e(2);
    hot.r(3, 'done');
    hot.x(inner, 2); // skipped: nothing ran since the RETURN
    hot.x(outer, 1); // outer threw right after: no RETURN of its own, so its EXIT is written
    const again = hot.e(4);
    hot.r(5, 1);
    hot.s(6); // an event between the RETURN and the exit (a finally's statement): the EXIT is written
    hot.x(again, 4);
    const kinds = walkEvents(recording.finish().main.words)
      .filter((event) => event.kind !== EventKind.EXT)
      .map((event) => event.kind);
    expect(kinds).toEqual([
      EventKind.ENTER,
      EventKind.ENTER,
      EventKind.RETURN,
      EventKind.EXIT,
      EventKind.ENTER,
      EventKind.RETURN,
      EventKind.STEP,
      EventKind.EXIT,
    ]);
  });

  it('own-frame WRITE and RETURN are [hdr, v]; a WRITE of another frame names it in a scope word', () => {
    const recording = recordInThread();
    hot.w(1, 7);
    hot.wp(2, 7, 1);
    hot.wf(3, 9, 4);
    hot.wf(4, 9, -1);
    hot.r(5, 11);
    const words = recording.finish().main.words;
    const events = walkEvents(words).filter((event) => event.kind !== EventKind.EXT);
    const layout = events.map((event) => [...words.subarray(event.offset, event.end)]);
    expect(layout).toEqual([
      [eventHeader(EventKind.WRITE, 1), valueWord(ValueTag.SMALL_INT, 7)],
      [eventHeader(EventKind.WRITE, 2), valueWord(ValueTag.SMALL_INT, 8)],
      [eventHeader(EventKind.WRITE, 3), scopeWord(4), valueWord(ValueTag.SMALL_INT, 9)],
      [eventHeader(EventKind.WRITE, 4), scopeWord(-1), valueWord(ValueTag.SMALL_INT, 9)],
      [eventHeader(EventKind.RETURN, 5), valueWord(ValueTag.SMALL_INT, 11)],
    ]);
    expect(events.map((event) => firstValueWords(words, event.offset))).toEqual([1, 1, 2, 2, 1]);
  });
});
