// What test262 runs for one test file: its scenarios (sloppy, strict, module or raw, from its flags)
// and each scenario's program text (harness includes + the test). Also judges one run's outcome
// against the test's expectation. Knows test262's rules, nothing of Rewind or of processes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @typedef {{ name: 'sloppy' | 'strict' | 'module' | 'raw', module: boolean }} Scenario */

/** @param {import('./metadata.mjs').Metadata} metadata @returns {Scenario[]} */
export function scenariosOf(metadata) {
  const flags = new Set(metadata.flags);
  if (flags.has('raw')) return [{ name: 'raw', module: false }];
  if (flags.has('module')) return [{ name: 'module', module: true }];
  if (flags.has('onlyStrict')) return [{ name: 'strict', module: false }];
  if (flags.has('noStrict')) return [{ name: 'sloppy', module: false }];
  return [
    { name: 'sloppy', module: false },
    { name: 'strict', module: false },
  ];
}

/** The harness files a test loads, in test262's order: assert.js and sta.js, then async's, then its own. */
export function harnessFilesOf(metadata) {
  if (metadata.flags.includes('raw')) return [];
  const files = ['assert.js', 'sta.js'];
  if (metadata.flags.includes('async')) files.push('doneprintHandle.js');
  for (const include of metadata.includes) if (!files.includes(include)) files.push(include);
  return files;
}

// tc39's doneprintHandle.js reports an async test's end through the host's `print`, which Node lacks
// (test262's Node hosts define it the same way).
const HOST_PRINT = 'function print(text) { console.log(text); }';

/** The program for one scenario: harness then test, one text (line numbers of the test shift by the harness). */
export function programText(source, metadata, scenario, harnessDir) {
  if (scenario.name === 'raw') return source;
  const harness = harnessFilesOf(metadata)
    .map((file) => readFileSync(join(harnessDir, file), 'utf8'))
    .join('\n');
  const host = metadata.flags.includes('async') ? `${HOST_PRINT}\n` : '';
  return `${scenario.name === 'strict' ? '"use strict";\n' : ''}${host}${harness}\n${source}`;
}

/**
 * Pass or fail for one run, by test262's rules: a negative test must end with its error type named
 * on stderr and a failing status; an async test must print its completion line; any other test
 * must exit 0.
 * @param {import('./metadata.mjs').Metadata} metadata
 * @param {{ status: number | null, stdout: string, stderr: string, timedOut?: boolean }} run
 * @returns {{ pass: boolean, reason: string }}
 */
export function judge(metadata, run) {
  if (run.timedOut) return { pass: false, reason: 'timed out' };
  if (metadata.negative) {
    const { type, phase } = metadata.negative;
    if (run.status === 0) return { pass: false, reason: `expected a ${phase} ${type}, exited 0` };
    if (!run.stderr.includes(type))
      return { pass: false, reason: `expected a ${phase} ${type}: ${firstLine(run.stderr)}` };
    if (run.stderr.includes('Test262: This statement should not be evaluated.'))
      return { pass: false, reason: 'evaluated a test that must not parse' };
    return { pass: true, reason: '' };
  }
  if (run.status !== 0) return { pass: false, reason: errorLine(run.stderr) || `exit status ${run.status}` };
  if (metadata.flags.includes('async')) {
    if (run.stdout.includes('Test262:AsyncTestFailure'))
      return { pass: false, reason: firstLine(run.stdout.slice(run.stdout.indexOf('Test262:AsyncTestFailure'))) };
    if (!run.stdout.includes('Test262:AsyncTestComplete')) return { pass: false, reason: 'async test never completed' };
  }
  return { pass: true, reason: '' };
}

function firstLine(text) {
  return text.trim().split('\n')[0] ?? '';
}

/**
 * Node prints the thrown value after the source excerpt; a thrown Test262Error shows as `Test262Error { message: … }`.
 */
function errorLine(stderr) {
  const lines = stderr.split('\n');
  const harnessError = lines.findIndex((line) => /^(Uncaught )?Test262Error \{/.test(line));
  if (harnessError >= 0)
    return `Test262Error: ${/message: (.*)$/.exec(lines.slice(harnessError).find((line) => /message: /.test(line)) ?? '')?.[1] ?? ''}`;
  return lines.find((line) => /^\w*(Error|Exception)\b.*:/.test(line))?.trim() ?? firstLine(stderr);
}
