// The instrumentation cache is keyed on the build as well as INSTRUMENTER_VERSION: two builds that
// instrument differently (two branches that both bumped to the same version, or a change that forgot
// the bump) once served each other's cached code from the shared per-user cache. The bundles that
// instrument (bootloader, ESM hooks) must carry the hash of the runtime sources they were built from.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { instrumenterBuildId } from '../../scripts/buildIdentity.mjs';

const root = resolve(__dirname, '../..');

describe('instrumentation cache build identity', () => {
  const buildId: string = instrumenterBuildId(root);

  it('is a hash of the runtime sources', () => {
    expect(buildId).toMatch(/^[0-9a-f]{16}$/);
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
