// Picks the real tc39/test262 files vendored in test/test262 (issue 14) from a checkout and copies
// them with the harness files they include and test262's LICENSE. CI cannot fetch test262 (it is not
// on the npm registry), so the files live in the repository. Owns the choice only: which folders, how
// many files each, and which files are left out (below); running and judging is scripts/test262.mjs.
//
//   node scripts/test262/vendor.mjs --from path/to/test262 [--node PATH]... [--out test/test262]
//
// A folder's files are taken as a spread (every n-th of the sorted list). A file is left out when it
// needs what a Node file cannot give (`$262`, the host's agent/realm hooks), imports _FIXTURE
// modules, or fails plain on one of the given Nodes (a feature Node lacks, or script-only global
// semantics a file run as a module does not have): the sample measures recording, not Node.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseMetadata } from './metadata.mjs';
import { harnessFilesOf, judge, programText, scenariosOf } from './scenarios.mjs';

/** Folder (under test/) → how many files; spread over the families where recording can change what a program sees. */
export const QUOTAS = {
  'language/statements/class': 22,
  'language/expressions/class': 12,
  'language/statements/generators': 10,
  'language/expressions/generators': 8,
  'language/statements/async-function': 8,
  'language/expressions/async-arrow-function': 6,
  'language/statements/async-generator': 10,
  'language/statements/for-of': 12,
  'language/expressions/assignment': 12,
  'language/statements/labeled': 6,
  'language/statements/continue': 6,
  'language/statements/break': 5,
  'language/arguments-object': 14,
  'language/eval-code': 14,
  'language/statements/with': 12,
  'language/directive-prologue': 8,
  'language/function-code': 10,
  'language/statements/try': 10,
  'language/expressions/object': 12,
  'language/expressions/call': 6,
  'language/statements/return': 4,
  'language/expressions/tagged-template': 5,
  'language/statements/for-in': 5,
  'language/statements/switch': 5,
  'language/expressions/super': 6,
  'language/expressions/new.target': 4,
  'language/rest-parameters': 3,
  'built-ins/Proxy': 14,
  'built-ins/Reflect': 10,
  'built-ins/Function/prototype/toString': 20,
  'built-ins/Object/defineProperty': 8,
  'built-ins/Array/prototype': 12,
  'built-ins/Promise': 10,
  'built-ins/Symbol': 5,
  'built-ins/Error': 5,
  'built-ins/JSON': 5,
  'built-ins/eval': 3,
  'built-ins/Map': 4,
  'built-ins/Set': 4,
  'built-ins/String/prototype': 5,
  'built-ins/RegExp': 4,
  'built-ins/Function/prototype/bind': 4,
  'built-ins/Object/getOwnPropertyDescriptor': 4,
};

function parseArgs(argv) {
  const options = { from: '', nodes: [], out: resolve('test/test262') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from') options.from = resolve(argv[++i]);
    else if (argv[i] === '--node') options.nodes.push(argv[++i]);
    else if (argv[i] === '--out') options.out = resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!options.from) throw new Error('--from path/to/test262 is required');
  if (!options.nodes.length) options.nodes.push(process.execPath);
  return options;
}

function jsFilesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFilesUnder(path);
    return entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE') ? [path] : [];
  });
}

/** Every file in spread order: 0, n/2, n/4, 3n/4, … so the first k of them spread over the folder. */
function spreadOrder(files) {
  const order = [];
  const seen = new Set();
  for (let parts = 1; order.length < files.length; parts *= 2)
    for (let i = 0; i < parts; i++) {
      const index = Math.floor((i * files.length) / parts);
      if (!seen.has(index)) {
        seen.add(index);
        order.push(files[index]);
      }
    }
  return order;
}

function needsHost(source) {
  return source.includes('$262') || source.includes('_FIXTURE');
}

function passesPlain(file, source, metadata, harnessDir, node) {
  const work = mkdtempSync(join(tmpdir(), 'rewind-vendor-'));
  try {
    return scenariosOf(metadata).every((scenario) => {
      const program = join(work, scenario.module ? 'test.mjs' : 'test.cjs');
      writeFileSync(program, programText(source, metadata, scenario, harnessDir));
      const run = spawnSync(node, [program], { cwd: work, encoding: 'utf8', timeout: 20_000 });
      return judge(metadata, { ...run, timedOut: run.error !== undefined }).pass;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const testRoot = join(options.from, 'test');
  const harnessDir = join(options.from, 'harness');
  const chosen = [];
  for (const [folder, quota] of Object.entries(QUOTAS)) {
    let taken = 0;
    for (const file of spreadOrder(jsFilesUnder(join(testRoot, folder)).sort())) {
      if (taken === quota) break;
      const source = readFileSync(file, 'utf8');
      if (needsHost(source)) continue;
      const metadata = parseMetadata(source);
      if (!options.nodes.every((node) => passesPlain(file, source, metadata, harnessDir, node))) continue;
      chosen.push({ file, metadata });
      taken++;
    }
    console.log(`${folder}: ${taken} of ${quota}`);
  }
  rmSync(options.out, { recursive: true, force: true });
  const harness = new Set();
  for (const { file, metadata } of chosen) {
    const target = join(options.out, 'test', relative(testRoot, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    for (const include of harnessFilesOf({ ...metadata, flags: [...metadata.flags, 'async'] })) harness.add(include);
  }
  mkdirSync(join(options.out, 'harness'), { recursive: true });
  for (const include of harness) copyFileSync(join(harnessDir, include), join(options.out, 'harness', include));
  copyFileSync(join(options.from, 'LICENSE'), join(options.out, 'LICENSE'));
  console.log(`${chosen.length} files, ${harness.size} harness files → ${options.out}`);
  if (!statSync(options.out).isDirectory()) throw new Error('nothing written');
}

main();
