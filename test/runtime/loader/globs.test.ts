// Include/exclude globs as a table: pattern, path, expected match.
import { describe, expect, it } from 'vitest';
import { createFileFilter, globToRegExp } from '../../../runtime/loader/globs';

const TABLE: Array<[string, string, boolean]> = [
  ['/a/**', '/a/b/c.js', true],
  ['/a/**', '/ab/c.js', false],
  ['**/node_modules/**', '/w/node_modules/x/index.js', true],
  ['**/node_modules/**', '/w/src/node_modules_like/x.js', false],
  ['/w/*.js', '/w/x.js', true],
  ['/w/*.js', '/w/sub/x.js', false],
  ['/w/**/*.ts', '/w/x.ts', true],
  ['/w/**/*.ts', '/w/a/b/x.ts', true],
  ['/w/{src,lib}/*.js', '/w/lib/x.js', true],
  ['/w/{src,lib}/*.js', '/w/test/x.js', false],
  ['/w/file?.js', '/w/file1.js', true],
  ['/w/file?.js', '/w/file10.js', false],
  ['/w/[ab].js', '/w/a.js', true],
  ['/w/[!ab].js', '/w/a.js', false],
  ['/w/a.b+c(d).js', '/w/a.b+c(d).js', true],
];

describe('globToRegExp', () => {
  it.each(TABLE)('%s against %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('createFileFilter', () => {
  it('default: everything under root, nothing in node_modules', () => {
    const filter = createFileFilter({ include: [], exclude: ['**/node_modules/**'], root: '/w' });
    expect(filter('/w/src/a.js')).toBe(true);
    expect(filter('/w/node_modules/dep/a.js')).toBe(false);
    expect(filter('/elsewhere/a.js')).toBe(false);
  });

  it('relative globs are anchored at root; absolute ones stay', () => {
    const filter = createFileFilter({
      include: ['src/**', '/opt/lib/*.js'],
      exclude: ['src/generated/**'],
      root: '/w',
    });
    expect(filter('/w/src/a.js')).toBe(true);
    expect(filter('/w/src/generated/b.js')).toBe(false);
    expect(filter('/w/test/a.js')).toBe(false);
    expect(filter('/opt/lib/x.js')).toBe(true);
  });
});
