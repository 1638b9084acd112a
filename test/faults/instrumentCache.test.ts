// Fault injection on the instrumentation cache (issue 10 item 1, SEC): a cache folder someone else
// could have written (foreign owner, group/other-writable, a symlink) is refused — the program runs
// with the cache off and says so once — and an entry we did not sign (planted with the right key,
// or tampered with) is a miss: its code never runs. Needs root for chown (the CI runs as root).
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryInstrument } from '../../runtime/instrument';
import { InstrumentCache, sha256, type CachedInstrumentation } from '../../runtime/loader/cache';
import { buildRuntime, type RuntimeBuild } from '../support/recorder/build';
import { runPlainAndRecorded, writeProgram } from '../support/recorder/run';
import { packProbeTable, probeTableArray } from '../../runtime/format/probeTable';

const SOURCE = "const answer = 6 * 7;\nconsole.log('answer', answer);\n";
const OTHER_UID = 4242;

let runtime: RuntimeBuild;
beforeAll(async () => {
  runtime = await buildRuntime();
});

/** What an attacker would plant: a genuine instrumentation of the program with one line added. */
function plantedEntry(path: string): CachedInstrumentation {
  const outcome = tryInstrument(SOURCE, {
    filename: path,
    sourceType: 'commonjs',
    level: 'full',
    sourceHash: sha256(SOURCE),
  });
  if (!outcome.ok) throw new Error(outcome.error);
  const { result } = outcome;
  return {
    code: `console.log('PWNED');${result.code}`,
    map: JSON.stringify(result.map),
    table: { ...result.table, sourceHash: sha256(SOURCE) },
    runtimeName: result.runtimeName,
  };
}

function keyFor(path: string): string {
  return new InstrumentCache('').key(sha256(SOURCE), {
    level: 'full',
    variant: 'js',
    sourceType: 'commonjs',
    path,
  });
}

function freshBase(): string {
  return mkdtempSync(join(tmpdir(), 'rewind-cache-fault-'));
}

async function record(cacheDir: string) {
  const dir = writeProgram({ 'main.js': SOURCE });
  const entryPath = join(dir, 'main.js');
  return {
    dir,
    entryPath,
    run: () =>
      runPlainAndRecorded({
        bootloader: runtime.bootloader,
        dir,
        main: 'main.js',
        env: { REWIND_CACHE_DIR: cacheDir },
      }),
  };
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('the instrumentation cache folder must be ours alone', () => {
  (isRoot ? it : it.skip)(
    'a folder owned by another user, holding a planted entry, is refused: the planted code never runs',
    async () => {
      const cacheDir = join(freshBase(), 'c');
      mkdirSync(cacheDir, { mode: 0o755 });
      const { entryPath, run } = await record(cacheDir);
      writeFileSync(join(cacheDir, `${keyFor(entryPath)}.json`), JSON.stringify(plantedEntry(entryPath)));
      chownSync(cacheDir, OTHER_UID, OTHER_UID);
      const { recorded, trace } = await run();
      expect(recorded.stdout).toBe('answer 42\n');
      expect(recorded.stderr).toMatch(/^\[rewind\] instrumentation cache off: .* is owned by uid 4242, not by you/);
      expect(recorded.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(
        trace.main.notes.some((note) => note.level === 'warning' && /instrumentation cache off/.test(note.message)),
      ).toBe(true);
      expect(trace.main.files.map((file) => file.path)).toEqual([entryPath]); // still recorded, instrumented afresh
    },
  );

  it('a group/other-accessible folder (0777) is refused and left untouched', async () => {
    const cacheDir = join(freshBase(), 'c');
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    const { entryPath, run } = await record(cacheDir);
    writeFileSync(join(cacheDir, `${keyFor(entryPath)}.json`), JSON.stringify(plantedEntry(entryPath)));
    const { recorded } = await run();
    expect(recorded.stdout).toBe('answer 42\n');
    expect(recorded.stderr).toMatch(/accessible to group or others \(mode 777\)/);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o777);
    expect(readdirSync(cacheDir)).toHaveLength(1); // nothing written into it
  });

  it('a symlink in place of the folder is refused, even to a folder of ours', async () => {
    const base = freshBase();
    const target = join(base, 'real');
    mkdirSync(target, { mode: 0o700 });
    const cacheDir = join(base, 'c');
    symlinkSync(target, cacheDir);
    const cache = new InstrumentCache(cacheDir);
    expect(cache.get('0'.repeat(64))).toBeUndefined();
    expect(cache.takeRefusal()).toMatch(/is a symbolic link/);
    expect(cache.takeRefusal()).toBeUndefined(); // said once
    cache.set('0'.repeat(64), {
      code: 'x',
      map: '{}',
      table: { path: '', sourceHash: '', sourceType: 'commonjs', level: 'full', probes: packProbeTable([]) },
      runtimeName: '$rw$',
    });
    expect(readdirSync(target)).toEqual([]);
  });

  it('a regular file in place of the folder is refused', () => {
    const cacheDir = join(freshBase(), 'c');
    writeFileSync(cacheDir, '');
    const cache = new InstrumentCache(cacheDir);
    expect(cache.get('0'.repeat(64))).toBeUndefined();
    expect(cache.takeRefusal()).toMatch(/is not a directory/);
  });
});

describe('what the cache hands back is what we wrote', () => {
  it('an entry planted under the right key in our own folder (unsigned, or with a forged MAC) is a miss: the program runs its own code', async () => {
    const cacheDir = join(freshBase(), 'c');
    const { entryPath, run } = await record(cacheDir);
    const first = await run(); // creates the folder, its key and a signed entry
    expect(first.recorded.stdout).toBe('answer 42\n');
    const entryFile = join(cacheDir, `${keyFor(entryPath)}.json`);
    const planted = JSON.stringify(plantedEntry(entryPath));
    for (const text of [planted, `${'a'.repeat(64)}\n${planted}`]) {
      writeFileSync(entryFile, text);
      const { recorded, trace } = await run();
      expect(recorded.stdout).toBe('answer 42\n');
      expect(recorded.stderr).toBe('');
      expect(trace.main.notes.find((note) => note.message.startsWith('instrumentation cache'))?.message).toBe(
        'instrumentation cache: 0 hits, 1 misses',
      );
    }
  });

  it('the key file is 0600 and 32 random bytes; a tampered entry is a miss, an intact one a hit', () => {
    const cacheDir = join(freshBase(), 'c');
    const writer = new InstrumentCache(cacheDir);
    const key = keyFor('/app/main.js');
    const entry = plantedEntry('/app/main.js');
    writer.set(key, entry);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, 'hmac.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cacheDir, 'hmac.key'))).toHaveLength(32);
    const hit = new InstrumentCache(cacheDir).get(key)!;
    // The map comes back as its bytes, the probes as the same table (its texts decoded from the codes).
    expect({ ...hit, map: Buffer.from(hit.map).toString('utf8'), table: { ...hit.table, probes: undefined } }).toEqual({
      ...entry,
      table: { ...entry.table, probes: undefined },
    });
    expect(probeTableArray(hit.table.probes)).toEqual(probeTableArray(entry.table.probes));
    const file = join(cacheDir, `${key}.json`);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('PWNED', 'pwned'));
    const reader = new InstrumentCache(cacheDir);
    expect(reader.get(key)).toBeUndefined();
    expect(reader.stats).toEqual({ hits: 0, misses: 1 });
    // Moving a signed entry to another key's name does not make it that key's entry.
    writeFileSync(file, original);
    writeFileSync(join(cacheDir, `${keyFor('/app/other.js')}.json`), original);
    expect(new InstrumentCache(cacheDir).get(keyFor('/app/other.js'))).toBeUndefined();
  });

  it("a CommonJS entry's lexer epilogue comes back as written; one tampered with is a miss (it is code Node compiles)", () => {
    const cacheDir = join(freshBase(), 'c');
    const key = keyFor('/app/main.js');
    const epilogue = '\n;0&&(exports.answer=0);';
    new InstrumentCache(cacheDir).set(key, { ...plantedEntry('/app/main.js'), lexerEpilogue: epilogue });
    expect(new InstrumentCache(cacheDir).get(key)?.lexerEpilogue).toBe(epilogue);
    const file = join(cacheDir, `${key}.json`);
    const original = readFileSync(file, 'utf8');
    expect(original.endsWith(epilogue)).toBe(true);
    // Same length, so only the MAC can tell: an epilogue that would run.
    writeFileSync(file, original.replace(';0&&(exports.answer=0);', ';1&&(exports.answer=0);'));
    const reader = new InstrumentCache(cacheDir);
    expect(reader.get(key)).toBeUndefined();
    expect(reader.stats).toEqual({ hits: 0, misses: 1 });
  });

  it('an entry with no epilogue computed (an ES module) is told apart from one whose lexer found no names', () => {
    const cacheDir = join(freshBase(), 'c');
    const cache = new InstrumentCache(cacheDir);
    cache.set(keyFor('/app/module.js'), plantedEntry('/app/module.js'));
    cache.set(keyFor('/app/none.js'), { ...plantedEntry('/app/none.js'), lexerEpilogue: '' });
    const reader = new InstrumentCache(cacheDir);
    expect(reader.get(keyFor('/app/module.js'))).not.toHaveProperty('lexerEpilogue');
    expect(reader.get(keyFor('/app/none.js'))?.lexerEpilogue).toBe('');
  });

  it('a key file that is not ours alone turns the cache off', () => {
    const cacheDir = join(freshBase(), 'c');
    new InstrumentCache(cacheDir).set(keyFor('/app/main.js'), plantedEntry('/app/main.js'));
    chmodSync(join(cacheDir, 'hmac.key'), 0o644);
    const cache = new InstrumentCache(cacheDir);
    expect(cache.get(keyFor('/app/main.js'))).toBeUndefined();
    expect(cache.takeRefusal()).toMatch(/hmac\.key is not a private 32-byte key file of yours/);
  });
});
