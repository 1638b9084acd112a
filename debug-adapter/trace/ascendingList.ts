// A strictly ascending list of indexes (one probe's hits: the steps that ran it; one function's
// frames), stored as LEB128 deltas with an absolute anchor every BLOCK_SIZE entries — about 1.2 bytes
// per entry instead of 4 (hits are one entry per step, the largest index after the trace words).
// Reads decode one block into a shared cache, so walking a list either way costs one decode per
// block. Knows nothing of probes, breakpoints or traces.
import { upperBound } from './columns';

const BLOCK_SHIFT = 6;
const BLOCK_SIZE = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_SIZE - 1;

/** One decoded block shared by every list: reads are single-threaded and mostly walk one list. */
const decoded = new Int32Array(BLOCK_SIZE);
let decodedListId = -1;
let nextListId = 0;
let decodedBlock = -1;

/** `Value` says what the entries are (window steps, frame indexes), so readers get that type. */
export class AscendingList<Value extends number = number> {
  /** Names this list in the shared decode cache. */
  private readonly listId = nextListId++;
  /** Deltas of the entries that are not the first of their block. */
  private bytes = new Uint8Array(8);
  private byteLength = 0;
  /** Per block: its first entry's value, and where its deltas start in `bytes`. */
  private anchors = new Int32Array(2);
  private last = 0;
  length = 0;

  /** Appends an entry; entries arrive strictly ascending. */
  push(step: Value): void {
    const index = this.length++;
    if ((index & BLOCK_MASK) === 0) {
      const slot = (index >>> BLOCK_SHIFT) << 1;
      if (slot + 2 > this.anchors.length) this.anchors = grown(this.anchors, slot + 2);
      this.anchors[slot] = step;
      this.anchors[slot + 1] = this.byteLength;
    } else {
      if (this.byteLength + 5 > this.bytes.length) this.bytes = grown(this.bytes, this.byteLength + 5);
      let delta = step - this.last;
      while (delta >= 0x80) {
        this.bytes[this.byteLength++] = (delta & 0x7f) | 0x80;
        delta >>>= 7;
      }
      this.bytes[this.byteLength++] = delta;
    }
    this.last = step;
    if (decodedListId === this.listId && decodedBlock === index >>> BLOCK_SHIFT) decodedBlock = -1;
  }

  get(index: number): Value {
    const block = index >>> BLOCK_SHIFT;
    if (decodedListId !== this.listId || decodedBlock !== block) this.decode(block);
    return decoded[index & BLOCK_MASK] as Value;
  }

  /** The number of entries ≤ value (the index of the first entry > value). */
  upperBound(value: Value): number {
    const anchors = this.anchors;
    const blocksUpTo = upperBound((this.length + BLOCK_MASK) >>> BLOCK_SHIFT, value, (block) => anchors[block << 1]);
    if (blocksUpTo === 0) return 0;
    const block = blocksUpTo - 1;
    if (decodedListId !== this.listId || decodedBlock !== block) this.decode(block);
    const count = Math.min(BLOCK_SIZE, this.length - (block << BLOCK_SHIFT));
    let at = 1;
    while (at < count && decoded[at] <= value) at++;
    return (block << BLOCK_SHIFT) + at;
  }

  private decode(block: number): void {
    const bytes = this.bytes;
    let value = this.anchors[block << 1];
    let at = this.anchors[(block << 1) + 1];
    const count = Math.min(BLOCK_SIZE, this.length - (block << BLOCK_SHIFT));
    decoded[0] = value;
    for (let entry = 1; entry < count; entry++) {
      let delta = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[at++];
        delta |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      value += delta >>> 0;
      decoded[entry] = value;
    }
    decodedListId = this.listId;
    decodedBlock = block;
  }

  /** Every entry, for merging lists. */
  toArray(): Int32Array {
    const out = new Int32Array(this.length);
    for (let index = 0; index < this.length; index++) out[index] = this.get(index);
    return out;
  }

  /** Trims the spare capacity once a list is final (a finished recording). */
  compact(): void {
    if (this.bytes.length > this.byteLength) this.bytes = this.bytes.slice(0, this.byteLength);
    const anchorSlots = ((this.length + BLOCK_MASK) >>> BLOCK_SHIFT) << 1;
    if (this.anchors.length > anchorSlots) this.anchors = this.anchors.slice(0, anchorSlots);
  }

  get sizeBytes(): number {
    return this.bytes.length + this.anchors.length * 4;
  }
}

function grown<T extends Uint8Array | Int32Array>(array: T, needed: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(needed, Math.ceil(array.length * 1.5)));
  next.set(array);
  return next;
}
