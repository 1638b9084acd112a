// What a live breakpoint filter may read beyond a binding's value (issue 13 item 1): a property of
// a value the program holds now, and the result of a builtin call, each only where no program code
// can run: data properties (own or inherited) of objects that are not Proxies, a string's length
// and characters, and builtins from a fixed list, captured as the recorder loads, called on
// primitives. Anything else is unknown (the filter stops, the adapter decides). Knows values and
// builtins; not bindings, filters or the stop table.
import type { FilterGlobal } from '../format/liveFilter';
import { B } from './builtins';

/** The answer "not decidable here": the caller's UNKNOWN (liveFilters.ts passes its own). */
export type Unknown = object;

// Captured as the recorder loads, before any program code (INS-25).
const globalObject: object = globalThis;
const toNumber = Number;
const StringPrototype: object = String.prototype;
const NumberPrototype: object = Number.prototype;
const ArrayIncludes = Array.prototype.includes;
const ArrayIndexOf = Array.prototype.indexOf;
const MAX_CHAIN = 64;
/** Arrays searched (includes/indexOf) only up to this length: each element's descriptor is checked first. */
const MAX_SEARCHED_ELEMENTS = 10_000;

/** Builtins that run no program code when called on primitive arguments (and a primitive or checked receiver). */
const PURE_BUILTINS: Set<unknown> = new B.Set([
  ...['at', 'charAt', 'charCodeAt', 'codePointAt', 'endsWith', 'includes', 'indexOf', 'lastIndexOf'].map(
    (name) => (String.prototype as unknown as Record<string, unknown>)[name],
  ),
  ...['startsWith', 'slice', 'substring', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd'].map(
    (name) => (String.prototype as unknown as Record<string, unknown>)[name],
  ),
  Number.prototype.toFixed,
  ...['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'max', 'min', 'pow', 'log', 'exp'].map(
    (name) => (Math as unknown as Record<string, unknown>)[name],
  ),
  Number.isInteger,
  Number.isFinite,
  Number.isNaN,
  Number.isSafeInteger,
  Array.isArray,
  ArrayIncludes,
  ArrayIndexOf,
]);

/** A value an operator or a builtin may take without converting it through program code. */
export function isPlainPrimitive(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'number' || type === 'string' || type === 'boolean' || type === 'undefined';
}

/** `object[key]` without running a getter or a trap; `unknown` where that cannot be known. */
export function readMember(object: unknown, key: unknown, unknown: Unknown): unknown {
  if (typeof key !== 'string' && typeof key !== 'number') return unknown; // an object key converts through code
  if (typeof object === 'string') {
    if (key === 'length') return object.length;
    const index = typeof key === 'number' ? key : toNumber(key);
    if (
      B.NumberIsInteger(index) &&
      index >= 0 &&
      index < object.length &&
      (typeof key === 'number' || `${index}` === key)
    )
      return object[index];
    return unknown; // String.prototype's members: read only as a call's method
  }
  if (typeof object !== 'object' && typeof object !== 'function') return unknown;
  if (object === null) return unknown;
  return dataProperty(object, key, unknown);
}

/** A data property found on `object` or its prototypes; undefined when none has it; unknown at a getter or a Proxy. */
function dataProperty(object: object, key: string | number, unknown: Unknown): unknown {
  let at: object | null = object;
  for (let depth = 0; at !== null && depth < MAX_CHAIN; depth++) {
    if (B.isProxy(at)) return unknown;
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = B.getOwnPropertyDescriptor(at, key);
    } catch {
      return unknown; // a module namespace's binding before its initialisation
    }
    // hasOwn: an accessor's descriptor has no own `value`, and Object.prototype may have a getter of that name.
    if (descriptor !== undefined) return B.hasOwn(descriptor, 'value') ? descriptor.value : unknown;
    at = B.getPrototypeOf(at) as object | null;
  }
  return at === null ? undefined : unknown;
}

/** One of FILTER_GLOBALS as the global object holds it now (the program may have replaced it). */
export function readGlobal(name: FilterGlobal, unknown: Unknown): unknown {
  return dataProperty(globalObject, name, unknown);
}

/** `receiver.method(...args)`, only when the method is one of PURE_BUILTINS and every argument is a plain primitive. */
export function callBuiltin(receiver: unknown, method: string, args: unknown[], unknown: Unknown): unknown {
  for (let index = 0; index < args.length; index++) if (!isPlainPrimitive(args[index])) return unknown;
  const holder =
    typeof receiver === 'string' ? StringPrototype : typeof receiver === 'number' ? NumberPrototype : receiver;
  if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) return unknown;
  const callee = dataProperty(holder, method, unknown);
  if (!B.setHas(PURE_BUILTINS, callee)) return unknown;
  if ((callee === ArrayIncludes || callee === ArrayIndexOf) && !hasOnlyOwnDataElements(receiver)) return unknown;
  try {
    return B.apply(callee as (...values: unknown[]) => unknown, receiver, args);
  } catch {
    return unknown; // the adapter's evaluation reports it
  }
}

/** A genuine array whose every element is an own data property: searching it reads no getter and no prototype. */
function hasOnlyOwnDataElements(receiver: unknown): boolean {
  if (!B.isArray(receiver) || B.isProxy(receiver)) return false;
  const array = receiver as unknown[];
  if (array.length > MAX_SEARCHED_ELEMENTS) return false;
  for (let index = 0; index < array.length; index++) {
    const descriptor = B.getOwnPropertyDescriptor(array, index);
    if (descriptor === undefined || !B.hasOwn(descriptor, 'value')) return false;
  }
  return true;
}
