// Issue 14 item 8: TypeScript that needs code generation — namespaces, `accessor` fields, enums,
// parameter properties, `import x = require()`/`import x = N.y`, `export =` — recorded through the
// real CLI prints what TypeScript's own compile prints, on this Node and Node 24, and the trace
// holds both files with their steps.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, nodeBinaries, runPlainAndRecorded } from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-features');

/**
 * The fixtures compiled by TypeScript itself (ES2022, CommonJS) and run plain: the expected output.
 * The compiled files keep their .cts names (the program requires './shapes.cts'); being plain
 * JavaScript they run as such on Node 20 and through Node 24's type stripping alike.
 */
function compiledOutput(nodeBinary: string): { stdout: string; status: number | null; stderr: string } {
  const out = mkdtempSync(join(tmpdir(), 'rewind-ts-features-'));
  try {
    for (const file of readdirSync(DIR).filter((name) => name.endsWith('.cts'))) {
      const js = ts.transpileModule(readFileSync(join(DIR, file), 'utf8'), {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          useDefineForClassFields: true,
        },
      }).outputText;
      writeFileSync(join(out, file), js);
    }
    const run = spawnSync(nodeBinary, [join(out, 'main.cts')], { encoding: 'utf8' });
    return { stdout: run.stdout, status: run.status, stderr: run.stderr };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe.each(nodeBinaries())('TypeScript needing code generation on $label', ({ path: nodeBinary }) => {
  it('records and prints what TypeScript compiles it to', () => {
    const expected = compiledOutput(nodeBinary);
    expect(expected.status, expected.stderr).toBe(0);
    expect(expected.stdout.split('\n')).toHaveLength(3);
    const run = runPlainAndRecorded(nodeBinary, join(DIR, 'main.cts'));
    try {
      expect(run.recorded.stderr).toBe('');
      expect(run.recorded.stdout).toBe(expected.stdout);
      expect(run.recorded.status).toBe(0);
      expect(run.plain.status).not.toBe(0); // Node's own type stripping refuses these constructs
      const info = spawnSync(process.execPath, [CLI, 'info', '--json', run.tracePath], { encoding: 'utf8' });
      const summary = JSON.parse(info.stdout) as { files: string[]; steps: number; complete: boolean };
      expect(summary.complete).toBe(true);
      expect(summary.files).toEqual([join(DIR, 'main.cts'), join(DIR, 'shapes.cts')]);
      expect(summary.steps).toBeGreaterThan(20);
    } finally {
      run.cleanup();
    }
  });
});

describe.each(nodeBinaries())('TypeScript Rewind refuses on $label', ({ path: nodeBinary }) => {
  it("names the construct and line on stderr before Node's own error", () => {
    const program = join(DIR, 'refused', 'decorated.ts');
    const run = runPlainAndRecorded(nodeBinary, program);
    try {
      expect(run.plain.status).not.toBe(0);
      expect(run.recorded.status).toBe(run.plain.status);
      const [first, ...rest] = run.recorded.stderr.split('\n');
      expect(first).toBe(
        `[rewind] ${program}: a decorator needs code generation, which Rewind's TypeScript support (type stripping) does not do (line 3); it runs uninstrumented`,
      );
      expect(rest.join('\n')).toContain('SyntaxError');
    } finally {
      run.cleanup();
    }
  });

  it('names JSX in a .tsx file and its line, then fails as Node fails', () => {
    const program = join(DIR, 'refused', 'element.tsx');
    const run = runPlainAndRecorded(nodeBinary, program);
    try {
      expect(run.plain.status).not.toBe(0);
      expect(run.recorded.status).toBe(run.plain.status);
      const [first, ...rest] = run.recorded.stderr.split('\n');
      expect(first).toBe(
        `[rewind] ${program}: JSX (.tsx) needs a transform Rewind does not do (line 3); it runs uninstrumented`,
      );
      expect(rest.join('\n')).toBe(run.plain.stderr);
    } finally {
      run.cleanup();
    }
  });
});
