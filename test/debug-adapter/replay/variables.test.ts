// State at a step: locals, module scope, return values, objects reconstructed as they were
// (arrays/Maps/Sets/objects at earlier steps), getters never run, truncation marked, paging,
// and stale references refused (DAP-08).
import { describe, expect, it } from 'vitest';
import { openRecording, type ReplayEngine } from '../../../debug-adapter/replay';
import { loopProgram, objectsProgram } from './programs';
import { TraceBuilder } from '../../support/traceBuilder';

function scopeVariables(engine: ReplayEngine, scopeName: string, frameIndex = 0): Record<string, string> {
  const frame = engine.stackTrace().frames[frameIndex];
  const scope = engine.scopes(frame.id).find((each) => each.name === scopeName);
  if (!scope) return {};
  return Object.fromEntries(
    engine
      .variables({ variablesReference: scope.variablesReference })
      .map((variable) => [variable.name, variable.value]),
  );
}

describe('scopes of the loop program', () => {
  const engine = openRecording(loopProgram().builder.end().bytes()).engine;

  it('shows locals as they were before the statement runs', () => {
    engine.gotoStep(3);
    expect(scopeVariables(engine, 'Local')).toEqual({ a: '0', b: '0' });
    engine.gotoStep(4);
    expect(scopeVariables(engine, 'Local')).toEqual({ a: '0', b: '0', s: '0' });
    engine.gotoStep(12);
    expect(scopeVariables(engine, 'Local')).toEqual({ a: '1', b: '2', s: '3' });
  });

  it('shows module scope from inside a function and the caller frame', () => {
    engine.gotoStep(12);
    expect(scopeVariables(engine, 'Module')).toEqual({ total: '1', i: '2' });
    expect(scopeVariables(engine, 'Module', 1)).toEqual({ total: '1', i: '2' });
    engine.gotoStep(14);
    expect(scopeVariables(engine, 'Module')).toEqual({ total: '3', i: '3' });
  });

  it('shows the return value right after a call returns', () => {
    engine.gotoStep(9);
    expect(scopeVariables(engine, 'Return value')).toEqual({ 'add()': '1' });
    engine.gotoStep(8);
    expect(scopeVariables(engine, 'Return value')).toEqual({});
  });

  it('refuses references from an earlier stop (DAP-08)', () => {
    engine.gotoStep(4);
    const scope = engine.scopes(engine.stackTrace().frames[0].id)[0];
    engine.next('forward');
    expect(() => engine.variables({ variablesReference: scope.variablesReference })).toThrow(/earlier stop/);
    expect(() => engine.scopes(12345)).toThrow(/reference/);
  });
});

describe('objects reconstructed at each step', () => {
  const engine = openRecording(objectsProgram().builder.end().bytes()).engine;
  const value = (step: number, name: string) => {
    engine.gotoStep(step);
    return scopeVariables(engine, 'Module')[name];
  };

  it('an array being filled shows fewer elements when stepping back', () => {
    expect(value(7, 'list')).toBe('Array(3) [0, 10, 20]');
    engine.gotoStep(7);
    engine.next('backward');
    engine.next('backward');
    expect(engine.currentStep).toBe(5);
    expect(scopeVariables(engine, 'Module').list).toBe('Array(2) [0, 10]');
    expect(value(2, 'list')).toBe('Array(0) []');
  });

  it('Map set/delete and Set add/clear replay in order', () => {
    expect(value(9, 'm')).toBe("Map(1) {'a' => 1}");
    expect(value(10, 'm')).toBe("Map(2) {'a' => 1, 'b' => 2}");
    expect(value(11, 'm')).toBe("Map(1) {'b' => 2}");
    expect(value(12, 's')).toBe('Set(1) {1}');
    expect(value(13, 's')).toBe('Set(2) {1, 2}');
    expect(value(14, 's')).toBe('Set(0) {}');
  });

  it('property set and delete replay; getters are shown, never run (DAP-18)', () => {
    expect(value(15, 'o')).toBe("{x: 1, g: (getter), long: 'aaaa…' (truncated: 5000 chars)}");
    expect(value(17, 'o')).toBe("{g: (getter), long: 'aaaa…' (truncated: 5000 chars), y: 2}");
    engine.gotoStep(17);
    const local = engine.scopes(engine.stackTrace().frames[0].id).find((scope) => scope.name === 'Module')!;
    const o = engine
      .variables({ variablesReference: local.variablesReference })
      .find((variable) => variable.name === 'o')!;
    const children = engine.variables({ variablesReference: o.variablesReference });
    expect(children.find((child) => child.name === 'g')).toMatchObject({
      value: '(getter)',
      kind: 'getter',
      variablesReference: 0,
    });
    expect(children.find((child) => child.name === 'long')).toMatchObject({ truncated: true });
    expect(() => engine.evaluate('o.g')).toThrow(/getter/);
  });

  it('pages large arrays and marks what was not recorded', () => {
    engine.gotoStep(17);
    expect(() => engine.evaluate('big')).toThrow(/not defined/);
    engine.gotoStep(18);
    const big = engine.evaluate('big');
    expect(big).toMatchObject({ result: 'Array(1000) [7, 8, 9, …]', indexedVariables: 1000, truncated: true });
    const page = engine.variables({
      variablesReference: big.variablesReference,
      filter: 'indexed',
      start: 1,
      count: 3,
    });
    expect(page.map((row) => [row.name, row.value, row.truncated])).toEqual([
      ['1', '8', false],
      ['2', '9', false],
      ['3', '<not recorded>', true],
    ]);
    expect(engine.evaluate('big.length').result).toBe('1000');
    expect(() => engine.evaluate('big[500]')).toThrow(/not recorded/);
  });

  it('stale object references are refused after a move', () => {
    engine.gotoStep(7);
    const local = engine.scopes(engine.stackTrace().frames[0].id).find((scope) => scope.name === 'Module')!;
    const list = engine
      .variables({ variablesReference: local.variablesReference })
      .find((variable) => variable.name === 'list')!;
    expect(
      engine.variables({ variablesReference: list.variablesReference, filter: 'indexed' }).map((row) => row.value),
    ).toEqual(['0', '10', '20']);
    engine.stepIn('backward');
    expect(() => engine.variables({ variablesReference: list.variablesReference })).toThrow(/earlier stop/);
  });
});

describe('variables keep source order however their writes are indexed', () => {
  // function run() {        // 1
  //   let count = 0;        // 2
  //   for (let k = 0; k < 200; k++) {   // 3
  //     const item = k * 2; // 4
  //     count += item;      // 5
  //   }
  // }
  // 200 iterations write past DENSE_FRAME_AFTER: early steps read the frame's write chain (newest
  // first), late ones its per-variable lists; both must show count, k, item in that order.
  const builder = new TraceBuilder();
  const b = builder.file('/app/order.js');
  const module = b.module({ line: 1, endLine: 8 });
  const run = b.fn('run', module, { line: 1, endLine: 7 });
  const s2 = b.stmt(2, run);
  const s4 = b.stmt(4, run);
  const s5 = b.stmt(5, run);
  const wCount = b.writeProbe('count', run, run, { declarationKind: 'let', line: 2 });
  const wK = b.writeProbe('k', run, run, { declarationKind: 'let', line: 3 });
  const wItem = b.writeProbe('item', run, run, { declarationKind: 'const', line: 4 });
  const modFrame = b.enter(module);
  const frame = b.enter(run);
  b.step(s2).write(wCount, 0, frame);
  let count = 0;
  for (let k = 0; k < 200; k++) {
    b.write(wK, k, frame);
    b.step(s4).write(wItem, k * 2, frame);
    count += k * 2;
    b.step(s5).write(wCount, count, frame);
  }
  b.ret(run, undefined).exit(frame, run);
  b.ret(module, undefined).exit(modFrame, module);
  const engine = openRecording(b.end().bytes()).engine;

  it('before and after the frame switches to per-variable lists', () => {
    engine.gotoStep(5);
    expect(Object.keys(scopeVariables(engine, 'Local'))).toEqual(['count', 'k', 'item']);
    // Step 301 is line 4 of k = 150: 451 writes so far.
    engine.gotoStep(301);
    expect(scopeVariables(engine, 'Local')).toEqual({ count: String(150 * 149), k: '150', item: '298' });
    expect(Object.keys(scopeVariables(engine, 'Local'))).toEqual(['count', 'k', 'item']);
  });
});

describe("format 2: WRITE without a scope word is the running activation's own binding", () => {
  // 1 function outer() {
  // 2   let n = 1;          (own write: no scope word)
  // 3   inner();            inner writes n through the closure: a scope word naming outer's frame
  // 4   n++;                (own write)
  // 5 }                     a recursive call of outer in between must not take outer's writes
  const builder = new TraceBuilder().file('/app/own.js');
  const module = builder.module({ line: 1, endLine: 6 });
  const outer = builder.fn('outer', module, { line: 1, endLine: 5 });
  const inner = builder.fn('inner', outer, { line: 3, endLine: 3 });
  const [s2, s3, s4] = [2, 3, 4].map((line) => builder.stmt(line, outer, { column: 2 }));
  const sInner = builder.stmt(3, inner, { column: 20 });
  const wN = builder.writeProbe('n', outer, outer, { declarationKind: 'let', line: 2 });
  const wInner = builder.writeProbe('n', inner, outer, { declarationKind: 'let', line: 3 });
  const returnProbe = builder.probe('return', { line: 5, functionProbe: outer });
  const innerReturn = builder.probe('return', { line: 3, functionProbe: inner });
  const moduleFrame = builder.enter(module);
  const first = builder.enter(outer);
  builder.step(s2).ownWrite(wN, 1);
  const nested = builder.enter(outer);
  builder.step(s2).ownWrite(wN, 100).ret(returnProbe, undefined).exit(nested, outer);
  builder.step(s3);
  const innerFrame = builder.enter(inner);
  builder.step(sInner).write(wInner, 5, first).ret(innerReturn, undefined).exit(innerFrame, inner);
  builder.step(s4).ownWrite(wN, 6).step(s4).ret(returnProbe, 6).exit(first, outer);
  builder.exit(moduleFrame, module);
  const engine = openRecording(builder.end().bytes()).engine;

  it("own writes land in the running frame; a closure's scope word still names its owner", () => {
    engine.gotoStep(1); // outer's second call, line 2: its own n not written yet
    expect(scopeVariables(engine, 'Local')).toEqual({});
    expect(scopeVariables(engine, 'Local', 1)).toEqual({ n: '1' });
    engine.gotoStep(2); // back in the first outer, line 3: the nested call's n=100 is not its
    expect(scopeVariables(engine, 'Local')).toEqual({ n: '1' });
    engine.gotoStep(4); // line 4: inner wrote 5 into outer's n
    expect(scopeVariables(engine, 'Local')).toEqual({ n: '5' });
    engine.gotoStep(5);
    expect(scopeVariables(engine, 'Local')).toEqual({ n: '6' });
  });
});
