// Recorded programs for the replay tests, written event by event with the trace builder exactly
// as the instrumented code would emit them (hotPath.ts order). Each documents its source and its
// step numbering, so tests can name steps.
import { TraceBuilder, obj, truncated } from '../../support/traceBuilder';

export const MAIN = '/app/main.js';

/**
 * 1 function add(a, b) {
 * 2   const s = a + b;
 * 3   return s;
 * 4 }
 * 5 let total = 0;
 * 6 for (let i = 0; i < 3; i++) {
 * 7   total = add(total, i);
 * 8 }
 * 9 console.log(total);
 *
 * Steps: 0 S5 · 1 L6 · 2 S7 · 3 S2 · 4 S3 · 5 L6 · 6 S7 · 7 S2 · 8 S3 · 9 L6 · 10 S7 · 11 S2 · 12 S3 · 13 L6 · 14 S9
 * (add runs at 3–4, 7–8, 11–12 with s = 0, 1, 3).
 */
export function loopProgram(
  beforeExit?: (builder: TraceBuilder, module: number) => void,
  shape: { iterations?: number; recordWords?: number } = {},
) {
  const iterations = shape.iterations ?? 3;
  const builder = new TraceBuilder();
  if (shape.recordWords !== undefined) builder.recordWords = shape.recordWords;
  const b = builder.file(MAIN);
  const module = b.module({ line: 1, endLine: 9 });
  const add = b.fn('add', module, { line: 1, endLine: 4, paramNames: ['a', 'b'] });
  const s2 = b.stmt(2, add, { column: 2 });
  const s3 = b.stmt(3, add, { column: 2 });
  const wA = b.writeProbe('a', add, add, { declarationKind: 'param', line: 1 });
  const wB = b.writeProbe('b', add, add, { declarationKind: 'param', line: 1 });
  const wS = b.writeProbe('s', add, add, { declarationKind: 'const', line: 2 });
  const ret = b.probe('return', { line: 3, functionProbe: add });
  const s5 = b.stmt(5, module);
  const wTotal = b.writeProbe('total', module, module, { line: 5 });
  const l6 = b.probe('loopHead', { line: 6, functionProbe: module });
  const wI = b.writeProbe('i', module, module, { line: 6 });
  const s7 = b.stmt(7, module, { column: 2 });
  const s9 = b.stmt(9, module);
  const modFrame = b.enter(module);
  b.step(s5).write(wTotal, 0, 0);
  let total = 0;
  for (let i = 0; i < iterations; i++) {
    b.step(l6).write(wI, i, 0);
    b.step(s7);
    const frame = b.enter(add);
    b.write(wA, total, frame).write(wB, i, frame);
    b.step(s2).write(wS, total + i, frame);
    b.step(s3)
      .ret(ret, total + i)
      .exit(frame, add);
    total += i;
    b.write(wTotal, total, 0);
  }
  b.step(l6).write(wI, iterations, 0);
  b.step(s9).output(`${total}\n`);
  beforeExit?.(b, module);
  b.ret(module, undefined).exit(modFrame, module);
  return { builder: b, probes: { module, add, s2, s3, s5, l6, s7, s9, wTotal, wI } };
}

/**
 * 1 async function load(n) {
 * 2   const x = n * 2;
 * 3   await tick();
 * 4   return x + 1;
 * 5 }
 * 6 async function main() {
 * 7   const v = await load(5);
 * 8   console.log(v);
 * 9 }
 * 10 main();
 * 11 const after = 1;
 *
 * Steps: 0 S10 · 1 S7 (main) · 2 S2 (load) · 3 S3 (load, suspends) · [main suspends on its await] · 4 S11 (module)
 *        · [load resumes] 5 S4 · [main resumes] 6 S8
 */
export function asyncProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 11 });
  const load = b.fn('load', module, { line: 1, endLine: 5, isAsync: true });
  const main = b.fn('main', module, { line: 6, endLine: 9, isAsync: true });
  const s2 = b.stmt(2, load, { column: 2 });
  const s3 = b.stmt(3, load, { column: 2 });
  const s4 = b.stmt(4, load, { column: 2 });
  const await3 = b.probe('await', { line: 3, functionProbe: load });
  const s7 = b.stmt(7, main, { column: 2 });
  const await7 = b.probe('await', { line: 7, functionProbe: main });
  const s8 = b.stmt(8, main, { column: 2 });
  const s10 = b.stmt(10, module);
  const s11 = b.stmt(11, module);
  const wX = b.writeProbe('x', load, load, { line: 2, declarationKind: 'const' });
  const wV = b.writeProbe('v', main, main, { line: 7, declarationKind: 'const' });
  const modFrame = b.enter(module);
  b.step(s10);
  const mainFrame = b.enter(main);
  b.step(s7);
  const loadFrame = b.enter(load);
  b.step(s2).write(wX, 10, loadFrame);
  b.step(s3).suspend(loadFrame, await3, obj(1));
  b.suspend(mainFrame, await7, obj(2));
  b.step(s11);
  b.ret(module).exit(modFrame, module);
  b.resume(loadFrame, await3, undefined);
  b.step(s4).ret(s4, 11).exit(loadFrame, load);
  b.resume(mainFrame, await7, 11);
  b.write(wV, 11, mainFrame);
  b.step(s8).output('11\n');
  b.ret(s8).exit(mainFrame, main);
  return { builder: b, probes: { module, load, main, s2, s3, s4, s7, s8, s10, s11 } };
}

/**
 * 1 const list = [];                                  // step 0
 * 2 for (let i = 0; i < 3; i++) list.push(i * 10);    // L2 at 1, 3, 5, 7; push at 2, 4, 6
 * 3 const m = new Map([['a', 1]]);                    // 8
 * 4 m.set('b', 2); m.delete('a');                     // 9, 10
 * 5 const s = new Set([1]); s.add(2); s.clear();      // 11, 12, 13
 * 6 const o = { x: 1, get g() {}, long: 'aaaa…' };    // 14
 * 7 o.y = 2; delete o.x;                              // 15, 16
 * 8 const big = <1000 elements, 3 captured>;          // 17
 * 9 end;                                              // 18
 */
export function objectsProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 8 });
  const stmt = (line: number) => b.stmt(line, module);
  const write = (name: string, line: number) => b.writeProbe(name, module, module, { line, declarationKind: 'const' });
  const [s1, l2, s2, s3, s4, s5, s6, s7, s8, s9] = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9].map(stmt);
  const wList = write('list', 1);
  const wI = write('i', 2);
  const wM = write('m', 3);
  const wS = write('s', 5);
  const wO = write('o', 6);
  const wBig = write('big', 8);
  const push = b.probe('mutatorCall', { line: 2, functionProbe: module, operation: 'push', argumentCount: 1 });
  const mapSet = b.probe('mutatorCall', { line: 4, functionProbe: module, operation: 'set', argumentCount: 2 });
  const mapDelete = b.probe('mutatorCall', { line: 4, functionProbe: module, operation: 'delete', argumentCount: 1 });
  const setAdd = b.probe('mutatorCall', { line: 5, functionProbe: module, operation: 'add', argumentCount: 1 });
  const setClear = b.probe('mutatorCall', { line: 5, functionProbe: module, operation: 'clear', argumentCount: 0 });
  const propY = b.probe('property', { line: 7, functionProbe: module, operation: 'set', propertyKey: 'y' });
  const propX = b.probe('property', { line: 7, functionProbe: module, operation: 'delete', propertyKey: 'x' });
  const frame = b.enter(module);
  b.step(s1).snapshot(1, { type: 'ARRAY', entries: [] }).write(wList, obj(1), 0);
  for (let i = 0; i < 3; i++) {
    b.step(l2).write(wI, i, 0);
    b.step(s2).mutator(push, obj(1), [i * 10], i + 1);
  }
  b.step(l2).write(wI, 3, 0);
  b.step(s3)
    .snapshot(2, { type: 'MAP', entries: [['a', 1]] })
    .write(wM, obj(2), 0);
  b.step(s4).mutator(mapSet, obj(2), ['b', 2], obj(2));
  b.step(s4).mutator(mapDelete, obj(2), ['a'], true);
  b.step(s5)
    .snapshot(3, { type: 'SET', entries: [1] })
    .write(wS, obj(3), 0);
  b.step(s5).mutator(setAdd, obj(3), [2], obj(3));
  b.step(s5).mutator(setClear, obj(3), [], undefined);
  b.step(s6).snapshot(4, {
    type: 'OBJECT',
    entries: [
      { key: 'x', value: 1 },
      { key: 'g', getter: true },
      { key: 'long', value: truncated('aaaa', 5000) },
    ],
  });
  b.write(wO, obj(4), 0);
  b.step(s7).propSet(propY, obj(4), 'y', 2);
  b.step(s7).propDelete(propX, obj(4), 'x');
  b.step(s8)
    .snapshot(5, { type: 'ARRAY', entries: [7, 8, 9], trueSize: 1000, truncated: true })
    .write(wBig, obj(5), 0);
  b.step(s9);
  b.ret(module).exit(frame, module);
  return { builder: b, probes: { module } };
}

/**
 * 1 function risky(n) {
 * 2   if (n > 1) throw new Error('too big');
 * 3   return n;
 * 4 }
 * 5 try {
 * 6   risky(1);
 * 7   risky(2);
 * 8 } catch (e) {
 * 9   console.log(e.message);
 * 10 }
 * 11 null.x;   // uncaught TypeError: no THROW event, the module exits by throw
 *
 * Steps: 0 S5 · 1 S6 · 2 S2 · 3 S3 · 4 S7 · 5 S2 (throws) · 6 S9 · 7 S11 (throws, uncaught)
 */
export function exceptionProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 11 });
  const risky = b.fn('risky', module, { line: 1, endLine: 4 });
  const [s2, s3] = [2, 3].map((line) => b.stmt(line, risky, { column: 2 }));
  const [s5, s6, s7, s9, s11] = [5, 6, 7, 9, 11].map((line) => b.stmt(line, module));
  const throwProbe = b.probe('throw', { line: 2, functionProbe: risky });
  const catchProbe = b.probe('catch', { line: 8, functionProbe: module });
  const wN = b.writeProbe('n', risky, risky, { declarationKind: 'param' });
  const wE = b.writeProbe('e', module, module, { line: 8, declarationKind: 'catch' });
  const frame = b.enter(module);
  b.step(s5).step(s6);
  let call = b.enter(risky);
  b.write(wN, 1, call).step(s2).step(s3).ret(s3, 1).exit(call, risky);
  b.step(s7);
  call = b.enter(risky);
  b.write(wN, 2, call).step(s2);
  b.snapshot(10, {
    type: 'ERROR',
    className: 'Error',
    extra: 'too big',
    entries: [{ key: 'stack', value: 'Error: too big\n    at risky (main.js:2:20)', flags: 4 }],
  });
  b.throw(throwProbe, obj(10)).exit(call, risky);
  b.catch(catchProbe, obj(10)).write(wE, obj(10), 0);
  b.step(s9).output('too big\n');
  b.step(s11).exit(frame, module);
  b.end({
    reason: 'uncaught-exception',
    exitCode: 1,
    error: {
      name: 'TypeError',
      message: "Cannot read properties of null (reading 'x')",
      stack: "TypeError: Cannot read properties of null (reading 'x')\n    at main.js:11:6",
    },
  });
  return { builder: b };
}

/**
 * 1 function* gen() {
 * 2   yield 1;
 * 3   yield 2;
 * 4 }
 * 5 const it = gen();
 * 6 it.next();
 * 7 it.next();
 * 8 it.next();
 * 9 done();
 *
 * Steps: 0 S5 · 1 S6 · 2 S2 (gen) · 3 S7 · 4 S3 (gen, resumed) · 5 S8 · 6 S9
 */
export function generatorProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 9 });
  const gen = b.fn('gen', module, { line: 1, endLine: 4, isGenerator: true });
  const [s2, s3] = [2, 3].map((line) => b.stmt(line, gen, { column: 2 }));
  const [y2, y3] = [2, 3].map((line) => b.probe('yield', { line, functionProbe: gen }));
  const [s5, s6, s7, s8, s9] = [5, 6, 7, 8, 9].map((line) => b.stmt(line, module));
  const frame = b.enter(module);
  b.step(s5).step(s6);
  const g = b.enter(gen);
  b.step(s2).suspend(g, y2, 1);
  b.step(s7).resume(g, y2, undefined);
  b.step(s3).suspend(g, y3, 2);
  b.step(s8).resume(g, y3, undefined).ret(gen, undefined).exit(g, gen);
  b.step(s9).ret(module).exit(frame, module);
  return { builder: b.end() };
}

/** Ten module steps (lines 1–10) with 5 events lost between steps 4 and 5. */
export function gapProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 10 });
  const steps = Array.from({ length: 10 }, (_, index) => b.stmt(index + 1, module));
  const frame = b.enter(module);
  steps.forEach((probe, index) => {
    if (index === 5) b.lost(5);
    b.step(probe);
  });
  b.ret(module).exit(frame, module);
  return { builder: b.end({ eventsLost: 5 }) };
}

/** Ten module steps (lines 1–10): 7 events lost before step 0 (the oldest history went), 5 between steps 4 and 5. */
export function leadingGapProgram() {
  const b = new TraceBuilder().file(MAIN);
  const module = b.module({ line: 1, endLine: 10 });
  const steps = Array.from({ length: 10 }, (_, index) => b.stmt(index + 1, module));
  b.lost(7);
  const frame = b.enter(module);
  steps.forEach((probe, index) => {
    if (index === 5) b.lost(5);
    b.step(probe);
  });
  b.ret(module).exit(frame, module);
  return { builder: b.end({ eventsLost: 12 }) };
}

/**
 * 1 function loop() {
 * 2   n = …;   (iterations times, n = 0, 1, 2 …)
 * 3 }
 *
 * Steps: 2n is line 2 writing n, 2n + 1 is line 3: 2 × iterations steps in all. For long searches,
 * windows and slices; `recordWords` sets the builder's record size (small records for window tests).
 */
export function longLoopProgram(iterations: number, recordWords?: number): TraceBuilder {
  const builder = new TraceBuilder().file(MAIN);
  if (recordWords !== undefined) builder.recordWords = recordWords;
  const module = builder.module({ line: 1, endLine: 3 });
  const loop = builder.fn('loop', module, { line: 1 });
  const [s1, s2] = [builder.stmt(2, loop), builder.stmt(3, loop)];
  const write = builder.writeProbe('n', loop, loop);
  const frame = builder.enter(module);
  const inner = builder.enter(loop);
  for (let n = 0; n < iterations; n++) builder.step(s1).write(write, n, inner).step(s2);
  builder.ret(loop).exit(inner, loop).exit(frame, module);
  return builder;
}

/**
 * 1 loop();          (module)
 * 2   n = …;         (in loop, `iterations` times)
 * 3   …;
 * 4 const after = 1; (module)
 *
 * Steps: 0 S1 · S2 S3 × iterations (the call) · last S4: a Step Over of line 1 passes every hit of line 2.
 */
export function longCallProgram(iterations: number): TraceBuilder {
  const builder = new TraceBuilder().file(MAIN);
  const module = builder.module({ line: 1, endLine: 4 });
  const loop = builder.fn('loop', module, { line: 1 });
  const [s1, s4] = [builder.stmt(1, module), builder.stmt(4, module)];
  const [s2, s3] = [builder.stmt(2, loop), builder.stmt(3, loop)];
  const write = builder.writeProbe('n', loop, loop);
  const frame = builder.enter(module);
  builder.step(s1);
  const inner = builder.enter(loop);
  for (let n = 0; n < iterations; n++) builder.step(s2).write(write, n, inner).step(s3);
  builder.ret(loop).exit(inner, loop);
  builder.step(s4);
  builder.ret(module).exit(frame, module);
  return builder;
}
