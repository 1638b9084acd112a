// Builtins captured when this module is evaluated — before any user code runs (the bootloader
// imports the recorder first). Everything that inspects user values goes through these, so user
// code replacing Array.prototype.push, Map, JSON, Function.prototype.call… cannot reach us
// (INS-25). Knows nothing of the ring or the encoding.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { types } from 'node:util';
import os from 'node:os';
import { MessagePort } from 'node:worker_threads';

const { apply, ownKeys, getPrototypeOf } = Reflect;
const { bind, call } = Function.prototype;

/** uncurryThis(f)(self, ...args) ≡ f.call(self, ...args) without looking anything up later. */
const uncurryThis: <T extends (...args: never[]) => unknown>(
  fn: T,
) => (self: unknown, ...args: Parameters<T>) => ReturnType<T> = bind.bind(call) as never;

function getter(target: object, key: PropertyKey): (self: unknown) => unknown {
  const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
  const get = descriptor?.get;
  if (!get) throw new Error(`[rewind] builtin getter ${String(key)} not found`);
  return uncurryThis(get as () => unknown);
}

/** Each flag's own getter reads the regexp's internal slot: the `flags` getter would call user getters. */
function regexpFlagGetters(): Array<readonly [(self: unknown) => boolean, string]> {
  const letters: Record<string, string> = {
    hasIndices: 'd',
    global: 'g',
    ignoreCase: 'i',
    multiline: 'm',
    dotAll: 's',
    unicode: 'u',
    unicodeSets: 'v',
    sticky: 'y',
  };
  const getters: Array<readonly [(self: unknown) => boolean, string]> = [];
  for (const name of Object.keys(letters)) {
    const get = Reflect.getOwnPropertyDescriptor(RegExp.prototype, name)?.get;
    if (get) getters.push([uncurryThis(get as () => boolean), letters[name]] as const);
  }
  return getters;
}

/**
 * The arrays the recorder fills: an Array without prototype, so writing a new index never reaches
 * a setter a program put on Array.prototype (INS-06). Written by index (B.listPush): as fast as a
 * plain array there, where Array.prototype.push on it is not.
 */
class List<T> extends Array<T> {
  // Not the implicit constructor: on Node 20 it spreads its arguments through Array.prototype[Symbol.iterator].
  constructor() {
    super();
  }
}
Reflect.setPrototypeOf(List.prototype, null);

const typedArrayPrototype = getPrototypeOf(Int8Array.prototype) as object;
const weakRefPrototype = WeakRef.prototype;
const mapIteratorPrototype = getPrototypeOf(new Map().entries()) as object;
const setIteratorPrototype = getPrototypeOf(new Set().values()) as object;

const atomics = globalThis.Atomics;
/**
 * The Atomics functions, captured: modules that share memory import this under the global's name
 * (`import { Atomics } from './builtins'`), so a program replacing Atomics.* cannot reach them.
 */
export const Atomics = Object.freeze({
  load: atomics.load,
  store: atomics.store,
  add: atomics.add,
  sub: atomics.sub,
  exchange: atomics.exchange,
  compareExchange: atomics.compareExchange,
  wait: atomics.wait,
  notify: atomics.notify,
});

type Ucs2Write = (self: Uint8Array, text: string, byteOffset: number, byteLength: number) => number;
const ucs2Write = (Buffer.prototype as unknown as { ucs2Write?: (...args: never[]) => number }).ucs2Write;

/**
 * Writes a string's first `byteLength / 2` UTF-16 units, little-endian, into a Uint8Array at
 * `byteOffset`, in native code: Buffer#ucs2Write (undocumented, present on every Node Rewind
 * supports). Undefined where it is missing, or on a big-endian machine, where a word's two units
 * would land swapped against the charCodeAt packing the trace format specifies.
 */
export const nativeUcs2Write: Ucs2Write | undefined =
  typeof ucs2Write === 'function' && os.endianness() === 'LE' ? (uncurryThis(ucs2Write) as Ucs2Write) : undefined;

type Latin1Write = (self: Uint8Array, text: string, byteOffset: number, byteLength: number) => number;
const latin1Write = (Buffer.prototype as unknown as { latin1Write?: (...args: never[]) => number }).latin1Write;

/**
 * Writes a string's first `byteLength` units, the low byte of each, into a Uint8Array at
 * `byteOffset`, in native code: Buffer#latin1Write (undocumented, like ucs2Write). Undefined where it
 * is missing, or on a big-endian machine, where a word's four bytes would land reversed against the
 * trace format's lowest-unit-in-the-lowest-byte packing.
 */
export const nativeLatin1Write: Latin1Write | undefined =
  typeof latin1Write === 'function' && os.endianness() === 'LE' ? (uncurryThis(latin1Write) as Latin1Write) : undefined;

export const B = {
  apply,
  ownKeys,
  getPrototypeOf,
  getOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor,
  getOwnPropertyDescriptors: Object.getOwnPropertyDescriptors,
  defineProperty: Reflect.defineProperty,
  isExtensible: Reflect.isExtensible,
  deleteProperty: Reflect.deleteProperty,
  setPrototypeOf: Reflect.setPrototypeOf,
  isFrozen: Object.isFrozen,
  isSealed: Object.isSealed,
  isArray: Array.isArray,
  hasOwn: Object.hasOwn,
  freeze: Object.freeze,
  objectIs: Object.is,
  MathMin: Math.min,
  NumberIsInteger: Number.isInteger,
  StringFromCharCode: String.fromCharCode,
  JSONStringify: JSON.stringify,
  JSONParse: JSON.parse,
  SymbolFor: Symbol.for,
  symbolKeyFor: Symbol.keyFor,

  WeakMap,
  Map,
  Set,
  Float64Array,
  Int32Array,
  Uint8Array,
  Error,
  Promise,
  SharedArrayBuffer,

  setHas: uncurryThis(Set.prototype.has as (value: unknown) => boolean),
  setAdd: uncurryThis(Set.prototype.add as (value: unknown) => Set<unknown>),
  setDelete: uncurryThis(Set.prototype.delete as (value: unknown) => boolean),
  dateNow: Date.now,
  writeSync: fs.writeSync,
  postMessage: uncurryThis(
    MessagePort.prototype.postMessage as (message: unknown, transfer?: readonly unknown[]) => void,
  ),
  /** EventEmitter methods for `process`: a program may replace process.on & co. */
  emitterOn: uncurryThis(
    EventEmitter.prototype.on as (event: string | symbol, listener: (...args: never[]) => void) => unknown,
  ),
  emitterRemoveListener: uncurryThis(
    EventEmitter.prototype.removeListener as (event: string | symbol, listener: (...args: never[]) => void) => unknown,
  ),
  emitterListenerCount: uncurryThis(EventEmitter.prototype.listenerCount as (event: string | symbol) => number),
  mapGet: uncurryThis(Map.prototype.get as (key: unknown) => unknown),
  mapSet: uncurryThis(Map.prototype.set as (key: unknown, value: unknown) => Map<unknown, unknown>),
  mapHas: uncurryThis(Map.prototype.has as (key: unknown) => boolean),
  mapDelete: uncurryThis(Map.prototype.delete as (key: unknown) => boolean),
  mapClear: uncurryThis(Map.prototype.clear as () => void),
  mapSize: getter(Map.prototype, 'size') as (self: unknown) => number,
  mapEntries: uncurryThis(Map.prototype.entries as () => Iterator<[unknown, unknown]>),
  mapIteratorNext: uncurryThis((mapIteratorPrototype as Iterator<unknown>).next as () => IteratorResult<unknown>),
  setSize: getter(Set.prototype, 'size') as (self: unknown) => number,
  setValues: uncurryThis(Set.prototype.values as () => Iterator<unknown>),
  setIteratorNext: uncurryThis((setIteratorPrototype as Iterator<unknown>).next as () => IteratorResult<unknown>),
  weakMapGet: uncurryThis(WeakMap.prototype.get as (key: object) => unknown),
  weakMapSet: uncurryThis(WeakMap.prototype.set as (key: object, value: unknown) => WeakMap<object, unknown>),
  typedArrayLength: getter(typedArrayPrototype, 'length') as (self: unknown) => number,
  typedArrayTag: getter(typedArrayPrototype, Symbol.toStringTag) as (self: unknown) => string | undefined,
  arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength') as (self: unknown) => number,
  symbolDescription: getter(Symbol.prototype, 'description') as (self: unknown) => string | undefined,
  bigintToString: uncurryThis(BigInt.prototype.toString as (radix?: number) => string),
  dateGetTime: uncurryThis(Date.prototype.getTime as () => number),
  regexpSource: getter(RegExp.prototype, 'source') as (self: unknown) => string,
  regexpExec: uncurryThis(RegExp.prototype.exec as (text: string) => RegExpExecArray | null),
  regexpFlagGetters: regexpFlagGetters(),
  stringSlice: uncurryThis(String.prototype.slice as (start?: number, end?: number) => string),
  stringCharCodeAt: uncurryThis(String.prototype.charCodeAt as (index: number) => number),
  stringIndexOf: uncurryThis(String.prototype.indexOf as (search: string, from?: number) => number),
  stringLastIndexOf: uncurryThis(String.prototype.lastIndexOf as (search: string, from?: number) => number),
  list: <T>(): T[] => new List<T>(),
  listPush: <T>(list: T[], value: T): void => {
    list[list.length] = value;
  },
  bufferToString: uncurryThis(Buffer.prototype.toString as (encoding?: BufferEncoding) => string),
  isBuffer: Buffer.isBuffer,
  functionToString: uncurryThis(Function.prototype.toString as () => string),

  isProxy: types.isProxy,
  isMap: types.isMap,
  isSet: types.isSet,
  isWeakMap: types.isWeakMap,
  isWeakSet: types.isWeakSet,
  isTypedArray: types.isTypedArray,
  isArrayBuffer: types.isAnyArrayBuffer,
  isDataView: types.isDataView,
  isDate: types.isDate,
  isRegExp: types.isRegExp,
  isNativeError: types.isNativeError,
  isPromise: types.isPromise,
  isBoxedPrimitive: types.isBoxedPrimitive,
  isArgumentsObject: types.isArgumentsObject,
  isModuleNamespaceObject: types.isModuleNamespaceObject,
  isBigInt64Array: types.isBigInt64Array,
  isBigUint64Array: types.isBigUint64Array,
  // Reflect.getPrototypeOf as captured above: looked up at each call, it was the program's (INS-25).
  isWeakRef: (value: unknown): boolean => getPrototypeOf(value as object) === weakRefPrototype,

  processEnv: process.env,
  /** Signal number → name (process.kill accepts both). */
  signalNames: new Map(Object.entries(os.constants.signals).map(([name, number]) => [number as number, name])),
} as const;

B.freeze(B);
