// One fresh node:vm realm per evaluation: its own intrinsics (Object, Array, Map, JSON, Math…) and
// nothing of Node (no require, process, timers); code generation from strings is off. The helpers
// that refuse (throwing functions, accessors, locked Maps/Sets) are made inside the realm, so no
// host function or host error is ever reachable from an expression. Knows nothing of recordings.
import * as vm from 'node:vm';

/** What an expression may not do, thrown inside the realm and recognised when it comes out. */
export const REFUSAL_NAME = 'RewindRefusal';

export interface RealmHelpers {
  /** A function named `name` that throws the refusal `message` when called or constructed. */
  stub(name: string, message: string): unknown;
  /** Defines `key` on `target` as an accessor that throws `message` when read. */
  refusingAccessor(target: object, key: PropertyKey, message: string, enumerable: boolean): void;
  /** Freezes a Map or Set and shadows its mutators with refusals (freezing alone leaves its entries writable). */
  lockCollection(collection: object, message: string): void;
  /** A prototype for a class instance's copy: Object.prototype's members, a refusal for the class's own. */
  classPrototype(className: string): object;
  /** Runs `thunk` with `self` as `this` (an expression that reads `this`). */
  callWith(thunk: unknown, self: unknown): unknown;
}

export interface Realm {
  context: vm.Context;
  global: Record<string, unknown>;
  helpers: RealmHelpers;
  /** The realm's own constructors, so `instanceof` and prototypes inside the expression hold. */
  intrinsics: {
    Object: ObjectConstructor;
    Array: ArrayConstructor;
    Map: MapConstructor;
    Set: SetConstructor;
    Date: DateConstructor;
    RegExp: RegExpConstructor;
    Error: ErrorConstructor;
    Symbol: SymbolConstructor;
    BigInt: BigIntConstructor;
  } & Record<string, unknown>;
}

const HELPERS_SOURCE = `(() => {
  const refusal = (message) => { const error = new Error(message); error.name = ${JSON.stringify(REFUSAL_NAME)}; return error; };
  const GUESSES = ['toString', 'valueOf', 'toJSON', 'toLocaleString'];
  const thrower = (message) => function () { throw refusal(message); };
  return {
    stub: (name, message) => { const fn = thrower(message); Object.defineProperty(fn, 'name', { value: name }); return fn; },
    refusingAccessor: (target, key, message, enumerable) => Object.defineProperty(target, key, { get: thrower(message), enumerable, configurable: false }),
    lockCollection: (collection, message) => {
      for (const name of ['set', 'add', 'delete', 'clear']) if (name in collection) Object.defineProperty(collection, name, { value: thrower(message) });
      Object.freeze(collection);
    },
    classPrototype: (className) => new Proxy(Object.prototype, {
      get(target, key, receiver) {
        // A class may define its own toString/valueOf/toJSON/Symbol.toPrimitive: Object's would be a guess.
        if (key === 'then' || key === 'constructor' || (typeof key === 'string' && key in target && !GUESSES.includes(key))) return Reflect.get(target, key, receiver);
        throw refusal('"' + String(key) + '" is not a recorded property of this ' + className + ': its class\\'s methods are the program\\'s code, which a recording cannot run');
      },
    }),
    callWith: (thunk, self) => thunk.call(self),
  };
})()`;

export function createRealm(): Realm {
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const helpers = vm.runInContext(HELPERS_SOURCE, context) as RealmHelpers;
  const intrinsics = vm.runInContext(
    '({ Object, Array, Map, Set, Date, RegExp, Error, Symbol, BigInt, Uint8Array, Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array })',
    context,
  ) as Realm['intrinsics'];
  return { context, global: vm.runInContext('globalThis', context) as Record<string, unknown>, helpers, intrinsics };
}
