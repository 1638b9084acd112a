// INS-20 / issue 14 item 7: a recorded program still recurses deep — at least 90% of the plain
// depth before its RangeError — in every frame shape of the fixtures, in the main process and in
// its Node children (spawnSync, fork), on this Node and on Node 24 (REWIND_NODE24), through the real CLI;
// the children see no added execArgv and the parent its own spawnargs. The shapes fixture is not a
// corpus entry (`_`): a stack overflow that strikes inside the recorder's hot path can tear the
// event being written, so its trace does not always read back (a known bug of the hot path).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBinaries, runPlainAndRecorded, REPO_ROOT } from './runBoth';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'ins');
const MIN_RATIO = 0.9;

function printedDepths(stderr: string): Record<string, number> {
  const depths: Record<string, number> = {};
  const single = /^depth=(\d+)$/m.exec(stderr);
  if (single) depths.main = Number(single[1]);
  for (const [, where, json] of stderr.matchAll(/^depths (\w+)=(\{.*\})$/gm)) {
    for (const [shape, depth] of Object.entries(JSON.parse(json) as Record<string, number>))
      depths[`${where}.${shape}`] = depth;
  }
  return depths;
}

function recordedOverPlain(fixture: string, nodeBinary: string): Record<string, number> {
  process.env.INS20_PRINT_DEPTH = '1';
  const run = runPlainAndRecorded(nodeBinary, join(FIXTURES, fixture));
  delete process.env.INS20_PRINT_DEPTH;
  try {
    expect(run.recorded.stdout).toBe(run.plain.stdout);
    expect(run.recorded.status).toBe(run.plain.status);
    const plain = printedDepths(run.plain.stderr);
    const recorded = printedDepths(run.recorded.stderr);
    expect(Object.keys(recorded).sort()).toEqual(Object.keys(plain).sort());
    expect(Object.keys(plain).length).toBeGreaterThan(0);
    const ratios: Record<string, number> = {};
    for (const [where, depth] of Object.entries(plain)) {
      expect(depth, where).toBeGreaterThan(1000);
      ratios[where] = Math.round((recorded[where] / depth) * 1000) / 1000;
    }
    return ratios;
  } finally {
    run.cleanup();
  }
}

describe.each(nodeBinaries())('INS-20 on $label', ({ path: nodeBinary }) => {
  it.each(['ins-20-recursion.js', '_ins-20-recursion-shapes.js'])(
    `%s reaches at least ${MIN_RATIO * 100}% of the plain depth`,
    (fixture) => {
      const ratios = recordedOverPlain(fixture, nodeBinary);
      for (const [where, ratio] of Object.entries(ratios))
        expect(ratio, `${where} (all: ${JSON.stringify(ratios)})`).toBeGreaterThanOrEqual(MIN_RATIO);
    },
  );
});
