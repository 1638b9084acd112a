// Runs test262-format tests plain and under `rewind record` and reports how many of the plain passes
// survive recording (issue 14). By default the vendored sample in test/fixtures/test262 (written for
// Rewind in test262's format, not tc39's files; see its README); `--root` runs a real tc39/test262
// checkout, `--sample N` a spread sample of it. Needs `npm run build` first (it runs dist/cli.js).
//
//   node scripts/test262.mjs [--root DIR] [--paths language,built-ins] [--sample N] [--node PATH]
//                            [--jobs N] [--timeout-ms N] [--json] [--report-only] [--exceptions FILE]
//                            [--require-identical]
//
// Each test runs as a file (a CommonJS module, or an ES module with flags: [module]), since files
// are what the recorder instruments: a test relying on a script's global `var` behaves as a module
// would, plain and recorded alike. Exit status 1 when a test that passes plain fails recorded and
// is not a documented exception (scripts/test262/exceptions.json), unless --report-only; with
// --require-identical also when a scenario's exit status or stdout differs recorded (CI's setting).
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseMetadata } from './test262/metadata.mjs';
import { judge, programText, scenariosOf } from './test262/scenarios.mjs';

// REWIND_TEST_LEAF_CALLS=1 records with `--leaf-calls` (regenerable leaves, issue 9 §2; default off).
const LEAF_OPTIONS = process.env.REWIND_TEST_LEAF_CALLS === '1' ? ['--leaf-calls'] : [];

const REPO_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function parseArgs(argv) {
  const options = {
    root: join(REPO_ROOT, 'test', 'fixtures', 'test262'),
    paths: [''],
    sample: 0,
    node: process.execPath,
    jobs: Math.max(1, Math.min(4, availableParallelism())),
    timeoutMs: 20_000,
    json: false,
    reportOnly: false,
    requireIdentical: false,
    exceptions: join(REPO_ROOT, 'scripts', 'test262', 'exceptions.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--root') options.root = resolve(value());
    else if (arg === '--paths') options.paths = value().split(',');
    else if (arg === '--sample') options.sample = Number(value());
    else if (arg === '--node') options.node = value();
    else if (arg === '--jobs') options.jobs = Math.max(1, Number(value()));
    else if (arg === '--timeout-ms') options.timeoutMs = Number(value());
    else if (arg === '--json') options.json = true;
    else if (arg === '--report-only') options.reportOnly = true;
    else if (arg === '--require-identical') options.requireIdentical = true;
    else if (arg === '--exceptions') options.exceptions = resolve(value());
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

function testFilesUnder(dir) {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFilesUnder(path);
    return entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE') ? [path] : [];
  });
}

/** Every n-th file of the sorted list, so a sample of N spreads over every directory. */
export function spreadSample(files, size) {
  if (!size || size >= files.length) return files;
  const step = files.length / size;
  return Array.from({ length: size }, (_, i) => files[Math.floor(i * step)]);
}

function run(command, args, cwd, options) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', REWIND_CACHE_DIR: options.cacheDir },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolveRun({ status, stdout, stderr, timedOut });
    });
  });
}

/** One scenario in its own folder (module tests import themselves and their _FIXTURE files by name). */
async function runScenario(file, source, metadata, scenario, options) {
  const work = mkdtempSync(join(tmpdir(), 'rewind-test262-'));
  try {
    const dir = join(work, 'test');
    const program = join(dir, basename(file));
    mkdirSync(dir);
    writeFileSync(program, programText(source, metadata, scenario, join(options.root, 'harness')));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: scenario.module ? 'module' : 'commonjs' }));
    for (const sibling of readdirSync(dirname(file)))
      if (sibling.includes('_FIXTURE')) copyFileSync(join(dirname(file), sibling), join(dir, sibling));
    const plain = await run(options.node, [program], dir, options);
    const recorded = await run(
      options.node,
      [CLI, 'record', ...LEAF_OPTIONS, '--out', join(work, 'trace.rwd'), '--', program],
      dir,
      options,
    );
    return {
      test: relative(join(options.root, 'test'), file),
      scenario: scenario.name,
      plain: judge(metadata, plain),
      recorded: judge(metadata, recorded),
      identical: plain.status === recorded.status && plain.stdout === recorded.stdout,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const files = spreadSample(
    options.paths.flatMap((path) => testFilesUnder(join(options.root, 'test', path))).sort(),
    options.sample,
  );
  const jobs = files.flatMap((file) => {
    const source = readFileSync(file, 'utf8');
    const metadata = parseMetadata(source);
    return scenariosOf(metadata).map((scenario) => () => runScenario(file, source, metadata, scenario, options));
  });
  // One cache for the whole run, as a user's runs share theirs: every recorded run after the first
  // loads the CLI and recorder bodies from the V8 code cache (a fresh folder per scenario made each
  // one compile and write them again, ~100 ms of CPU a scenario), and concurrent jobs exercise the
  // cache's concurrent writers. The instrumented test files themselves differ, so they still miss.
  options.cacheDir = mkdtempSync(join(tmpdir(), 'rewind-test262-cache-'));
  const started = performance.now();
  const results = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.jobs, jobs.length) }, async () => {
        while (next < jobs.length) results.push(await jobs[next++]());
      }),
    );
  } finally {
    rmSync(options.cacheDir, { recursive: true, force: true });
  }
  results.sort((a, b) => (a.test + a.scenario).localeCompare(b.test + b.scenario));
  const plainPasses = results.filter((r) => r.plain.pass);
  const documented = new Map(
    JSON.parse(readFileSync(options.exceptions, 'utf8')).exceptions.map((e) => [e.test, e.reason]),
  );
  const lost = plainPasses.filter((r) => !r.recorded.pass);
  const undocumented = lost.filter((r) => !documented.has(r.test));
  const summary = {
    root: options.root,
    node: options.node,
    files: files.length,
    scenarios: results.length,
    plainPasses: plainPasses.length,
    keptPasses: plainPasses.length - lost.length,
    preservedPercent: plainPasses.length ? Math.round((1 - lost.length / plainPasses.length) * 10000) / 100 : 100,
    identicalOutput: results.filter((r) => r.identical).length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    lost: lost.map((r) => ({
      test: r.test,
      scenario: r.scenario,
      reason: r.recorded.reason,
      documented: documented.get(r.test) ?? null,
    })),
    different: results
      .filter((r) => !r.identical)
      .map((r) => ({ test: r.test, scenario: r.scenario, documented: documented.get(r.test) ?? null })),
    plainFailures: results
      .filter((r) => !r.plain.pass)
      .map((r) => ({ test: r.test, scenario: r.scenario, reason: r.plain.reason })),
  };
  if (options.json) console.log(JSON.stringify(summary, null, 2));
  else {
    console.log(
      `test262 (${summary.files} files, ${summary.scenarios} scenarios, ${summary.seconds} s, ${options.node}):`,
    );
    console.log(
      `  plain passes ${summary.plainPasses}; still passing when recorded ${summary.keptPasses} (${summary.preservedPercent}%); identical output ${summary.identicalOutput}/${summary.scenarios}`,
    );
    for (const item of summary.lost)
      console.log(
        `  ${item.documented ? 'lost (documented exception)' : 'LOST'} ${item.test} [${item.scenario}]: ${item.reason}`,
      );
    for (const item of summary.different)
      console.log(
        `  ${item.documented ? 'different (documented exception)' : 'DIFFERENT'} ${item.test} [${item.scenario}]: exit status or stdout`,
      );
    for (const item of summary.plainFailures)
      console.log(`  fails plain ${item.test} [${item.scenario}]: ${item.reason}`);
  }
  const undocumentedDifferences = options.requireIdentical ? summary.different.filter((d) => !d.documented) : [];
  process.exitCode = (undocumented.length || undocumentedDifferences.length) && !options.reportOnly ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
