// `<rt>.dp(object, key)`: what `object[key]` holds when reading it again could run no program code
// — an own or inherited data property of ordinary objects — else undefined. Lets the instrumenter
// name a mutator's receiver (`this.items` in `this.items.push(x)`) without putting a temporary in
// the callee, which V8 would print in "… is not a function" (issue 14 item 4). Knows nothing of
// events: the caller hands the result to mc, which ignores anything but a genuine collection.
// `<rt>.cr`: the same descriptor walk decides whether a receiver held in a temp can be called;
// `<rt>.cf` and `<rt>.cn` stand in for a written callee of a call or a `new` that cannot be called.
import { B } from './builtins';

const captureStackTrace = B.Error.captureStackTrace;
const TypeErrorConstructor = TypeError;
const bind = Function.prototype.bind;
const reflectGet = Reflect.get;
const reflectConstruct = Reflect.construct;
const ObjectConstructor = Object;
const ProxyConstructor = Proxy;
/** Where a primitive receiver's methods are looked up (captured: the program may replace the globals). */
const PRIMITIVE_PROTOTYPES: Record<string, object> = {
  __proto__: null,
  string: String.prototype,
  number: Number.prototype,
  boolean: Boolean.prototype,
  symbol: Symbol.prototype,
  bigint: BigInt.prototype,
} as unknown as Record<string, object>;

/**
 * Whether this V8 prints receivers as V8 ≥ 12 does (instrument/calleeText.ts): told by whether its
 * parser joins adjacent string literals (`"a" + "b"` printed as `"ab"` in a TypeError), asked of V8
 * itself once, before the program runs (the bundler would fold a literal written here, hence the
 * compiled text).
 */
const MODERN_CALL_PRINTER = ((): boolean => {
  try {
    const probe = new Function('try{("a"+"b").push()}catch(e){return e.message}') as () => string;
    return B.stringIndexOf(probe(), '"ab"') === 0;
  } catch {
    return false;
  }
})();

/**
 * The probe id is the mutator call's (every hot call carries one: the loader rebinds them). Walks the prototype chain
 * with descriptors only: never a getter, a Proxy trap or a key conversion.
 */
export function dp(_probeId: number, object: unknown, key: unknown): unknown {
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'symbol') return undefined;
  let holder: unknown = object;
  for (let depth = 0; depth < 64; depth++) {
    if ((typeof holder !== 'object' || holder === null) && typeof holder !== 'function') return undefined;
    if (B.isProxy(holder)) return undefined;
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = B.getOwnPropertyDescriptor(holder as object, key as PropertyKey);
    } catch {
      return undefined; // an uninitialised module namespace binding: the program's own read threw first
    }
    if (descriptor !== undefined) return B.hasOwn(descriptor, 'value') ? descriptor.value : undefined;
    holder = B.getPrototypeOf(holder as object);
  }
  return undefined;
}

type Callable = 'yes' | 'no' | 'unknown';

/** The object a property of `receiver` is looked up on: itself, or its primitive's prototype. */
function holderOf(receiver: unknown): unknown {
  return typeof receiver === 'object' || typeof receiver === 'function'
    ? receiver
    : PRIMITIVE_PROTOTYPES[typeof receiver];
}

/** Whether `receiver[key]` can be called, read with descriptors only: 'unknown' behind a getter or a Proxy. */
function callable(receiver: unknown, key: string): Callable {
  let holder: unknown = holderOf(receiver);
  for (let depth = 0; depth < 64; depth++) {
    if (holder === null) return 'no';
    if (holder === undefined || B.isProxy(holder)) return 'unknown';
    let descriptor: PropertyDescriptor | undefined;
    try {
      descriptor = B.getOwnPropertyDescriptor(holder as object, key);
    } catch {
      return 'unknown';
    }
    if (descriptor !== undefined) {
      if (!B.hasOwn(descriptor, 'value')) return 'unknown';
      return typeof descriptor.value === 'function' ? 'yes' : 'no';
    }
    holder = B.getPrototypeOf(holder as object);
  }
  return 'unknown';
}

/** A function that throws V8's TypeError for `message`, its stack starting at the program's frame. */
function thrower(message: string): () => never {
  const fail = (): never => {
    const error = new TypeErrorConstructor(message);
    captureStackTrace(error, fail);
    throw error;
  };
  return fail;
}

/** V8's TypeError for a callee it prints as `printed` (or `modern` on V8 ≥ 12). */
function notAFunction(printed: string, modern: string): () => never {
  return thrower(`${MODERN_CALL_PRINTER ? modern : printed} is not a function`);
}

/**
 * What the program's call sees as its callee: `value` when it is a function, or nullish under `?.()`
 * (which then calls nothing); else a function that throws V8's message for the program's text.
 */
function calleeOrThrower(value: unknown, printed: string, modern: string, optionalCall: boolean): unknown {
  if (typeof value === 'function' || (optionalCall && (value === null || value === undefined))) return value;
  return notAFunction(printed, modern);
}

/**
 * The callee of `(o.f = g)(x)` (or `(o.f = g)?.(x)`): itself when it can be called, else one that throws V8's message
 * for the program's text.
 */
export function cf(
  _probeId: number,
  callee: unknown,
  printed: string,
  modern: string = printed,
  optionalCall = false,
): unknown {
  return calleeOrThrower(callee, printed, modern, optionalCall);
}

/**
 * Whether `value` can be constructed, asked without constructing it: Reflect.construct checks its
 * newTarget first, then reads its `prototype` (a function's own data property). A Proxy is let
 * through (the read would run its trap): the program's `new` answers for it.
 */
function constructible(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  if (B.isProxy(value)) return true;
  try {
    B.apply(reflectConstruct, undefined, [ObjectConstructor, [], value]);
    return true;
  } catch {
    return false;
  }
}

/**
 * The callee of `new (o.a = 3)[0]()`: itself when it can be constructed, else a constructor that throws V8's message
 * for the program's text.
 */
export function cn(_probeId: number, callee: unknown, printed: string, modern: string = printed): unknown {
  if (constructible(callee)) return callee;
  const message = `${MODERN_CALL_PRINTER ? modern : printed} is not a constructor`;
  // A function expression, not an arrow: the program's `new` constructs it (its arguments evaluated first).
  const fail = function (): never {
    const error = new TypeErrorConstructor(message);
    captureStackTrace(error, fail);
    throw error;
  };
  return fail;
}

/**
 * The method `receiver[key]` read once, as the program reads it: bound to the receiver, or what calleeOrThrower makes
 * of it.
 */
function readMethod(
  receiver: unknown,
  key: PropertyKey,
  printed: string,
  modern: string,
  optionalCall: boolean,
): unknown {
  const method: unknown = B.apply(reflectGet, undefined, [holderOf(receiver), key, receiver]);
  if (typeof method === 'function') return B.apply(bind, method, [receiver]);
  return calleeOrThrower(method, printed, modern, optionalCall);
}

/**
 * The receiver of `(t = make()).push(x)` when its `push` is surely a function (or it is null or
 * undefined: the program's own read throws, or its `?.` ends the chain). Otherwise a stand-in whose
 * `push` is read once, as the program reads it (a getter or Proxy trap runs once): the method bound
 * to the receiver, or — when it is not callable — a function that throws what V8 throws for the
 * program's own `make().push(x)`: the same message, after the arguments were evaluated, with a stack
 * starting at the program's frame. `printed` is the whole callee as V8 prints it (`make(...).push`,
 * `o.a?.[0]`). `key` undefined: a computed key the program evaluates after the receiver
 * (`(o.a = 3)[k]()`), so the stand-in is a Proxy that learns it from the program's own read (its
 * conversion to a property key happens once, in that read). `optionalCall`: the call is `?.()`.
 */
export function cr(
  _probeId: number,
  receiver: unknown,
  key: string | undefined,
  printed: string,
  modern: string = printed,
  optionalCall = false,
): unknown {
  if (receiver === null || receiver === undefined) return receiver;
  if (key === undefined)
    return new ProxyConstructor(
      { __proto__: null } as object,
      {
        __proto__: null,
        get: (_target: object, computed: PropertyKey): unknown =>
          readMethod(receiver, computed, printed, modern, optionalCall),
      } as ProxyHandler<object>,
    );
  const known = callable(receiver, key);
  if (known === 'yes') return receiver;
  const stand = { __proto__: null } as unknown as Record<string, unknown>;
  if (known === 'no' && !optionalCall) B.defineProperty(stand, key, { value: notAFunction(printed, modern) });
  else B.defineProperty(stand, key, { get: () => readMethod(receiver, key, printed, modern, optionalCall) });
  return stand;
}
