// A column whose values stay a near-constant distance from their own index — an activation's frame,
// a frame's first activation, a frame's recorder id: these grow one per entry, drifting only with
// resumes and unknown frames. Each 64K-entry page stores value − index − pageBase in an Int16 (two
// bytes instead of four); a page whose drift outgrows that range is widened to absolute Int32s.
// Same interface as Column for the store's uses. Knows nothing of what the values mean.

const PAGE_SHIFT = 16;
const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;
/** The Int16 that stands for `fill` (values not yet set, or set to fill). */
const FILL_CODE = -0x8000;
const MAX_RESIDUAL = 0x7fff;

interface Page {
  narrow: Int16Array | undefined;
  wide: Int32Array | undefined;
  /** value − index of the page's first non-fill value; NaN until there is one. */
  base: number;
}

/** `Value` says what the numbers are (a frame index, a recorder frame id…), as in Column. */
export class NearIndexColumn<Value extends number = number> {
  private readonly pages: Page[] = [];
  length = 0;

  constructor(private readonly fill = -1) {}

  push(value: Value): number {
    const index = this.length;
    if (index >>> PAGE_SHIFT === this.pages.length) {
      this.pages.push({ narrow: new Int16Array(PAGE_SIZE).fill(FILL_CODE), wide: undefined, base: Number.NaN });
    }
    this.length = index + 1;
    this.set(index, value);
    return index;
  }

  get(index: number): Value {
    if (index < 0 || index >= this.length) return this.fill as Value;
    const page = this.pages[index >>> PAGE_SHIFT];
    if (page.wide) return page.wide[index & PAGE_MASK] as Value;
    const code = page.narrow![index & PAGE_MASK];
    return (code === FILL_CODE ? this.fill : index + page.base + code) as Value;
  }

  set(index: number, value: Value): void {
    const page = this.pages[index >>> PAGE_SHIFT];
    const local = index & PAGE_MASK;
    if (page.wide) {
      page.wide[local] = value;
      return;
    }
    if (value === this.fill) {
      page.narrow![local] = FILL_CODE;
      return;
    }
    if (Number.isNaN(page.base)) page.base = value - index;
    const residual = value - index - page.base;
    if (residual >= -MAX_RESIDUAL && residual <= MAX_RESIDUAL) {
      page.narrow![local] = residual;
      return;
    }
    this.widen(index >>> PAGE_SHIFT);
    page.wide![local] = value;
  }

  private widen(pageIndex: number): void {
    const page = this.pages[pageIndex];
    const wide = new Int32Array(PAGE_SIZE).fill(this.fill);
    const first = pageIndex << PAGE_SHIFT;
    const end = Math.min(this.length - first, PAGE_SIZE);
    for (let local = 0; local < end; local++) wide[local] = this.get(first + local);
    page.wide = wide;
    page.narrow = undefined;
  }

  get sizeBytes(): number {
    let bytes = 0;
    for (const page of this.pages) bytes += page.wide ? page.wide.byteLength : page.narrow!.byteLength;
    return bytes;
  }
}
