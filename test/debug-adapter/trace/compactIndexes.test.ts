// The store's compact indexes against plain arrays: hit lists (delta-coded blocks), columns that
// stay near their index (two-byte residual pages), and the step → activation map (byte residuals, exceptions, widened
// pages), on random call trees shaped
// like real runs — small loops, deep recursion unwinding at once, callers after huge call trees.
import { describe, expect, it } from 'vitest';
import { Column } from '../../../debug-adapter/trace/columns';
import { AscendingList } from '../../../debug-adapter/trace/ascendingList';
import { NearIndexColumn } from '../../../debug-adapter/trace/nearIndexColumn';
import { StepActivations } from '../../../debug-adapter/trace/stepActivations';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
}

describe('AscendingList', () => {
  it('returns every entry and answers upper bounds like a plain sorted array', () => {
    const next = random(7);
    const steps: number[] = [];
    let step = 0;
    for (let index = 0; index < 5000; index++) {
      // Mostly small gaps, some of 1, 2 and 3 varint bytes (step indexes stay below 2^31).
      const width = next();
      step += 1 + Math.floor(width < 0.8 ? next() * 100 : width < 0.95 ? next() * 20_000 : next() * 2 ** 20);
      steps.push(step);
    }
    const list = new AscendingList();
    for (const value of steps) list.push(value);
    list.compact();
    expect(list.length).toBe(steps.length);
    // Forward, backward and random order all read the same values.
    for (let index = 0; index < steps.length; index++) expect(list.get(index)).toBe(steps[index]);
    for (let index = steps.length - 1; index >= 0; index--) expect(list.get(index)).toBe(steps[index]);
    for (let probe = 0; probe < 2000; probe++) {
      const index = Math.floor(next() * steps.length);
      expect(list.get(index)).toBe(steps[index]);
    }
    expect(Array.from(list.toArray())).toEqual(steps);
    const plainUpperBound = (value: number): number => steps.filter((each) => each <= value).length;
    for (const value of [
      -1,
      0,
      steps[0],
      steps[0] - 1,
      steps[63],
      steps[64],
      steps[64] - 1,
      steps.at(-1)!,
      steps.at(-1)! + 1,
    ]) {
      expect(list.upperBound(value)).toBe(plainUpperBound(value));
    }
    for (let probe = 0; probe < 300; probe++) {
      const value = Math.floor(next() * (steps.at(-1)! + 10));
      expect(list.upperBound(value)).toBe(plainUpperBound(value));
    }
    expect(list.sizeBytes).toBeLessThan(steps.length * 4);
  });

  it('stays readable while it grows (a live recording), with several lists read in turn', () => {
    const first = new AscendingList();
    const second = new AscendingList();
    for (let step = 0; step < 1000; step++) {
      (step % 3 === 0 ? first : second).push(step);
      // Reading the block being appended to, then appending to it, must not serve a stale decode.
      if (first.length > 0) expect(first.get(first.length - 1)).toBe(Math.floor((step - (step % 3)) / 3) * 3);
      if (second.length > 0) expect(second.upperBound(step)).toBe(second.length);
    }
    expect(first.get(0)).toBe(0);
    expect(second.get(0)).toBe(1);
    expect(first.upperBound(998)).toBe(333);
  });

  it('is small: a hot probe hit every few steps costs under 1.5 bytes per hit', () => {
    const list = new AscendingList();
    for (let step = 0; step < 1_000_000; step += 3) list.push(step);
    list.compact();
    expect(list.sizeBytes / list.length).toBeLessThan(1.5);
  });
});

/** Simulates an indexer: a stack of activations, steps pushed with the top as their activation. */
function simulate(
  seed: number,
  stepCount: number,
  bigTrees = true,
): { expected: number[]; index: StepActivations; starts: Column } {
  const next = random(seed);
  const starts = new Column();
  const index = new StepActivations(starts);
  const expected: number[] = [];
  const stack: number[] = [];
  const open = (): void => {
    stack.push(starts.push(expected.length));
  };
  open();
  while (expected.length < stepCount) {
    const choice = next();
    if (choice < 0.12) open();
    else if (bigTrees && choice < 0.125) {
      // A step-less call tree: many activations with no step of the caller between (a big library call).
      const size = Math.floor(next() * 2000);
      for (let each = 0; each < size; each++) starts.push(expected.length);
    } else if (bigTrees && choice < 0.128) {
      // Deep recursion that unwinds without a step in between.
      const depth = Math.floor(next() * 3000);
      for (let each = 0; each < depth; each++) open();
      const top = stack.at(-1)!;
      expected.push(top);
      index.push(top);
      stack.length = Math.max(1, stack.length - depth);
    } else if (choice < 0.24 && stack.length > 1) stack.pop();
    else {
      const top = stack.at(-1)!;
      expected.push(top);
      index.push(top);
    }
  }
  return { expected, index, starts };
}

/** The per-block columns' first 64K-entry pages, which runs as short as these do not fill. */
const FIXED_BYTES = 3 * (4 << 16);

describe('StepActivations', () => {
  it('maps every step to the activation the indexer gave it', () => {
    for (const seed of [1, 2, 3]) {
      const { expected, index } = simulate(seed, 200_000);
      index.compact();
      expect(index.length).toBe(expected.length);
      const mismatches: number[] = [];
      for (let step = 0; step < expected.length; step++) if (index.get(step) !== expected[step]) mismatches.push(step);
      expect(mismatches.slice(0, 5)).toEqual([]);
    }
  });

  it('widens a page whose residuals mostly do not fit a byte, and still answers every step', () => {
    // A caller that steps between calls of ever larger trees: most of its residuals are huge.
    const starts = new Column();
    const index = new StepActivations(starts);
    const expected: number[] = [];
    // More distinct far callers per block than it has slots: each step's activation is its own.
    for (let round = 0; round < 2 * 65_536; round++) {
      for (let each = 0; each < 300; each++) starts.push(expected.length);
      const caller = starts.length - 1 - 256 - (round % 64) * 7;
      expected.push(caller);
      index.push(caller);
    }
    for (let step = 0; step < expected.length; step += 7) expect(index.get(step)).toBe(expected[step]);
    expect(index.get(expected.length - 1)).toBe(expected.at(-1));
    // Widened pages cost 4 bytes a step, never the 1 + 8 of a byte page full of exceptions
    expect((index.sizeBytes - FIXED_BYTES) / expected.length).toBeLessThanOrEqual(4);
  });

  it('keeps a long-running loop that calls in a byte per step (a far activation)', () => {
    const starts = new Column();
    const index = new StepActivations(starts);
    const loop = starts.push(0);
    const expected: number[] = [];
    for (let round = 0; round < 300_000; round++) {
      expected.push(loop);
      index.push(loop);
      const callee = starts.push(expected.length);
      for (let each = 0; each < 3; each++) {
        expected.push(callee);
        index.push(callee);
      }
    }
    for (let step = 0; step < expected.length; step++)
      if (index.get(step) !== expected[step]) expect.fail(`step ${step}`);
    expect((index.sizeBytes - FIXED_BYTES) / expected.length).toBeLessThan(1.2);
  });

  it('costs about a byte per step on an ordinary run (calls with small call trees)', () => {
    const { expected, index } = simulate(9, 2_000_000, false);
    index.compact();
    expect((index.sizeBytes - FIXED_BYTES) / expected.length).toBeLessThan(1.3);
  });
});

describe('NearIndexColumn', () => {
  it('reads back what was pushed and set, fills included, narrow and widened pages alike', () => {
    const next = random(11);
    const column = new NearIndexColumn(-1);
    const expected: number[] = [];
    let drift = 1000;
    for (let index = 0; index < 200_000; index++) {
      const choice = next();
      // Page 0 drifts gently (stays narrow); page 2 jumps far (widens); fills everywhere.
      if (choice < 0.05) drift += Math.floor(next() * 10);
      if (index >> 16 === 2 && choice > 0.99) drift += 100_000;
      const value = choice < 0.02 ? -1 : index + drift;
      expected.push(value);
      column.push(value);
      if (index > 10 && choice > 0.97) {
        // Late sets (a frame's first activation is set after its push).
        const target = index - Math.floor(next() * 10);
        expected[target] = target + drift;
        column.set(target, target + drift);
      }
    }
    for (let index = 0; index < expected.length; index++)
      if (column.get(index) !== expected[index])
        expect.fail(`index ${index}: ${column.get(index)} ≠ ${expected[index]}`);
    expect(column.get(-1)).toBe(-1);
    expect(column.get(expected.length)).toBe(-1);
    // Pages 0, 1 and 3 narrow (2 bytes an entry), page 2 widened (4).
    expect(column.sizeBytes).toBe((3 * 2 + 4) << 16);
  });
});
