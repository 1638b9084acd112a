// CRC-32 (IEEE 802.3, the zlib/PNG polynomial) over bytes: the checksum of every trace record.
// Table-driven and pure so any reader can verify; the recorder's drain uses Node's native
// zlib.crc32 (same polynomial, same results) because it checksums every byte it writes.

const POLYNOMIAL_REVERSED = 0xedb88320;

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
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let index = start; index < end; index++) crc = TABLE[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
