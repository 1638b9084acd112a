// The node:fs and node:crypto functions Rewind's in-process code calls while the program runs,
// captured when this module is evaluated (the bootloader loads it before any user code). A program
// that spies on or replaces fs/crypto members (jest.spyOn, sinon, mock-fs) then neither sees
// Rewind's calls nor changes what Rewind reads and writes (INS-25). Only leaf calls are used:
// fs.readFileSync/writeFileSync call the patchable fs.openSync/closeSync themselves.
import * as fs from 'node:fs';
import * as crypto from 'node:crypto';
import { utf8Bytes } from './capturedText';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
// Leaves too (a program's require() reads cache entries through them): no prototype consulted.
const { allocUnsafe, concat, from } = Buffer;
const { max } = Math;

export const capturedFs = Object.freeze({
  openSync: fs.openSync,
  closeSync: fs.closeSync,
  readSync: fs.readSync,
  writeSync: fs.writeSync,
  writevSync: fs.writevSync,
  statfsSync: fs.statfsSync,
  fstatSync: fs.fstatSync,
  lstatSync: fs.lstatSync,
  mkdirSync: fs.mkdirSync,
  chmodSync: fs.chmodSync,
  renameSync: fs.renameSync,
  linkSync: fs.linkSync,
  unlinkSync: fs.unlinkSync,
  readdirSync: fs.readdirSync,
  utimesSync: fs.utimesSync,
});

export const capturedCrypto = Object.freeze({
  createHash: crypto.createHash,
  createHmac: crypto.createHmac,
  randomBytes: crypto.randomBytes,
  timingSafeEqual: crypto.timingSafeEqual,
});

/** Flags for opening a file to read; with `noFollow`, a symbolic link is refused (ELOOP). */
export function readFlags(noFollow = false): number {
  return O_RDONLY | (noFollow ? (O_NOFOLLOW ?? 0) : 0);
}

/** A whole file's bytes, read through an open descriptor (no patchable fs member on the way). */
export function readWholeFile(path: string, flags = readFlags()): Buffer {
  const fd = capturedFs.openSync(path, flags);
  try {
    return readOpenFile(fd);
  } finally {
    capturedFs.closeSync(fd);
  }
}

/** The rest of an open file's bytes, whatever its reported size (it may change while read). */
function readOpenFile(fd: number): Buffer {
  // Indexed, not pushed, and cut by allocUnsafe's own length: no method the program can reach.
  const chunks: Buffer[] = [];
  let count = 0;
  let total = 0;
  let chunk = allocUnsafe(max(capturedFs.fstatSync(fd).size, 0) + 1);
  for (;;) {
    const read = capturedFs.readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks[count++] = read === chunk.length ? chunk : firstBytes(chunk, read);
    total += read;
    if (read === chunk.length) chunk = allocUnsafe(chunk.length * 2);
  }
  // One read (the usual case): that buffer itself, not a copy (a cache entry can be tens of MB).
  return count === 1 ? chunks[0] : concat(chunks, total);
}

/** The first `length` bytes of `chunk`, sharing its memory (Buffer#subarray without the method). */
function firstBytes(chunk: Buffer, length: number): Buffer {
  return from(chunk.buffer, chunk.byteOffset, length);
}

/**
 * Creates `path` (failing if it exists) with `mode`, and writes `data` whole; given parts, one
 * after the other (only one part is ever encoded at a time: no copy of the whole in memory).
 */
export function writeNewFile(
  path: string,
  data: string | Uint8Array | ArrayLike<string | Uint8Array>,
  mode: number,
): void {
  const parts = typeof data === 'string' || data instanceof Uint8Array ? [data] : data;
  const fd = capturedFs.openSync(path, O_WRONLY | O_CREAT | O_EXCL, mode);
  try {
    // Indexed: an array's iterator is the program's Array.prototype[Symbol.iterator].
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      const bytes = typeof part === 'string' ? utf8Bytes(part) : part;
      let written = 0;
      while (written < bytes.length) written += capturedFs.writeSync(fd, bytes, written, bytes.length - written);
    }
  } finally {
    capturedFs.closeSync(fd);
  }
}
