// Object reconstruction against a plain simulation: every array mutator, re-snapshots, and long
// histories (dense lists and checkpoints) give the same state at every step, in any query order.
import { describe, expect, it } from 'vitest';
import { openRecording } from '../../../debug-adapter/replay';
import { TraceBuilder, obj, type TestValue } from '../../support/traceBuilder';
import { MAIN } from './programs';

type Operation = { method: string; args: number[] } | { snapshot: true };

function recordArrayHistory(operations: Operation[]) {
  const builder = new TraceBuilder().file(MAIN);
  const module = builder.module({ line: 1 });
  const step = builder.stmt(1, module);
  const write = builder.writeProbe('a', module, module);
  const probes = new Map<string, number>();
  const probeFor = (method: string) => {
    if (!probes.has(method))
      probes.set(method, builder.probe('mutatorCall', { line: 1, functionProbe: module, operation: method }));
    return probes.get(method)!;
  };
  const frame = builder.enter(module);
  const simulated: number[] = [];
  const expected: string[] = [];
  builder.step(step).snapshot(1, { type: 'ARRAY', entries: [] }).write(write, obj(1), 0);
  expected.push('[]');
  for (const operation of operations) {
    builder.step(step);
    expected.push(JSON.stringify(simulated));
    if ('snapshot' in operation) builder.snapshot(1, { type: 'ARRAY', entries: simulated.slice() });
    else {
      const result = (simulated as unknown as Record<string, (...args: number[]) => unknown>)[operation.method](
        ...operation.args,
      );
      builder.mutator(
        probeFor(operation.method),
        obj(1),
        operation.args,
        typeof result === 'number' ? result : (undefined as TestValue),
      );
    }
  }
  builder.step(step);
  expected.push(JSON.stringify(simulated));
  builder.exit(frame, module);
  return { bytes: builder.end().bytes(), expected };
}

function itemsAt(engine: ReturnType<typeof openRecording>['engine'], stepIndex: number): string {
  engine.gotoStep(stepIndex);
  const value = engine.evaluate('a');
  const rows = value.variablesReference
    ? engine.variables({ variablesReference: value.variablesReference, filter: 'indexed' })
    : [];
  return JSON.stringify(rows.map((row) => Number(row.value)));
}

describe('array history', () => {
  it('replays every array mutator and re-snapshots', () => {
    const { bytes, expected } = recordArrayHistory([
      { method: 'push', args: [1, 2, 3] },
      { method: 'unshift', args: [0] },
      { method: 'pop', args: [] },
      { method: 'shift', args: [] },
      { method: 'splice', args: [1, 1, 7, 8] },
      { method: 'reverse', args: [] },
      { method: 'fill', args: [5, 1, 2] },
      { snapshot: true },
      { method: 'splice', args: [-1] },
      { method: 'push', args: [9] },
    ]);
    const engine = openRecording(bytes).engine;
    expected.slice(1).forEach((items, index) => expect(itemsAt(engine, index + 1), `step ${index + 1}`).toBe(items));
  });

  it('stays exact over a long history queried in random order (dense lists and checkpoints)', () => {
    const operations: Operation[] = [];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let index = 0; index < 6000; index++) {
      const roll = random();
      if (roll < 0.7) operations.push({ method: 'push', args: [index] });
      else if (roll < 0.85) operations.push({ method: 'pop', args: [] });
      else if (roll < 0.95) operations.push({ method: 'shift', args: [] });
      else if (roll < 0.999) operations.push({ method: 'unshift', args: [-index] });
      else operations.push({ snapshot: true });
    }
    const { bytes, expected } = recordArrayHistory(operations);
    const engine = openRecording(bytes).engine;
    const steps = Array.from({ length: 60 }, () => 1 + Math.floor(random() * (expected.length - 1)));
    for (const step of [...steps, expected.length - 1, 1, ...steps.reverse()])
      expect(itemsAt(engine, step), `step ${step}`).toBe(expected[step]);
  });
});
