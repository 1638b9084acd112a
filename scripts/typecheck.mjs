// Type-checks the whole tree, then each folder against its own fence (ARCHITECTURE.md §2):
// a folder's tsconfig only knows the globals and modules that folder may use.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = [
  'tsconfig.json',
  'protocol',
  'runtime/format',
  'runtime/instrument',
  'runtime',
  'debug-adapter',
  'extension',
  'webview',
];
let failed = false;
for (const project of projects) {
  if (!existsSync(project)) continue;
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck failed: ${project}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
