// Invariants over real code (STYLE.md: "a test subclass that re-checks invariants"): for every file
// of a corpus — the INS fixtures and libraries from node_modules — the output re-parses with acorn,
// has exactly the original line count, carries the marker on line 1 and the trailer last, uses
// every probe it declares, is not instrumented twice, and ships a v3 map of the original. Then real
// programs (Octane kernels, acorn itself) run instrumented and still compute the right answers.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { Parser } from 'acorn';
import { describe, expect, it } from 'vitest';
import { bindProbeBase, instrument, INSTRUMENTED_MARKER, type InstrumentResult } from '../../../runtime/instrument';
import { fixtureNames } from './support/spawnFixture';

const ROOT = resolve(__dirname, '..', '..', '..');
const OCTANE = join(ROOT, 'node_modules', 'benchmark-octane', 'lib', 'octane');
const lineCount = (text: string): number => text.split(/\r\n?|[\n\u2028\u2029]/).length;

const LIBRARIES: Array<[string, 'commonjs' | 'module']> = [
  ['node_modules/acorn/dist/acorn.js', 'commonjs'],
  ['node_modules/acorn/dist/acorn.mjs', 'module'],
  ['node_modules/magic-string/dist/index.mjs', 'module'],
  ['node_modules/estree-walker/src/walker.js', 'module'],
  ['node_modules/@babel/parser/lib/index.js', 'commonjs'],
  ...[
    'richards',
    'deltablue',
    'crypto',
    'raytrace',
    'navier-stokes',
    'splay',
    'earley-boyer',
    'box2d',
    'pdfjs',
    'gbemu-part1',
  ].map((name): [string, 'commonjs'] => [`node_modules/benchmark-octane/lib/octane/${name}.js`, 'commonjs']),
];
const FIXTURES: Array<[string, 'commonjs' | 'module']> = fixtureNames()
  .filter((name) => !/27-already|28-unparsable/.test(name))
  .map((name) => [join('test/fixtures/ins', name), name.endsWith('.mjs') ? 'module' : 'commonjs']);

/** Every probe-id literal of a hot-path call, in order (`<rt>m(id`, `<rt>.m(id`, `<rt>m(<rt>f<n>,id`). */
function probeIdLiterals(code: string, prefix: string): number[] {
  const p = prefix.replace(/\$/g, '\\$');
  const pattern = new RegExp(`${p}\\.?[a-z]{1,3}[1-4]?\\((?:${p}f\\d+,)?( {0,8}\\d+)[,)]`, 'g');
  return [...code.matchAll(pattern)].map((match) => Number(match[1]));
}

/** The parameters' write probes an ENTER call `e2(id,a,b)` / `em2(id,this,a,b)` stands for: id+1, id+2. */
function foldedParameterIds(code: string, prefix: string): number[] {
  const p = prefix.replace(/\$/g, '\\$');
  const pattern = new RegExp(`${p}\\.?em?([1-4])\\(( {0,8}\\d+),`, 'g');
  return [...code.matchAll(pattern)].flatMap((match) =>
    Array.from({ length: Number(match[1]) }, (_, index) => Number(match[2]) + 1 + index),
  );
}

function checkInvariants(source: string, filename: string, sourceType: 'commonjs' | 'module'): InstrumentResult {
  const result = instrument(source, { filename, sourceType });
  if (!result) throw new Error(`${filename} did not instrument`);
  const { code } = result;
  Parser.parse(code, {
    ecmaVersion: 'latest',
    sourceType: sourceType === 'module' ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: sourceType === 'commonjs',
  });
  expect(lineCount(code)).toBe(lineCount(source));
  expect(code.split(/\r\n?|\n/, 1)[0]).toContain(INSTRUMENTED_MARKER);
  const used = probeIdLiterals(code, result.runtimeName);
  const everyId = new Set([...used, ...foldedParameterIds(code, result.runtimeName)]);
  expect(everyId.size).toBe(result.probes.probes.length);
  expect(Math.max(...everyId)).toBe(result.probes.probes.length - 1);
  // The loader's binder finds exactly these literals, and moves nothing else.
  const base = 123_456_789;
  const bound = bindProbeBase(code, base, result.runtimeName);
  expect(bound.length).toBe(code.length);
  expect(probeIdLiterals(bound, result.runtimeName)).toEqual(used.map((id) => id + base));
  const lines = lineCount(source);
  expect(result.probes.probes.every((probe) => probe.range.end.line1 <= lines)).toBe(true);
  expect(instrument(code, { filename, sourceType })).toBeUndefined();
  expect(result.map).toMatchObject({ version: 3, sources: [filename], sourcesContent: [source] });
  return result;
}

describe('invariants over a corpus', () => {
  it.each([...FIXTURES, ...LIBRARIES])('%s', (path, sourceType) => {
    checkInvariants(readFileSync(join(ROOT, path), 'utf8'), join(ROOT, path), sourceType);
  });
});

/** Counts hot-path calls; never looks at a value (Octane kernels make millions of calls). */
function countingRecorder(): Record<string, unknown> & { counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  let frame = 0;
  const count = (m: string): void => {
    counts[m] = (counts[m] ?? 0) + 1;
  };
  return {
    counts,
    s() {
      count('s');
    },
    e() {
      count('e');
      return ++frame;
    },
    em() {
      count('em');
      return ++frame;
    },
    // ENTER with 1–4 parameters: counted as the ENTER it writes (its WRITEs are not counted here).
    ...Object.fromEntries(
      [1, 2, 3, 4].flatMap((n) => [
        [`e${n}`, () => (count('e'), ++frame)],
        [`em${n}`, () => (count('em'), ++frame)],
      ]),
    ),
    r(_p: number, v: unknown) {
      count('r');
      return v;
    },
    x() {
      count('x');
    },
    closedBy(f: number) {
      count('closedBy');
      return f;
    },
    li() {
      count('li');
      return 1;
    },
    w(_p: number, v: unknown) {
      count('w');
      return v;
    },
    wp(_p: number, v: unknown) {
      count('wp');
      return v;
    },
    wf(_p: number, v: unknown) {
      count('wf');
      return v;
    },
    wpf(_p: number, v: unknown) {
      count('wpf');
      return v;
    },
    ap(_p: number, _old: unknown, _mark: number, v: unknown) {
      count('ap');
      return v;
    },
    apf(_p: number, _old: unknown, _mark: number, v: unknown) {
      count('apf');
      return v;
    },
    appendMark: () => 0,
    pv(_p: number, _t: unknown, _k: unknown, v: unknown) {
      count('pv');
      return v;
    },
    pr(_p: number, v: unknown) {
      count('pr');
      return v;
    },
    pp(_p: number, v: unknown) {
      count('pp');
      return v;
    },
    pd(_p: number, v: unknown) {
      count('pd');
      return v;
    },
    mc(_p: number, v: unknown) {
      count('mc');
      return v;
    },
    mb(_p: number, v: unknown) {
      count('mb');
      return v;
    },
    thisEntry(cached: number | undefined) {
      count('thisEntry');
      return cached ?? 0;
    },
    dp() {
      count('dp');
      return undefined;
    },
    cr(_p: number, receiver: unknown) {
      count('cr');
      return receiver;
    },
    cf(_p: number, callee: unknown) {
      count('cf');
      return callee;
    },
    as(_f: number, _p: number, v: unknown) {
      count('as');
      return v;
    },
    ar(_f: number, _p: number, v: unknown) {
      count('ar');
      return v;
    },
    th(_p: number, v: unknown) {
      count('th');
      return v;
    },
    c() {
      count('c');
    },
  };
}

describe('real programs still compute the right answers when instrumented', () => {
  // Each kernel validates its own result and throws on a wrong one.
  it.each([
    ['richards', 'runRichards()'],
    ['deltablue', 'deltaBlue()'],
    ['raytrace', 'renderScene()'],
  ])('Octane %s', (name, run) => {
    const recorder = countingRecorder();
    const context = createContext({ $rw$: recorder, print: () => undefined });
    runInContext(readFileSync(join(OCTANE, 'base.js'), 'utf8'), context);
    const file = join(OCTANE, `${name}.js`);
    const result = instrument(readFileSync(file, 'utf8'), { filename: file, sourceType: 'commonjs' })!;
    runInContext(bindProbeBase(result.code, 0), context, { filename: file });
    runInContext(run, context);
    expect(recorder.counts.s).toBeGreaterThan(1000);
    expect(recorder.counts.x).toBe((recorder.counts.e ?? 0) + (recorder.counts.em ?? 0));
  });

  it('instrumented acorn parses like acorn', () => {
    const file = join(ROOT, 'node_modules/acorn/dist/acorn.js');
    const result = instrument(readFileSync(file, 'utf8'), { filename: file, sourceType: 'commonjs' })!;
    const module = { exports: {} as { parse?: typeof Parser.parse } };
    const context = createContext({ $rw$: countingRecorder(), module, exports: module.exports });
    runInContext(bindProbeBase(result.code, 0), context, { filename: file });
    const sample = readFileSync(join(ROOT, 'node_modules/estree-walker/src/walker.js'), 'utf8');
    const options = { ecmaVersion: 'latest', sourceType: 'module' } as const;
    expect(JSON.stringify(module.exports.parse!(sample, options))).toBe(JSON.stringify(Parser.parse(sample, options)));
  });
});
