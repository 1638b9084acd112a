// What a live breakpoint filter may read beyond a binding's value (issue 13 item 1): a property of
// a value the program holds now, and a string method's result, each only where no program code
// can run: data properties (own or inherited) of objects that are not Proxies, a string's length
// and characters, a genuine Map's or Set's size, and the string methods the adapter's evaluator
// runs, captured as the recorder loads, called on primitives. Anything else is unknown (the filter
// stops, the adapter decides). Knows values and builtins; not bindings, filters or the stop table.
import { FILTER_STRING_METHODS } from '../format/liveFilter';
import { B } from './builtins';

/** The answer "not decidable here": the caller's UNKNOWN (liveFilters.ts passes its own). */
export type Unknown = object;

// Captured as the recorder loads, before any program code (INS-25).
const toNumber = Number;
const StringPrototype: object = String.prototype;
const MapPrototype: object = Map.prototype;
const SetPrototype: object = Set.prototype;
const MAX_CHAIN = 64;

/**
 * The string methods the adapter's condition evaluator runs itself too (FILTER_STRING_METHODS):
 * none runs program code on a string receiver and primitive arguments.
 */
const STRING_METHODS: Set<unknown> = new B.Set(
  FILTER_STRING_METHODS.map((name) => (String.prototype as unknown as Record<string, unknown>)[name]),
);

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
  // The adapter's evaluator reads .size too: a getter, but the builtin's, on a genuine collection.
  if (key === 'size' && !B.isProxy(object)) {
    const prototype = B.getPrototypeOf(object);
    if (prototype === MapPrototype && B.isMap(object) && !B.hasOwn(object, 'size')) return B.mapSize(object);
    if (prototype === SetPrototype && B.isSet(object) && !B.hasOwn(object, 'size')) return B.setSize(object);
  }
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

/**
 * `receiver.method(...args)` on a string, only when the method is still the builtin of that name
 * (a program may replace String.prototype's) and every argument is a plain primitive.
 */
export function callStringMethod(receiver: unknown, method: string, args: unknown[], unknown: Unknown): unknown {
  if (typeof receiver !== 'string') return unknown; // the adapter's evaluator calls nothing else either
  for (let index = 0; index < args.length; index++) if (!isPlainPrimitive(args[index])) return unknown;
  const callee = dataProperty(StringPrototype, method, unknown);
  if (!B.setHas(STRING_METHODS, callee)) return unknown;
  try {
    return B.apply(callee as (...values: unknown[]) => unknown, receiver, args);
  } catch {
    return unknown; // the adapter's evaluation reports it
  }
}
