// The test262 runner (issue 14): its reading of test262's metadata and pass rules, and a spread
// sample of the vendored test262-format files (test/fixtures/test262, written for Rewind — not
// tc39's files) run plain and under `rewind record` on this Node and Node 24: every plain pass
// survives recording or is a documented exception. The whole sample: `npm run test262`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../scripts/test262/metadata.mjs';
import { harnessFilesOf, judge, scenariosOf } from '../../scripts/test262/scenarios.mjs';
import { nodeBinaries, REPO_ROOT } from './runBoth';

const SAMPLE_FILES = 8;

describe('test262 metadata and rules', () => {
  it('reads inline and block lists and the negative map', () => {
    const metadata = parseMetadata(`/*---
description: >
  two lines
  of text
includes:
  - compareArray.js
  - propertyHelper.js
flags: [onlyStrict, async]
negative:
  phase: parse
  type: SyntaxError
---*/`);
    expect(metadata).toEqual({
      description: 'two lines of text',
      includes: ['compareArray.js', 'propertyHelper.js'],
      flags: ['onlyStrict', 'async'],
      features: [],
      negative: { phase: 'parse', type: 'SyntaxError' },
    });
    expect(scenariosOf(metadata).map((s) => s.name)).toEqual(['strict']);
    expect(harnessFilesOf(metadata)).toEqual([
      'assert.js',
      'sta.js',
      'doneprintHandle.js',
      'compareArray.js',
      'propertyHelper.js',
    ]);
  });

  it('runs a test without flags sloppy and strict, a raw one without harness, a module as a module', () => {
    const of = (flags: string[]) =>
      scenariosOf({ description: '', includes: [], features: [], flags }).map((s) => s.name);
    expect(of([])).toEqual(['sloppy', 'strict']);
    expect(of(['raw'])).toEqual(['raw']);
    expect(of(['module'])).toEqual(['module']);
    expect(harnessFilesOf({ description: '', includes: ['x.js'], features: [], flags: ['raw'] })).toEqual([]);
  });

  it('judges by test262 rules', () => {
    const plain = { description: '', includes: [], features: [], flags: [] };
    const negative = { ...plain, negative: { phase: 'parse', type: 'SyntaxError' } };
    const asyncTest = { ...plain, flags: ['async'] };
    expect(judge(plain, { status: 0, stdout: '', stderr: '' }).pass).toBe(true);
    expect(judge(plain, { status: 1, stdout: '', stderr: "Test262Error {\n  message: 'boom'\n}" })).toEqual({
      pass: false,
      reason: "Test262Error: 'boom'",
    });
    expect(
      judge(negative, { status: 1, stdout: '', stderr: "SyntaxError: Identifier 'a' has already been declared" }).pass,
    ).toBe(true);
    expect(judge(negative, { status: 1, stdout: '', stderr: 'TypeError: x' }).pass).toBe(false);
    expect(judge(negative, { status: 0, stdout: '', stderr: '' }).pass).toBe(false);
    expect(judge(asyncTest, { status: 0, stdout: 'Test262:AsyncTestComplete\n', stderr: '' }).pass).toBe(true);
    expect(judge(asyncTest, { status: 0, stdout: '', stderr: '' }).pass).toBe(false);
    expect(
      judge(asyncTest, { status: 0, stdout: 'Test262:AsyncTestFailure:Test262Error: no\n', stderr: '' }).pass,
    ).toBe(false);
    expect(judge(plain, { status: null, stdout: '', stderr: '', timedOut: true }).pass).toBe(false);
  });
});

interface Summary {
  files: number;
  scenarios: number;
  plainPasses: number;
  keptPasses: number;
  lost: Array<{ test: string; documented: string | null }>;
  plainFailures: unknown[];
}

describe.each(nodeBinaries())('test262 sample on $label', ({ path: nodeBinary }) => {
  it(`keeps every plain pass of a ${SAMPLE_FILES}-file spread sample when recorded`, () => {
    const result = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'test262.mjs'), '--json', '--sample', String(SAMPLE_FILES), '--node', nodeBinary],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.files).toBe(SAMPLE_FILES);
    expect(summary.plainFailures).toEqual([]); // the vendored tests are right about plain Node
    expect(summary.lost.filter((item) => item.documented === null)).toEqual([]);
    expect(summary.plainPasses).toBe(summary.scenarios);
  }, 180_000);
});
