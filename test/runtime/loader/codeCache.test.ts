// The V8 code cache of Rewind's own bundles (runtime/loader/codeCache.ts): a bundle runs with or
// without it, the cache is written once and used after, and data we did not sign for this very
// source — corrupt, another build's, moved from another entry — is never handed to V8 (which
// would run another source's code when the lengths match). A directory we must not trust or
// cannot write only costs the cache.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, bundleScript } from '../../support/recorder/build';

let runner: string;
beforeAll(async () => {
  runner = await bundleScript(join(REPO, 'test/support/recorder/codeCacheRun.ts'), 'codeCacheRun');
});

/**
 * A bundle that says which source ran; labels of one length give sources of one length. The label
 * is an inner function's: V8 then runs the cached function's code, not the source's.
 */
function bundleSource(label: string): string {
  const body = `function label() { return ${JSON.stringify(label)}; }`;
  return `"use strict";\n${body}\nglobalThis[Symbol.for('rewind.test.codeCache.ran')] = label();\n`;
}

function setUp(): { dir: string; bundle: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-code-cache-'));
  return { dir, bundle: join(dir, 'bundle.js'), cacheDir: join(dir, 'cache') };
}

/** One run in a fresh process: what the cache did, and which source's code ran. */
function run(bundle: string, cacheDir: string, nodeArgs: string[] = []): { outcome: string; ran: string } {
  const result = spawnSync(process.execPath, [...nodeArgs, runner, bundle, cacheDir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { outcome: string; ran: string };
}

const entries = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.endsWith('.v8code'));

describe('code cache of our own bundles', () => {
  it('runs the bundle without a cache when the directory is ""', () => {
    const { bundle } = setUp();
    writeFileSync(bundle, bundleSource('AAAA'));
    expect(run(bundle, '')).toEqual({ outcome: 'off', ran: 'AAAA' });
  });

  it('is written on the first run and used on the next; a changed bundle is another entry', () => {
    const { bundle, cacheDir } = setUp();
    writeFileSync(bundle, bundleSource('AAAA'));
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'used', ran: 'AAAA' });
    writeFileSync(bundle, bundleSource('BBBB'));
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'BBBB' });
    expect(entries(cacheDir)).toHaveLength(2);
  });

  it('processes under other V8 flags keep their own entry (V8 rejects data made under other flags)', () => {
    const { bundle, cacheDir } = setUp();
    writeFileSync(bundle, bundleSource('AAAA'));
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });
    expect(run(bundle, cacheDir, ['--stack-size=900'])).toEqual({ outcome: 'written', ran: 'AAAA' });
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'used', ran: 'AAAA' });
    expect(run(bundle, cacheDir, ['--stack-size=900'])).toEqual({ outcome: 'used', ran: 'AAAA' });
  });

  it("never runs another source's code: data swapped in, or an entry signed for another key, is rebuilt", () => {
    const { bundle, cacheDir } = setUp();
    writeFileSync(bundle, bundleSource('BBBB'));
    run(bundle, cacheDir);
    const [entryB] = entries(cacheDir);
    const bytesB = readFileSync(join(cacheDir, entryB));
    writeFileSync(bundle, bundleSource('AAAA'));
    run(bundle, cacheDir);
    const entryA = entries(cacheDir).find((name) => name !== entryB)!;
    const pathA = join(cacheDir, entryA);
    const bytesA = readFileSync(pathA);

    // B's V8 data (a source of the same length) under A's signature line.
    const newline = bytesA.indexOf(10);
    writeFileSync(pathA, Buffer.concat([bytesA.subarray(0, newline + 1), bytesB.subarray(bytesB.indexOf(10) + 1)]));
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });

    // B's whole entry, validly signed, but for B's key.
    writeFileSync(pathA, bytesB);
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'used', ran: 'AAAA' });
  });

  it('a corrupt or truncated entry is rebuilt', () => {
    const { bundle, cacheDir } = setUp();
    writeFileSync(bundle, bundleSource('AAAA'));
    run(bundle, cacheDir);
    const path = join(cacheDir, entries(cacheDir)[0]);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(path, bytes);
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });
    writeFileSync(path, bytes.subarray(0, 10));
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'written', ran: 'AAAA' });
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'used', ran: 'AAAA' });
  });

  it('a directory open to others is not used; one that cannot be made costs only the cache', () => {
    const { dir, bundle, cacheDir } = setUp();
    writeFileSync(bundle, bundleSource('AAAA'));
    run(bundle, cacheDir);
    chmodSync(cacheDir, 0o777);
    expect(run(bundle, cacheDir)).toEqual({ outcome: 'off', ran: 'AAAA' });
    const notADirectory = join(dir, 'file');
    writeFileSync(notADirectory, '');
    expect(run(bundle, join(notADirectory, 'cache'))).toEqual({ outcome: 'off', ran: 'AAAA' });
  });
});
