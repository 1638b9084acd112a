// The test262 runner (issue 14): its reading of test262's metadata and pass rules, and spread
// samples of the test262-format files written for Rewind (test/fixtures/test262) and of the real
// tc39 files vendored in test/test262, run plain and under `rewind record` on this Node and Node 24:
// every plain pass survives recording or is a documented exception. The whole samples:
// `npm run test262` and `node scripts/test262.mjs --root test/test262` (.ci/run runs the latter).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../scripts/test262/metadata.mjs';
import { harnessFilesOf, judge, programText, scenariosOf } from '../../scripts/test262/scenarios.mjs';
import { nodeBinaries, REPO_ROOT } from './runBoth';

const SAMPLE_FILES = 8;
const REAL_SAMPLE_FILES = 6;
const REAL_ROOT = join(REPO_ROOT, 'test', 'test262');

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

  it("gives an async test the host print() tc39's doneprintHandle.js calls, after a strict directive", () => {
    const asyncStrict = { description: '', includes: [], features: [], flags: ['async', 'onlyStrict'] };
    const text = programText('$DONE();', asyncStrict, scenariosOf(asyncStrict)[0], join(REAL_ROOT, 'harness'));
    expect(text.startsWith('"use strict";\nfunction print(text) { console.log(text); }\n')).toBe(true);
    expect(text).toContain('__consolePrintHandle__');
    const plain = { ...asyncStrict, flags: [] };
    expect(programText('1;', plain, scenariosOf(plain)[0], join(REAL_ROOT, 'harness'))).not.toContain('function print');
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
  different: Array<{ test: string; documented: string | null }>;
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

  it(`keeps every plain pass of a ${REAL_SAMPLE_FILES}-file spread of the vendored tc39 files when recorded`, () => {
    const result = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'scripts', 'test262.mjs'),
        '--json',
        '--root',
        REAL_ROOT,
        '--sample',
        String(REAL_SAMPLE_FILES),
        '--node',
        nodeBinary,
        '--require-identical',
        // A timeout counts as a lost pass: on a loaded 2-core machine a recorded run of one of these
        // small files took 31 s wall for 0.9 s of CPU.
        '--timeout-ms',
        '120000',
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 600_000 },
    );
    expect(result.status, result.stderr + result.stdout).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.files).toBe(REAL_SAMPLE_FILES);
    expect(summary.plainFailures).toEqual([]); // vendor.mjs kept only files that pass plain on Node 20 and 24
    expect(summary.lost.filter((item) => item.documented === null)).toEqual([]);
    expect(summary.different.filter((item) => item.documented === null)).toEqual([]);
    expect(summary.plainPasses).toBe(summary.scenarios);
  }, 660_000);
});
