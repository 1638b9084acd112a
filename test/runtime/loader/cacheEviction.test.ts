// The cache folder stays bounded (cacheEviction.ts): leftover temp files, entries idle for a month,
// then the least recently used entries past the cap are removed, at most once a day; nothing else in
// the folder is touched (the signing key, files Rewind does not name so, links), and a recorded
// program that finds a sweep due removes what is stale and says so in a note.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SWEEP_POLICY,
  SWEEP_STAMP_FILE,
  sweepCache,
  sweepIfDue,
  type SweepPolicy,
} from '../../../runtime/loader/cacheEviction';
import { buildRuntime, type RuntimeBuild } from '../../support/recorder/build';
import { runPlainAndRecorded, writeProgram } from '../../support/recorder/run';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW_MS = Date.UTC(2026, 11, 5, 12);
const POLICY: SweepPolicy = { maxBytes: 3000, maxIdleMs: 30 * DAY_MS, staleTempMs: 60 * 60 * 1000, intervalMs: DAY_MS };

function freshDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'rewind-sweep-')), 'cache');
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

const hexName = (digit: string, suffix: string) => `${digit.repeat(64)}.${suffix}`;

/** A file of `bytes` bytes last used `ageMs` before NOW_MS (both its access and modification times). */
function put(dir: string, name: string, bytes: number, ageMs: number): void {
  writeFileSync(join(dir, name), Buffer.alloc(bytes, 1));
  const at = (NOW_MS - ageMs) / 1000;
  utimesSync(join(dir, name), at, at);
}

describe('sweepCache', () => {
  it('removes stale temp files, idle entries, then the least recently used until under the cap', () => {
    const dir = freshDir();
    put(dir, 'hmac.key', 32, 90 * DAY_MS); // the signing key: never removed, whatever its age
    put(dir, hexName('a', 'json'), 1000, 40 * DAY_MS); // idle past a month
    put(dir, hexName('b', 'json'), 1000, 3 * DAY_MS); // the least recently used of the rest
    put(dir, hexName('b', 'map'), 500, 2 * DAY_MS);
    put(dir, hexName('c', 'v8code'), 1000, 1 * DAY_MS);
    put(dir, hexName('d', 'json'), 1000, 60 * 1000);
    put(dir, `${hexName('e', 'json')}.4242.0123456789ab.tmp`, 700, 2 * 60 * 60 * 1000); // a crashed write
    put(dir, `${hexName('f', 'json')}.4242.0123456789ab.tmp`, 700, 60 * 1000); // a write under way
    put(dir, 'notes.txt', 5000, 90 * DAY_MS); // not a name Rewind writes
    put(dir, `${'g'.repeat(64)}.json`, 100, 90 * DAY_MS); // not hex
    const result = sweepCache(dir, NOW_MS, POLICY);
    expect(readdirSync(dir).sort()).toEqual(
      [
        'hmac.key',
        hexName('b', 'map'),
        hexName('c', 'v8code'),
        hexName('d', 'json'),
        `${hexName('f', 'json')}.4242.0123456789ab.tmp`,
        'notes.txt',
        `${'g'.repeat(64)}.json`,
      ].sort(),
    );
    // a (idle) and the e temp, then b.json (the oldest): 2,500 bytes of entries remain, under 3,000.
    expect(result).toEqual({ removedFiles: 3, removedBytes: 1000 + 700 + 1000, keptFiles: 3, keptBytes: 2500 });
  });

  it('never follows or removes a symbolic link, even one named like an entry', () => {
    const dir = freshDir();
    const outside = join(mkdtempSync(join(tmpdir(), 'rewind-sweep-outside-')), 'precious.json');
    writeFileSync(outside, 'keep me');
    utimesSync(outside, (NOW_MS - 90 * DAY_MS) / 1000, (NOW_MS - 90 * DAY_MS) / 1000);
    symlinkSync(outside, join(dir, hexName('a', 'json')));
    const result = sweepCache(dir, NOW_MS, { ...POLICY, maxBytes: 0 });
    expect(result.removedFiles).toBe(0);
    expect(lstatSync(join(dir, hexName('a', 'json'))).isSymbolicLink()).toBe(true);
    expect(existsSync(outside)).toBe(true);
  });

  it('counts the access time as use: an entry read yesterday but written long ago is kept', () => {
    const dir = freshDir();
    put(dir, hexName('a', 'json'), 100, 40 * DAY_MS);
    const path = join(dir, hexName('a', 'json'));
    utimesSync(path, (NOW_MS - DAY_MS) / 1000, (NOW_MS - 40 * DAY_MS) / 1000);
    expect(sweepCache(dir, NOW_MS, POLICY).removedFiles).toBe(0);
    expect(existsSync(path)).toBe(true);
  });
});

describe('sweepIfDue', () => {
  it('sweeps once per interval, stamping the folder before it sweeps', () => {
    const dir = freshDir();
    put(dir, hexName('a', 'json'), 100, 40 * DAY_MS);
    expect(sweepIfDue(dir, NOW_MS, POLICY)).toMatchObject({ removedFiles: 1 });
    expect(existsSync(join(dir, SWEEP_STAMP_FILE))).toBe(true);
    put(dir, hexName('b', 'json'), 100, 40 * DAY_MS);
    expect(sweepIfDue(dir, NOW_MS + 60 * 60 * 1000, POLICY)).toBeUndefined(); // an hour later: not due
    expect(existsSync(join(dir, hexName('b', 'json')))).toBe(true);
    utimesSync(join(dir, SWEEP_STAMP_FILE), (NOW_MS - 2 * DAY_MS) / 1000, (NOW_MS - 2 * DAY_MS) / 1000);
    expect(sweepIfDue(dir, NOW_MS, POLICY)).toMatchObject({ removedFiles: 1 });
  });

  it("the stamp carries the caller's clock, not the file system's (a fixed date far from today's)", () => {
    for (const nowMs of [Date.now() - 10 * DAY_MS, Date.now() + 10 * DAY_MS]) {
      const dir = freshDir();
      put(dir, hexName('a', 'json'), 100, 40 * DAY_MS);
      expect(sweepIfDue(dir, nowMs, POLICY)).toMatchObject({ removedFiles: 1 });
      expect(sweepIfDue(dir, nowMs + 60 * 60 * 1000, POLICY)).toBeUndefined(); // an hour later by that clock
    }
  });

  it('a stamp from the future (a clock set back) does not stop sweeps for good', () => {
    const dir = freshDir();
    put(dir, SWEEP_STAMP_FILE, 10, -30 * DAY_MS);
    put(dir, hexName('a', 'json'), 100, 40 * DAY_MS);
    expect(sweepIfDue(dir, NOW_MS, POLICY)).toMatchObject({ removedFiles: 1 });
  });

  it('the default policy keeps half a gibibyte for a month, sweeping daily', () => {
    expect(DEFAULT_SWEEP_POLICY).toEqual({
      maxBytes: 512 * 1024 * 1024,
      maxIdleMs: 30 * DAY_MS,
      staleTempMs: 60 * 60 * 1000,
      intervalMs: DAY_MS,
    });
  });
});

describe('a recorded program sweeps a cache folder that is due', () => {
  let runtime: RuntimeBuild;
  beforeAll(async () => {
    runtime = await buildRuntime();
  });

  it('removes an entry idle for two months, keeps a fresh one, and says so in a note', async () => {
    const dir = freshDir();
    const idle = hexName('a', 'json');
    const fresh = hexName('b', 'json');
    writeFileSync(join(dir, idle), 'x'.repeat(100));
    writeFileSync(join(dir, fresh), 'y'.repeat(100));
    const twoMonthsAgo = (Date.now() - 60 * DAY_MS) / 1000;
    utimesSync(join(dir, idle), twoMonthsAgo, twoMonthsAgo);
    const program = writeProgram({ 'main.js': "console.log('answer', 6 * 7);\n" });
    const { plain, recorded, trace } = await runPlainAndRecorded({
      bootloader: runtime.bootloader,
      dir: program,
      main: 'main.js',
      env: { REWIND_CACHE_DIR: dir },
    });
    expect(recorded.stdout).toBe(plain.stdout);
    expect(existsSync(join(dir, idle))).toBe(false);
    expect(existsSync(join(dir, fresh))).toBe(true);
    expect(existsSync(join(dir, SWEEP_STAMP_FILE))).toBe(true);
    expect(trace.main.notes.map((note) => note.message)).toContainEqual(
      expect.stringMatching(/^instrumentation cache: removed 1 unused files \(0\.0 MiB\), kept \d+ /),
    );
  });
});
