// `<rt>.dp(object, key)`: what `object[key]` holds when reading it again could run no program code
// — an own or inherited data property of ordinary objects — else undefined. Lets the instrumenter
// name a mutator's receiver (`this.items` in `this.items.push(x)`) without putting a temporary in
// the callee, which V8 would print in "… is not a function" (issue 14 item 4). Knows nothing of
// events: the caller hands the result to mc, which ignores anything but a genuine collection.
import { B } from './builtins';

/** The probe id is the mutator call's (every hot call carries one: the loader rebinds them). Walks the prototype chain with descriptors only: never a getter, a Proxy trap or a key conversion. */
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
