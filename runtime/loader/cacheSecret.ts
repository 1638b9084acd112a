// The per-user key that signs what Rewind keeps in its cache directory (instrumented code,
// loader/cache.ts; V8 code caches of its own bundles, codeCache.ts): 32 random bytes, 0600, in a
// directory only this user can write. An entry whose HMAC under this key does not match was not
// written by us and is never used. Also where that directory is by default. Knows nothing of entries.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentUid } from '../ownedDirectory';
import { capturedCrypto, capturedFs, readFlags, writeNewFile } from '../capturedNode';

const { createHmac, randomBytes, timingSafeEqual } = capturedCrypto;
const { closeSync, fstatSync, linkSync, openSync, readSync, unlinkSync } = capturedFs;

export const SECRET_FILE = 'hmac.key';
const SECRET_BYTES = 32;
/** Hex characters of an HMAC-SHA256, the first line of every signed entry. */
export const MAC_HEX_CHARS = 64;

export function defaultCacheDir(): string {
  return join(tmpdir(), `rewind-cache-${currentUid() ?? 0}`);
}

export function mac(secret: Buffer, key: string, body: ReadonlyArray<string | Uint8Array>): string {
  const hmac = createHmac('sha256', secret).update(key).update('\0');
  for (const part of body) hmac.update(part);
  return hmac.digest('hex');
}

export function sameMac(found: string, expected: string): boolean {
  const a = Buffer.from(found, 'latin1');
  const b = Buffer.from(expected, 'latin1');
  return a.length === b.length && timingSafeEqual(a, b);
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
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
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
