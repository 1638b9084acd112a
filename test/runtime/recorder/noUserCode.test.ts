// The encoder invokes no user code (INS-06, INS-07): every hook a user can plant — getters,
// toJSON, valueOf, toString, Symbol.toPrimitive, util.inspect.custom, overridden collection
// methods and iterators, every Proxy trap, revoked proxies — is counted, and the counts stay 0
// while values are written, mutated and snapshotted.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { EventKind, ObjectType } from '../../../runtime/format';
import * as hot from '../../../runtime/recorder/hotPath';
import { recordInThread } from '../../support/recorder/memory';
import { snapshots } from '../../support/recorder/snapshots';
import { stringTable, walkEvents } from '../../support/recorder/trace';

let calls: string[] = [];
const count = (name: string) => () => {
  calls.push(name);
  return 1;
};
afterEach(() => {
  calls = [];
});

function hostileObject(): object {
  const object = {
    get getter() {
      calls.push('getter');
      return 1;
    },
    set setter(_value: unknown) {
      calls.push('setter');
    },
    toJSON: count('toJSON'),
    valueOf: count('valueOf'),
    toString: count('toString'),
    [Symbol.toPrimitive]: count('toPrimitive'),
    [inspect.custom]: count('inspect.custom'),
    [Symbol.iterator]: count('iterator'),
    nested: {
      get deep() {
        calls.push('deep getter');
        return 2;
      },
    },
  };
  return object;
}

class HostileMap extends Map<unknown, unknown> {
  override get(key: unknown) {
    calls.push('Map.get');
    return super.get(key);
  }
  override entries() {
    calls.push('Map.entries');
    return super.entries();
  }
  override forEach() {
    calls.push('Map.forEach');
  }
  override get size() {
    calls.push('Map.size');
    return super.size;
  }
  override [Symbol.iterator]() {
    calls.push('Map.iterator');
    return super[Symbol.iterator]();
  }
}
class HostileSet extends Set<unknown> {
  override values() {
    calls.push('Set.values');
    return super.values();
  }
  override get size() {
    calls.push('Set.size');
    return super.size;
  }
  override [Symbol.iterator]() {
    calls.push('Set.iterator');
    return super[Symbol.iterator]();
  }
}
class HostileArray extends Array<unknown> {
  override [Symbol.iterator]() {
    calls.push('Array.iterator');
    return super[Symbol.iterator]();
  }
  override get length() {
    return 3;
  }
}

const TRAPS = [
  'apply',
  'construct',
  'defineProperty',
  'deleteProperty',
  'get',
  'getOwnPropertyDescriptor',
  'getPrototypeOf',
  'has',
  'isExtensible',
  'ownKeys',
  'preventExtensions',
  'set',
  'setPrototypeOf',
] as const;
function countingHandler(): ProxyHandler<object> {
  const handler: ProxyHandler<object> = {};
  for (const trap of TRAPS)
    (handler as Record<string, unknown>)[trap] = (...args: unknown[]) => {
      calls.push(`trap:${trap}`);
      return (Reflect[trap] as (...a: unknown[]) => unknown)(...args);
    };
  return handler;
}

describe('the encoder calls no user code', () => {
  it('getters, toJSON, valueOf, toString, toPrimitive, inspect.custom, iterators: 0 calls', () => {
    const recording = recordInThread();
    const hostile = hostileObject();
    hot.wf(1, hostile, 0);
    hot.pv(2, hostile, 'x', hostile);
    hot.pv(3, {}, hostile, 1); // a computed key that is an object: never converted with toString
    hot.r(4, hostile);
    hot.th(5, hostile);
    const trace = recording.finish();
    expect(calls).toEqual([]);
    const table = snapshots(trace.main.words, stringTable(trace.main.words));
    const snapshot = table.all.find((entry) =>
      entry.entries.some((item) => item.key?.type === 'string' && item.key.value === 'getter'),
    )!;
    const getter = snapshot.entries.find((item) => item.key?.type === 'string' && item.key.value === 'getter')!;
    expect(getter.value).toBeUndefined(); // an accessor: flags only, never its value
  });

  it('overridden Map/Set/Array methods, size getters and iterators: 0 calls, contents still captured', () => {
    const recording = recordInThread();
    const map = new HostileMap([
      [1, 'one'],
      [2, 'two'],
    ]);
    const set = new HostileSet(['a', 'b']);
    const array = HostileArray.from([1, 2, 3]);
    calls = [];
    hot.wf(1, map, 0);
    hot.wf(2, set, 0);
    hot.wf(3, array, 0);
    hot.mc(4, map.set(3, 'three'), map, 3, 'three');
    const trace = recording.finish();
    expect(calls).toEqual([]);
    const table = snapshots(trace.main.words, stringTable(trace.main.words));
    // The subclasses' prototypes are snapshotted too (format 3.5), as ordinary objects and functions.
    const collections = table.all.filter((snapshot) =>
      [ObjectType.MAP, ObjectType.SET, ObjectType.ARRAY].includes(snapshot.type as never),
    );
    expect(collections.map((snapshot) => [snapshot.type, snapshot.trueSize])).toEqual([
      [ObjectType.MAP, 2],
      [ObjectType.SET, 2],
      [ObjectType.ARRAY, 3],
    ]);
  });

  it('Proxies are opaque: no trap runs (all 13 counted), revoked proxies too (INS-07)', () => {
    const recording = recordInThread();
    const proxy = new Proxy({ secret: 1 }, countingHandler());
    const functionProxy = new Proxy(function target() {
      /* empty */
    }, countingHandler());
    const { proxy: revoked, revoke } = Proxy.revocable({}, countingHandler());
    revoke();
    const arrayProxy = new Proxy([1, 2, 3], countingHandler());
    hot.wf(1, proxy, 0);
    hot.wf(2, functionProxy, 0);
    hot.wf(3, revoked, 0);
    hot.pv(4, proxy, 'k', proxy);
    hot.mc(5, 4, arrayProxy, 4); // a Proxy of an array is not a genuine array: ignored
    hot.em(6, proxy);
    hot.wf(7, { inner: proxy }, 0);
    const trace = recording.finish();
    expect(calls).toEqual([]);
    const table = snapshots(trace.main.words, stringTable(trace.main.words));
    expect(table.all.filter((snapshot) => snapshot.type === ObjectType.PROXY)).toHaveLength(3);
    expect(walkEvents(trace.main.words).some((event) => event.kind === EventKind.MUTATOR)).toBe(false);
  });

  it('a getter on Object.prototype named like descriptor fields does not run', () => {
    const names = ['value', 'get', 'set', 'writable', 'enumerable', 'done'];
    // Null-prototype descriptors: ordinary ones would inherit the planted getters themselves.
    const descriptor = (fields: PropertyDescriptor) => Object.assign(Object.create(null) as PropertyDescriptor, fields);
    const recording = recordInThread();
    const accessorHolder = Object.defineProperty({}, 'acc', descriptor({ get: () => 1, enumerable: true }));
    for (const name of names)
      Object.defineProperty(
        Object.prototype,
        name,
        descriptor({ get: count(`Object.prototype.${name}`), configurable: true }),
      );
    try {
      hot.wf(1, { plain: 1, list: [1, 2], map: new Map([[1, 2]]) }, 0);
      hot.wf(2, accessorHolder, 0);
    } finally {
      for (const name of names) delete (Object.prototype as Record<string, unknown>)[name];
    }
    recording.finish();
    expect(calls).toEqual([]);
  });

  it('Error.prepareStackTrace is not run by snapshotting an error', () => {
    const original = Error.prepareStackTrace;
    Error.prepareStackTrace = () => {
      calls.push('prepareStackTrace');
      return 'stack';
    };
    try {
      const error = new Error('no stack read');
      const recording = recordInThread();
      hot.th(1, error);
      recording.finish();
    } finally {
      Error.prepareStackTrace = original;
    }
    expect(calls).toEqual([]);
  });
});
