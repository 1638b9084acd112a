// `rewind` runs its body (dist/cliMain.js, or dist/cliRecord.js for `record`) through the signed V8
// code cache the recorder's body uses (runtime/cliStub.ts): the first command writes one entry in
// the cache directory, later ones use it as it is, and what a command prints never depends on the
// cache. REWIND_CACHE_DIR='' turns it off; a damaged entry is never handed to V8, only rewritten.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, assertBuilt, rewind, scratchDirectory } from './harness';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

const entriesIn = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.endsWith('.v8code'));

describe('the CLI code cache', () => {
  assertBuilt();

  it('is written by the first command and used as it is by the next', async () => {
    const cacheDir = join(scratch.path, 'cache');
    const first = await rewind(['--version'], { env: { REWIND_CACHE_DIR: cacheDir } });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const [entry] = entriesIn(cacheDir);
    expect(entriesIn(cacheDir)).toHaveLength(1);
    const written = { bytes: readFileSync(join(cacheDir, entry)), mtimeMs: statSync(join(cacheDir, entry)).mtimeMs };

    const trace = join(scratch.path, 'hello.rwd');
    const recorded = await rewind(['record', '--out', trace, '--', join(EXAMPLES, 'fib.js')], {
      env: { REWIND_CACHE_DIR: cacheDir },
    });
    expect(recorded.code).toBe(0);
    // `record` ran a body of its own (cliRecord.js), and the recorded program's bootloader keeps its
    // entry beside it: two more.
    expect(entriesIn(cacheDir)).toHaveLength(3);
    const second = await rewind(['--version'], { env: { REWIND_CACHE_DIR: cacheDir } });
    expect(second).toEqual(first);
    expect(entriesIn(cacheDir)).toHaveLength(3);
    expect(statSync(join(cacheDir, entry)).mtimeMs).toBe(written.mtimeMs);
    expect(readFileSync(join(cacheDir, entry)).equals(written.bytes)).toBe(true);
  });

  it("is off with REWIND_CACHE_DIR=''", async () => {
    const cwd = join(scratch.path, 'off');
    mkdirSync(cwd);
    const result = await rewind(['--version'], { cwd, env: { REWIND_CACHE_DIR: '' } });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('rewrites a damaged entry instead of running it', async () => {
    const cacheDir = join(scratch.path, 'damaged');
    const plain = await rewind(['--help'], { env: { REWIND_CACHE_DIR: cacheDir } });
    const [entry] = entriesIn(cacheDir);
    const path = join(cacheDir, entry);
    const damaged = readFileSync(path);
    damaged[damaged.length - 100] ^= 0xff;
    writeFileSync(path, damaged);
    const again = await rewind(['--help'], { env: { REWIND_CACHE_DIR: cacheDir } });
    expect(again).toEqual(plain);
    expect(readFileSync(path).equals(damaged)).toBe(false);
  });
});
