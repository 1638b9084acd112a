// Runs an INS fixture twice as real Node processes: plain from test/fixtures/ins, and instrumented
// (every program file of the folder rewritten by instrument(), probe base 0) from a temp copy with
// a stub recorder preloaded. Paths in the output are normalised so the two can be compared.
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { withoutNode20MappedCaretBlank } from '../../../support/node20Caret';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bindProbeBase, instrument } from '../../../../runtime/instrument';

export const FIXTURE_DIR = resolve(__dirname, '..', '..', '..', 'fixtures', 'ins');

export interface Outcome {
  stdout: string;
  stderr: string;
  status: number | null;
}
export interface StubSummary {
  counts: Record<string, number>;
  firstCalls: string[];
}

/** The preloaded stub: counts hot-path calls per method under every alias the instrumenter may pick. */
const STUB_SOURCE = `
// Builtins captured before user code runs (INS-25: fixtures replace Array.prototype.push and JSON).
const stringify = JSON.stringify;
const counts = {}; const firstCalls = [];
const note = (m, p) => { counts[m] = (counts[m] || 0) + 1; if (firstCalls.length < 200) firstCalls[firstCalls.length] = m + ':' + p; };
let frame = 0;
const stub = {
  s(p) { note('s', p); }, e(p) { note('e', p); return ++frame; }, em(p, t) { note('em', p); return ++frame; },
  r(p, v) { note('r', p); return v; }, rf(p, v) { note('r', p); return v; }, x(f, p) { note('x', p); },
  w(p, v) { note('w', p); return v; }, wf(p, v) { note('w', p); return v; },
  wp(p, v) { note('wp', p); return v; }, wpf(p, v) { note('wp', p); return v; },
  ap(p, o, m, v) { note('w', p); return v; }, apf(p, o, m, v) { note('w', p); return v; }, appendMark() { return 0; },
  pv(p, t, k, v) { note('pv', p); return v; }, pr(p, v) { note('pr', p); return v; }, pp(p, v) { note('pp', p); return v; },
  pd(p, v) { note('pd', p); return v; }, mc(p, v) { note('mc', p); return v; }, mb(p, v) { note('mb', p); return v; }, dp() { return undefined; }, thisEntry(cached) { return cached ?? 0; },
  // Not an event: the recorder's own, so a failing call's message is the one a recorded run shows.
  cr: require(__dirname + '/dataPath.cjs').cr, cf: require(__dirname + '/dataPath.cjs').cf, cn: require(__dirname + '/dataPath.cjs').cn,
  as(f, p, v) { note('as', p); return v; }, ar(f, p, v) { note('ar', p); return v; },
  th(p, v) { note('th', p); return v; }, c(p) { note('c', p); }, envRead(v) { return v; },
  closedBy(f) { return f; }, li() { return 1; },
  emitStart(name, v) { note('emitStart', 0); return v; }, emitEnd(v) { return v; },
};
// e1…e4 / em1…em4: the ENTER and one WRITE per parameter they stand for (a plain loop: no Array methods).
for (let n = 1; n <= 4; n++) {
  stub['e' + n] = (p, ...v) => { note('e', p); for (let i = 0; i < v.length; i++) note('w', p + 1 + i); return ++frame; };
  stub['em' + n] = (p, t, ...v) => { note('em', p); for (let i = 0; i < v.length; i++) note('w', p + 1 + i); return ++frame; };
}
for (const name of ['$rw$', '$rw1$', '$rw2$']) Object.defineProperty(globalThis, name, { value: stub, enumerable: false, configurable: true, writable: false });
const out = process.env.REWIND_STUB_OUT;
const { writeFileSync } = require('node:fs');
if (out) process.on('exit', () => writeFileSync(out, stringify({ counts, firstCalls })));
`;

export interface PreparedCopy {
  dir: string;
  stubPath: string;
  /** Fixture file name → runtimeName, for files that were instrumented. */
  instrumented: Map<string, string>;
  cleanup(): void;
}

export function prepareInstrumentedCopy(level: 'full' | 'calls'): PreparedCopy {
  const root = mkdtempSync(join(tmpdir(), 'rewind-ins-'));
  const dir = join(root, 'ins');
  const stubPath = join(root, 'stub.cjs');
  writeFileSync(stubPath, STUB_SOURCE);
  buildSync({
    entryPoints: [resolve(__dirname, '..', '..', '..', '..', 'runtime', 'recorder', 'dataPath.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: join(root, 'dataPath.cjs'),
    logLevel: 'silent',
  });
  spawnSync('mkdir', ['-p', dir]);
  const instrumented = new Map<string, string>();
  for (const name of readdirSync(FIXTURE_DIR)) {
    const from = join(FIXTURE_DIR, name);
    if (!/\.(c|m)?js$/.test(name)) {
      copyFileSync(from, join(dir, name));
      continue;
    }
    const code = readFileSync(from, 'utf8');
    const result = instrument(code, {
      filename: from,
      sourceType: name.endsWith('.mjs') ? 'module' : 'commonjs',
      level,
    });
    if (result) instrumented.set(name, result.runtimeName);
    // As the loader does (runtime/loader/instrumentFile.ts): the inline map, so that with source maps
    // on (as the bootloader sets them) stack traces and crash messages name the original positions.
    const mapComment = result
      ? `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(result.map.toString()).toString('base64')}\n`
      : '';
    writeFileSync(join(dir, name), result ? bindProbeBase(result.code, 0) + mapComment : code);
  }
  return { dir, stubPath, instrumented, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function normalise(text: string, dir: string): string {
  return text.split(dir).join('<dir>');
}

export function runPlain(name: string, env: Record<string, string> = {}): Outcome {
  const result = spawnSync(process.execPath, [name], {
    cwd: FIXTURE_DIR,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    timeout: 30_000,
  });
  return {
    stdout: normalise(result.stdout, FIXTURE_DIR),
    stderr: normalise(result.stderr, FIXTURE_DIR),
    status: result.status,
  };
}

export function runInstrumented(
  copy: PreparedCopy,
  name: string,
  env: Record<string, string> = {},
): Outcome & { summary: StubSummary | undefined } {
  const summaryPath = join(copy.dir, '..', `${name}.summary.json`);
  const result = spawnSync(process.execPath, ['--enable-source-maps', '--require', copy.stubPath, name], {
    cwd: copy.dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', REWIND_STUB_OUT: summaryPath, ...env },
    timeout: 30_000,
  });
  const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as StubSummary) : undefined;
  // Mapped frames name the original file (the map's source), unmapped ones the copy: both are <dir>.
  const both = (text: string) => normalise(normalise(text, copy.dir), FIXTURE_DIR);
  return {
    stdout: both(result.stdout),
    stderr: withoutNode20MappedCaretBlank(both(result.stderr), Number(process.versions.node.split('.')[0])),
    status: result.status,
    summary,
  };
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((name) => /^ins-.*\.(c|m)?js$/.test(name))
    .sort();
}
