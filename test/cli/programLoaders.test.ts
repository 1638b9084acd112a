// INS-27, other loaders: a program that brings its own TypeScript loader (tsx, `--import tsx`: the
// most common way to run TypeScript on Node) runs as it does unrecorded and is recorded whole.
// tsx's hooks sit outside the recorder's and compile what the recorder hands them again; some of
// its CommonJS it reads and compiles itself, past every hook (loader/foreignHooks.ts, esmLoad.ts
// `forProgramLoader`, cjsHook.ts). Each package layout below takes a different path through tsx
// on each Node version. Before this, an ES-module-syntax file in a CommonJS package crashed on
// Node 20 and recorded nothing on 22 and 24, a require() program crashed on 22 and 24, and no
// crash's stack showed the TypeScript's positions.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO, assertBuilt, infoJson, nodeBinaries, plainNode, rewind, scratchDirectory } from './harness';

interface Layout {
  name: string;
  packageJson: object;
  app: string;
  lib: string;
  /** More files of the program, by name. */
  more?: Record<string, string>;
  /** STEPs a whole recording has: every statement of the program's files, once. */
  steps: number;
}

const MAIN = [
  'function main(p: { x: number }): number {',
  '  const y: number = helper(p.x);',
  '  return y * 2;',
  '}',
  'console.log(main({ x: Number(process.argv[2] ?? 3) }));',
];
const HELPER = [
  'function helper(n: number): number {',
  '  const k: number = n + 1;',
  '  if (k > 9) throw new Error(`too big: ${k}`);',
  '  return k;',
  '}',
];

const LAYOUTS: Layout[] = [
  {
    // tsx makes this CommonJS; Node itself refuses it.
    name: 'ES module syntax in a package declared CommonJS',
    packageJson: { type: 'commonjs' },
    app: ["import { helper } from './lib';", ...MAIN].join('\n'),
    lib: ['export ' + HELPER[0], ...HELPER.slice(1)].join('\n'),
    steps: 6,
  },
  {
    name: 'require() in a package declared CommonJS',
    packageJson: { type: 'commonjs' },
    app: ["const { helper } = require('./lib');", ...MAIN].join('\n'),
    lib: [...HELPER, 'module.exports = { helper };'].join('\n'),
    steps: 8,
  },
  {
    // tsx's handler of `.js` is its own too: the JavaScript goes through it.
    name: 'TypeScript that requires JavaScript, in a package declared CommonJS',
    packageJson: { type: 'commonjs' },
    app: ["import { helper } from './lib';", "const { note } = require('./note.js');", ...MAIN].join('\n'),
    lib: ['export ' + HELPER[0], ...HELPER.slice(1)].join('\n'),
    more: { 'note.js': 'function note(text) {\n  return text;\n}\nmodule.exports = { note };\n' },
    steps: 8,
  },
  {
    name: 'a package declared an ES module',
    packageJson: { type: 'module' },
    app: ["import { helper } from './lib';", ...MAIN].join('\n'),
    lib: ['export ' + HELPER[0], ...HELPER.slice(1)].join('\n'),
    steps: 6,
  },
];

/** A project in `directory` with `layout`'s files and tsx installed (the repository's, linked). */
function writeProject(directory: string, layout: Layout): void {
  writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'p', ...layout.packageJson }));
  writeFileSync(join(directory, 'app.ts'), `${layout.app}\n`);
  writeFileSync(join(directory, 'lib.ts'), `${layout.lib}\n`);
  for (const [name, text] of Object.entries(layout.more ?? {})) writeFileSync(join(directory, name), text);
  symlinkSync(join(REPO, 'node_modules'), join(directory, 'node_modules'), 'dir');
}

/** Each recorded function's name → where the trace says it starts (`rewind export`'s slices). */
async function functionLocations(trace: string, node: string): Promise<Map<string, string>> {
  const exported = await rewind(['export', trace, '--format', 'chrome-trace'], {}, node);
  expect(exported.code).toBe(0);
  const events = (
    JSON.parse(exported.stdout) as { traceEvents: Array<{ ph: string; name: string; args?: { location?: string } }> }
  ).traceEvents;
  const locations = new Map<string, string>();
  for (const event of events)
    if (event.ph === 'B' && event.args?.location) locations.set(event.name, event.args.location);
  return locations;
}

describe.each(nodeBinaries({ node22: true }))('a program run with --import tsx, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it.each(LAYOUTS)('$name: runs as unrecorded and is recorded whole', async (layout) => {
    scratch = scratchDirectory();
    writeProject(scratch.path, layout);
    const plain = await plainNode(['--import', 'tsx', 'app.ts'], { cwd: scratch.path }, node);
    expect(plain).toMatchObject({ stdout: '8\n', stderr: '', code: 0 });
    const trace = join(scratch.path, 't.rwd');
    const recorded = await rewind(
      ['record', '--out', trace, '--node-arg=--import=tsx', '--', 'app.ts'],
      { cwd: scratch.path, timeoutMs: 60_000 },
      node,
    );
    expect({ stdout: recorded.stdout, stderr: recorded.stderr, code: recorded.code }).toEqual({
      stdout: plain.stdout,
      stderr: plain.stderr,
      code: plain.code,
    });
    const info = await infoJson(trace);
    expect(info.complete).toBe(true);
    const files = ['app.ts', 'lib.ts', ...Object.keys(layout.more ?? {})].map((name) => join(scratch.path, name));
    expect([...info.files].sort()).toEqual(files.sort());
    // Every statement once: no file instrumented twice, none run uninstrumented.
    expect(info.steps).toBe(layout.steps);
    // Positions are the TypeScript's own, though tsx compiled the instrumented code again.
    const locations = await functionLocations(trace, node);
    const mainLine = layout.app.split('\n').indexOf(MAIN[0]) + 1;
    expect(locations.get('main')).toBe(`${join(scratch.path, 'app.ts')}:${mainLine}:1`);
    const helperColumn = layout.lib.startsWith('export') ? 8 : 1;
    expect(locations.get('helper')).toBe(`${join(scratch.path, 'lib.ts')}:1:${helperColumn}`);
  });

  it.each(LAYOUTS)('$name: a crash prints the stack a plain run prints', async (layout) => {
    scratch = scratchDirectory();
    writeProject(scratch.path, layout);
    const plain = await plainNode(['--import', 'tsx', 'app.ts', '20'], { cwd: scratch.path }, node);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Error: too big: 21');
    const recorded = await rewind(
      ['record', '--out', join(scratch.path, 't.rwd'), '--node-arg=--import=tsx', '--', 'app.ts', '20'],
      { cwd: scratch.path, timeoutMs: 60_000 },
      node,
    );
    expect(recorded.code).toBe(plain.code);
    expect(recorded.stdout).toBe(plain.stdout);
    // One known difference: in tsx's CommonJS output the module's own frame (its call of the
    // function tsx wraps the module body in, which has no place in the TypeScript) may come out a
    // column further on (the `;` after the last statement, not its `)`): tsx's esbuild maps that call
    // to the last mapped position before it, where the instrumenter appends its module exit.
    const moduleFrameColumn = /^( {4}at Object\.<anonymous> \(.*:\d+:)\d+\)$/gm;
    const withoutColumn = (stderr: string): string => stderr.replace(moduleFrameColumn, '$1…)');
    expect(withoutColumn(recorded.stderr)).toBe(withoutColumn(plain.stderr));
    expect(recorded.stderr).toContain(`at helper (${join(scratch.path, 'lib.ts')}:3:20)`);
  });
});

// The recorder turns Node's source maps on and hides the map comments of files it leaves alone
// (loader/instrumentFile.ts `plainSource`). A dependency that writes map comments into code it
// generates (tsx, bundlers) holds that comment's text in a string: the program must get it as written.
describe.each(nodeBinaries())('a dependency whose strings hold a map comment, on $label', ({ path: node }) => {
  beforeAll(assertBuilt);
  let scratch: ReturnType<typeof scratchDirectory>;
  afterEach(() => scratch.remove());

  it('gets its strings as written', async () => {
    scratch = scratchDirectory();
    const dependency = join(scratch.path, 'node_modules', 'emitter');
    mkdirSync(dependency, { recursive: true });
    writeFileSync(
      join(dependency, 'index.js'),
      [
        // As tsx's own bundle has it: the last match in the file, inside a template literal.
        'const MAP_COMMENT = `\n//# sourceMappingURL=data:application/json;base64,`, twice = (s) => s + s;',
        "exports.withMap = (code, map) => code + MAP_COMMENT + Buffer.from(JSON.stringify(map)).toString('base64');",
        '',
      ].join('\n'),
    );
    writeFileSync(join(scratch.path, 'main.js'), "console.log(require('emitter').withMap('f();', { version: 3 }));\n");
    const plain = await plainNode(['main.js'], { cwd: scratch.path }, node);
    expect(plain.stdout).toBe('f();\n//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozfQ==\n');
    const recorded = await rewind(
      ['record', '--out', join(scratch.path, 't.rwd'), '--', 'main.js'],
      { cwd: scratch.path },
      node,
    );
    expect({ stdout: recorded.stdout, stderr: recorded.stderr, code: recorded.code }).toEqual({
      stdout: plain.stdout,
      stderr: plain.stderr,
      code: plain.code,
    });
  });
});
