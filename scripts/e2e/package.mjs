// `npm run package`: builds dist/, then packs rewind-<version>.vsix into the repository root with
// @vscode/vsce 4 running on Node 24 from the tool cache (ensure-vsce.sh). Dependencies are bundled
// into dist/ by esbuild, so vsce packs no node_modules (--no-dependencies; .vscodeignore).
// Prints the .vsix path and size; exits non-zero on any failure. REWIND_SKIP_BUILD=1 skips the build.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Packs the extension folder `root` (default: this repository) into `root`/rewind-<version>.vsix. */
export function packageVsix(root = repoRoot) {
  const run = (file, args, options = {}) =>
    execFileSync(file, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  const startedMs = Date.now();
  // REWIND_SKIP_BUILD=1 packs the dist/ already there (for iterating on the tests themselves).
  if (!process.env.REWIND_SKIP_BUILD) run(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const vsce = run('bash', [join(repoRoot, 'scripts/e2e/ensure-vsce.sh')]).trim();
  const node24Bin = run('bash', [join(repoRoot, 'scripts/e2e/ensure-node24.sh')]).trim();
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(root, `rewind-${version}.vsix`);
  run(join(node24Bin, 'node'), [vsce, 'package', '--no-dependencies', '--skip-license', '--out', out], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${node24Bin}:${process.env.PATH}` },
  });
  const sizeBytes = statSync(out).size;
  console.log(
    `package: ${out} (${(sizeBytes / 1024).toFixed(1)} KiB) in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`,
  );
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) packageVsix();
