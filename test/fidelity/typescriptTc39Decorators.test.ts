// Issue 14 item 8: TC39 decorators (tsconfig.json without experimentalDecorators) and `accessor`
// fields. A spec table: each case, bundled by esbuild (tsx's transform) and run plain, prints what
// the same .ts recorded through the real CLI prints, on this Node and Node 24 (neither runs
// decorators natively; Node 24's type stripping refuses them). Decorated methods keep the user's
// text and lines; `accessor` in a plain .js file is refused by name and line.
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  expectRecordedAsCompiled,
  expectRefused,
  nodeBinaries,
  runCompiled,
  runPlainAndRecorded,
} from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-decorators', 'tc39-cases');

/** Case, entry file, the files its trace holds, and how many output lines it prints. */
const CASES: Array<[string, string, string[], number]> = [
  ['class decorators: order, replacement class, addInitializer', 'classes.ts', [], 11],
  ['methods, getters, setters, static: wrap, bind, access', 'methods.ts', [], 13],
  ['fields: initializers in order, static, no value, derived', 'fields.ts', [], 14],
  ['accessor fields: public, private, static; get/set/init', 'accessors.ts', [], 17],
  ['private methods, getters, setters, fields; context.access', 'private.ts', [], 13],
  ['metadata: per class, inherited, enumerable', 'metadata.ts', [], 3],
  ['TypeErrors: Function expected, Object expected, Already initialized', 'errors.ts', [], 4],
  ['evaluation, application and initialization order', 'order.ts', [], 30],
  ['exported from an ES module (named, default) and imported', 'exported.mts', ['exported-lib.mts'], 3],
  ['computed member names: key and decorator order, context.name, symbols', 'computed.ts', [], 29],
  ['class expressions: names, order, replacement, re-evaluation', 'expressions.mts', ['expressions-lib.mts'], 66],
  ['`super` and their own #name in decorated private methods', 'private-super.ts', [], 22],
];

/** The program as tsx runs it: esbuild, targeting the Node it runs on (tsx's own choice), bundled. */
function tsxOutput(nodeBinary: string, entry: string): { stdout: string; status: number | null; stderr: string } {
  return runCompiled(nodeBinary, (folder) => {
    const bundle = join(folder, 'main.mjs');
    buildSync({
      entryPoints: [join(DIR, entry)],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
    return bundle;
  });
}

describe.each(nodeBinaries())('TypeScript TC39 decorators on $label', ({ path: nodeBinary }) => {
  it.each(CASES)('%s: prints what tsx prints', (_label, entry, others, lines) => {
    const expected = tsxOutput(nodeBinary, entry);
    expect(expected.stdout.trimEnd().split('\n').length).toBeGreaterThanOrEqual(lines);
    const files = [join(DIR, entry), ...others.map((other) => join(DIR, other))];
    expectRecordedAsCompiled(nodeBinary, join(DIR, entry), expected, files, 10);
  });

  it("keeps a decorated method's text as the user wrote it (types blanked)", () => {
    const run = runPlainAndRecorded(nodeBinary, join(DIR, 'source-text.ts'));
    try {
      expect(run.recorded.stderr).toBe('');
      expect(run.recorded.stdout).toBe(
        [
          'area() { return 4; }',
          'add(by        )         {',
          '    return by + 1;',
          '  }',
          "#hidden() { return 'private'; }",
          '[computed](n        ) { return n; }',
          '#again(n        )          { return n > 0 ? this.#again(n - 1) : super.toString === Object.prototype.toString; }',
          'function wrapped(             ) { return value.call(this); } 4',
          '[`${computed}2`]() {}',
          '',
        ].join('\n'),
      );
    } finally {
      run.cleanup();
    }
  });

  it('names anonymous decorated classes as JavaScript does (tsx leaves some unnamed)', () => {
    const run = runPlainAndRecorded(nodeBinary, join(DIR, 'names.mts'));
    try {
      expect(run.recorded.stderr).toBe('');
      expect(run.recorded.stdout).toBe(
        ['decorated class function', 'method m function', '"default" "E"', ''].join('\n'),
      );
    } finally {
      run.cleanup();
    }
  });

  it('refuses `accessor` in a plain .js file by name and line, as Node does not run it', () => {
    const program = join(DIR, 'plain-accessor.js');
    const plain = expectRefused(
      nodeBinary,
      program,
      `[rewind] ${program}: an \`accessor\` field is TC39 decorators' syntax, which Node does not run in JavaScript; write it in a .ts file (line 3); it runs uninstrumented`,
    );
    expect(plain.rest).toContain('SyntaxError');
  });
});
