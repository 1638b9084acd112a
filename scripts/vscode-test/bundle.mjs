// Bundles the extension-host suites into the one mocha file `npx vscode-test` loads
// (.vscode-test.mjs `files`), as scripts/e2e/lib/hostTests.mjs does for code-server.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VSCODE_TEST_BUNDLE = 'out/test/extension/vscodeTest.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
await build({
  entryPoints: [join(root, 'test/extension/vscodeTest.ts')],
  outfile: join(root, VSCODE_TEST_BUNDLE),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha'],
});
