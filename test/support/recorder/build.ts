// Builds the recorder's entries (bootloader, drain worker, ESM hooks, the instrumenter's private-realm bundle,
// the exit drain's embedded one) into a
// fresh temporary folder with the options of scripts/build.mjs, so process tests never run a
// stale dist/. Also bundles small test-only worker scripts. Knows esbuild, nothing of the recorder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { cjsLexerSourceDefine } from '../../../scripts/cjsLexerSource.mjs';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { instrumentRealmBuildOptions } from '../../../scripts/instrumentRealmBuild.cjs';
// @ts-expect-error a build script in plain JavaScript, without declarations
import { exitDrainRealmSourceDefine } from '../../../scripts/exitDrainRealmBuild.cjs';

export const REPO = resolve(__dirname, '../../..');
const common = {
  bundle: true,
  platform: 'node' as const,
  target: 'node20',
  logLevel: 'warning' as const,
  legalComments: 'none' as const,
  sourcemap: 'linked' as const,
  // The lexer's text, as scripts/build.mjs embeds it (runtime/loader/cjsLexer.ts), and the name of
  // the instrumenter's private-realm bundle beside the loader's (runtime/loader/instrumentRealm.ts).
  define: {
    ...(cjsLexerSourceDefine() as Record<string, string>),
    __REWIND_INSTRUMENT_REALM_FILE__: JSON.stringify('instrumentRealm.js'),
    // The exit drain's private-realm bundle, as text (runtime/recorder/exitDrain.ts).
    ...(exitDrainRealmSourceDefine(REPO) as Record<string, string>),
  },
};

export interface RuntimeBuild {
  dir: string;
  bootloader: string;
}

export async function buildRuntime(): Promise<RuntimeBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-runtime-'));
  await Promise.all([
    build({
      ...common,
      format: 'cjs',
      entryPoints: [join(REPO, 'runtime/bootloader.ts')],
      outfile: join(dir, 'bootloader.js'),
    }),
    build({
      ...common,
      format: 'cjs',
      entryPoints: [join(REPO, 'runtime/bootloaderMain.ts')],
      outfile: join(dir, 'bootloaderMain.js'),
    }),
    build({
      ...common,
      format: 'cjs',
      entryPoints: [join(REPO, 'runtime/recorder/drainWorker.ts')],
      outfile: join(dir, 'drainWorker.js'),
    }),
    build({
      ...common,
      format: 'esm',
      entryPoints: [join(REPO, 'runtime/loader/esmHooks.ts')],
      outfile: join(dir, 'esmHooks.mjs'),
    }),
    build({
      ...common,
      format: 'cjs',
      entryPoints: [join(REPO, 'runtime/loader/esmHooksBody.ts')],
      outfile: join(dir, 'esmHooksBody.js'),
    }),
    build({ ...(instrumentRealmBuildOptions(REPO) as object), outfile: join(dir, 'instrumentRealm.js') }),
  ]);
  return { dir, bootloader: join(dir, 'bootloader.js') };
}

/** Bundles one TypeScript file (a test worker) to CommonJS; returns the .js path. */
export async function bundleScript(entry: string, name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rewind-script-'));
  const outfile = join(dir, `${name}.js`);
  await build({ ...common, sourcemap: false, format: 'cjs', entryPoints: [entry], outfile });
  return outfile;
}
