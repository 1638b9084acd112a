// The on-disk instrumentation cache: instrumented code, source map and probe table keyed by
// sha256(source) + INSTRUMENTER_VERSION + level + TypeScript flag + source type + path, in a 0700
// folder. A second run of unchanged files never re-instruments. Entries are written atomically
// (temp file + rename); an unreadable entry is a miss. Knows nothing of instrumenting.
import { B } from '../recorder/builtins';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTRUMENTER_VERSION } from '../format/version';
import type { FileProbeTable } from '../format/probes';

export interface CachedInstrumentation {
  code: string;
  /** The source map as JSON text. */
  map: string;
  probes: FileProbeTable;
  runtimeName: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `rewind-cache-${uid}`);
}

export class InstrumentCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  private ready = false;

  /** dir '' disables the cache. */
  constructor(private readonly dir: string) {}

  /** The path is part of the key: the entry's source map names its file (a copy elsewhere is another entry). */
  key(sourceHash: string, parts: { level: string; typescript: boolean; sourceType: string; path: string }): string {
    return sha256(`${sourceHash}\0${INSTRUMENTER_VERSION}\0${parts.level}\0${parts.typescript ? 'ts' : 'js'}\0${parts.sourceType}\0${parts.path}`);
  }

  get(key: string): CachedInstrumentation | undefined {
    if (!this.dir) return undefined;
    try {
      const entry = B.JSONParse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as CachedInstrumentation;
      if (typeof entry.code !== 'string' || typeof entry.map !== 'string' || !entry.probes) throw new Error('bad entry');
      this.stats.hits++;
      return entry;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  set(key: string, entry: CachedInstrumentation): void {
    if (!this.dir) return;
    try {
      if (!this.ready) {
        mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        this.ready = true;
      }
      const temporary = join(this.dir, `${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
      writeFileSync(temporary, B.JSONStringify(entry), { mode: 0o600 });
      renameSync(temporary, join(this.dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}
