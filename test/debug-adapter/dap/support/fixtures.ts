// Fixture programs of test/fixtures/dap and the `// @line:name` markers in them, so tests name
// lines instead of hard-coding numbers that drift when a fixture changes.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../../..');
export const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/dap');
export const ADAPTER = path.join(REPO_ROOT, 'dist/debugAdapter.js');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** The 1-based line carrying `// @line:<marker>` in a fixture. */
export function lineOf(file: string, marker: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`@line:${marker}`));
  if (index < 0) throw new Error(`marker @line:${marker} not found in ${file}`);
  return index + 1;
}
