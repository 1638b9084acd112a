// TypeScript: type-only syntax is blanked with spaces, so every remaining token keeps its line AND
// column (checked token by token on a construct sampler and on real files of this repository);
// parameter properties and enums become inserted code; other non-erasable syntax is refused
// clearly; and a stripped-and-instrumented program prints what TypeScript's own transpile prints.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokenizer } from 'acorn';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { instrument, tryInstrument } from '../../../runtime/instrument';
import { stripTypeScript } from '../../../runtime/instrument/typescript/strip';
import { runPlain, runInstrumentedCode } from './support/runVm';

const SAMPLER = `import type { A } from './a';
import { type B, c } from './c';
export type T<U> = { u: U };
export interface I { m(): void }
declare const declared: number;
declare module 'm' { export const x: number }
function f<T extends object>(this: Window, a?: number, b: T = {} as T, ...rest: string[]): void {}
function over(a: string): string;
function over(a: number): number;
function over(a: any): any { return a; }
let definite!: string;
const asserted = <number>(c as unknown);
const sat = ({ k: 1 }) satisfies Record<string, number>;
const nonNull = c!.d!;
abstract class Shape<T> extends Object implements I, Partial<I> {
  private readonly id?: number = 1;
  protected static count: number;
  declare brand: string;
  public override toString(): string { return 'shape'; }
  abstract area(): number;
  m(): void {}
  get g(): number { return 1 }
  [key: string]: unknown;
}
class P { constructor(private readonly a: number, public b = 2) {} }
const arrow = async <T,>(x: T): Promise<T> => x;
const call = f<number>;
export default interface D {}
`;

/** Every token of the stripped text stands at the same offset (so line and column) as in the source. */
function expectPositionsKept(source: string, stripped: string): number {
  expect(stripped.length).toBe(source.length);
  const breaks = (text: string): number[] => [...text.matchAll(/\r\n?|[\n\u2028\u2029]/g)].map((m) => m.index ?? -1);
  expect(breaks(stripped)).toEqual(breaks(source));
  let count = 0;
  for (const token of tokenizer(stripped, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true })) {
    expect(stripped.slice(token.start, token.end)).toBe(source.slice(token.start, token.end));
    count++;
  }
  return count;
}

function repoTypeScript(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

describe('TypeScript stripping keeps every position', () => {
  it('on the construct sampler', () => {
    const { code } = stripTypeScript(SAMPLER, 'sampler.ts', 'module');
    expect(expectPositionsKept(SAMPLER, code)).toBeGreaterThan(100);
    for (const gone of ['interface', 'implements', 'private', 'declare', 'abstract', 'satisfies', ' as ', 'Promise', '<number>']) {
      expect(code).not.toContain(gone);
    }
  });

  it.each([...repoTypeScript(resolve(__dirname, '../../../runtime/format')), ...repoTypeScript(resolve(__dirname, '../../../runtime/instrument'))])(
    'on %s', (file) => {
      const source = readFileSync(file, 'utf8');
      expectPositionsKept(source, stripTypeScript(source, file, 'module').code);
    });

  it('an exported enum becomes a var plus `export {}` on the same line (ESM)', () => {
    const source = 'export enum E {\n  A,\n  B = A + 2,\n}\nexport const after = E.B;\n';
    const result = instrument(source, { filename: '/e.mts', sourceType: 'module' })!;
    expect(result.code.split('\n')[0]).toMatch(/var E;\(function\(E\)\{.*\}\)\(E\|\|\(E=\{\}\)\);export\{E\};/);
    expect(result.code.split('\n')).toHaveLength(6);
    expect(result.probes.probes.find((p) => p.varName === 'after')?.range.start).toEqual({ line1: 5, column0: 13 });
  });

  it('parameter properties become assignments where TypeScript puts them', () => {
    const { insertions } = stripTypeScript('class A extends B { constructor(private a: number, readonly b = 1) { super(); } }', 'x.ts', 'module');
    expect(insertions).toEqual([[77, ';this.a=a;this.b=b;']]);
  });
});

describe('TypeScript refusals name the construct and line', () => {
  it.each([
    ['const x = 1;\nexport = x;', /`export =`.*line 2/],
    ['\nnamespace N { export const x = 1; }', /`namespace`.*line 2/],
    ['import fs = require("fs");', /`import x = …`/],
  ])('%s', (source, message) => {
    const outcome = tryInstrument(source, { filename: '/x.ts', sourceType: 'module' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatch(/^\[rewind:instrument\] /);
    if (!outcome.ok) expect(outcome.error).toMatch(message);
    expect(() => instrument(source, { filename: '/x.ts', sourceType: 'module' })).toThrow(message);
  });

  it('.tsx is refused (no JSX transform)', () => {
    expect(tryInstrument('const a = <div/>;', { filename: '/x.tsx' })).toMatchObject({ ok: false, reason: 'unsupported' });
  });
});

describe('TypeScript programs behave as TypeScript compiles them', () => {
  const program = `
class Account {
  static opened = 0;
  private history: number[] = [];
  constructor(public owner: string, private balance: number = 0) { Account.opened++; }
  deposit(amount: number): this { this.balance += amount; this.history.push(amount); return this; }
  get total(): number { return this.balance!; }
}
class Savings extends Account {
  constructor(owner: string, readonly rate: number) { super(owner, 100); }
}
enum Color { Red, Green = 4, Blue, Named = 'n', Mix = Red | Green }
const enum Exported { One = 1 }
function sum<T extends number>(...xs: T[]): number { return xs.reduce((a, b) => a + (b as number), 0); }
const acct = new Account('ada').deposit(5).deposit(7 satisfies number);
const s = new Savings('bob', 0.5);
log(acct.owner, acct.total, sum<number>(1, 2, 3), s.owner, s.total, s.rate, Account.opened);
log(JSON.stringify(Color), Color[Color.Blue], JSON.stringify(Exported));
`;
  it('prints the same as typescript.transpileModule', () => {
    const compiled = ts.transpileModule(program, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, useDefineForClassFields: true } }).outputText;
    const plain = runPlain(compiled);
    const result = instrument(program, { filename: '/bank.ts' });
    expect(result).toBeDefined();
    const run = runInstrumentedCode(result!);
    expect(plain.error).toBeUndefined();
    expect(run.logs).toEqual(plain.logs);
    expect(run.error).toBeUndefined();
    expect(result!.probes.probes.find((p) => p.functionName === 'Account.deposit')?.range.start).toEqual({ line1: 6, column0: 2 });
    expect(result!.code.split('\n')).toHaveLength(program.split('\n').length);
  });
});
