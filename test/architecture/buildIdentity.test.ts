// The instrumentation cache is keyed on the build as well as INSTRUMENTER_VERSION: two builds that
// instrument differently (two branches that both bumped to the same version, or a change that forgot
// the bump) once served each other's cached code from the shared per-user cache. The bundles that
// instrument (bootloader, ESM hooks) must carry the hash of what they were built from: the runtime
// sources and the bundled packages (an updated acorn under an unchanged runtime/ instruments
// differently too).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { instrumenterBuildId, instrumenterBuildInputs } from '../../scripts/buildIdentity.mjs';

const root = resolve(__dirname, '../..');

describe('instrumentation cache build identity', () => {
  const buildId: string = instrumenterBuildId(root);

  it('is a hash of the runtime sources', () => {
    expect(buildId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('covers the packages the instrumenter bundles', () => {
    const inputs: string[] = instrumenterBuildInputs(root);
    for (const dependency of ['acorn', '@sveltejs/acorn-typescript', 'magic-string', 'estree-walker']) {
      expect(inputs.some((input) => input.startsWith(`node_modules/${dependency}/`))).toBe(true);
    }
    expect(inputs).toContain('runtime/instrument/instrument.ts');
  });

  describe('on a small tree', () => {
    let tree = '';
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };
    beforeEach(() => {
      tree = mkdtempSync(join(tmpdir(), 'rewind-build-identity-'));
      write('runtime/instrument.ts', "import { parse } from 'parser';\nexport const run = parse;\n");
      write('node_modules/parser/package.json', '{"name":"parser","main":"index.js"}');
      write('node_modules/parser/index.js', 'exports.parse = (s) => s.length;\n');
      write('node_modules/unused/package.json', '{"name":"unused","main":"index.js"}');
      write('node_modules/unused/index.js', 'exports.x = 1;\n');
    });
    afterEach(() => rmSync(tree, { recursive: true, force: true }));

    it('changes when a bundled package changes under an unchanged runtime/', () => {
      const before: string = instrumenterBuildId(tree);
      write('node_modules/parser/index.js', 'exports.parse = (s) => s.length + 1;\n');
      expect(instrumenterBuildId(tree)).not.toBe(before);
    });

    it('does not change for a package nothing imports', () => {
      const before: string = instrumenterBuildId(tree);
      write('node_modules/unused/index.js', 'exports.x = 2;\n');
      expect(instrumenterBuildId(tree)).toBe(before);
    });

    it("changes when a build script changes (the private realm bundle's options)", () => {
      write('scripts/instrumentRealmBuild.cjs', 'module.exports = { target: "es2022" };\n');
      const before: string = instrumenterBuildId(tree);
      write('scripts/instrumentRealmBuild.cjs', 'module.exports = { target: "es2020" };\n');
      expect(instrumenterBuildId(tree)).not.toBe(before);
    });

    it('changes for a runtime file no bundle imports yet', () => {
      const before: string = instrumenterBuildId(tree);
      write('runtime/later.ts', 'export const later = 1;\n');
      expect(instrumenterBuildId(tree)).not.toBe(before);
    });
  });

  it.each(['dist/bootloaderMain.js', 'dist/esmHooksBody.js'])(
    '%s keys its cache on the build it came from',
    (bundle) => {
      const code = readFileSync(join(root, bundle), 'utf8');
      expect(code).toContain(JSON.stringify(buildId));
      expect(code).not.toContain('__REWIND_INSTRUMENTER_BUILD__');
    },
  );
});
