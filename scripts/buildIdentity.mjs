// The instrumenter build's identity: a hash of every source file under runtime/ (the instrumenter,
// the loader and the recorder whose calls instrumented code makes). scripts/build.mjs bakes it into
// the bundles, and the instrumentation cache keys on it beside INSTRUMENTER_VERSION, so two builds
// that produce different instrumented code never serve each other's cache entries — even when a
// change forgot the version bump, or two branches bumped to the same number.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/** sha256 over runtime/**.ts (relative path and bytes of each), first 16 hex digits. */
export function instrumenterBuildId(rootDir) {
  const hash = createHash('sha256');
  const runtimeDir = join(rootDir, 'runtime');
  for (const file of sourceFiles(runtimeDir)) {
    hash.update(relative(rootDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
