// The per-user key that signs what Rewind keeps in its cache directory (instrumented code,
// loader/cache.ts; V8 code caches of its own bundles, codeCache.ts): 32 random bytes, 0600, in a
// directory only this user can write. An entry whose HMAC under this key does not match was not
// written by us and is never used. Also where that directory is by default. Knows nothing of entries.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentUid } from '../ownedDirectory';
import { capturedCrypto, capturedFs, readFlags, readWholeFile, writeNewFile } from '../capturedNode';
import { bufferOver, hexText, latin1Text, utf8Bytes } from '../capturedText';

const { createHmac, randomBytes, timingSafeEqual } = capturedCrypto;
const { create } = Object;
const { closeSync, fstatSync, linkSync, openSync, readSync, renameSync, unlinkSync } = capturedFs;

export const SECRET_FILE = 'hmac.key';
const SECRET_BYTES = 32;
/** Hex characters of an HMAC-SHA256, the first line of every signed entry. */
const MAC_HEX_CHARS = 64;

export function defaultCacheDir(): string {
  return join(tmpdir(), `rewind-cache-${currentUid() ?? 0}`);
}

function mac(secret: Buffer, key: string, body: ReadonlyArray<string | Uint8Array>): string {
  const hmac = createHmac('sha256', secret).update(key).update('\0');
  for (let index = 0; index < body.length; index++) hmac.update(body[index]); // no array iterator
  return hmac.digest('hex');
}

function sameMac(found: string, expected: string): boolean {
  // Hex digits: their UTF-8 bytes are their Latin-1 ones (no Buffer.from(string), which calls Buffer.prototype).
  const a = utf8Bytes(found);
  const b = utf8Bytes(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A signed entry's body (what follows its HMAC line); undefined if missing, unreadable or not ours for `key`. */
export function readSignedEntry(path: string, secret: Buffer, key: string, noFollow: boolean): Buffer | undefined {
  try {
    const bytes = readWholeFile(path, readFlags(noFollow));
    if (bytes.length <= MAC_HEX_CHARS || bytes[MAC_HEX_CHARS] !== 10) return undefined;
    const body = bufferOver(bytes, MAC_HEX_CHARS + 1, bytes.length);
    return sameMac(latin1Text(bytes, 0, MAC_HEX_CHARS), mac(secret, key, [body])) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** `<hex HMAC>\n<parts>`, written atomically (0600); throws when the directory cannot be written. */
export function writeSignedEntry(
  path: string,
  secret: Buffer,
  key: string,
  parts: ReadonlyArray<string | Uint8Array>,
): void {
  // Filled by index into an object without prototype, not spread: a spread calls the program's
  // Array.prototype[Symbol.iterator], and an index written into an array could reach its setters.
  const all = create(null) as { length: number; [index: number]: string | Uint8Array };
  all[0] = `${mac(secret, key, parts)}\n`;
  for (let index = 0; index < parts.length; index++) all[index + 1] = parts[index];
  all.length = parts.length + 1;
  writeAtomically(path, all);
}

/** A temp file's name is `<target>.<pid>.<12 hex digits>.tmp` (cacheEviction.ts removes leftovers by it). */
export const TEMPORARY_NAME = /\.\d+\.[0-9a-f]{12}\.tmp$/;

function temporaryPath(path: string): string {
  return `${path}.${process.pid}.${hexText(randomBytes(6))}.tmp`;
}

/** A private temp name, then a rename: a reader sees the old file or the whole new one, never part of it. */
export function writeAtomically(path: string, data: string | Uint8Array | ArrayLike<string | Uint8Array>): void {
  const temporary = temporaryPath(path);
  writeNewFile(temporary, data, 0o600);
  renameSync(temporary, path);
}

/**
 * The key is born complete: written to a private temp name, then hard-linked into place (which
 * fails if another process got there first), so a concurrent reader never sees a partial key.
 */
export function readOrCreateSecret(path: string): Buffer {
  try {
    return readSecret(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temporary = temporaryPath(path);
  writeNewFile(temporary, randomBytes(SECRET_BYTES), 0o600);
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readSecret(path);
}

function readSecret(path: string): Buffer {
  const fd = openSync(path, readFlags(true));
  try {
    const stat = fstatSync(fd);
    const uid = currentUid();
    if (
      !stat.isFile() ||
      (uid !== undefined && stat.uid !== uid) ||
      (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) ||
      stat.size !== SECRET_BYTES
    ) {
      throw new Error(`${path} is not a private ${SECRET_BYTES}-byte key file of yours`);
    }
    const secret = Buffer.alloc(SECRET_BYTES);
    if (readSync(fd, secret, 0, SECRET_BYTES, 0) !== SECRET_BYTES) throw new Error(`${path} is short`);
    return secret;
  } finally {
    closeSync(fd);
  }
}
