// The on-disk instrumentation cache: instrumented code, source map and probe table keyed by
// sha256(source) + INSTRUMENTER_VERSION + the build's hash + level + TypeScript flag + source type + path
// (and a CommonJS file's lexer epilogue, so a hit never lexes it again), in a
// directory only this user can write (else the cache is off). Every entry carries an HMAC-SHA256
// under a per-user random key kept 0600 in that directory: code we did not write is never run
// (a mismatch is a miss). Entries are written atomically (temp file + rename). Knows nothing of instrumenting.
import { B } from '../recorder/builtins';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTRUMENTER_BUILD, INSTRUMENTER_VERSION } from '../format/version';
import { PackedProbeTable, type StreamedProbeTable } from '../format/probeTable';
import type { BindableCode } from '../instrument';
import { ownedDirectoryProblem } from '../ownedDirectory';
import { capturedCrypto, capturedFs, readFlags } from '../capturedNode';
import { bufferOver, indexOfByte, utf8Length, utf8Text } from '../capturedText';
import { SECRET_FILE, readOrCreateSecret, readSignedEntry, writeAtomically, writeSignedEntry } from './cacheSecret';
import { sweepIfDue } from './cacheEviction';

export { defaultCacheDir } from './cacheSecret';

const { createHash } = capturedCrypto;
const { closeSync, fstatSync, openSync } = capturedFs;
const { isInteger } = Number;

export interface CachedInstrumentation {
  /**
   * The instrumented code with local probe ids: ASCII code as bytes with its fields' offsets (bound
   * to a base without searching it again), other code as text.
   */
  code: string | BindableCode;
  /**
   * The source map as JSON text, or as that text's UTF-8 bytes when read back from the cache: a
   * large map then goes to its file (mapUrl) or into base64 without ever being a string (21 MB at 1,000,000 probes).
   */
  map: string | Uint8Array;
  /**
   * From a cache hit, when the map is large enough to go to Node as a file (MAP_FILE_MIN_LENGTH):
   * that file's URL (mapUrl's form), checked to be there at its size; `map` is then empty. Such a
   * map is kept only in that file: in the entry too, it was read and authenticated on every load
   * for nothing (typescript.js: 26 MB of 65). A map does not run; Node reads the file itself.
   */
  mapFile?: string;
  /** Its probes as the instrumenter packed them (format/probeTable.ts: never one object per probe). */
  table: StreamedProbeTable;
  runtimeName: string;
  /**
   * A CommonJS entry's lexer epilogue (cjsLexerEpilogue.ts): '' when the lexer found no names;
   * undefined when not computed (ES modules). It is code Node compiles, so it is signed like the rest.
   */
  lexerEpilogue?: string;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/*
 * An entry is `<hex HMAC>\n<header JSON>\n<code><field offsets><map><probe columns><field codes><strings>
 * <lexer epilogue>` (one line):
 * the header gives each part's length in bytes, so a large entry is written and read a part at a time, never encoded
 * as one giant JSON text (that cost an 85,000-line file 300 MB at its peak). The HMAC covers
 * everything after its line.
 */

interface EntryHeader {
  runtimeName: string;
  table: Omit<StreamedProbeTable, 'probes'> & { probeCount: number; otherCount: number };
  /**
   * Byte lengths of the parts after the header line: code, its probe-id fields' offsets (int32s in
   * this machine's order; none when the code is not ASCII), map, the probes' columns, their other
   * fields' binary codes, the strings the codes name (PackedProbeTable.serialize) and the lexer epilogue.
   */
  partBytes: number[];
  /** The code is ASCII and the offsets part lists its fields (BindableCode). */
  bindable: boolean;
  /** The map's size when it is kept only in `<key>.map` (its part is then empty), else 0. */
  mapFileBytes: number;
  /** The last part is the lexer epilogue (possibly empty: no names); false when it was not computed. */
  lexerEpilogue: boolean;
}

/**
 * From this size a source map goes to Node as a file in the cache folder, not a data URL: inlined,
 * its base64 text would be held three times for the program's life (in the script's source, V8's
 * copy of the URL it found there, and Node's decoded map) — 56 MB more at 1,000,000 probes, and
 * as much again while it is built. Below it (every file but generated giants), the data URL.
 */
export const MAP_FILE_MIN_LENGTH = 1 << 20; // characters or bytes alike: a map's JSON is (nearly all) ASCII
const ENTRY_PARTS = 7;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class InstrumentCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  /** undefined until first use; null when the cache is off (no folder, or one we must not trust). */
  private secret: Buffer | null | undefined;
  private unreported: string | undefined;
  private sweepReport: string | undefined;

  /**
   * `<dir>/`, normalized once: an entry's path is this and its name. node:path's join pushes onto an
   * array (Node 20.20), calling the program's Array.prototype.push on every require().
   */
  private readonly folder: string;

  /** dir '' disables the cache. */
  constructor(private readonly dir: string) {
    this.folder = dir ? `${join(dir, '.')}${sep}` : '';
  }

  /** The path is part of the key: the entry's source map names its file (a copy elsewhere is another entry). */
  /** `variant`: 'js', or TypeScript with the tsconfig settings that change its JavaScript (loader/tsconfig.ts). */
  key(sourceHash: string, parts: { level: string; variant: string; sourceType: string; path: string }): string {
    return sha256(
      `${sourceHash}\0${INSTRUMENTER_VERSION}\0${INSTRUMENTER_BUILD}\0${parts.level}\0${parts.variant}\0${parts.sourceType}\0${parts.path}`,
    );
  }

  /** What the day's sweep of the folder removed (cacheEviction.ts), once (for a note), or undefined. */
  takeSweepReport(): string | undefined {
    const report = this.sweepReport;
    this.sweepReport = undefined;
    return report;
  }

  /** Why the cache turned itself off, once (for a note), or undefined. */
  takeRefusal(): string | undefined {
    const reason = this.unreported;
    this.unreported = undefined;
    return reason;
  }

  get(key: string): CachedInstrumentation | undefined {
    const secret = this.open();
    if (!secret) return undefined;
    try {
      const body = readSignedEntry(`${this.folder}${key}.json`, secret, key, false);
      if (!body) throw new Error('unsigned entry');
      const { entry, mapFileBytes } = readEntry(body);
      if (mapFileBytes > 0) {
        // Its map is only in its file: without that file (swept, removed), instrument again.
        const url = this.existingMapUrl(key, mapFileBytes);
        if (!url) throw new Error('map file missing');
        entry.mapFile = url;
      }
      this.stats.hits++;
      return entry;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  set(key: string, entry: CachedInstrumentation): void {
    const secret = this.open();
    if (!secret) return;
    try {
      // A large map goes to its file first: the entry then names its size only (mapUrl writes it).
      const mapInFile = entry.map.length >= MAP_FILE_MIN_LENGTH && this.mapUrl(key, entry.map) !== undefined;
      writeSignedEntry(`${this.folder}${key}.json`, secret, key, entryParts(entry, mapInFile));
    } catch {
      // A cache that cannot be written only costs time.
    }
  }

  /**
   * A URL for this entry's source map, as an absolute path without a scheme (Node reads a map from a
   * file only for a URL it resolves against the module's own `file:` URL; a `file:` one it ignores), kept as
   * `<key>.map` beside the entry (written unless a
   * file of its size is there), or undefined when the cache is off or the file cannot be written.
   * Only this user can write the folder (open() checks it), as for the entries. A map does not run.
   */
  mapUrl(key: string, map: string | Uint8Array): string | undefined {
    if (!this.open()) return undefined;
    const existing = this.existingMapUrl(key, typeof map === 'string' ? utf8Length(map) : map.length);
    if (existing) return existing;
    try {
      const path = `${this.folder}${key}.map`;
      writeAtomically(path, map);
      return pathToFileURL(path).pathname;
    } catch {
      return undefined;
    }
  }

  /** mapUrl's URL when `<key>.map` is a file of `bytes` bytes we can read, else undefined. */
  private existingMapUrl(key: string, bytes: number): string | undefined {
    const path = `${this.folder}${key}.map`;
    try {
      const fd = openSync(path, readFlags(true));
      try {
        const stat = fstatSync(fd);
        if (stat.isFile() && stat.size === bytes) return pathToFileURL(path).pathname;
      } finally {
        closeSync(fd);
      }
    } catch {
      // Not there (or not a file we can read).
    }
    return undefined;
  }

  private open(): Buffer | undefined {
    if (this.secret !== undefined) return this.secret ?? undefined;
    this.secret = null;
    if (!this.dir) return undefined;
    try {
      const problem = ownedDirectoryProblem(this.dir);
      if (problem) throw new Error(problem);
      this.secret = readOrCreateSecret(join(this.dir, SECRET_FILE));
    } catch (error) {
      this.unreported = `instrumentation cache off: ${(error as Error).message}`;
    }
    if (this.secret) this.sweep();
    return this.secret ?? undefined;
  }

  /** Once a day per folder (cacheEviction.ts); a sweep that fails only leaves the folder as it was. */
  private sweep(): void {
    try {
      const swept = sweepIfDue(this.dir, B.dateNow());
      if (swept && swept.removedFiles > 0)
        this.sweepReport =
          `instrumentation cache: removed ${swept.removedFiles} unused files (${mebibytes(swept.removedBytes)} MiB), ` +
          `kept ${swept.keptFiles} (${mebibytes(swept.keptBytes)} MiB)`;
    } catch {
      // A folder we cannot list or stamp is swept another day.
    }
  }
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** What follows the HMAC line: the header line, then each part. */
function entryParts(entry: CachedInstrumentation, mapInFile: boolean): Array<string | Uint8Array> {
  const { probes, ...table } = entry.table;
  const { columns, otherCount, fieldCodes, strings } = probes.serialize();
  const { code } = entry;
  const bindable = typeof code !== 'string';
  const offsets = bindable ? code.fieldOffsets : new Int32Array(0);
  const parts: Array<string | Uint8Array> = [
    bindable ? code.bytes : code,
    new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength),
    mapInFile ? '' : entry.map,
    columns,
    fieldCodes,
    strings,
    entry.lexerEpilogue ?? '',
  ];
  // By index, not map() or a spread: those call the program's Array.prototype on its require().
  const partBytes: number[] = [0, 0, 0, 0, 0, 0, 0];
  for (let index = 0; index < ENTRY_PARTS; index++) partBytes[index] = byteCount(parts[index]);
  const header: EntryHeader = {
    runtimeName: entry.runtimeName,
    table: { ...table, probeCount: probes.count, otherCount },
    partBytes,
    bindable,
    mapFileBytes: mapInFile ? byteCount(entry.map) : 0,
    lexerEpilogue: entry.lexerEpilogue !== undefined,
  };
  return [`${B.JSONStringify(header)}\n`, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]];
}

/** A part's size in bytes: a string's UTF-8, or a typed array's own (it may be another realm's). */
function byteCount(part: string | Uint8Array): number {
  return typeof part === 'string' ? utf8Length(part) : part.byteLength;
}

function readEntry(body: Buffer): { entry: CachedInstrumentation; mapFileBytes: number } {
  // Captured leaves only (capturedText.ts): this runs in the program's require() on every cache hit.
  const newline = indexOfByte(body, 10);
  if (newline < 0) throw new Error('bad entry'); // an entry of the one-JSON layout before this one
  const header = B.JSONParse(utf8Text(body, 0, newline)) as EntryHeader;
  const { partBytes, table } = header;
  if (
    typeof header.runtimeName !== 'string' ||
    !B.isArray(partBytes) ||
    partBytes.length !== ENTRY_PARTS ||
    typeof header.bindable !== 'boolean' ||
    typeof header.lexerEpilogue !== 'boolean' ||
    !isInteger(header.mapFileBytes) ||
    header.mapFileBytes < 0
  )
    throw new Error('bad entry');
  const parts: Buffer[] = [];
  let at = newline + 1;
  for (let index = 0; index < ENTRY_PARTS; index++) {
    const length = partBytes[index];
    if (!isInteger(length) || length < 0 || at + length > body.length) throw new Error('bad entry');
    parts[index] = bufferOver(body, at, at + length);
    at += length;
  }
  const { probeCount, otherCount, ...rest } = table;
  if (at !== body.length || !isInteger(probeCount)) throw new Error('bad entry');
  const code = parts[0];
  const offsets = parts[1];
  const map = parts[2];
  const columns = parts[3];
  const fieldCodes = parts[4];
  const strings = parts[5];
  const lexerEpilogue = parts[6];
  if (!header.lexerEpilogue && lexerEpilogue.length > 0) throw new Error('bad entry');
  if (offsets.length % 4 !== 0) throw new Error('bad entry');
  // A copy: the part may sit at an offset an Int32Array cannot start at.
  const fieldOffsets = new Int32Array(offsets.length / 4);
  new Uint8Array(fieldOffsets.buffer).set(offsets);
  const entry: CachedInstrumentation = {
    code: header.bindable ? { bytes: code, fieldOffsets } : utf8Text(code),
    map, // bytes: see CachedInstrumentation
    table: {
      ...rest,
      probes: PackedProbeTable.deserialize(probeCount, columns, otherCount, fieldCodes, utf8Text(strings), B.JSONParse),
    },
    runtimeName: header.runtimeName,
    ...(header.lexerEpilogue ? { lexerEpilogue: utf8Text(lexerEpilogue) } : {}),
  };
  return { entry, mapFileBytes: header.mapFileBytes };
}
