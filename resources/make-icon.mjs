// Draws resources/icon.png (128×128): a rounded dark tile with an orange "rewind" double triangle
// and a play-head bar. Pure Node (zlib), so the icon can be regenerated on any machine.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const SIZE = 128;
const BACKGROUND = [30, 42, 58];
const ACCENT = [255, 153, 51];
const LIGHT = [230, 236, 245];

function insideRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), SIZE - 1 - radius);
  const cy = Math.min(Math.max(y, radius), SIZE - 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}
// A triangle pointing left with its tip at tipX, spanning [tipX, tipX + width] and centred at y=64.
function insideLeftTriangle(x, y, tipX, width, halfHeight) {
  if (x < tipX || x > tipX + width) return false;
  return Math.abs(y - 64) <= ((x - tipX) / width) * halfHeight;
}
function pixel(x, y) {
  if (!insideRoundedSquare(x, y, 22)) return [0, 0, 0, 0];
  if (x >= 22 && x <= 31 && y >= 34 && y <= 94) return [...LIGHT, 255];
  if (insideLeftTriangle(x, y, 34, 36, 30) || insideLeftTriangle(x, y, 68, 36, 30)) return [...ACCENT, 255];
  return [...BACKGROUND, 255];
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, y * (SIZE * 4 + 1) + 1 + x * 4);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff;
function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
  return out;
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
