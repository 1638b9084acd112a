// Test support: runs one bundle through runtime/loader/codeCache.ts in a fresh process (V8's
// in-memory compilation cache would otherwise answer for a source this isolate compiled before)
// and prints the outcome and what the bundle says ran, as JSON. Knows nothing of the bundle.
import { runCachedBundle } from '../../../runtime/loader/codeCache';

const [bundle, cacheDir] = process.argv.slice(2);
const outcome = runCachedBundle(bundle, cacheDir);
const ran = (globalThis as unknown as Record<symbol, unknown>)[Symbol.for('rewind.test.codeCache.ran')];
process.stdout.write(JSON.stringify({ outcome, ran }));
