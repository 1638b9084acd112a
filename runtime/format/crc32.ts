// CRC-32 (IEEE 802.3, the zlib/PNG polynomial) over bytes: the checksum of every trace record.
// Table-driven and pure so any reader can verify; the recorder's drain uses Node's native
// zlib.crc32 (same polynomial, same results) because it checksums every byte it writes.

const POLYNOMIAL_REVERSED = 0xedb88320;

/**
 * Slicing-by-8 tables: TABLES[k * 256 + b] is the CRC of byte b followed by k zero bytes, so eight
 * bytes fold in per step (measured 2.4x the byte-at-a-time loop; zlib.crc32 is faster still where
 * Node has it, and the drain and collector use it then).
 */
const TABLES: Uint32Array = (() => {
  const tables = new Uint32Array(256 * 8);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL_REVERSED : crc >>> 1;
    tables[byte] = crc >>> 0;
  }
  for (let slice = 1; slice < 8; slice++)
    for (let byte = 0; byte < 256; byte++) {
      const previous = tables[(slice - 1) * 256 + byte];
      tables[slice * 256 + byte] = (previous >>> 8) ^ tables[previous & 0xff];
    }
  return tables;
})();

/** Continue a CRC over bytes[start, end); pass the previous result to chain (start with 0). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, previous = 0): number {
  const t = TABLES;
  let crc = ~previous >>> 0;
  let index = start;
  for (; index + 8 <= end; index += 8) {
    const low =
      (crc ^ (bytes[index] | (bytes[index + 1] << 8) | (bytes[index + 2] << 16) | (bytes[index + 3] << 24))) >>> 0;
    crc =
      t[1792 + (low & 0xff)] ^
      t[1536 + ((low >>> 8) & 0xff)] ^
      t[1280 + ((low >>> 16) & 0xff)] ^
      t[1024 + (low >>> 24)] ^
      t[768 + bytes[index + 4]] ^
      t[512 + bytes[index + 5]] ^
      t[256 + bytes[index + 6]] ^
      t[bytes[index + 7]];
  }
  for (; index < end; index++) crc = t[(crc ^ bytes[index]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
