// The call-shape sweep (issue 14 item 2): generates calls whose callee is not a function — 71
// callee bases (names, paths, literals, function and class literals of every body size, writes,
// operators…) × 16 call suffixes (`()`, `()()`, `.x()`, `[0]()`, `(1)`, `.call()`, optional links and
// calls, computed keys…), the same bases after `new` × 5 suffixes ("… is not a constructor"), and
// writes heading longer optional chains — runs them plain and under `rewind record`, and prints
// each message that differs. Needs `npm run build`.
//
//   node scripts/sweeps/callShapes.mjs [--node PATH]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const nodeAt = process.argv.indexOf('--node');
const node = nodeAt > 0 ? process.argv[nodeAt + 1] : process.execPath;

const BASES = [
  ...['o', 'o.a', 'o["a"]', 'o[0]', 'o.f()', 'o.g(1)', 'o.f(1, 2)', '(0, o.a)', 'o.arr[0]'],
  ...['1', '"s"', '`t`', '`t${1}`', 'null', 'true', '/r/g', '1n'],
  ...['((a) => a)(1)', '(() => {})()', '(() => { 1; })()', '(() => { 1; 2; })()', '(() => { 1; 2; 3; })()'],
  ...['(function () {})()', '(function () { return 1; })()', '(function (a, b) { a; b; return a; })(1)'],
  ...['(function* () { yield 1; })()', '(async () => 1)()', '(async function () { await 1; return 2; })()'],
  ...['((a = 1) => a)()', '(({ a }) => a)({})', '((...r) => r)()'],
  ...['(class {})', '(class { m() {} })', '(class extends Object {})', 'new Object()', '[1]', '[1, 2]', '[...[1]]'],
  ...['({})', '({ a: 1 })', '({ a: 1, b: 2 })', '(o ? 1 : 2)', '(1, 2)', '(o.a = 3)', '(o.b += 1)', '(!o)', '(-o.a)'],
  ...['(typeof o)', '(void 0)', '(o.a + 1)', '(o.a + o.a + o.a)', '(o.a && o.b)', '(o.n ?? 1)', 'o.f()()', 'o.f().x'],
  ...['o.h()', 'this', 'o?.a', 'o.f?.()', 'String.raw`x`', 'tag`x`', '(() => 1)', '(function () {})'],
  ...['(function () { 1; 2; })', '(async () => {})', '(o.a++)', '(++o.a)', 'o.g(o.a())', 'arguments', '(x => x)'],
  '((a, b) => { a; b; })',
];
const SUFFIXES = ['()', '()()', '.x()', '[0]()', '(1)', '.call()', '?.x()'];
/** Optional calls and links, computed and string keys (issue 14 item 2's last family: `(o.a = 3)[0]()`). */
SUFFIXES.push('?.()', '?.[0]()', '.x?.()', '[o.a]()', '?.x.y()', '.x.y()', '["x"]()', '`t`', '[0]`t`');
/** `new` of each base (issue 14 item 3: `new (o.a = 3)[0]()`). */
const NEW_SUFFIXES = ['()', '', '[0]()', '.x(1)', '["x"]'];
/** A write at the head of a longer optional chain (issue 14 item 3: `(o.a = x)?.b.c()`). */
const CHAIN_HEADS = ['(o.a = o)', '(o.a = o.h())', '(o.a ||= o)', '(o.a &&= o)', '(o.n ??= o)', '(o.a = null)'];
const CHAIN_SUFFIXES = ['?.h().x()', '?.arr.x()', '?.arr?.x()', '?.h()?.x?.()', '?.a.b()', '?.x?.y.z()'];

function program() {
  const lines = [];
  for (const base of BASES)
    for (const suffix of SUFFIXES) {
      const code = `${base}${suffix}`;
      try {
        new Function('o', 'tag', code);
      } catch {
        continue; // not a call JavaScript can write
      }
      lines.push(`t(${JSON.stringify(code)}, function () { return ${code}; });`);
    }
  for (const base of BASES)
    for (const suffix of NEW_SUFFIXES) {
      const code = `new ${base}${suffix}`;
      try {
        new Function('o', 'tag', code);
      } catch {
        continue;
      }
      lines.push(`t(${JSON.stringify(code)}, function () { return ${code}; });`);
    }
  for (const head of CHAIN_HEADS)
    for (const suffix of CHAIN_SUFFIXES) {
      const code = `${head}${suffix}`;
      lines.push(`t(${JSON.stringify(code)}, function () { o.a = 1; o.n = null; return ${code}; });`);
    }
  return [
    "function t(code, f) { try { f.call(globalThis); console.log(code, 'ok'); } catch (e) { console.log(code, e.constructor.name, e.message); } }",
    'const o = { a: 1, f() { return 1; }, g: (x) => 2, h() { return o; }, arr: [1], n: null };',
    'function tag() { return 1; }',
    ...lines,
  ].join('\n');
}

const folder = mkdtempSync(join(tmpdir(), 'rewind-call-shapes-'));
try {
  const file = join(folder, 'shapes.js');
  writeFileSync(file, program());
  const env = { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: join(folder, 'cache') };
  const plain = spawnSync(node, [file], { encoding: 'utf8', env }).stdout.split('\n');
  const cli = join(REPO_ROOT, 'dist', 'cli.js');
  const recorded = spawnSync(node, [cli, 'record', '--out', join(folder, 'trace.rwd'), '--', file], {
    encoding: 'utf8',
    env,
  }).stdout.split('\n');
  let differing = 0;
  plain.forEach((line, index) => {
    if (line === recorded[index]) return;
    differing++;
    console.log(`plain:    ${line}\nrecorded: ${recorded[index]}`);
  });
  console.log(`${plain.length - 1} call shapes, ${differing} with a different message (${node})`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
