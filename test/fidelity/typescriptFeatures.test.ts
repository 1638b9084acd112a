// Issue 14 item 8: TypeScript that needs code generation — namespaces, `accessor` fields, enums,
// parameter properties, `import x = require()`/`import x = N.y`, `export =` — recorded through the
// real CLI prints what TypeScript's own compile prints, on this Node and Node 24, and the trace
// holds both files with their steps.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, expectRecordedAsCompiled, nodeBinaries, runCompiled } from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-features');

/**
 * The fixtures compiled by TypeScript itself (ES2022, CommonJS) and run plain: the expected output.
 * The compiled files keep their .cts names (the program requires './shapes.cts'); being plain
 * JavaScript they run as such on Node 20 and through Node 24's type stripping alike.
 */
function compiledOutput(nodeBinary: string): { stdout: string; status: number | null; stderr: string } {
  return runCompiled(nodeBinary, (folder) => {
    for (const file of readdirSync(DIR).filter((name) => name.endsWith('.cts'))) {
      const js = ts.transpileModule(readFileSync(join(DIR, file), 'utf8'), {
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.CommonJS,
          useDefineForClassFields: true,
        },
      }).outputText;
      writeFileSync(join(folder, file), js);
    }
    return join(folder, 'main.cts');
  });
}

describe.each(nodeBinaries())('TypeScript needing code generation on $label', ({ path: nodeBinary }) => {
  it('records and prints what TypeScript compiles it to', () => {
    const expected = compiledOutput(nodeBinary);
    expect(expected.stdout.split('\n')).toHaveLength(3);
    expectRecordedAsCompiled(
      nodeBinary,
      join(DIR, 'main.cts'),
      expected,
      [join(DIR, 'main.cts'), join(DIR, 'shapes.cts')],
      20,
    );
  });
});
