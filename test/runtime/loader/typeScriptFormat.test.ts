// How a .ts file outside any "type" package is run (Node's module-syntax detection, which Node 20.19+
// and 22.7+ apply): ES import/export at a line start makes it a module; a namespace's indented
// `export`s and TypeScript's CommonJS `import x = require()` do not (issue 14 item 8).
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { typeScriptFormat } from '../../../runtime/loader/esmLoad';

const FILE = join(tmpdir(), 'rewind-no-package', 'x.ts');

describe('typeScriptFormat without a package type', () => {
  it.each([
    ['namespace N {\n  export const a = 1;\n  export function f() {}\n}', 'commonjs'],
    ["import fs = require('node:fs');\nexport = fs;", 'commonjs'],
    ["import x=require('y');", 'commonjs'],
    ["import { a } from './a';", 'module'],
    ["import x from './a';", 'module'],
    ['export const a = 1;', 'module'],
    ['const a = 1;', 'commonjs'],
  ])('%j → %s', (source, format) => {
    expect(typeScriptFormat(FILE, source)).toBe(format);
  });
});
