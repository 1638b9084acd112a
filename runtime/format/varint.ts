// Zigzag varints (LEB128 of a zigzagged int32) into a growing byte buffer and out of a byte
// range: the number codec of the binary probe tables (format 3.11, packedProbes.ts). Any int32
// round-trips in 1–5 bytes; small magnitudes, either sign, take one. Knows nothing of probes.

// Math and Number functions taken when the module is evaluated: the loader runs this in a program's
// require() (on every cache hit), where Math.floor as the program sees it may be its own (INS-25).
const { max: mathMax } = Math;

/** Bytes written one number at a time into a buffer that doubles as it fills. */
export class ByteWriter {
  private buffer: Uint8Array;
  private at = 0;

  constructor(initialBytes = 256) {
    this.buffer = new Uint8Array(mathMax(16, initialBytes));
  }

  get length(): number {
    return this.at;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** An unsigned number below 2^32. */
  unsigned(value: number): void {
    this.room(5);
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.buffer[this.at++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.buffer[this.at++] = rest;
  }

  /** Any int32 (a wider number is taken modulo 2^32, as `| 0` does). */
  signed(value: number): void {
    this.unsigned(((value << 1) ^ (value >> 31)) >>> 0);
  }

  bytes(from: Uint8Array): void {
    this.room(from.length);
    this.buffer.set(from, this.at);
    this.at += from.length;
  }

  /** What was written, in a buffer of its own and its exact size (one copy: it may be transferred). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.at);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = new Uint8Array(mathMax(this.buffer.length * 2, this.at + bytes));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
  }
}

/** Thrown by ByteReader: the caller turns it into its layer's error with the record's offset. */
export class ByteRangeError extends Error {
  constructor(
    message: string,
    /** Offset of the problem from the start of the reader's bytes. */
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ByteRangeError';
  }
}

/** Reads what ByteWriter wrote; past the end or a varint longer than 5 bytes throws ByteRangeError. */
export class ByteReader {
  at: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.at = start;
  }

  get done(): boolean {
    return this.at >= this.end;
  }

  byte(): number {
    if (this.at >= this.end) throw new ByteRangeError('ends inside a probe table', this.at);
    return this.bytes[this.at++];
  }

  unsigned(): number {
    // Most numbers of a table are one byte: read those without the loop.
    if (this.at < this.end && this.bytes[this.at] < 0x80) return this.bytes[this.at++];
    return this.wideUnsigned();
  }

  private wideUnsigned(): number {
    const start = this.at;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new ByteRangeError('holds a number wider than 32 bits', start);
  }

  signed(): number {
    const zigzag = this.unsigned();
    return (zigzag >>> 1) ^ -(zigzag & 1);
  }
}
