// `npx vscode-test` (@vscode/test-cli + @vscode/test-electron): the extension-host suites against a
// desktop VS Code (a developer's laptop). Run `npm run test:vscode`, which builds and bundles first.
// Which VS Code: REWIND_VSCODE_PATH, the executable of one already installed (not the `code` shell
// script: e.g. /usr/share/code/code on Linux, ".../Visual Studio Code.app/Contents/MacOS/Electron" on
// macOS), else the latest stable, downloaded once into .vscode-test/ from update.code.visualstudio.com.
// CI runs the very same suites inside code-server (npm run test:e2e), where no desktop build can be had.
// The fixture workspace is copied fresh for each run, as the code-server runner does.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const installedVsCode = process.env.REWIND_VSCODE_PATH;
const workspace = join(mkdtempSync(join(tmpdir(), 'rewind-vscode-test-')), 'workspace');
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/extension/vscodeTest.js',
  extensionDevelopmentPath: root,
  workspaceFolder: workspace,
  ...(installedVsCode ? { useInstallation: { fromPath: installedVsCode } } : { version: 'stable' }),
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60_000, color: false },
});
