// Keeps Rewind's cache directory bounded: instrumented files (cache.ts), their source maps and the
// V8 code caches of Rewind's bundles (codeCache.ts) were written and never removed, so a recorder
// left on grew the folder for ever. At most once a day (a stamp file's age says when the last sweep
// was), the first recorded process to use the cache removes what is left over from crashed writes,
// entries unused for a month, then the least recently used entries until the folder is under its
// cap. Only names Rewind writes are touched (64 hex digits and a known suffix, or a temp name), never
// through a symbolic link; the signing key stays. Knows nothing of what an entry holds.
import { join } from 'node:path';
import { capturedFs } from '../capturedNode';
import { B } from '../recorder/builtins';
import { TEMPORARY_NAME, writeAtomically } from './cacheSecret';

const { lstatSync, readdirSync, unlinkSync, utimesSync } = capturedFs;
/** Captured with the bundle, before user code could replace Array.prototype.sort (INS-25). */
const sortInPlace = Function.prototype.call.bind(Array.prototype.sort) as <T>(
  list: T[],
  compare: (a: T, b: T) => number,
) => T[];

export const SWEEP_STAMP_FILE = 'last-sweep.stamp';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SweepPolicy {
  /** The folder's entries together, at most (the signing key and stamp are not counted). */
  maxBytes: number;
  /** An entry not read or written for this long is removed whatever the folder's size. */
  maxIdleMs: number;
  /** A temp file (a write that never got renamed into place) older than this is removed. */
  staleTempMs: number;
  /** Sweeps at most this often: the stamp file's age. */
  intervalMs: number;
}

export const DEFAULT_SWEEP_POLICY: SweepPolicy = {
  maxBytes: 512 * 1024 * 1024,
  maxIdleMs: 30 * DAY_MS,
  staleTempMs: 60 * 60 * 1000,
  intervalMs: DAY_MS,
};

export interface SweepResult {
  removedFiles: number;
  removedBytes: number;
  keptFiles: number;
  keptBytes: number;
}

/** `<sha256 hex>.json` (cache.ts), `.map` (its source map), `.v8code` (codeCache.ts). */
const ENTRY_NAME = /^[0-9a-f]{64}\.(?:json|map|v8code)$/;

interface Candidate {
  path: string;
  bytes: number;
  /** When it was last written or (as far as the file system keeps access times) read. */
  lastUseMs: number;
}

/**
 * Sweeps `dir` if its last sweep is older than the policy's interval (or never happened); returns
 * what it removed, or undefined when it was not due. The stamp is renewed before the sweep, so the
 * processes a test runner starts at once do not all sweep. Throws only if the stamp cannot be written.
 */
export function sweepIfDue(
  dir: string,
  nowMs: number,
  policy: SweepPolicy = DEFAULT_SWEEP_POLICY,
): SweepResult | undefined {
  const stamp = join(dir, SWEEP_STAMP_FILE);
  try {
    const stat = lstatSync(stamp);
    if (stat.isFile() && nowMs - stat.mtimeMs < policy.intervalMs && stat.mtimeMs <= nowMs) return undefined;
  } catch {
    // No stamp yet: never swept.
  }
  writeAtomically(stamp, `${nowMs}\n`);
  // The stamp's age is read against the caller's clock: it must carry that clock's time, not the
  // file system's (a caller with another `nowMs` — a test's fixed date — saw it as from the future).
  try {
    utimesSync(stamp, nowMs / 1000, nowMs / 1000);
  } catch {
    // Removed or replaced since: the next process sweeps again, which is harmless.
  }
  return sweepCache(dir, nowMs, policy);
}

/** Removes stale temp files, idle entries, then the least recently used until under maxBytes. */
export function sweepCache(dir: string, nowMs: number, policy: SweepPolicy): SweepResult {
  const result: SweepResult = { removedFiles: 0, removedBytes: 0, keptFiles: 0, keptBytes: 0 };
  const kept = B.list<Candidate>();
  const remove = (candidate: Candidate): void => {
    try {
      unlinkSync(candidate.path);
      result.removedFiles++;
      result.removedBytes += candidate.bytes;
    } catch {
      // Gone already (another process swept or replaced it): nothing to count.
    }
  };
  const names = readdirSync(dir);
  for (let index = 0; index < names.length; index++) {
    const name = names[index];
    const entry = B.regexpExec(ENTRY_NAME, name) !== null;
    if (!entry && B.regexpExec(TEMPORARY_NAME, name) === null) continue;
    const candidate = candidateAt(join(dir, name));
    if (candidate === undefined) continue;
    const idleMs = nowMs - candidate.lastUseMs;
    if (entry ? idleMs > policy.maxIdleMs : idleMs > policy.staleTempMs) remove(candidate);
    else if (entry) B.listPush(kept, candidate);
  }
  sortInPlace(kept, (a, b) => a.lastUseMs - b.lastUseMs);
  let keptBytes = 0;
  for (let index = 0; index < kept.length; index++) keptBytes += kept[index].bytes;
  let oldest = 0;
  for (; oldest < kept.length && keptBytes > policy.maxBytes; oldest++) {
    keptBytes -= kept[oldest].bytes;
    remove(kept[oldest]);
  }
  result.keptFiles = kept.length - oldest;
  result.keptBytes = keptBytes;
  return result;
}

/** A regular file's size and last use; undefined for anything else (a link, a folder) or one that is gone. */
function candidateAt(path: string): Candidate | undefined {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) return undefined;
    // Access times are coarse (relatime: at most once a day) or absent (noatime): the later of the two.
    return { path, bytes: stat.size, lastUseMs: stat.atimeMs > stat.mtimeMs ? stat.atimeMs : stat.mtimeMs };
  } catch {
    return undefined;
  }
}
