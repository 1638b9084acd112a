// The first sight of an object with no own keys (snapshot.ts writeEmptyOrdinary, issue 9): an
// ordinary one takes the short path and reads exactly as the full path would; every exotic kind
// an object without own keys can be still gets its own type; a Proxy prototype's traps never run.
import { describe, expect, it } from 'vitest';
import { EventKind, Ext, ObjectType, SnapshotFlag } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { recordInThread } from '../../support/recorder/memory';
import { snapshots, type DecodedSnapshot } from '../../support/recorder/snapshots';
import { decodeAt, stringTable, walkEvents } from '../../support/recorder/trace';

/** Each value's first snapshot, in order (one PROP_SET per value, as a constructor's first `this.x =` writes). */
function firstSnapshots(values: object[]): DecodedSnapshot[] {
  const recording = recordInThread();
  for (const value of values) hot.pv(9, value, 'x', 1);
  const words = recording.finish().main.words;
  const strings = stringTable(words);
  const table = snapshots(words, strings);
  return walkEvents(words)
    .filter((event) => event.kind === EventKind.PROP_SET)
    .map((event) => {
      const target = decodeAt(words, event.offset + 1, strings) as { id: number };
      return table.all.find((snapshot) => snapshot.id === target.id)!;
    });
}

function className(snapshot: DecodedSnapshot): unknown {
  return snapshot.className.type === 'undefined' ? undefined : (snapshot.className as { value: string }).value;
}

describe('snapshots of objects first seen without own keys', () => {
  it('ordinary objects: class name from the prototype, null prototype, integrity flags', () => {
    function Color(this: object) {}
    class Vector {}
    const values = [
      new (Color as unknown as new () => object)(),
      new Vector(),
      {},
      Object.create(null) as object,
      Object.freeze({}),
      Object.preventExtensions({}),
    ];
    const taken = firstSnapshots(values);
    // Every snapshot says its prototype is recorded (format 3.5): the flag is left out here.
    const flags = (snapshot: (typeof taken)[number]) => snapshot.flags & ~SnapshotFlag.PROTOTYPE_RECORDED;
    expect(taken.map((snapshot) => [snapshot.type, className(snapshot), flags(snapshot), snapshot.trueSize])).toEqual([
      [ObjectType.OBJECT, 'Color', 0, 0],
      [ObjectType.OBJECT, 'Vector', 0, 0],
      [ObjectType.OBJECT, 'Object', 0, 0],
      [ObjectType.OBJECT, undefined, SnapshotFlag.NULL_PROTOTYPE, 0],
      [ObjectType.OBJECT, 'Object', SnapshotFlag.FROZEN, 0],
      [ObjectType.OBJECT, 'Object', SnapshotFlag.FROZEN, 0], // empty and not extensible: frozen by definition
    ]);
    expect(taken.every((snapshot) => snapshot.entries.length === 0)).toBe(true);
    // Extensible ones are NEW_OBJECTs naming their prototype; the frozen and non-extensible ones full snapshots.
    // Object.prototype is a builtin: named by its number (format 3.5), never snapshotted.
    expect(taken.map((snapshot) => snapshot.prototype?.type)).toEqual([
      'object',
      'object',
      'number',
      'null',
      undefined,
      undefined,
    ]);
  });

  it('NEW_OBJECT is four words; nested empty objects keep full snapshots with their class name', () => {
    class Vector {}
    const recording = recordInThread();
    hot.pv(9, new Vector(), 'x', 1);
    hot.wf(5, { inner: new Vector() }, 0);
    const words = recording.finish().main.words;
    const ext = walkEvents(words).filter((event) => event.kind === EventKind.EXT);
    const newObjects = ext.filter((event) => event.probe === Ext.NEW_OBJECT);
    expect(newObjects.map((event) => event.end - event.offset)).toEqual([4]);
    const table = snapshots(words, stringTable(words));
    const inner = table.all.filter((snapshot) => snapshot.prototype === undefined && className(snapshot) === 'Vector');
    expect(inner.map((snapshot) => [snapshot.type, snapshot.trueSize, snapshot.entries.length])).toEqual([
      [ObjectType.OBJECT, 0, 0],
    ]);
  });

  it('the class name follows the prototype: no own constructor, an accessor constructor, a renamed class', () => {
    const literalPrototype = Object.create({ initialize() {} }) as object; // raytrace's Class.create style
    const accessorPrototype = Object.create(
      Object.defineProperty({}, 'constructor', { get: () => Array, enumerable: false }),
    ) as object;
    class Original {}
    Object.defineProperty(Original, 'name', { value: 'Renamed' });
    const taken = firstSnapshots([literalPrototype, accessorPrototype, new Original()]);
    expect(taken.map(className)).toEqual([undefined, undefined, 'Renamed']);
  });

  it('exotic objects without own keys keep their type, even behind a user prototype', () => {
    class Base {}
    const withUserPrototype = <T extends object>(value: T): T => Object.setPrototypeOf(value, Base.prototype) as T;
    const stackless = new Error();
    delete (stackless as { stack?: string }).stack;
    // Sloppy-mode arguments (a Function body is never strict): every own key can be deleted.
    const bareArguments = new Function(
      'var args = arguments; delete args.length; delete args.callee; delete args[Symbol.iterator]; return args;',
    )() as object;
    const values = [
      withUserPrototype(new Map()),
      withUserPrototype(new Set()),
      withUserPrototype(Promise.resolve()),
      withUserPrototype(new Date(0)),
      stackless,
      withUserPrototype(new WeakMap()),
      withUserPrototype(new WeakSet()),
      new WeakRef({}),
      withUserPrototype(new ArrayBuffer(8)),
      withUserPrototype(new DataView(new ArrayBuffer(8))),
      withUserPrototype(Object(1) as object),
      bareArguments,
      withUserPrototype(new Uint8Array(0)),
    ];
    const taken = firstSnapshots(values);
    expect(taken.map((snapshot) => snapshot.type)).toEqual([
      ObjectType.MAP,
      ObjectType.SET,
      ObjectType.PROMISE,
      ObjectType.DATE,
      ObjectType.ERROR,
      ObjectType.WEAK,
      ObjectType.WEAK,
      ObjectType.WEAK,
      ObjectType.ARRAY_BUFFER,
      ObjectType.ARRAY_BUFFER,
      ObjectType.BOXED,
      ObjectType.ARGUMENTS,
      ObjectType.TYPED_ARRAY,
    ]);
  });

  it('a Proxy as the prototype: no trap runs, the class name is not read', () => {
    const trapped: string[] = [];
    const handler = new Proxy(
      {},
      {
        get(_target, key) {
          trapped.push(String(key));
          return undefined;
        },
      },
    );
    const empty = Object.create(new Proxy({}, handler)) as object;
    const populated = Object.create(new Proxy({}, handler), { a: { value: 1, enumerable: true } }) as object;
    const taken = firstSnapshots([empty, populated]);
    expect(trapped).toEqual([]);
    expect(taken.map((snapshot) => [snapshot.type, className(snapshot)])).toEqual([
      [ObjectType.OBJECT, undefined],
      [ObjectType.OBJECT, undefined],
    ]);
  });
});
