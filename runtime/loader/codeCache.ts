// Runs one of Rewind's own CommonJS bundles (the bootloader's body) as Node runs a file, but with a
// V8 code cache: compiling 1 MB of JavaScript cost every recorded process's main thread tens of ms.
// The cache is V8's cachedData kept in Rewind's cache directory (this user's alone, 0700:
// ownedDirectory.ts), keyed by the bundle's sha256, its path, Node's version, the architecture and
// the process's Node options, and signed with the per-user key (cacheSecret.ts). V8 checks little
// more than the source's length before running cached code: data not signed by us for this very
// source is never handed to it.
// Not module.enableCompileCache, which the program could observe (and share). The bundle runs
// outside require.cache: the program's module registry shows only the file NODE_OPTIONS named.
// Knows nothing of what the bundle does.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ownedDirectoryProblem } from '../ownedDirectory';
import { capturedCrypto, readWholeFile } from '../capturedNode';
import { SECRET_FILE, readOrCreateSecret, readSignedEntry, writeSignedEntry } from './cacheSecret';

const { createHash } = capturedCrypto;

/** Node's CommonJS module wrapper (its parameters are what a bundle's code refers to). */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_TAIL = '\n})';
const ENTRY_SUFFIX = '.v8code';

/** used: the cache compiled it; written: compiled from source, cache (re)written; off/unwritable: no cache. */
export type CodeCacheOutcome = 'used' | 'written' | 'unwritable' | 'off';

/**
 * Runs `file` (a CommonJS bundle) in this realm; cacheDir '' runs it without a code cache.
 * `handoff`: what the caller gives the bundle, which reads it as `module.handoff`.
 */
export function runCachedBundle(file: string, cacheDir: string, handoff?: object): CodeCacheOutcome {
  const bytes = readWholeFile(file);
  const source = bytes.toString('utf8');
  const secret = cacheDir ? secretOf(cacheDir) : undefined;
  // V8 rejects data made under other V8 flags (--stack-size, --max-old-space-size…): processes
  // started with different options keep an entry each instead of rewriting one another's.
  const options = `${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`;
  // The file's bytes, not the decoded text: hashing a string encodes it to UTF-8 again first.
  const key =
    secret && createHash('sha256').update(`${process.version}\0${process.arch}\0${file}\0${options}\0`).update(bytes);
  const entryKey = key ? key.digest('hex') : '';
  const entryPath = join(cacheDir, `${entryKey}${ENTRY_SUFFIX}`);
  const cachedData = secret && readSignedEntry(entryPath, secret, entryKey, true);
  const script = new Script(`${WRAPPER_HEAD}${source}${WRAPPER_TAIL}`, { filename: file, cachedData });
  const module = { exports: {}, handoff };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (!secret) return 'off';
  if (cachedData && !script.cachedDataRejected) return 'used';
  // After the run: the data then holds the functions the boot compiled lazily as well.
  try {
    writeSignedEntry(entryPath, secret, entryKey, [script.createCachedData()]);
    return 'written';
  } catch {
    return 'unwritable';
  }
}

function secretOf(cacheDir: string): Buffer | undefined {
  try {
    if (ownedDirectoryProblem(cacheDir)) return undefined;
    return readOrCreateSecret(join(cacheDir, SECRET_FILE));
  } catch {
    return undefined; // no cache: the bundle compiles from source
  }
}
