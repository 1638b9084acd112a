// A small vitest suite (TypeScript and JavaScript, passing and failing tests, a timer) written
// into a scratch folder, with the repository's vitest linked into its node_modules as a user's own
// install would be: the CLI and DAP tests of recording vitest (loader/vmModules.ts) share it.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../..');
export const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');

export const SHAPES = [
  'export interface Rect {',
  '  width: number;',
  '  height: number;',
  '}',
  '',
  'export function area(rect: Rect): number {',
  '  const product: number = rect.width * rect.height;',
  '  if (product < 0) throw new Error(`negative area: ${product}`);',
  '  return product;',
  '}',
];
export const FORMAT = [
  'export function label(name, value) {',
  '  const text = `${name}=${value}`;',
  '  return text;',
  '}',
];
export const TESTS = [
  "import { expect, test } from 'vitest';",
  "import { area } from './shapes';",
  "import { label } from './format.js';",
  '',
  "test('area of a rectangle', () => {",
  '  const size = area({ width: 3, height: 4 });',
  "  expect(label('area', size)).toBe('area=12');",
  '});',
  '',
  "test('a wrong expectation fails at its line', () => {",
  '  const size: number = area({ width: 2, height: 2 });',
  '  expect(size).toBe(5);',
  '});',
  '',
  "test('an error thrown below the test shows its own line', () => {",
  '  area({ width: -1, height: 2 });',
  '});',
  '',
  "test('waits for a timer, and reads a function as text', async () => {",
  '  await new Promise((resolve) => setTimeout(resolve, 5));',
  "  expect(area.toString()).toContain('rect.width * rect.height');",
  '  console.log(new Error(`checked`).stack!.split(`\\n`)[1]);',
  '});',
];
export const SUITE_FILES = ['format.js', 'shapes.test.ts', 'shapes.ts'];

export function writeVitestSuite(directory: string): void {
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'suite', type: 'module' }));
  writeFileSync(join(directory, 'shapes.ts'), `${SHAPES.join('\n')}\n`);
  writeFileSync(join(directory, 'format.js'), `${FORMAT.join('\n')}\n`);
  writeFileSync(join(directory, 'shapes.test.ts'), `${TESTS.join('\n')}\n`);
  mkdirSync(join(directory, 'node_modules'));
  // vitest from the repository, found from the suite as a user's own install would be.
  symlinkSync(join(REPO, 'node_modules', 'vitest'), join(directory, 'node_modules', 'vitest'), 'dir');
}

/** The suite's vitest must not take the test run's own vitest environment for its own; no colours. */
export const VITEST_ENV = {
  NO_COLOR: '1',
  VITEST: '',
  VITEST_WORKER_ID: '',
  VITEST_POOL_ID: '',
  VITEST_MODE: '',
  TEST: '',
};
