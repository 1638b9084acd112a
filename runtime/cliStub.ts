// `rewind` itself (dist/cli.js): a stub that runs the CLI's body through the V8 code cache the
// bootloader's body uses (loader/codeCache.ts: signed, keyed by the bundle's bytes, Node and its
// options), in the same cache directory. Compiling a body from source cost every `rewind` command
// ~45 ms of its start (docs/PERFORMANCE.md, "Session 34"). Here, not in debug-adapter/, because the
// cache is the runtime's. REWIND_CACHE_DIR='' turns the cache off.
import { join } from 'node:path';
import { ENV } from './format/environment';
import { defaultCacheDir } from './loader/cacheSecret';
import { runCachedBundle } from './loader/codeCache';

/**
 * The one command the stub knows: `record` runs the recording side alone (dist/cliRecord.js, from
 * debug-adapter/cli/recordMain.ts, ~180 KB), since every recorded run waits for it before the
 * program starts; every other command runs the whole CLI (dist/cliMain.js, 1.5 MB).
 */
const body = process.argv[2] === 'record' ? 'cliRecord.js' : 'cliMain.js';

runCachedBundle(join(__dirname, body), process.env[ENV.CACHE_DIR] ?? defaultCacheDir());
