// SEC-03: the built extension loads nothing but Node built-ins and `vscode` at run time — its tool
// dependencies are bundled, so a debuggee's node_modules can never shadow them. Reads the bundle
// `npm run build` wrote (npm test builds first).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const BUNDLE = new URL('../../../dist/extension.js', import.meta.url);

describe('dist/extension.js', () => {
  it('requires only Node built-ins and vscode', () => {
    expect(existsSync(BUNDLE), 'dist/extension.js is missing: run npm run build').toBe(true);
    const required = [...readFileSync(BUNDLE, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map(
      (m) => m[1],
    );
    const allowed = (name: string) => name === 'vscode' || name.startsWith('node:') || builtinModules.includes(name);
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !allowed(name))).toEqual([]);
  });
});
