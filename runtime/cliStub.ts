// `rewind` itself (dist/cli.js): a stub that runs the CLI's bundle (dist/cliMain.js, built from
// debug-adapter/cli/main.ts, 1.5 MB) through the V8 code cache the bootloader's body uses
// (loader/codeCache.ts: signed, keyed by the bundle's bytes, Node and its options), in the same
// cache directory. Compiling the bundle from source cost every `rewind` command ~45 ms of its
// start (docs/PERFORMANCE.md, "Session 34"). Here, not in debug-adapter/, because the cache is the
// runtime's; knows nothing of the CLI's commands. REWIND_CACHE_DIR='' turns the cache off.
import { join } from 'node:path';
import { ENV } from './format/environment';
import { defaultCacheDir } from './loader/cacheSecret';
import { runCachedBundle } from './loader/codeCache';

runCachedBundle(join(__dirname, 'cliMain.js'), process.env[ENV.CACHE_DIR] ?? defaultCacheDir());
