// CRC-32C (Castagnoli) over bytes: the checksum of every trace record. Table-driven, pure.
// Shared by the record writer (recorder side) and the reader (adapter, CLI).

const POLYNOMIAL_REVERSED = 0x82f63b78;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL_REVERSED : crc >>> 1;
    table[byte] = crc >>> 0;
  }
  return table;
})();

/** Continue a CRC over bytes[start, end); pass the previous result to chain (start with 0). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let index = start; index < end; index++) crc = TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
