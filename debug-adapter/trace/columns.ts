// Compact growable integer storage for the store's indexes: a paged column (constant-time append,
// no doubling copies of huge arrays, no per-entry objects) and a small doubling list for short
// per-key lists. Knows nothing of traces. The compact encodings of the largest indexes live beside
// it: ascendingList.ts (hits), stepActivations.ts (step → activation), nearIndexColumn.ts.

const PAGE_SHIFT = 16;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;

/**
 * An append-only Int32 column in 64K-entry pages; `get` past the end returns `fill`. `Value` says
 * what the numbers are (a window step, a frame index…), so readers get that type.
 */
export class Column<Value extends number = number> {
  private readonly pages: Int32Array[] = [];
  length = 0;

  constructor(private readonly fill = 0) {}

  push(value: Value): number {
    const index = this.length;
    const pageIndex = index >>> PAGE_SHIFT;
    if (pageIndex === this.pages.length) {
      const page = new Int32Array(PAGE_SIZE);
      if (this.fill !== 0) page.fill(this.fill);
      this.pages.push(page);
    }
    this.pages[pageIndex][index & PAGE_MASK] = value;
    this.length = index + 1;
    return index;
  }

  get(index: number): Value {
    if (index < 0 || index >= this.length) return this.fill as Value;
    return this.pages[index >>> PAGE_SHIFT][index & PAGE_MASK] as Value;
  }

  set(index: number, value: Value): void {
    this.pages[index >>> PAGE_SHIFT][index & PAGE_MASK] = value;
  }

  /** Grows (with `fill`) so that `index` is valid, for columns indexed by sparse ids. */
  ensure(index: number): void {
    while (this.length <= index) {
      const pageIndex = this.length >>> PAGE_SHIFT;
      if (pageIndex === this.pages.length) {
        const page = new Int32Array(PAGE_SIZE);
        if (this.fill !== 0) page.fill(this.fill);
        this.pages.push(page);
      }
      this.length = Math.min(index + 1, (pageIndex + 1) * PAGE_SIZE);
    }
  }

  get sizeBytes(): number {
    return this.pages.length * PAGE_SIZE * 4;
  }
}

/** A doubling Int32 list for short, sorted-by-construction lists (per binding writes, per object events). */
export class IntList {
  items: Int32Array;
  length = 0;

  constructor(capacity = 4) {
    this.items = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(Math.max(4, Math.ceil(this.items.length * 1.5)));
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  get(index: number): number {
    return this.items[index];
  }

  /** Trims the spare capacity once a list is final (a finished recording). */
  compact(): void {
    if (this.items.length > this.length) this.items = this.items.slice(0, this.length);
  }

  get sizeBytes(): number {
    return this.items.length * 4;
  }
}

/**
 * In a list sorted ascending by `key(i)`, the first index whose key is > value (upper bound).
 * Every "last X at or before" / "first X after" query of the store goes through here.
 */
export function upperBound(length: number, value: number, key: (index: number) => number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key(middle) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index whose key is >= value (lower bound). */
export function lowerBound(length: number, value: number, key: (index: number) => number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (key(middle) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
