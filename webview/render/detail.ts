// Paints the zoomed detail view: step ruler, marker rows, the icicle of call depth and gap lines.
// Coarse overview buckets are painted first and the sharper detail buckets over the range they
// cover, so panning and zooming always show something while finer data is on its way.
// Returns the geometry it used so hit testing (tooltip, pointer) agrees with what was drawn.
import { rowLayout, stepToX, type RowLayout, type Viewport } from '../layout';
import type { LoadedRange, TimelineModel } from '../model';
import type { TimelineMarker } from '../../protocol/requests';
import type { CanvasBox } from './canvasSize';
import { drawFlame, flameRows, type FlameArea } from './flame';
import { drawExceptionLines, drawGapLines, drawMarkers, drawRuler } from './markers';
import type { Palette } from './palette';

export const RULER_HEIGHT_PX = 18;
export const MARKER_ROW_PX = 8;
const MARKER_ROWS = 5;

export interface DetailGeometry {
  ruler: FlameArea;
  markers: FlameArea;
  flame: FlameArea;
  rows: RowLayout;
}

function detailGeometry(box: CanvasBox, model: TimelineModel): DetailGeometry {
  const markersTop = RULER_HEIGHT_PX;
  const flameTop = markersTop + MARKER_ROWS * MARKER_ROW_PX + 2;
  const flame = { xPx: 0, yPx: flameTop, widthPx: box.widthPx, heightPx: Math.max(0, box.heightPx - flameTop) };
  const buckets = model.detail?.body.buckets ?? model.overview?.body.buckets ?? [];
  return {
    ruler: { xPx: 0, yPx: 0, widthPx: box.widthPx, heightPx: RULER_HEIGHT_PX },
    markers: { xPx: 0, yPx: markersTop, widthPx: box.widthPx, heightPx: MARKER_ROWS * MARKER_ROW_PX },
    flame,
    rows: buckets.length > 0 ? flameRows(buckets, flame.heightPx) : rowLayout(0, flame.heightPx),
  };
}

export interface DetailExtras {
  searchSteps: readonly number[];
}

export function paintDetail(
  ctx: CanvasRenderingContext2D,
  box: CanvasBox,
  model: TimelineModel,
  view: Viewport,
  palette: Palette,
  extras: DetailExtras,
): DetailGeometry {
  const geometry = detailGeometry(box, model);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, box.widthPx, box.heightPx);
  drawRuler(ctx, geometry.ruler, view, palette);
  const { flame, rows } = geometry;
  const detailCoversView =
    model.detail !== undefined &&
    model.detail.request.startStep <= view.startStep &&
    model.detail.request.endStep >= view.endStep;
  if (model.overview !== undefined && !detailCoversView)
    drawRange(ctx, flame, model.overview, model, view, rows, palette, model.detail === undefined);
  if (model.detail !== undefined) {
    const from = Math.max(flame.xPx, Math.round(stepToX(model.detail.request.startStep, view, flame.widthPx)));
    const to = Math.min(
      flame.xPx + flame.widthPx,
      Math.round(stepToX(model.detail.request.endStep, view, flame.widthPx)),
    );
    ctx.fillStyle = palette.background;
    if (to > from) ctx.fillRect(from, flame.yPx, to - from, flame.heightPx);
    drawRange(ctx, flame, model.detail, model, view, rows, palette, true);
  }
  const markers = visibleMarkers(model);
  drawMarkers(ctx, geometry.markers, MARKER_ROW_PX, markers, view, palette);
  drawGapLines(ctx, flame, markers, view, palette);
  drawExceptionLines(ctx, flame, markers, view, palette);
  drawSearchSteps(ctx, flame, extras.searchSteps, view, palette);
  if (rows.hiddenRows > 0) {
    ctx.fillStyle = palette.mutedForeground;
    ctx.font = palette.font;
    ctx.textBaseline = 'bottom';
    ctx.fillText(`+${rows.hiddenRows} deeper levels`, flame.xPx + 4, flame.yPx + flame.heightPx - 2);
  }
  return geometry;
}

function drawRange(
  ctx: CanvasRenderingContext2D,
  area: FlameArea,
  range: LoadedRange,
  model: TimelineModel,
  view: Viewport,
  rows: RowLayout,
  palette: Palette,
  labels: boolean,
): void {
  drawFlame(ctx, area, { buckets: range.body.buckets, functions: model.functions, view, rows, labels }, palette);
}

/** Detail markers where the detail data reaches, overview markers elsewhere. */
export function visibleMarkers(model: TimelineModel): TimelineMarker[] {
  const detail = model.detail;
  const overview = model.overview?.body.markers ?? [];
  if (detail === undefined) return [...overview];
  const { startStep, endStep } = detail.request;
  return [...overview.filter((marker) => marker.step < startStep || marker.step >= endStep), ...detail.body.markers];
}

function drawSearchSteps(
  ctx: CanvasRenderingContext2D,
  area: FlameArea,
  steps: readonly number[],
  view: Viewport,
  palette: Palette,
): void {
  ctx.fillStyle = palette.searchMatch;
  for (const step of steps) {
    const xPx = Math.floor(stepToX(step, view, area.widthPx));
    if (xPx >= -2 && xPx <= area.widthPx + 2) ctx.fillRect(area.xPx + xPx - 1, area.yPx, 3, area.heightPx);
  }
}
