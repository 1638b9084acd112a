// Draws the marker rows (breakpoint hits, exceptions, console output, logpoints, gaps) and the
// step ruler. One row per marker kind, in MARKER_KINDS order; gaps also cut through the flame
// area, since history there is missing. Knows nothing about fetching or input.
import { stepToX, type Viewport } from '../layout';
import { MARKER_KINDS, type MarkerKind, type TimelineMarker } from '../../protocol/requests';
import type { FlameArea } from './flame';
import type { Palette } from './palette';

export function markerRowOf(kind: MarkerKind): number {
  return MARKER_KINDS.indexOf(kind);
}

export function drawMarkers(ctx: CanvasRenderingContext2D, area: FlameArea, rowHeightPx: number, markers: readonly TimelineMarker[], view: Viewport, palette: Palette): void {
  for (const marker of markers) {
    const xPx = area.xPx + Math.floor(stepToX(marker.step, view, area.widthPx));
    if (xPx < area.xPx - 2 || xPx > area.xPx + area.widthPx + 2) continue;
    const row = markerRowOf(marker.kind);
    ctx.fillStyle = palette.markers[marker.kind];
    ctx.fillRect(xPx - 1, area.yPx + row * rowHeightPx + 1, 3, rowHeightPx - 2);
  }
}

/** Dashed lines through the flame where events were lost (TR-01: every loss is visible). */
export function drawGapLines(ctx: CanvasRenderingContext2D, area: FlameArea, markers: readonly TimelineMarker[], view: Viewport, palette: Palette): void {
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
