// Bundles openPeak.ts (esbuild, a dev dependency) and runs it: `node scripts/faults/openPeak.mjs gen
// FILE SIZE_MIB`, then `node scripts/faults/openPeak.mjs open FILE` (WINDOW_MIB=N for another window).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const folder = mkdtempSync(join(tmpdir(), 'rewind-openpeak-'));
const bundle = join(folder, 'openPeak.cjs');
try {
  await build({
    entryPoints: [new URL('openPeak.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    outfile: bundle,
    logLevel: 'warning',
  });
  execFileSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
} finally {
  rmSync(folder, { recursive: true, force: true });
}
