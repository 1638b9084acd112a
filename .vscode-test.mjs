// `npx vscode-test` (@vscode/test-cli + @vscode/test-electron): the extension-host suites against a
// desktop VS Code, wherever one can be downloaded (a developer's laptop). Run `npm run test:vscode`,
// which builds and bundles first. CI runs the very same suites inside code-server (npm run test:e2e).
// The fixture workspace is copied fresh for each run, as the code-server runner does.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const workspace = join(mkdtempSync(join(tmpdir(), 'rewind-vscode-test-')), 'workspace');
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/extension/vscodeTest.js',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  version: 'stable',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60_000, color: false },
});
