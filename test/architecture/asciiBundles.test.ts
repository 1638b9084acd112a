// The bundles Node loads are pure ASCII (scripts/asciiBundle.mjs): one non-ASCII character makes V8
// hold a whole bundle as two-byte text, decoded and compiled more slowly in every recorded process.
// Also the step itself: comments made ASCII unit for unit (source-map positions unmoved), code
// with a non-ASCII character refused. And the stub starts the drain before loading node:crypto.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { asciiOnlyComments } from '../../scripts/asciiBundle.mjs';

const root = resolve(__dirname, '../..');
const dist = join(root, 'dist');
const NON_ASCII = /[\u0080-\uffff]/;

describe('bundles Node loads', () => {
  const bundles = readdirSync(dist).filter((name) => /\.(c|m)?js$/.test(name));

  it("include the recorder's and the CLI's", () => {
    expect(bundles).toEqual(
      expect.arrayContaining(['bootloader.js', 'bootloaderMain.js', 'cli.js', 'cliMain.js', 'cliRecord.js']),
    );
  });

  it.each(bundles)('%s is ASCII', (name) => {
    const text = readFileSync(join(dist, name), 'latin1');
    const at = text.search(NON_ASCII);
    expect(at === -1 ? '' : `byte ${at}: ${text.slice(Math.max(0, at - 40), at + 40)}`).toBe('');
  });

  it('the stub starts the drain worker before it loads node:crypto', () => {
    const stub = readFileSync(join(dist, 'bootloader.js'), 'utf8');
    const started = stub.indexOf('= startedEarlyDrain()');
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(stub.indexOf('require("node:crypto")'));
  });
});

describe('asciiOnlyComments', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rewind-ascii-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('replaces each non-ASCII unit of a comment by one character, and nothing else', () => {
    const source = '#!/usr/bin/env node\n/** a → b */ const s = "\\u2192"; // 𝒳 …\nconst t = 1;\n';
    const file = write('comments.js', source);
    const replaced: number = asciiOnlyComments(file, 'script');
    const text = readFileSync(file, 'utf8');
    expect(text).toBe('#!/usr/bin/env node\n/** a ? b */ const s = "\\u2192"; // ?? ?\nconst t = 1;\n');
    expect(text.length).toBe(source.length);
    expect(replaced).toBe(4);
  });

  it('leaves an ASCII file untouched', () => {
    const file = write('plain.mjs', 'export const x = 1; // fine\n');
    expect(asciiOnlyComments(file, 'module')).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('export const x = 1; // fine\n');
  });

  it('refuses a non-ASCII character in code, naming its line', () => {
    const file = write('code.js', '// ok\nconst s = `→`;\n');
    expect(() => asciiOnlyComments(file, 'script')).toThrow(/code\.js:2: a non-ASCII character outside a comment/);
    expect(readFileSync(file, 'utf8')).toBe('// ok\nconst s = `→`;\n');
  });
});
