// How dist/instrumentRealm.js is built: the instrumenter alone (runtime/instrument/realmBundle.ts)
// as a CommonJS body the loader evaluates in a private realm (runtime/loader/instrumentRealm.ts).
// Platform neutral: a Node built-in imported by the instrumenter fails the build, since the
// realm has none. CommonJS, so that scripts/build.mjs, the tests' recorder build
// (test/support/recorder/build.ts) and the loader running unbundled (vitest) share it.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

/** esbuild options for the realm's bundle, from the repository at `root`. */
function instrumentRealmBuildOptions(root) {
  return {
    entryPoints: [join(root, 'runtime/instrument/realmBundle.ts')],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** The bundle's text, built in memory (the loader's unbundled fallback). */
function instrumentRealmText(root) {
  const { outputFiles } = buildSync({ ...instrumentRealmBuildOptions(root), write: false });
  return outputFiles[0].text;
}

module.exports = { instrumentRealmBuildOptions, instrumentRealmText };
