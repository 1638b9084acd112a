// The builtin prototypes a trace names by a well-known number instead of snapshotting them (format
// 3.5): the table (numbers are positions: append only), each object type's default prototype, and
// how to find these objects in the current realm — the recorder's at its start, the adapter's when
// it replays. Knows nothing of events or the ring; reads only the realm it runs in.
import { ObjectType } from './events';

/**
 * Well-known prototypes by number (a PROTOTYPE's or NEW_OBJECT's prototype value as a small
 * integer). Append only: a trace keeps the numbers its writer used.
 */
export const INTRINSIC_PROTOTYPES = [
  'Object.prototype',
  'Function.prototype',
  'Array.prototype',
  'Map.prototype',
  'Set.prototype',
  'WeakMap.prototype',
  'WeakSet.prototype',
  'WeakRef.prototype',
  'Date.prototype',
  'RegExp.prototype',
  'Promise.prototype',
  'Error.prototype',
  'EvalError.prototype',
  'RangeError.prototype',
  'ReferenceError.prototype',
  'SyntaxError.prototype',
  'TypeError.prototype',
  'URIError.prototype',
  'AggregateError.prototype',
  'Number.prototype',
  'String.prototype',
  'Boolean.prototype',
  'Symbol.prototype',
  'BigInt.prototype',
  'ArrayBuffer.prototype',
  'SharedArrayBuffer.prototype',
  'DataView.prototype',
  'TypedArray.prototype',
  'Int8Array.prototype',
  'Uint8Array.prototype',
  'Uint8ClampedArray.prototype',
  'Int16Array.prototype',
  'Uint16Array.prototype',
  'Int32Array.prototype',
  'Uint32Array.prototype',
  'Float32Array.prototype',
  'Float64Array.prototype',
  'BigInt64Array.prototype',
  'BigUint64Array.prototype',
  'Buffer.prototype',
  'AsyncFunction.prototype',
  'GeneratorFunction.prototype',
  'AsyncGeneratorFunction.prototype',
  'Generator.prototype',
  'AsyncGenerator.prototype',
  'Iterator.prototype',
] as const;

/**
 * The prototype a snapshot of each object type has unless a PROTOTYPE event says otherwise (when
 * it carries SnapshotFlag.PROTOTYPE_RECORDED): an index into INTRINSIC_PROTOTYPES, or -1 for types
 * with no single default (typed arrays, boxed primitives, weak collections: always said).
 */
export const DEFAULT_PROTOTYPE_BY_TYPE: readonly number[] = (() => {
  const byType: number[] = [];
  for (let type = 0; type <= ObjectType.OTHER; type++) byType.push(-1);
  const at = (name: (typeof INTRINSIC_PROTOTYPES)[number]) => INTRINSIC_PROTOTYPES.indexOf(name);
  byType[ObjectType.OBJECT] = at('Object.prototype');
  byType[ObjectType.ARGUMENTS] = at('Object.prototype');
  byType[ObjectType.ARRAY] = at('Array.prototype');
  byType[ObjectType.FUNCTION] = at('Function.prototype');
  byType[ObjectType.CLASS] = at('Function.prototype');
  byType[ObjectType.MAP] = at('Map.prototype');
  byType[ObjectType.SET] = at('Set.prototype');
  byType[ObjectType.ERROR] = at('Error.prototype');
  byType[ObjectType.DATE] = at('Date.prototype');
  byType[ObjectType.REGEXP] = at('RegExp.prototype');
  byType[ObjectType.PROMISE] = at('Promise.prototype');
  byType[ObjectType.ARRAY_BUFFER] = at('ArrayBuffer.prototype');
  return byType;
})();

/**
 * The objects of INTRINSIC_PROTOTYPES in the realm this runs in (undefined where this runtime has
 * none). Call it before any program code runs when the answer must be the real builtins.
 */
export function intrinsicPrototypeObjects(): Array<object | undefined> {
  const global = globalThis as unknown as Record<string, { prototype?: unknown } | undefined>;
  const prototypeOf = (value: object) =>
    Reflect.getPrototypeOf(value) as { constructor?: unknown; prototype?: unknown };
  const hidden: Record<string, unknown> = {
    TypedArray: prototypeOf(Int8Array),
    AsyncFunction: prototypeOf(async function () {}).constructor,
    GeneratorFunction: prototypeOf(function* () {}).constructor,
    AsyncGeneratorFunction: prototypeOf(async function* () {}).constructor,
    Generator: { prototype: prototypeOf(function* () {}).prototype },
    AsyncGenerator: { prototype: prototypeOf(async function* () {}).prototype },
    Iterator: { prototype: prototypeOf(prototypeOf([][Symbol.iterator]()) as object) },
  };
  return INTRINSIC_PROTOTYPES.map((name) => {
    const owner = name.slice(0, -'.prototype'.length);
    const holder = (hidden[owner] ?? global[owner]) as { prototype?: unknown } | undefined;
    const prototype = holder?.prototype;
    return (typeof prototype === 'object' || typeof prototype === 'function') && prototype !== null
      ? prototype
      : undefined;
  });
}
