// Where a reconstruction starts (snapshotPositions.ts, objects.ts): the latest snapshot found by a
// binary search over positions scanned once must be the one the walk back event by event found, as
// the history grows; and an object reconstructed between the appends of a live recording (the
// snapshot positions and checkpoints extended as it grows) must equal a plain simulation.
import { describe, expect, it } from 'vitest';
import { createReplayEngine, TraceStore } from '../../../debug-adapter/replay';
import { SnapshotPositions } from '../../../debug-adapter/replay/snapshotPositions';
import { TraceBuilder, obj, type TestValue } from '../../support/traceBuilder';
import { MAIN } from './programs';

function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe('snapshot positions', () => {
  it('answer as the walk back did, for every end, in any order, while the list grows', () => {
    const random = seeded(11);
    const offsets: number[] = [];
    const snapshots = new Set<number>();
    const events = {
      get length() {
        return offsets.length;
      },
      get: (position: number) => offsets[position],
    };
    const positions = new SnapshotPositions((offset) => snapshots.has(offset));
    const walkBack = (end: number) => {
      for (let position = end - 1; position >= 0; position--) if (snapshots.has(offsets[position])) return position;
      return -1;
    };
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      for (let added = 0; added < 37; added++) {
        const offset = offsets.length * 10 + 3;
        offsets.push(offset);
        if (random() < 0.04) snapshots.add(offset);
      }
      const ends = [
        0,
        offsets.length,
        ...Array.from({ length: 20 }, () => Math.floor(random() * (offsets.length + 1))),
      ];
      for (const end of ends) {
        expect(positions.latestBefore(1, events, end), `end ${end} of ${offsets.length}`).toBe(walkBack(end));
        compared++;
      }
    }
    expect(snapshots.size).toBeGreaterThan(20);
    expect(compared).toBe(40 * 22);
  });
});

/** An array's history (random mutators and re-snapshots), one step per operation, and its contents at each step. */
function arrayHistory(operationCount: number) {
  const builder = new TraceBuilder();
  builder.recordWords = 2048; // many records: a live stream's appends
  const b = builder.file(MAIN);
  const module = b.module({ line: 1 });
  const step = b.stmt(1, module);
  const write = b.writeProbe('a', module, module);
  const mutators = new Map<string, number>();
  const probeFor = (method: string) => {
    if (!mutators.has(method))
      mutators.set(method, b.probe('mutatorCall', { line: 1, functionProbe: module, operation: method }));
    return mutators.get(method)!;
  };
  const random = seeded(5);
  const simulated: number[] = [];
  const expected: string[] = [];
  const frame = b.enter(module);
  b.step(step).snapshot(1, { type: 'ARRAY', entries: [] }).write(write, obj(1), 0);
  expected.push('[]');
  for (let index = 0; index < operationCount; index++) {
    b.step(step);
    expected.push(JSON.stringify(simulated));
    const roll = random();
    if (roll < 0.01) {
      b.snapshot(1, { type: 'ARRAY', entries: simulated.slice() });
      continue;
    }
    const [method, args] =
      roll < 0.75 ? ['push', [index]] : roll < 0.87 ? ['pop', []] : roll < 0.95 ? ['shift', []] : ['unshift', [-index]];
    const result = (simulated as unknown as Record<string, (...args: number[]) => unknown>)[method](...args);
    b.mutator(probeFor(method), obj(1), args, typeof result === 'number' ? result : (undefined as TestValue));
  }
  b.step(step);
  expected.push(JSON.stringify(simulated));
  b.exit(frame, module);
  return { records: builder.end().takeRecords(), expected };
}

describe('reconstructing an object in a growing recording', () => {
  it('equals the simulation at steps queried between appends (snapshots and checkpoints extended)', () => {
    const { records, expected } = arrayHistory(7000);
    expect(records.length).toBeGreaterThan(10);
    const store = new TraceStore();
    const engine = createReplayEngine(store);
    const random = seeded(3);
    let checked = 0;
    for (const [at, record] of records.entries()) {
      store.append([record]);
      if (at === records.length - 1) store.finish();
      const thread = store.threads.get(store.mainThreadId() ?? -1)?.history;
      if (!thread || thread.endStep < 2) continue;
      // The newest steps first (the cache extends), then older ones (it answers from what it has).
      const steps = [
        thread.endStep - 1,
        ...Array.from({ length: 4 }, () => 1 + Math.floor(random() * (thread.endStep - 1))),
      ];
      for (const stepIndex of steps) {
        engine.gotoStep(stepIndex);
        const value = engine.evaluate('a');
        const rows = value.variablesReference
          ? engine.variables({ variablesReference: value.variablesReference, filter: 'indexed' })
          : [];
        expect(JSON.stringify(rows.map((row) => Number(row.value))), `step ${stepIndex}`).toBe(expected[stepIndex]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
