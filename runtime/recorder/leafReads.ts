// The property reads of a regenerable leaf's copy (issue 9 §2, runtime/instrument/leafShape.ts):
// `<rt>.leafRead(o,"k")` in place of `o.k`, made only when reading it runs no user code — `o` an object
// that is no Proxy, and the first property `k` on its prototype chain a data property (never
// asked of a getter: own descriptors only, through captured builtins) — with its value kept, in
// order, for the call's LEAF_READS event (leafCalls.ts). Anything else throws LEAF_BAIL before the
// read: no user code ran, so the call's full path can run it again unobserved. Knows the checks
// and the values read; not the event.
import { B } from './builtins';

/** What a check throws: the copy's `catch {}` swallows it and the full path runs the call. */
export const LEAF_BAIL = 0x1eaf;

/**
 * At most this many reads in one call (a loop over a long array): its values must fit one sized
 * event (MAX_EXT_SIZED_WORDS, a DOUBLE takes three words). Past it, the full path runs the call.
 */
const MAX_LEAF_READS = 4096;

// A list with no prototype chain: storing into it can reach no setter of the program's.
const values: unknown[] = B.list();
let count = 0;

/** A value a leaf event holds in one word or a DOUBLE's three, with no definition before it. */
export function leafValue(value: unknown): boolean {
  const type = typeof value;
  return type === 'number' || type === 'boolean' || value === undefined || value === null;
}

/** Objects already found to be no Proxy (a private field: no trap runs to test it, a few ns a hit). */
class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}
class NotProxy extends ReturnsItsArgument {
  #rwNotProxy = true;
  static has(target: object): boolean {
    return #rwNotProxy in target;
  }
}

function checkedNotProxy(target: object): void {
  if (NotProxy.has(target)) return;
  if (B.isProxy(target)) throw LEAF_BAIL;
  try {
    new NotProxy(target);
  } catch {
    // A runtime that refuses the field: asked again next time.
  }
}

/** `o[key]` when no getter or trap can run for it; throws LEAF_BAIL otherwise (nothing read). */
function dataValue(o: unknown, key: unknown): unknown {
  const type = typeof o;
  if ((type !== 'object' || o === null) && type !== 'function') throw LEAF_BAIL;
  let holder = o as object;
  for (;;) {
    checkedNotProxy(holder);
    // key is a primitive (the leaf's values are): ToPropertyKey runs no user code. A descriptor,
    // not hasOwn + __lookupGetter__ (no allocation, but no cheaper on deltablue x4, issue 9): that
    // skips an interceptor, so a vm context's global read a getter of its sandbox object twice.
    const descriptor = B.getOwnPropertyDescriptor(holder, key as PropertyKey);
    if (descriptor !== undefined) {
      if (!B.hasOwn(descriptor, 'value')) throw LEAF_BAIL; // an accessor: its getter would run
      return descriptor.value;
    }
    // A typed array answers a missing index itself, without its prototypes: not followed here.
    if (B.isTypedArray(holder)) throw LEAF_BAIL;
    const next = B.getPrototypeOf(holder) as object | null;
    if (next === null) return undefined;
    holder = next;
  }
}

function keep(value: unknown): void {
  if (count >= MAX_LEAF_READS) throw LEAF_BAIL;
  values[count++] = value;
}

// Leaves whose calls keep ending on the full path (an object first seen each time, a string read)
// pay for the copy, the checks and the throw on top of the full path: each bail adds BAIL_SCORE to
// its leaf's score, each LEAF_READS takes one off, and at DISABLED_SCORE its guard says no for the
// rest of the run (about one call in nine bailing, sustained). Either path records the call exactly.
const BAIL_SCORE = 8;
const DISABLED_SCORE = 256;
let scores = new B.Int32Array(256);
/** The leaf whose call passed lb() and has not written its event yet: -1 when none. */
let pendingProbe = -1;

/** A leaf's entry guard, first check (before its arguments' checks): starts the call's reads. */
export function lb(probeId: number): boolean {
  // The last call that passed this check never wrote its event: it bailed (or its later checks said no).
  if (pendingProbe !== -1) bailed(pendingProbe);
  if (probeId < scores.length && scores[probeId] >= DISABLED_SCORE) {
    pendingProbe = -1;
    return false;
  }
  pendingProbe = probeId;
  count = 0;
  return true;
}

function bailed(probeId: number): void {
  if (probeId >= scores.length) {
    const doubled = scores.length * 2;
    const grown = new B.Int32Array(doubled > probeId ? doubled : probeId + 1);
    // No method the program may have replaced.
    for (let index = 0; index < scores.length; index++) grown[index] = scores[index];
    scores = grown;
  }
  scores[probeId] += BAIL_SCORE;
}

/** The call's event is written (leafCalls.ts lq*): it did not bail. */
export function settled(probeId: number): void {
  pendingProbe = -1;
  count = 0;
  if (probeId < scores.length && scores[probeId] > 0) scores[probeId]--;
}

/** A read whose value the leaf computes with: a number, boolean, null or undefined. */
export function leafRead(o: unknown, key: unknown): unknown {
  const value = dataValue(o, key);
  if (!leafValue(value)) throw LEAF_BAIL;
  keep(value);
  return value;
}

/** A read only read from in turn (`this.a` in `this.a.b`): an object or a function. */
export function leafFrom(o: unknown, key: unknown): unknown {
  const value = dataValue(o, key);
  const type = typeof value;
  if ((type !== 'object' || value === null) && type !== 'function') throw LEAF_BAIL;
  keep(value);
  return value;
}

/** A read the leaf returns as it is (`return this.elms[i]`): a leaf value, an object or a function. */
export function leafResult(o: unknown, key: unknown): unknown {
  const value = dataValue(o, key);
  const type = typeof value;
  if (!leafValue(value) && (type !== 'object' || value === null) && type !== 'function') throw LEAF_BAIL;
  keep(value);
  return value;
}

export function readCount(): number {
  return count;
}

export function readValue(index: number): unknown {
  return values[index];
}
