// Draws the marker rows (breakpoint hits, exceptions, console output, logpoints, gaps) and the
// step ruler. One row per marker kind, in MARKER_KINDS order; gaps also cut through the flame
// area, since history there is missing. Knows nothing about fetching or input.
import { stepToX, type Viewport } from '../layout';
import { MARKER_KINDS, type MarkerKind, type TimelineMarker } from '../../protocol/requests';
import type { FlameArea } from './flame';
import type { Palette } from './palette';

function markerRowOf(kind: MarkerKind): number {
  return MARKER_KINDS.indexOf(kind);
}

/**
 * Each kind has its own shape as well as its own colour, so no theme (or colour vision) makes two
 * kinds look alike: breakpoint hits are dots (the editor's breakpoint glyph), exceptions wide
 * triangles with a line through the flame, logpoints diamonds (the editor's logpoint glyph),
 * console output and gaps thin ticks (a gap also has its dashed line).
 */
export type MarkerShape = 'dot' | 'triangle' | 'diamond' | 'tick';

export const MARKER_SHAPES: Readonly<Record<MarkerKind, MarkerShape>> = {
  breakpoint: 'dot',
  exception: 'triangle',
  console: 'tick',
  logpoint: 'diamond',
  gap: 'tick',
  emit: 'tick',
};

/** Half the width of each shape, in px (a tick is 3 px wide; a triangle 11). */
export const MARKER_HALF_WIDTH_PX: Readonly<Record<MarkerShape, number>> = { dot: 3, triangle: 5, diamond: 4, tick: 1 };

export function drawMarkers(
  ctx: CanvasRenderingContext2D,
  area: FlameArea,
  rowHeightPx: number,
  markers: readonly TimelineMarker[],
  view: Viewport,
  palette: Palette,
): void {
  for (const marker of markers) {
    const xPx = area.xPx + Math.floor(stepToX(marker.step, view, area.widthPx));
    if (xPx < area.xPx - 6 || xPx > area.xPx + area.widthPx + 6) continue;
    const top = area.yPx + markerRowOf(marker.kind) * rowHeightPx;
    ctx.fillStyle = palette.markers[marker.kind];
    drawShape(ctx, MARKER_SHAPES[marker.kind], xPx, top, rowHeightPx);
  }
}

function drawShape(
  ctx: CanvasRenderingContext2D,
  shape: MarkerShape,
  xPx: number,
  top: number,
  rowHeightPx: number,
): void {
  const half = MARKER_HALF_WIDTH_PX[shape];
  const middle = top + rowHeightPx / 2;
  ctx.beginPath();
  switch (shape) {
    case 'dot':
      ctx.arc(xPx + 0.5, middle, half, 0, Math.PI * 2);
      break;
    case 'triangle':
      ctx.moveTo(xPx + 0.5, top);
      ctx.lineTo(xPx + 0.5 + half, top + rowHeightPx);
      ctx.lineTo(xPx + 0.5 - half, top + rowHeightPx);
      break;
    case 'diamond':
      ctx.moveTo(xPx + 0.5, middle - half);
      ctx.lineTo(xPx + 0.5 + half, middle);
      ctx.lineTo(xPx + 0.5, middle + half);
      ctx.lineTo(xPx + 0.5 - half, middle);
      break;
    case 'tick':
      ctx.rect(xPx - 1, top + 1, 3, rowHeightPx - 2);
      break;
  }
  ctx.closePath();
  ctx.fill();
}

/** A solid line through the flame at each exception: where the run went wrong is seen at any depth. */
export function drawExceptionLines(
  ctx: CanvasRenderingContext2D,
  area: FlameArea,
  markers: readonly TimelineMarker[],
  view: Viewport,
  palette: Palette,
): void {
  ctx.fillStyle = palette.markers.exception;
  for (const marker of markers) {
    if (marker.kind !== 'exception') continue;
    const xPx = area.xPx + Math.floor(stepToX(marker.step, view, area.widthPx));
    if (xPx >= area.xPx && xPx <= area.xPx + area.widthPx) ctx.fillRect(xPx, area.yPx, 2, area.heightPx);
  }
}

/** Dashed lines through the flame where events were lost (TR-01: every loss is visible). */
export function drawGapLines(
  ctx: CanvasRenderingContext2D,
  area: FlameArea,
  markers: readonly TimelineMarker[],
  view: Viewport,
  palette: Palette,
): void {
  ctx.save();
  ctx.strokeStyle = palette.markers.gap;
  ctx.setLineDash([3, 3]);
  ctx.beginPath();
  for (const marker of markers) {
    if (marker.kind !== 'gap') continue;
    const xPx = area.xPx + Math.floor(stepToX(marker.step, view, area.widthPx)) + 0.5;
    if (xPx < area.xPx || xPx > area.xPx + area.widthPx) continue;
    ctx.moveTo(xPx, area.yPx);
    ctx.lineTo(xPx, area.yPx + area.heightPx);
  }
  ctx.stroke();
  ctx.restore();
}

/** Tick marks with step numbers at round intervals, about one label per 100 px. */
export function drawRuler(ctx: CanvasRenderingContext2D, area: FlameArea, view: Viewport, palette: Palette): void {
  const stepsPerLabel = niceInterval(((view.endStep - view.startStep) / Math.max(1, area.widthPx)) * 100);
  ctx.fillStyle = palette.mutedForeground;
  ctx.font = palette.font;
  ctx.textBaseline = 'middle';
  const first = Math.ceil(view.startStep / stepsPerLabel) * stepsPerLabel;
  for (let step = first; step < view.endStep; step += stepsPerLabel) {
    const xPx = area.xPx + Math.round(stepToX(step, view, area.widthPx));
    ctx.fillRect(xPx, area.yPx + area.heightPx - 4, 1, 4);
    ctx.fillText(formatStep(step), xPx + 3, area.yPx + area.heightPx / 2 - 1);
  }
}

/** 1, 2 or 5 times a power of ten, at least `raw` (and at least one step). */
export function niceInterval(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  for (const multiple of [1, 2, 5, 10]) if (multiple * power >= raw) return Math.max(1, multiple * power);
  return 10 * power;
}

export function formatStep(step: number): string {
  if (step >= 1e9) return `${trim(step / 1e9)}G`;
  if (step >= 1e6) return `${trim(step / 1e6)}M`;
  if (step >= 1e4) return `${trim(step / 1e3)}k`;
  return String(step);
}

function trim(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, '');
}
