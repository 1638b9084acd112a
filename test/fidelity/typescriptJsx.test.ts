// Issue 14 item 1: .tsx files. JSX compiled per tsconfig.json (`jsx: "react"` with its jsxFactory
// and jsxFragmentFactory, tsx's default; `jsx: "react-jsx"` with its jsxImportSource), recorded
// through the real CLI, prints what the same
// program compiled by esbuild (tsx's transform) prints, on this Node and Node 24, and the trace
// holds both files; `jsx: "preserve"` is refused by name before Node's own error.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, expectRecordedAsCompiled, expectRefused, nodeBinaries, runCompiled } from './runBoth';

const DIR = join(REPO_ROOT, 'test', 'fixtures', 'typescript-jsx');
const FILES = ['main.tsx', 'render.tsx'];
const AUTOMATIC = join(DIR, 'automatic');

/** Each file of `dir` as tsx compiles it (esbuild, the folder's tsconfig.json), under its own name, run plain. */
function tsxOutput(
  nodeBinary: string,
  dir = DIR,
  files = FILES,
): { stdout: string; status: number | null; stderr: string } {
  const tsconfigRaw = readFileSync(join(dir, 'tsconfig.json'), 'utf8');
  return runCompiled(nodeBinary, (folder) => {
    if (dir === AUTOMATIC) cpSync(join(dir, 'runtime'), join(folder, 'runtime'), { recursive: true });
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      const { code } = transformSync(source, { loader: 'tsx', format: 'cjs', tsconfigRaw });
      // The compiled files keep their names (main requires './render.tsx'): loaded as CommonJS.
      writeFileSync(join(folder, file), code);
    }
    writeFileSync(join(folder, 'package.json'), '{ "type": "commonjs" }');
    const entry = join(folder, 'main.js');
    writeFileSync(entry, "require.extensions['.tsx'] = require.extensions['.js'];\nrequire('./main.tsx');\n");
    return entry;
  });
}

describe.each(nodeBinaries())('TypeScript JSX (.tsx) on $label', ({ path: nodeBinary }) => {
  it('records and prints what tsx (esbuild) prints', () => {
    const expected = tsxOutput(nodeBinary);
    expect(expected.stdout).toContain('<li class="open">[ ] test</li>');
    expectRecordedAsCompiled(
      nodeBinary,
      join(DIR, 'main.tsx'),
      expected,
      FILES.map((file) => join(DIR, file)),
      20,
    );
  });

  it('records the automatic runtime (`jsx: react-jsx`) and prints what tsx prints', () => {
    const expected = tsxOutput(nodeBinary, AUTOMATIC, ['main.tsx']);
    expect(expected.stdout).toContain('jsx(Item');
    const files = [join(AUTOMATIC, 'main.tsx'), join(AUTOMATIC, 'runtime', 'jsx-runtime.js')];
    expectRecordedAsCompiled(nodeBinary, join(AUTOMATIC, 'main.tsx'), expected, files, 5);
  });

  it("refuses `jsx: preserve` by name on stderr before Node's own error", () => {
    const program = join(DIR, 'preserve', 'element.tsx');
    const plain = expectRefused(
      nodeBinary,
      program,
      `[rewind] ${program}: tsconfig.json's \`"jsx": "preserve"\` is not supported; \`"jsx": "react"\` and \`"react-jsx"\` are; it runs uninstrumented`,
    );
    expect(plain.rest).toBe(plain.stderr);
  });
});
