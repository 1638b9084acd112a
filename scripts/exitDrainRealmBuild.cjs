// How the exit drain's private-realm bundle is built (runtime/recorder/exitDrainBundle.ts): the
// Drain and its format code as a CommonJS body the recorder evaluates in a vm context of its own
// when a producer drains its ring at exit (runtime/recorder/exitDrain.ts). Platform neutral: a
// Node built-in imported by the drain fails the build, since the realm has none. Embedded in the
// recorder's body as text (a define), so the exit reads no file. Shared by scripts/build.mjs and
// the tests' recorder build (test/support/recorder/build.ts).
const { buildSync } = require('esbuild');
const { join } = require('node:path');

/** The esbuild define that embeds the bundle's text, built from the repository at `root`. */
function exitDrainRealmSourceDefine(root) {
  const { outputFiles } = buildSync({
    entryPoints: [join(root, 'runtime/recorder/exitDrainBundle.ts')],
    bundle: true,
    platform: 'neutral',
    format: 'cjs',
    // Minified: it is compiled at every exit that drains (~3 ms less there); never shown to a user.
    minify: true,
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  return { __REWIND_EXIT_DRAIN_SOURCE__: JSON.stringify(outputFiles[0].text) };
}

module.exports = { exitDrainRealmSourceDefine };
