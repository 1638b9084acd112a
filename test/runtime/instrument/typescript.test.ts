// TypeScript: type-only syntax is blanked with spaces, so every remaining token keeps its line AND
// column (checked token by token on a construct sampler and on real files of this repository);
// parameter properties, enums, namespaces, `accessor` fields, `import x =` and `export =` become
// inserted code (each checked against TypeScript's own emit); other non-erasable syntax is refused
// clearly; and a stripped-and-instrumented program prints what TypeScript's own transpile prints.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tokenizer } from 'acorn';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { instrument, tryInstrument } from '../../../runtime/instrument';
import { stripTypeScript } from '../../../runtime/instrument/typescript/strip';
import { bindProbeBase } from '../../../runtime/instrument/marker';
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
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('TypeScript stripping keeps every position', () => {
  it('on the construct sampler', () => {
    const { code } = stripTypeScript(SAMPLER, 'sampler.ts', 'module');
    expect(expectPositionsKept(SAMPLER, code)).toBeGreaterThan(100);
    for (const gone of [
      'interface',
      'implements',
      'private',
      'declare',
      'abstract',
      'satisfies',
      ' as ',
      'Promise',
      '<number>',
    ]) {
      expect(code).not.toContain(gone);
    }
  });

  it.each([
    ...repoTypeScript(resolve(__dirname, '../../../runtime/format')),
    ...repoTypeScript(resolve(__dirname, '../../../runtime/instrument')),
  ])('on %s', (file) => {
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
    const { insertions } = stripTypeScript(
      'class A extends B { constructor(private a: number, readonly b = 1) { super(); } }',
      'x.ts',
      'module',
    );
    expect(insertions).toEqual([[77, ';this.a=a;this.b=b;']]);
  });
});

describe('computed enum member names (issue 14 item 8)', () => {
  it('a string literal or plain template name is the member, every other token where it was', () => {
    const source = "enum E { ['a'] = 1, [`b`], \"c\" = 'x' }\nconst k = { ['a']: 2 };";
    const { code } = stripTypeScript(source, 'x.ts', 'module');
    expect(code).toHaveLength(source.length);
    expect(code.split('\n')[1]).toBe("const k = { ['a']: 2 };");
    const run = runInstrumentedCode(
      instrument(`${source}\nlog(JSON.stringify(E), k.a);`, { filename: '/x.ts', sourceType: 'module' })!,
    );
    expect(run.logs).toEqual(['{"1":"a","2":"b","a":1,"b":2,"c":"x"} 2']);
  });

  it('a computed name that is not a literal stays a parse error, as in TypeScript', () => {
    expect(
      tryInstrument('const x = "a";\nenum E { [x] = 1 }', { filename: '/x.ts', sourceType: 'module' }),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('TypeScript refusals name the construct and line', () => {
  it.each([
    ['const x = 1;\nexport = x;', 'module', /`export =` in an ES module.*line 2/],
    ['import fs = require("fs");', 'module', /`import x = require\(…\)` in an ES module/],
    ['namespace N { export import y = M.y; }', 'commonjs', /`export import x = …`/],
    ['class A { m(@inject x) {} }', 'commonjs', /parameter decorator needs `experimentalDecorators`.*line 1/],
    ['async function f() { return @d class { [await k]() {} }; }', 'module', /`await` or `yield` in a decorated class/],
    ['class A { accessor ["k"] = 1; }', 'module', /`accessor` field with a computed or string key/],
    ['const K = class { static accessor n = 1; };', 'module', /`static accessor` in an anonymous class/],
    ['module "ambient" { export const x = 1; }', 'module', /`module "name"` declaration/],
  ] as const)('%s', (source, sourceType, message) => {
    const outcome = tryInstrument(source, { filename: '/x.ts', sourceType });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error).toMatch(/^\[rewind:instrument\] /);
    if (!outcome.ok) expect(outcome.error).toMatch(message);
    expect(() => instrument(source, { filename: '/x.ts', sourceType })).toThrow(message);
  });

  it.each([
    ['const K = @d class {};', /decorators in a class expression or an anonymous class/],
    ['export default @d class {}', /decorators in a class expression or an anonymous class/],
    ['class A { @d [Symbol.iterator]() {} }', /decorated member with a computed or private name/],
    ['class A { @d #p() {} }', /decorated member with a computed or private name/],
    ['class A { @d accessor x = 1; }', /decorated `accessor` field/],
    ['@d class\nA {}', /decorated class whose name is not on the line of `class`/],
  ] as const)('legacy decorators: %s is refused', (source, message) => {
    const outcome = tryInstrument(source, {
      filename: '/x.ts',
      sourceType: 'module',
      typescript: { experimentalDecorators: true },
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'unsupported' });
    if (!outcome.ok) expect(outcome.error).toMatch(message);
  });

  // Parameter decorators exist only in legacy decorators: TypeScript itself reports TS1206
  // ("Decorators are not valid here") without experimentalDecorators, and tsx (esbuild) refuses them.
  it('a parameter decorator without experimentalDecorators is refused, as TypeScript and tsx refuse it', async () => {
    const source = 'declare function inject(...a: any[]): any;\nclass A { m(@inject x: number) {} }';
    const file = ts.createSourceFile('/x.ts', source, ts.ScriptTarget.ES2022);
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, noLib: true, types: [] };
    const host = ts.createCompilerHost(options);
    host.getSourceFile = (name) => (name === '/x.ts' ? file : undefined);
    const program = ts.createProgram(['/x.ts'], options, host);
    expect(
      ts
        .getPreEmitDiagnostics(program)
        .filter((each) => each.file)
        .map((each) => each.code),
    ).toEqual([1206]);
    const { transformSync } = await import('esbuild');
    expect(() => transformSync(source, { loader: 'ts' })).toThrow(/Parameter decorators only work when experimental/);
    const outcome = tryInstrument(source, { filename: '/x.ts', sourceType: 'module' });
    expect(outcome).toMatchObject({ ok: false, reason: 'unsupported' });
    if (!outcome.ok) expect(outcome.error).toMatch(/parameter decorator needs `experimentalDecorators`.*line 2/);
  });

  it.each([
    ['preserve', /`"jsx": "preserve"` is not supported; `"jsx": "react"` and `"react-jsx"` are/],
    ['react-jsxdev', /`"jsx": "react-jsxdev"` is not supported/],
  ] as const)('.tsx under tsconfig `jsx: %s` is refused by name', (mode, message) => {
    const outcome = tryInstrument('const n: number = 1;\n\nconst a = <div>{n}</div>;', {
      filename: '/x.tsx',
      typescript: { jsx: { mode } },
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'unsupported' });
    if (!outcome.ok) expect(outcome.error).toMatch(message);
  });

  it('a spread child in JSX is refused by name and line', () => {
    const outcome = tryInstrument('const a: any[] = [];\nconst b = <div>{...a}</div>;', { filename: '/x.tsx' });
    expect(outcome).toMatchObject({ ok: false, reason: 'unsupported' });
    if (!outcome.ok) expect(outcome.error).toMatch(/a spread child .* in JSX \(line 2\)/);
  });
});

describe('.tsx: JSX compiled as `jsx: "react"` (tsx\'s default), every expression at its own line and column', () => {
  const program = `const h = (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): string =>
  \`<\${typeof type === 'function' ? type.name : String(type)}\${JSON.stringify(props)}>\${children.join('|')}\`;
const Frag = 'frag';
interface Props { who: string; count?: number }
function Greeting({ who, count = 1 }: Props): string {
  return <p className="greet" data-n={count} aria-hidden>
    Hello,   {who}!
    {count > 1 && <b>x{count}</b>}
  </p>;
}
const items: string[] = ['a', 'b'];
const extra = { id: 'z' };
const tree = (
  <>
    <Greeting who="world &amp; all" />
    <Greeting who={items.join('+')} count={2} />
    <ns:tag {...extra} data-x='1' />
    <ul {...extra} hidden>
      {items.map((item) => <li key={item}>{item.toUpperCase()}</li>)}
      {/* a comment */}
    </ul>
    &lt; done &#x41;
  </>
);
log(tree, Greeting({ who: 'you', count: 3 }));
`;
  const jsx = { factory: 'h', fragmentFactory: 'Frag' };

  it('prints what esbuild (tsx) prints', async () => {
    const { transformSync } = await import('esbuild');
    const compiled = transformSync(program, {
      loader: 'tsx',
      format: 'cjs',
      tsconfigRaw: { compilerOptions: { jsxFactory: 'h', jsxFragmentFactory: 'Frag' } },
    }).code;
    const plain = runPlain(compiled);
    expect(plain.error).toBeUndefined();
    expect(plain.logs).toHaveLength(1);
    const result = instrument(program, { filename: '/app.tsx', typescript: { jsx } });
    const run = runInstrumentedCode(result!);
    expect(run.error).toBeUndefined();
    expect(run.logs).toEqual(plain.logs);
  });

  it('an ES module under `jsx: react-jsx` imports the runtime at its end, under names the loader leaves alone', () => {
    const source = 'const k: string = "a";\nexport const e = <><b key={k}>x</b><i /></>;\n';
    const result = instrument(source, {
      filename: '/m.tsx',
      sourceType: 'module',
      typescript: { jsx: { mode: 'react-jsx', importSource: 'preact' } },
    })!;
    expect(result.code.replace(/ /g, '')).toContain(
      '$rw$Jsxs($rw$Fragment,{children:[$rw$Jsx("b",{children:"x"},k),$rw$Jsx("i",{})]})',
    );
    expect(result.code).toMatch(/\nimport\{(jsxs|Fragment|jsx) as \$rw\$\w+,.*\}from"preact\/jsx-runtime";$/);
    expect(() => bindProbeBase(result.code, 1000)).not.toThrow();
  });

  it('keeps the probes of code inside JSX at their own lines and columns, and every line where it was', () => {
    const result = instrument(program, { filename: '/app.tsx', typescript: { jsx } })!;
    const lines = program.split('\n');
    const at = (line1: number, text: string): { line1: number; column0: number } => ({
      line1,
      column0: lines[line1 - 1].indexOf(text),
    });
    const functions = result.probes.probes.filter((p) => p.kind === 'function');
    expect(functions.map((p) => p.range.start)).toContainEqual(at(19, '(item) =>'));
    expect(functions.find((p) => p.functionName === 'Greeting')?.range.start).toEqual(at(5, 'function Greeting'));
    expect(result.code.split('\n').length).toBeLessThanOrEqual(lines.length + 1);
    const marker = result.code.indexOf('item.toUpperCase()');
    expect(result.code.slice(0, marker).split('\n')).toHaveLength(19);
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
    const compiled = ts.transpileModule(program, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        useDefineForClassFields: true,
      },
    }).outputText;
    const plain = runPlain(compiled);
    const result = instrument(program, { filename: '/bank.ts' });
    expect(result).toBeDefined();
    const run = runInstrumentedCode(result!);
    expect(plain.error).toBeUndefined();
    expect(run.logs).toEqual(plain.logs);
    expect(run.error).toBeUndefined();
    expect(result!.probes.probes.find((p) => p.functionName === 'Account.deposit')?.range.start).toEqual({
      line1: 6,
      column0: 2,
    });
    expect(result!.code.split('\n')).toHaveLength(program.split('\n').length);
  });
});

describe('namespaces, accessor fields and import aliases behave as TypeScript compiles them (require and export =: test/fidelity/typescriptFeatures)', () => {
  const program = `namespace Types { export type T = number; export interface I { a: T } }
declare namespace Ambient { const x: number; }
namespace Shapes {
  export const unit = 1;
  export function area(r: Types.T): number { return r * r * unit; }
  export namespace Inner { export let depth = 2; }
  export enum Kind { Round, Square }
  const hidden = 5;
  export class Circle { constructor(public r: number) {} get area() { return area(this.r) + hidden; } }
}
namespace Shapes { export const merged = Object.keys(Shapes).join(); }
namespace A.B.C { export const deep = 'abc'; }
import alias = Shapes.Inner;

class Box {
  accessor size: number = 3;
  static accessor count = 0;
  accessor #secret = 'x';
  reveal(): string { return this.#secret; }
}
const b = new Box(); b.size = 4; Box.count++;
log(Shapes.area(2), Shapes.Inner.depth, Shapes.Kind.Square, new Shapes.Circle(3).area, A.B.C.deep, Shapes.merged, alias.depth);
log(b.size, Box.count, b.reveal(), Object.getOwnPropertyNames(Box.prototype).join(), Object.keys(b).length);
`;
  it('prints the same as typescript.transpileModule', () => {
    const compiled = ts.transpileModule(program, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        useDefineForClassFields: true,
      },
    }).outputText;
    const plain = runPlain(compiled);
    const result = instrument(program, { filename: '/shapes.ts', sourceType: 'commonjs' });
    expect(result).toBeDefined();
    const run = runInstrumentedCode(result!);
    expect(plain.error).toBeUndefined();
    expect(plain.logs).toHaveLength(2);
    expect(run.error).toBeUndefined();
    expect(run.logs).toEqual(plain.logs);
    expect(result!.code.split('\n')).toHaveLength(program.split('\n').length);
  });

  it('keeps every probe at its own line and column (so the replay shows the right lines)', () => {
    const result = instrument(program, { filename: '/shapes.ts', sourceType: 'commonjs' })!;
    const at = (name: string) => result.probes.probes.find((p) => p.functionName === name)?.range.start;
    expect(at('area')).toEqual({ line1: 5, column0: 9 }); // `export ` is blanked: the function starts at its keyword
    expect(at('Circle.constructor')).toEqual({ line1: 9, column0: 24 });
    expect(at('Box.reveal')).toEqual({ line1: 19, column0: 2 });
    const write = (name: string) =>
      result.probes.probes.find((p) => p.kind === 'write' && p.varName === name)?.range.start;
    expect(write('unit')).toEqual({ line1: 4, column0: 15 });
    expect(write('depth')).toEqual({ line1: 6, column0: 38 });
    expect(write('deep')).toEqual({ line1: 12, column0: 31 });
    expect(write('alias')).toEqual({ line1: 13, column0: 7 });
    expect(write('b')).toEqual({ line1: 21, column0: 6 });
  });

  it("blanks a namespace that holds only types, as Node's own type stripping does", () => {
    const source = 'namespace T { export type A = 1; export interface B {} namespace C { type D = 2 } }\nconst x = 1;';
    const { code, insertions } = stripTypeScript(source, 'x.ts', 'module');
    expect(insertions).toEqual([]);
    expect(code.trim()).toBe('const x = 1;');
  });
});

describe('legacy decorators (experimentalDecorators) are applied after their class, every line kept', () => {
  const program = `const seen: string[] = [];
function mark(t: any, k: string) { seen.push('member ' + k); }
function wrap(c: any) { seen.push('class ' + c.name); return class extends c { wrapped = true; }; }
function param(t: any, k: string | undefined, i: number) { seen.push('param ' + String(k) + ' ' + i); }
@wrap
class Widget {
  @mark size: number = 1;
  constructor(@param private id: number) {}
  @mark render(@(param as typeof param) depth: number): unknown { return Widget; }
  @mark static make() { return new Widget(7); }
}
const w = Widget.make() as any;
log(seen.join(), w.wrapped, w.id, w.render(1) === Widget);
`;
  it('prints what esbuild (tsx) prints and keeps each method at its own line and column', async () => {
    const { transformSync } = await import('esbuild');
    const compiled = transformSync(program, {
      loader: 'ts',
      format: 'cjs',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: true } },
    }).code;
    const plain = runPlain(compiled);
    const result = instrument(program, { filename: '/widget.ts', typescript: { experimentalDecorators: true } });
    expect(result).toBeDefined();
    const run = runInstrumentedCode(result!);
    expect(plain.error).toBeUndefined();
    expect(plain.logs).toHaveLength(1);
    expect(run.logs).toEqual(plain.logs);
    expect(run.error).toBeUndefined();
    const functions = result!.probes.probes.filter((p) => p.kind === 'function');
    expect(functions.find((p) => p.functionName === 'Widget.render')?.range.start).toEqual({ line1: 9, column0: 8 });
    expect(functions.find((p) => p.functionName === 'Widget.make')?.range.start).toEqual({ line1: 10, column0: 8 });
    expect(result!.code.split('\n')).toHaveLength(program.split('\n').length);
  });

  it('without experimentalDecorators the same program is refused as TC39 decorators', () => {
    expect(tryInstrument(program, { filename: '/widget.ts' })).toMatchObject({ ok: false, reason: 'unsupported' });
  });
});
