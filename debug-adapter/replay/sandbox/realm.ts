// One fresh node:vm realm per evaluation: its own intrinsics (Object, Array, Map, JSON, Math…) and
// nothing of Node (no require, process, timers); code generation from strings is off. The helpers
// that refuse (throwing functions, accessors, locked Maps/Sets) are made inside the realm, so no
// host function or host error is ever reachable from an expression. Knows nothing of recordings
// but the numbers a trace gives builtin prototypes.
import * as vm from 'node:vm';
import { INTRINSIC_PROTOTYPES } from '../../../runtime/format';

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
  /** A prototype whose every member is unknown: reading or testing any name throws the refusal `message`. */
  unknownPrototype(message: string): object;
  /** Runs `thunk` with `self` as `this` (an expression that reads `this`). */
  callWith(thunk: unknown, self: unknown): unknown;
}

export interface Realm {
  context: vm.Context;
  global: Record<string, unknown>;
  helpers: RealmHelpers;
  /**
   * The realm's builtin prototypes by their trace number (INTRINSIC_PROTOTYPES); undefined where it has none (Buffer).
   */
  prototypes: ReadonlyArray<object | undefined>;
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
    unknownPrototype: (message) => new Proxy(Object.create(null), {
      get(target, key) {
        if (key === 'then') return undefined;
        throw refusal(message + ' (reading "' + String(key) + '")');
      },
      has(target, key) {
        throw refusal(message + ' (testing "' + String(key) + '")');
      },
    }),
    callWith: (thunk, self) => thunk.call(self),
  };
})()`;

/**
 * The realm's own builtin prototypes by name ("Map.prototype"): a global's `prototype`, or one of
 * the builtins no global names (as runtime/format/intrinsics.ts finds them in the host realm).
 */
const PROTOTYPES_SOURCE = `(names) => {
  const prototypeOf = Reflect.getPrototypeOf;
  const hidden = {
    TypedArray: prototypeOf(Int8Array),
    AsyncFunction: prototypeOf(async function () {}).constructor,
    GeneratorFunction: prototypeOf(function* () {}).constructor,
    AsyncGeneratorFunction: prototypeOf(async function* () {}).constructor,
    Generator: { prototype: prototypeOf(function* () {}).prototype },
    AsyncGenerator: { prototype: prototypeOf(async function* () {}).prototype },
    Iterator: { prototype: prototypeOf(prototypeOf([][Symbol.iterator]())) },
  };
  return names.map((name) => {
    const owner = name.slice(0, -'.prototype'.length);
    const prototype = (hidden[owner] ?? globalThis[owner])?.prototype;
    return (typeof prototype === 'object' || typeof prototype === 'function') && prototype !== null ? prototype : undefined;
  });
}`;

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
  const prototypesOf = vm.runInContext(PROTOTYPES_SOURCE, context) as (
    names: readonly string[],
  ) => Array<object | undefined>;
  return {
    context,
    global: vm.runInContext('globalThis', context) as Record<string, unknown>,
    helpers,
    intrinsics,
    prototypes: prototypesOf(INTRINSIC_PROTOTYPES),
  };
}
