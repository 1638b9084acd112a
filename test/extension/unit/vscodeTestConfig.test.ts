// `npx vscode-test` (issue 15 §7) cannot run here (no desktop VS Code can be downloaded), so its
// configuration is checked instead: it loads, runs the bundle scripts/vscode-test/bundle.mjs
// writes, opens a fresh copy of the fixture workspace and develops this extension.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');

describe('.vscode-test.mjs', () => {
  it('names the bundled host suites, this extension and a copy of the fixture workspace', async () => {
    const config = (await import(path.join(ROOT, '.vscode-test.mjs'))).default as {
      files: string;
      extensionDevelopmentPath: string;
      workspaceFolder: string;
      mocha: { ui: string };
    };
    const bundler = await import('node:fs').then((fs) =>
      fs.readFileSync(path.join(ROOT, 'scripts/vscode-test/bundle.mjs'), 'utf8'),
    );
    expect(bundler).toContain(`'${config.files}'`);
    expect(config.extensionDevelopmentPath).toBe(ROOT);
    expect(config.workspaceFolder).not.toBe(path.join(ROOT, 'test/fixtures/workspace'));
    expect(existsSync(path.join(config.workspaceFolder, 'loop.js'))).toBe(true);
    expect(existsSync(path.join(config.workspaceFolder, '.vscode/launch.json'))).toBe(true);
    expect(config.mocha.ui).toBe('bdd');
  });

  it('the package declares the runner and a script that builds, bundles and runs it', async () => {
    const manifest = JSON.parse(
      await import('node:fs').then((fs) => fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')),
    );
    expect(Object.keys(manifest.devDependencies)).toEqual(
      expect.arrayContaining(['@vscode/test-cli', '@vscode/test-electron']),
    );
    expect(manifest.scripts['test:vscode']).toMatch(/bundle\.mjs && vscode-test$/);
  });
});
