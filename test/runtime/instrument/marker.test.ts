// The text-level contracts the loader relies on: binding probe-id literals in place, recognising
// instrumented code (ours and istanbul's, INS-27), picking a free prefix (INS-25), passing
// unparsable files through (INS-28), and keeping shebang/BOM files' lines (INS-23).
import { describe, expect, it } from 'vitest';
import {
  bindAtOffsets,
  bindableCode,
  bindProbeBase,
  instrument,
  INSTRUMENTED_MARKER,
  isInstrumented,
  tryInstrument,
} from '../../../runtime/instrument';

const options = { filename: '/x.js' };

describe('bindProbeBase', () => {
  const code = instrument('function f(a) { return a; }\nf(1);', options)!.code;
  const ids = (text: string): number[] =>
    [...text.matchAll(/\$rw\$[a-z]{1,3}[1-4]?\((?:\$rw\$f\d,)?( *\d+)[,)]/g)].map((match) => Number(match[1]));

  it('adds the base to every probe-id literal without moving anything', () => {
    const local = ids(code);
    expect(local.length).toBeGreaterThan(7);
    expect(code).toContain('$rw$e1(        1,a)'); // an ENTER with its parameter (a digit in the name) is bound too
    const bound = bindProbeBase(code, 0x1234ab);
    expect(bound.length).toBe(code.length);
    expect(ids(bound)).toEqual(local.map((id) => id + 0x1234ab));
    expect(bound.replace(/ *\d{7,}/g, '#')).toBe(
      code.replace(/(?<=\$rw\$[a-z]{1,3}[1-4]?\((?:\$rw\$f\d,)?) *\d+(?=[,)])/g, '#'),
    );
  });

  it('binds ES modules, whose calls go through the recorder object', () => {
    const esm = instrument('export const a = 1;', { filename: '/x.mjs', sourceType: 'module' })!.code;
    expect(bindProbeBase(esm, 1000)).toContain('$rw$.s(     1001)');
  });

  it('binds only the prefix it is given (INS-25)', () => {
    const moved = instrument('var $rw$ = 1;', options)!;
    expect(moved.runtimeName).toBe('$rw1$');
    expect(bindProbeBase(moved.code, 5, moved.runtimeName)).toContain('$rw1$s(        6)');
  });

  it('refuses code that is not instrumented and bases that do not fit', () => {
    expect(() => bindProbeBase('a = 1;', 0)).toThrow(/\[rewind:instrument\].*marker/);
    expect(() => bindProbeBase(code, -1)).toThrow(/\[rewind:instrument\]/);
    expect(() => bindProbeBase(code, 10 ** 9)).toThrow(/\[rewind:instrument\]/);
  });
});

describe('bindableCode and bindAtOffsets (the cache keeps the fields found once)', () => {
  const source = [
    'class C { constructor(x) { this.x = x; } get y() { return this.x; } }',
    'async function f(a, b = 2, ...rest) { for (let i = 0; i < a; i++) { await null; } return [a, b, rest]; }',
    'const o = { m() { return new C(1).y; } }; o.m(); f(1);',
  ].join('\n');

  it.each([
    ['commonjs', 0],
    ['commonjs', 1],
    ['commonjs', 987_654],
    ['module', 42],
  ] as const)('%s code at base %i: the same text bindProbeBase gives', (sourceType, base) => {
    const { code, runtimeName } = instrument(source, { filename: '/b.js', sourceType })!;
    const bindable = bindableCode(code, runtimeName)!;
    expect(bindable.fieldOffsets.length).toBeGreaterThan(20);
    const bytesBefore = bindable.bytes.slice();
    expect(new TextDecoder().decode(bindAtOffsets(bindable, base))).toBe(bindProbeBase(code, base, runtimeName));
    expect(bindable.bytes).toEqual(bytesBefore); // bound in a copy: the cached bytes serve the next load
  });

  it('code that is not ASCII is not bindable (its bytes are not its offsets)', () => {
    const { code, runtimeName } = instrument('const π = "é"; π;', options)!;
    expect(bindableCode(code, runtimeName)).toBeUndefined();
  });

  it('offsets that are not fields, and ids that outgrow their field, give undefined', () => {
    const { code, runtimeName } = instrument(source, options)!;
    const { bytes, fieldOffsets } = bindableCode(code, runtimeName)!;
    const shifted = fieldOffsets.map((offset, index) => (index === 3 ? offset + 2 : offset));
    expect(bindAtOffsets({ bytes, fieldOffsets: shifted }, 1)).toBeUndefined();
    expect(bindAtOffsets({ bytes, fieldOffsets: fieldOffsets.slice().reverse() }, 1)).toBeUndefined();
    expect(bindAtOffsets({ bytes, fieldOffsets: Int32Array.of(bytes.length - 2) }, 1)).toBeUndefined();
    expect(bindAtOffsets({ bytes, fieldOffsets }, 10 ** 9)).toBeUndefined();
  });
});

describe('already instrumented code (INS-27)', () => {
  it('recognises our marker on line 1 and leaves such code alone', () => {
    const once = instrument('let a = 1;', options)!.code;
    expect(once.startsWith(INSTRUMENTED_MARKER)).toBe(true);
    expect(isInstrumented(once)).toBe(true);
    expect(instrument(once, options)).toBeUndefined();
    expect(tryInstrument(once, options)).toMatchObject({ ok: false, reason: 'already-instrumented' });
  });

  it('recognises istanbul/nyc output', () => {
    const nyc = 'var cov_1abc = function () { var gcv = "__coverage__"; return {}; }();\ncov_1abc.s[0]++;';
    expect(isInstrumented(nyc)).toBe(true);
    expect(instrument(nyc, options)).toBeUndefined();
  });

  it('does not mistake ordinary code for instrumented code', () => {
    expect(isInstrumented('const recov_x = "__coverage__ is a word";')).toBe(false);
    expect(isInstrumented('// rewind:instrumented is mentioned on line 1\nx()')).toBe(false);
  });
});

describe('prefix choice (INS-25)', () => {
  it('uses $rw$ unless the source contains it', () => {
    expect(instrument('a()', options)!.runtimeName).toBe('$rw$');
    expect(instrument('const $rw$ = 1', options)!.runtimeName).toBe('$rw1$');
    const both = instrument('const s = "$rw$ $rw1$"', options)!;
    expect(both.runtimeName).toBe('$rw2$');
    expect(both.code).not.toMatch(/\$rw\$\.|\$rw1\$\./);
  });
});

describe('unparsable input (INS-28)', () => {
  it('returns undefined and says why through tryInstrument', () => {
    expect(instrument('let let = 1;', options)).toBeUndefined();
    const outcome = tryInstrument('function (', options);
    expect(outcome).toMatchObject({ ok: false, reason: 'parse-error' });
    if (!outcome.ok) expect(outcome.error).toMatch(/Unexpected token \(1:9\)/);
  });

  it('ESM syntax in a CommonJS file is a parse error, not a crash', () => {
    expect(tryInstrument('import x from "y";', { filename: '/x.js', sourceType: 'commonjs' })).toMatchObject({
      ok: false,
      reason: 'parse-error',
    });
    expect(tryInstrument('import x from "y";', { filename: '/x.mjs', sourceType: 'module' })).toMatchObject({
      ok: true,
    });
  });
});

describe('shebang and BOM (INS-23)', () => {
  it('keep the shebang first and every line number', () => {
    const source = '#!/usr/bin/env node\nconsole.log(1)\n';
    const code = instrument(source, options)!.code;
    expect(code.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(code.split('\n')).toHaveLength(3);
    expect(code.split('\n')[0]).toContain(INSTRUMENTED_MARKER);
  });

  it('keep the BOM first', () => {
    const code = instrument('\uFEFFa()\nb()', options)!.code;
    expect(code.charCodeAt(0)).toBe(0xfeff);
    expect(code.split('\n')).toHaveLength(2);
  });

  it('a file of comments gets only the marker, which the loader can still bind', () => {
    const code = instrument('#!/usr/bin/env node\n// nothing here', options)!.code;
    expect(code).toBe(`#!/usr/bin/env node${INSTRUMENTED_MARKER}\n// nothing here`);
    expect(bindProbeBase(code, 9)).toBe(code);
  });
});

describe('options', () => {
  it('passes sourceHash through and defaults it to ""', () => {
    expect(instrument('a()', { ...options, sourceHash: 'abc' })!.probes.sourceHash).toBe('abc');
    expect(instrument('a()', options)!.probes).toMatchObject({
      sourceHash: '',
      path: '/x.js',
      sourceType: 'commonjs',
      level: 'full',
    });
  });
});
