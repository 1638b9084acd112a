// Timeline affordances (issue 15 §5): every marker kind has its own shape and colour in any theme,
// and a press near the cursor line drags the cursor wherever it is, elsewhere the ruler and the
// overview move the view.
import { describe, expect, it } from 'vitest';
import { MARKER_HALF_WIDTH_PX, MARKER_SHAPES } from '../../webview/render/markers';
import { MARKER_FALLBACKS, distinctMarkerColors } from '../../webview/render/palette';
import { CURSOR_GRAB_PX, detailZone, overviewZone } from '../../webview/interaction/pointerZone';

describe('marker shapes and colours', () => {
  it('breakpoints, exceptions and logpoints each have their own shape; an exception is wider than a tick', () => {
    expect(
      new Set([MARKER_SHAPES.breakpoint, MARKER_SHAPES.exception, MARKER_SHAPES.logpoint, MARKER_SHAPES.console]).size,
    ).toBe(4);
    expect(MARKER_HALF_WIDTH_PX[MARKER_SHAPES.exception] * 2 + 1).toBeGreaterThan(3 * 3);
  });

  it('two kinds a theme colours alike get different colours', () => {
    const same = distinctMarkerColors({
      breakpoint: '#F00',
      exception: '#f00',
      console: '#00f',
      logpoint: '#00F',
      gap: '#ff0',
      emit: '#FF0',
    });
    expect(same.breakpoint).toBe('#F00');
    expect(same.exception).toBe(MARKER_FALLBACKS.exception);
    expect(same.logpoint).toBe(MARKER_FALLBACKS.logpoint);
    expect(same.emit).toBe(MARKER_FALLBACKS.emit);
    expect(new Set(Object.values(same).map((colour) => colour.toLowerCase())).size).toBe(6);
    expect(new Set(Object.values(MARKER_FALLBACKS)).size).toBe(6);
  });
});

describe('pointer zones', () => {
  it('detail view: the ruler pans, the rows and flame scrub, the cursor handle scrubs anywhere', () => {
    expect(detailZone(300, 8, 18, 100)).toBe('pan');
    expect(detailZone(300, 60, 18, 100)).toBe('scrub');
    expect(detailZone(100 + CURSOR_GRAB_PX, 8, 18, 100)).toBe('scrub');
    expect(detailZone(100 + CURSOR_GRAB_PX + 1, 8, 18, 100)).toBe('pan');
    expect(detailZone(100, 8, 18, undefined)).toBe('pan');
  });

  it('overview: moves the view, except on the cursor handle', () => {
    expect(overviewZone(50, 200)).toBe('pan');
    expect(overviewZone(197, 200)).toBe('scrub');
  });
});
