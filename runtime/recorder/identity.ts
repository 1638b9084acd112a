// Where the recorder keeps an object's identity entry (snapshot.ts decides what the entry means):
// a private field stamped onto the object through a return-override base class, with a WeakMap
// fallback for any object a runtime refuses the field on. Knows nothing of ids, epochs or events.
// Issue 9: a WeakMap lookup with its hashing and ephemeron GC cost 500–750 ns per new object and
// 7–30 ns per hit; the field costs ~100 ns per new object, a few ns per hit.
import { B } from './builtins';

/** The object it is given is the object `new` constructs: a subclass's field lands on it (promiseRuns.ts too). */
export class ReturnsItsArgument {
  constructor(target: object) {
    return target;
  }
}

/** One private name per table (a fresh class each time): a reset forgets every stamp at once. */
function createTable() {
  class Stamp extends ReturnsItsArgument {
    // Invisible to the program: private names are not reflected by ownKeys, JSON, structuredClone,
    // util.inspect or a Proxy's traps (a Proxy is stamped itself, its handler never runs).
    #rwEntry: number;
    constructor(target: object, entry: number) {
      super(target);
      this.#rwEntry = entry;
    }
    static has(target: object): boolean {
      return #rwEntry in target;
    }
    static read(target: object): number {
      return (target as Stamp).#rwEntry;
    }
    static write(target: object, entry: number): void {
      (target as Stamp).#rwEntry = entry;
    }
  }
  return Stamp;
}

let Stamp = createTable();
/** Objects the field could not be added to (a future V8 may refuse it on non-extensible objects). */
let refused = new B.WeakMap<object, number>();
let refusedCount = 0;

/*
 * The last four objects found or stamped, with their entries: a memo of the stamps, which only
 * setEntry writes (it updates the memo too). Issue 9: a stamp check is megamorphic (10–27 ns per
 * hit); four identity compares cost ~1 ns, and the same few objects recur — a RETURN of what the
 * callee just returned, a parameter that was a RETURN, the array a loop writes. Hit rates at x1,
 * full/calls: richards 68/84%, deltablue 62/52%, crypto 99/97%, raytrace 52/25%. Filled on a miss
 * only, oldest first: a hit costs no stores. Holds at most four objects strongly, and only
 * until the next idle flush (forgetRecentEntries): their collection is delayed, never prevented.
 */
let recent0: object | undefined;
let recent1: object | undefined;
let recent2: object | undefined;
let recent3: object | undefined;
let recentEntry0 = 0;
let recentEntry1 = 0;
let recentEntry2 = 0;
let recentEntry3 = 0;

/** The slot the next object goes into (round robin: one slot written per miss, not a shift of four). */
let nextSlot = 0;

function remember(target: object, entry: number): void {
  switch (nextSlot) {
    case 0:
      recent0 = target;
      recentEntry0 = entry;
      break;
    case 1:
      recent1 = target;
      recentEntry1 = entry;
      break;
    case 2:
      recent2 = target;
      recentEntry2 = entry;
      break;
    default:
      recent3 = target;
      recentEntry3 = entry;
  }
  nextSlot = (nextSlot + 1) & 3;
}

/** Empties the memo of recent objects (at every idle flush, and on reset). */
export function forgetRecentEntries(): void {
  recent0 = recent1 = recent2 = recent3 = undefined;
}

/** The entry stored for an object, or undefined. */
export function entryOf(target: object): number | undefined {
  if (target === recent0) return recentEntry0;
  if (target === recent1) return recentEntry1;
  if (target === recent2) return recentEntry2;
  if (target === recent3) return recentEntry3;
  return stampedEntry(target);
}

function stampedEntry(target: object): number | undefined {
  if (Stamp.has(target)) {
    const entry = Stamp.read(target);
    remember(target, entry);
    return entry;
  }
  // An object without an entry is the common miss (first sight): no hash lookup unless one was refused.
  return refusedCount === 0 ? undefined : (B.weakMapGet(refused, target) as number | undefined);
}

/** Stores an object's entry (a small integer stays a Smi in the field: no allocation). */
export function setEntry(target: object, entry: number): void {
  // A memo of this object would shadow the new entry: it takes the new one in its own slot.
  if (target === recent0) recentEntry0 = entry;
  else if (target === recent1) recentEntry1 = entry;
  else if (target === recent2) recentEntry2 = entry;
  else if (target === recent3) recentEntry3 = entry;
  else remember(target, entry);
  if (Stamp.has(target)) return Stamp.write(target, entry);
  if (refusedCount !== 0 && B.weakMapGet(refused, target) !== undefined) {
    B.weakMapSet(refused, target, entry);
    return;
  }
  try {
    new Stamp(target, entry);
  } catch {
    B.weakMapSet(refused, target, entry);
    refusedCount++;
  }
}

/**
 * setEntry for an object entryOf has just reported unknown (no memo slot, no stamp, not refused):
 * the first sight's store without setEntry's second megamorphic stamp check.
 */
export function setNewEntry(target: object, entry: number): void {
  remember(target, entry);
  try {
    new Stamp(target, entry);
  } catch {
    B.weakMapSet(refused, target, entry);
    refusedCount++;
  }
}

/** Forgets every entry (tests start from a clean table; a stamp of the old table is never read again). */
export function resetEntries(): void {
  forgetRecentEntries();
  Stamp = createTable();
  refused = new B.WeakMap<object, number>();
  refusedCount = 0;
}
