// Bundles every entry point into dist/ with esbuild (ARCHITECTURE.md §2 "Build").
// Tool dependencies (acorn, magic-string…) are bundled in, so a debuggee's node_modules can never
// shadow them (SEC-03). Only `vscode` stays external.
import { build } from 'esbuild';
import { asciiOnlyComments } from './asciiBundle.mjs';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { cjsLexerSourceDefine } from './cjsLexerSource.mjs';
import { instrumenterBuildId } from './buildIdentity.mjs';
import { syncManifest } from './manifestSchema.mjs';
import instrumentRealmBuild from './instrumentRealmBuild.cjs';
import exitDrainRealmBuild from './exitDrainRealmBuild.cjs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  target: 'node20',
  // The instrumentation cache's build key (scripts/buildIdentity.mjs, runtime/format/version.ts).
  define: {
    __REWIND_INSTRUMENTER_BUILD__: JSON.stringify(instrumenterBuildId(process.cwd())),
    ...cjsLexerSourceDefine(),
    // The instrumenter's private-realm bundle, beside the loader's (runtime/loader/instrumentRealm.ts).
    __REWIND_INSTRUMENT_REALM_FILE__: JSON.stringify('instrumentRealm.js'),
    // The exit drain's private-realm bundle, as text (runtime/recorder/exitDrain.ts).
    ...exitDrainRealmBuild.exitDrainRealmSourceDefine(process.cwd()),
  },
};
const entries = [
  { in: 'extension/extension.ts', out: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode'] },
  { in: 'debug-adapter/main.ts', out: 'dist/debugAdapter.js', platform: 'node', format: 'cjs' },
  // `rewind`: a stub (runtime/cliStub.ts) that runs the CLI's body through a V8 code cache.
  {
    in: 'runtime/cliStub.ts',
    out: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  { in: 'debug-adapter/cli/main.ts', out: 'dist/cliMain.js', platform: 'node', format: 'cjs' },
  // `rewind record`'s body: the recording side alone (the stub picks it for that command).
  { in: 'debug-adapter/cli/recordMain.ts', out: 'dist/cliRecord.js', platform: 'node', format: 'cjs' },
  { in: 'runtime/bootloader.ts', out: 'dist/bootloader.js', platform: 'node', format: 'cjs' },
  { in: 'runtime/bootloaderMain.ts', out: 'dist/bootloaderMain.js', platform: 'node', format: 'cjs' },
  { in: 'runtime/loader/esmHooks.ts', out: 'dist/esmHooks.mjs', platform: 'node', format: 'esm' },
  { in: 'runtime/loader/esmHooksBody.ts', out: 'dist/esmHooksBody.js', platform: 'node', format: 'cjs' },
  { in: 'runtime/recorder/drainWorker.ts', out: 'dist/drainWorker.js', platform: 'node', format: 'cjs' },
  { in: 'webview/main.ts', out: 'dist/webview/timeline.js', platform: 'browser', format: 'iife', target: 'chrome120' },
];

// package.json's launch schema and settings follow protocol/launchAttributes.ts (VS Code reads only package.json).
await syncManifest();
mkdirSync('dist', { recursive: true });
const missing = entries.filter((entry) => !existsSync(entry.in));
for (const entry of missing) console.warn(`build: skipping ${entry.in} (not written yet)`);
await Promise.all(
  entries
    .filter((entry) => existsSync(entry.in))
    .map(async (entry) => {
      const { in: entryPoint, out: outfile, ...options } = entry;
      await build({ ...common, ...options, entryPoints: [entryPoint], outfile });
      if (options.platform === 'node') asciiOnlyComments(outfile, options.format === 'esm' ? 'module' : 'script');
      if (outfile === 'dist/cli.js') chmodSync(outfile, 0o755);
    }),
);
// The instrumenter alone, for the loader's private realm: no source map (it is read as text, never
// named by a stack a user sees) and no defines (it needs neither the build id nor the lexer).
await build({ ...instrumentRealmBuild.instrumentRealmBuildOptions(process.cwd()), outfile: 'dist/instrumentRealm.js' });
asciiOnlyComments('dist/instrumentRealm.js', 'script');
if (existsSync('webview/timeline.css')) {
  await build({
    ...common,
    sourcemap: false,
    entryPoints: ['webview/timeline.css'],
    outfile: 'dist/webview/timeline.css',
    bundle: true,
  });
}
if (watch) console.log('build: --watch is not supported; rerun npm run build');
