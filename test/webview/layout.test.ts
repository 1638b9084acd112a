// The bucket → pixel geometry and view arithmetic, where every off-by-one of the timeline lives.
import { describe, expect, it } from 'vitest';
import {
  bucketRequestFor,
  bucketSpan,
  centreOn,
  clampView,
  coversView,
  depthAtY,
  MIN_VISIBLE_STEPS,
  panBy,
  rowLayout,
  stepToX,
  xToStep,
  zoomAround,
} from '../../webview/layout';
import { formatStep, niceInterval } from '../../webview/render/markers';

const TEN_M = 10_000_000;
const whole = { startStep: 0, endStep: TEN_M };

describe('steps and pixels', () => {
  it('maps the ends of the view to the ends of the canvas', () => {
    expect(stepToX(0, whole, 1000)).toBe(0);
    expect(stepToX(TEN_M, whole, 1000)).toBe(1000);
    expect(stepToX(2_500_000, whole, 1000)).toBe(250);
  });

  it('gives the step under a pixel, clamped to existing steps', () => {
    expect(xToStep(0, whole, 1000, TEN_M)).toBe(0);
    expect(xToStep(250, whole, 1000, TEN_M)).toBe(2_500_000);
    expect(xToStep(999.999, whole, 1000, TEN_M)).toBe(9_999_990);
    expect(xToStep(1000, whole, 1000, TEN_M)).toBe(TEN_M - 1);
    expect(xToStep(-5, whole, 1000, TEN_M)).toBe(0);
  });

  it('round-trips when zoomed in past one step per pixel', () => {
    const view = { startStep: 100, endStep: 110 };
    for (let step = 100; step < 110; step++)
      expect(xToStep(stepToX(step + 0.5, view, 500), view, 500, TEN_M)).toBe(step);
  });
});

describe('bucketSpan', () => {
  it('snaps adjacent buckets to shared pixel edges: no seams, no overlap', () => {
    const view = { startStep: 0, endStep: 1000 };
    let previousEnd = 0;
    for (let start = 0; start < 1000; start += 7) {
      const span = bucketSpan(start, Math.min(1000, start + 7), view, 333);
      if (span.widthPx > 1) expect(span.xPx).toBe(previousEnd);
      previousEnd = span.xPx + span.widthPx;
    }
    expect(previousEnd).toBe(333);
  });

  it('keeps even a sub-pixel bucket one pixel wide, and widens an empty one to a step', () => {
    expect(bucketSpan(0, 1, whole, 1000)).toEqual({ xPx: 0, widthPx: 1 });
    expect(bucketSpan(5, 5, { startStep: 0, endStep: 10 }, 100)).toEqual({ xPx: 50, widthPx: 10 });
  });
});

describe('rows', () => {
  it.each([
    [0, 200, { rowHeightPx: 18, visibleRows: 1, hiddenRows: 0 }],
    [9, 200, { rowHeightPx: 18, visibleRows: 10, hiddenRows: 0 }],
    [19, 200, { rowHeightPx: 10, visibleRows: 20, hiddenRows: 0 }],
    [999, 200, { rowHeightPx: 3, visibleRows: 66, hiddenRows: 934 }],
  ])('maxDepth %i in %ipx', (maxDepth, height, expected) => {
    expect(rowLayout(maxDepth, height)).toEqual(expected);
  });

  it('maps y to depth within the visible rows only', () => {
    const rows = rowLayout(4, 90);
    expect(depthAtY(0, rows)).toBe(0);
    expect(depthAtY(17.9, rows)).toBe(0);
    expect(depthAtY(18, rows)).toBe(1);
    expect(depthAtY(90, rows)).toBeUndefined();
    expect(depthAtY(-1, rows)).toBeUndefined();
  });
});

describe('view arithmetic', () => {
  it('clamps to the run and to a minimum span', () => {
    expect(clampView({ startStep: -50, endStep: 50 }, TEN_M)).toEqual({ startStep: 0, endStep: 100 });
    expect(clampView({ startStep: 5, endStep: 6 }, TEN_M)).toEqual({ startStep: 5, endStep: 5 + MIN_VISIBLE_STEPS });
    expect(clampView({ startStep: 0, endStep: 50 }, 10)).toEqual({ startStep: 0, endStep: 10 });
  });

  it('zooms keeping the anchor step under the same pixel', () => {
    const view = zoomAround(whole, 2_500_000, 4, TEN_M);
    expect(view.endStep - view.startStep).toBe(2_500_000);
    expect(stepToX(2_500_000, view, 1000)).toBeCloseTo(250, 6);
  });

  it('zooming out past the run shows the whole run', () => {
    expect(zoomAround({ startStep: 100, endStep: 200 }, 150, 1e-9, TEN_M)).toEqual(whole);
  });

  it('pans and centres within bounds', () => {
    expect(panBy({ startStep: 100, endStep: 200 }, -500, TEN_M)).toEqual({ startStep: 0, endStep: 100 });
    expect(centreOn({ startStep: 0, endStep: 100 }, TEN_M - 1, TEN_M)).toEqual({
      startStep: TEN_M - 100,
      endStep: TEN_M,
    });
  });
});

describe('level-of-detail requests', () => {
  it('asks for the visible range plus margins at about one bucket per pixel', () => {
    expect(bucketRequestFor({ startStep: 4_000_000, endStep: 5_000_000 }, 1000, TEN_M)).toEqual({
      startStep: 3_750_000,
      endStep: 5_250_000,
      bucketCount: 1500,
    });
  });

  it('never asks for more buckets than steps, nor past the run, nor over the cap', () => {
    expect(bucketRequestFor({ startStep: 0, endStep: 40 }, 1000, 40)).toEqual({
      startStep: 0,
      endStep: 40,
      bucketCount: 40,
    });
    expect(bucketRequestFor(whole, 8000, TEN_M, 0).bucketCount).toBe(4096);
  });

  it('reuses data that covers the view at a resolution within 2x', () => {
    const have = { startStep: 0, endStep: 1_000_000, bucketCount: 1000 };
    expect(coversView(have, { startStep: 100_000, endStep: 900_000 }, 800)).toBe(true);
    expect(coversView(have, { startStep: 100_000, endStep: 200_000 }, 800)).toBe(false); // too coarse now
    expect(coversView(have, { startStep: 900_000, endStep: 1_100_000 }, 200)).toBe(false); // off the edge
    expect(coversView({ startStep: 0, endStep: 100, bucketCount: 100 }, { startStep: 10, endStep: 30 }, 800)).toBe(
      true,
    ); // one step per bucket is as sharp as it gets
  });
});

describe('ruler labels', () => {
  it.each([
    [0.3, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [120, 200],
    [84_000, 100_000],
  ])('niceInterval(%d) = %d', (raw, nice) => {
    expect(niceInterval(raw)).toBe(nice);
  });
  it.each([
    [999, '999'],
    [12_000, '12k'],
    [2_500_000, '2.5M'],
    [1_000_000_000, '1G'],
  ])('formatStep(%d) = %s', (step, text) => {
    expect(formatStep(step)).toBe(text);
  });
});
