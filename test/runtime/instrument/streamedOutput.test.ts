// A large file's output is streamed (streamedOutput.ts): the same code, source map and probe table
// as magic-string's for the same file, whatever its shape — checked here by streaming small files
// (streamFromChars 0) against the default path, over the INS fixtures, TypeScript, real libraries
// and the shapes where the streamed text could go wrong (the held head, lines, words, the end).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tryInstrument, type InstrumentOptions } from '../../../runtime/instrument';
import { StreamedOutput, StreamedOutputError } from '../../../runtime/instrument/streamedOutput';

const REPO = resolve(__dirname, '../../..');

afterEach(() => {
  vi.restoreAllMocks();
});

function bothWays(code: string, options: InstrumentOptions): void {
  // Every streamed instrumenting must finish streamed: a StreamedOutputError falls back to magic-string.
  const finish = vi.spyOn(StreamedOutput.prototype, 'finish');
  for (const level of ['full', 'calls'] as const) {
    const plain = tryInstrument(code, { ...options, level });
    const streamed = tryInstrument(code, { ...options, level, streamFromChars: 0 });
    expect(streamed.ok, options.filename).toBe(plain.ok);
    if (!plain.ok || !streamed.ok) continue;
    expect(finish.mock.results.at(-1)?.type, options.filename).toBe('return');
    finish.mockClear();
    expect(streamed.result.code, options.filename).toBe(plain.result.code);
    expect(JSON.stringify(streamed.result.map), options.filename).toBe(JSON.stringify(plain.result.map));
    expect(streamed.result.table, options.filename).toEqual(plain.result.table);
  }
}

function filesIn(directory: string, pattern: RegExp): string[] {
  return readdirSync(directory)
    .filter((name) => pattern.test(name))
    .map((name) => join(directory, name));
}

describe('streamed output', () => {
  it('is magic-string’s, byte for byte, for every INS fixture and TypeScript feature file', () => {
    const files = [
      ...filesIn(join(REPO, 'test/fixtures/ins'), /\.(c|m)?js$/),
      ...filesIn(join(REPO, 'test/fixtures/typescript-features'), /\.(c|m)?ts$/),
    ];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const sourceType = /\.m(j|t)s$/.test(file) ? 'module' : 'commonjs';
      bothWays(readFileSync(file, 'utf8'), { filename: file, sourceType });
    }
  });

  it('is magic-string’s for real libraries (acorn, magic-string itself)', () => {
    bothWays(readFileSync(join(REPO, 'node_modules/acorn/dist/acorn.js'), 'utf8'), { filename: '/lib/acorn.js' });
    bothWays(readFileSync(join(REPO, 'node_modules/magic-string/dist/index.mjs'), 'utf8'), {
      filename: '/lib/magic-string.mjs',
      sourceType: 'module',
    });
  });

  it.each([
    [
      'a hashbang, directives and a comment before the first statement',
      '#!/usr/bin/env node\n"use strict";\n// c\nx = 1;\n',
    ],
    ['several statements on a line, no final newline', 'a = 1; b = 2;\na = 1; b = 2'],
    ['a byte-order mark and CRLF lines', '\ufefflet a = 1;\r\nfunction f(x) { return x + a; }\r\nf(2);\r\n'],
    [
      'words split by insertions, a line separator in a string',
      'const s = "x\u2028y"; for (let i = 0; i < 2; i++) s.length;\n',
    ],
    ['one statement only', 'console.log(1)'],
    ['directives only', '"use strict";\n'],
    ['a comment only', '// nothing\n'],
    [
      'a class, a loop and a try across lines',
      'class A {\n  m(v) {\n    try { this.v = v; } finally { v++; }\n  }\n}\nwhile (false) {}\n',
    ],
  ])('is magic-string’s for %s', (_shape, code) => {
    bothWays(code, { filename: '/app/shape.js' });
  });

  it('falls back to magic-string when the streamed output refuses an insertion', () => {
    const code = 'a = 1;\nfunction f(x) {\n  return x * 2;\n}\nb = f(a);\n';
    const plain = tryInstrument(code, { filename: '/app/fallback.js' });
    vi.spyOn(StreamedOutput.prototype, 'settle').mockImplementation(() => {
      throw new StreamedOutputError('refused');
    });
    const streamed = tryInstrument(code, { filename: '/app/fallback.js', streamFromChars: 0 });
    expect(streamed.ok && plain.ok).toBe(true);
    if (!streamed.ok || !plain.ok) return;
    expect(streamed.result.code).toBe(plain.result.code);
    expect(JSON.stringify(streamed.result.map)).toBe(JSON.stringify(plain.result.map));
    expect(streamed.result.table).toEqual(plain.result.table);
  });

  it('refuses an insertion where it already wrote, and keeps the held head open', () => {
    const output = new StreamedOutput('a;b;c;', 0);
    output.appendLeft(0, 'A');
    output.appendLeft(2, 'B');
    output.settle(4);
    expect(() => output.appendLeft(3, 'x')).toThrow(StreamedOutputError);
    output.prependLeft(0, 'P'); // the held start: aliases go there once the walk is done
    output.appendLeft(4, 'C');
    expect(output.finish().code).toBe('PAa;Bb;Cc;');
  });
});
