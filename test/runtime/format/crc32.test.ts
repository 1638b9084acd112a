// The format's own CRC-32 (slicing-by-8, the fallback where Node lacks zlib.crc32, and what every
// pure reader verifies with) agrees with zlib's at every length, offset and chaining split.
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../runtime/format';

function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

describe('crc32', () => {
  it('equals zlib.crc32 for lengths around the 8-byte step, at any offset', () => {
    for (let length = 0; length < 70; length++)
      for (const offset of [0, 1, 3, 7]) {
        const bytes = bytesOf(length + offset + 5, length * 31 + offset);
        const end = offset + length;
        expect(crc32(bytes, offset, end)).toBe(zlibCrc32(bytes.subarray(offset, end)) >>> 0);
      }
  });

  it('chains: a CRC continued over a split equals the CRC of the whole', () => {
    const bytes = bytesOf(100_003, 7);
    const whole = zlibCrc32(bytes) >>> 0;
    for (const split of [1, 8, 9, 4096, 99_999]) {
      expect(crc32(bytes, split, bytes.length, crc32(bytes, 0, split))).toBe(whole);
    }
  });
});
