// The webview's knowledge of the run: which bucket holds a step, which function is drawn where
// (detail first, overview as fallback) and the wall-clock time between sparse samples.
import { describe, expect, it } from 'vitest';
import { bucketAt, mergeSamples, TimelineModel } from '../../webview/model';
import { positionText } from '../../webview/ui/cursors';
import type { TimelineBody } from '../../protocol/requests';

function body(
  startStep: number,
  endStep: number,
  depthIds: number[][],
  extra: Partial<TimelineBody> = {},
): TimelineBody {
  const width = (endStep - startStep) / depthIds.length;
  return {
    totalSteps: 1000,
    startStep,
    endStep,
    currentStep: 0,
    markers: [],
    buckets: depthIds.map((depths, index) => ({
      startStep: startStep + index * width,
      endStep: startStep + (index + 1) * width,
      maxDepth: depths.length - 1,
      depths,
    })),
    functions: [
      { id: 0, name: 'main', path: '/m.js', line: 1 },
      { id: 1, name: 'a', path: '/a.js', line: 2 },
      { id: 2, name: 'b', path: '/b.js', line: 3 },
    ],
    ...extra,
  };
}

describe('bucketAt', () => {
  const buckets = body(0, 100, [[0], [0], [0], [0]]).buckets;
  it.each([
    [0, 0],
    [24, 0],
    [25, 25],
    [99, 75],
  ])('step %i is in the bucket starting at %i', (step, start) => {
    expect(bucketAt(buckets, step)?.startStep).toBe(start);
  });
  it('finds nothing outside', () => {
    expect(bucketAt(buckets, -1)).toBeUndefined();
    expect(bucketAt(buckets, 100)).toBeUndefined();
    expect(bucketAt([], 0)).toBeUndefined();
  });
});

describe('TimelineModel', () => {
  it('names the function at a step and depth, from detail data where it reaches, else the overview', () => {
    const model = new TimelineModel();
    const overview = body(0, 1000, [
      [0, 1],
      [0, 2],
    ]);
    const detail = body(400, 600, [[0, 2, 1]]);
    model.absorb(overview);
    model.absorb(detail);
    model.overview = { request: { startStep: 0, endStep: 1000, bucketCount: 2 }, body: overview };
    model.detail = { request: { startStep: 400, endStep: 600, bucketCount: 1 }, body: detail };
    expect(model.functionAt(100, 1)?.name).toBe('a');
    expect(model.functionAt(450, 1)?.name).toBe('b');
    expect(model.functionAt(450, 2)?.name).toBe('a');
    expect(model.functionAt(450, 3)).toBeUndefined();
    expect(model.functionAt(800, 1)?.name).toBe('b');
  });

  it('interpolates wall time between samples and says nothing outside them', () => {
    const model = new TimelineModel();
    model.absorb(
      body(0, 1000, [[0]], {
        wallTimeMs: [
          { step: 100, timeMs: 10 },
          { step: 300, timeMs: 50 },
        ],
      }),
    );
    expect(model.timeAt(100)).toBe(10);
    expect(model.timeAt(200)).toBe(30);
    expect(model.timeAt(300)).toBe(50);
    expect(model.timeAt(50)).toBeUndefined();
    expect(model.timeAt(400)).toBeUndefined();
  });

  it('tells time relative to the start of the run, not as raw epoch time', () => {
    const model = new TimelineModel();
    const epochMs = 1_796_246_914_640;
    model.absorb(
      body(0, 1000, [[0]], {
        wallTimeMs: [
          { step: 0, timeMs: epochMs },
          { step: 500, timeMs: epochMs + 2_000 },
        ],
      }),
    );
    expect(model.sinceStartAt(0)).toBe(0);
    expect(model.sinceStartAt(250)).toBe(1_000);
    expect(model.sinceStartAt(500)).toBe(2_000);
    expect(model.sinceStartAt(600)).toBeUndefined();
    expect(positionText(model, 250)).toBe('Step 250 of 1,000 · t = 1000.00 ms');
  });

  it('forgets everything on reset', () => {
    const model = new TimelineModel();
    model.absorb(body(0, 1000, [[0]]));
    model.reset('other');
    expect(model.functions.size).toBe(0);
    expect(model.sessionId).toBe('other');
    expect(model.totalSteps).toBe(0);
  });
});

describe('mergeSamples', () => {
  it('sorts, de-duplicates by step (newest wins)', () => {
    expect(
      mergeSamples(
        [
          { step: 5, timeMs: 1 },
          { step: 1, timeMs: 0 },
        ],
        [
          { step: 5, timeMs: 2 },
          { step: 3, timeMs: 0.5 },
        ],
      ),
    ).toEqual([
      { step: 1, timeMs: 0 },
      { step: 3, timeMs: 0.5 },
      { step: 5, timeMs: 2 },
    ]);
  });
});
