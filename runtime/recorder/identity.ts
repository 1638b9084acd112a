// Where the recorder keeps an object's identity entry (snapshot.ts decides what the entry means):
// a private field stamped onto the object through a return-override base class, with a WeakMap
// fallback for any object a runtime refuses the field on. Knows nothing of ids, epochs or events.
// Issue 9: a WeakMap lookup with its hashing and ephemeron GC cost 500–750 ns per new object and
// 7–30 ns per hit; the field costs ~100 ns per new object, a few ns per hit.
import { B } from './builtins';

/** The object it is given is the object `new` constructs: a subclass's field lands on it. */
class ReturnsItsArgument {
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

/** The entry stored for an object, or undefined. */
export function entryOf(target: object): number | undefined {
  if (Stamp.has(target)) return Stamp.read(target);
  // An object without an entry is the common miss (first sight): no hash lookup unless one was refused.
  return refusedCount === 0 ? undefined : (B.weakMapGet(refused, target) as number | undefined);
}

/** Stores an object's entry (a small integer stays a Smi in the field: no allocation). */
export function setEntry(target: object, entry: number): void {
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

/** Forgets every entry (tests start from a clean table; a stamp of the old table is never read again). */
export function resetEntries(): void {
  Stamp = createTable();
  refused = new B.WeakMap<object, number>();
  refusedCount = 0;
}
