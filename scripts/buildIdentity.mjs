// The instrumenter build's identity: a hash of everything that decides what a build instruments and
// how its code calls the recorder — every source file under runtime/, every file of a package the
// bundles take in from node_modules (acorn, its TypeScript plugin, magic-string, estree-walker…),
// the texts the build embeds (cjs-module-lexer's) and the build scripts' own options.
// scripts/build.mjs bakes it into the bundles, and the instrumentation cache keys on it beside
// INSTRUMENTER_VERSION, so two builds that produce different instrumented code never serve each
// other's cache entries: a change that forgot the version bump, two branches that bumped to the same
// number, or a dependency updated under an unchanged runtime/ (an acorn that parses differently
// would otherwise be served the old entries).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSync } from 'esbuild';
import { cjsLexerSourceDefine } from './cjsLexerSource.mjs';

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? sourceFiles(join(dir, entry.name))
        : entry.name.endsWith('.ts')
          ? [join(dir, entry.name)]
          : [],
    )
    .sort();
}

/**
 * Every file a bundle of runtime/ reads, relative to rootDir and sorted: runtime/**.ts (each one, so
 * a file no entry imports yet still counts) and whatever they import from node_modules, as esbuild
 * resolves it (one bundle importing them all; ~0.3 s).
 */
export function instrumenterBuildInputs(rootDir) {
  const runtimeFiles = sourceFiles(join(rootDir, 'runtime')).map((file) => relative(rootDir, file));
  const { metafile } = buildSync({
    stdin: {
      contents: runtimeFiles.map((file) => `import ${JSON.stringify(`./${file}`)};`).join('\n'),
      resolveDir: rootDir,
      loader: 'ts',
    },
    absWorkingDir: rootDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    treeShaking: false,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const bundled = Object.keys(metafile.inputs).filter((input) => input !== '<stdin>');
  return [...new Set([...runtimeFiles, ...bundled])].sort();
}

/**
 * The scripts whose options shape the bundles (target, format, the private realm's bundle, the
 * embedded lexer): a change there can change instrumented code with no input changed.
 */
const BUILD_SCRIPTS = ['scripts/build.mjs', 'scripts/instrumentRealmBuild.cjs', 'scripts/cjsLexerSource.mjs'];

/** sha256 over the inputs, the build scripts (path and bytes of each) and the embedded texts: 16 hex digits. */
export function instrumenterBuildId(rootDir) {
  const hash = createHash('sha256');
  const scripts = BUILD_SCRIPTS.filter((file) => existsSync(join(rootDir, file)));
  for (const file of [...instrumenterBuildInputs(rootDir), ...scripts]) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(rootDir, file)))
      .update('\0');
  }
  for (const [name, text] of Object.entries(cjsLexerSourceDefine()).sort()) {
    hash.update(name).update('\0').update(text).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
