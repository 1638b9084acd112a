// Paints the overview strip: the whole run as a compressed icicle, every marker as a tick and the
// detail view's window. The strip's chart changes only when new overview data, a resize or a theme
// arrives, so it is drawn once into a backing canvas and copied; panning redraws just the window.
// The cursor is a DOM element on top (moving it never repaints the strip).
import { stepToX, wholeRun, type Viewport } from '../layout';
import type { LoadedRange, TimelineModel } from '../model';
import type { CanvasBox } from './canvasSize';
import { drawFlame, flameRows } from './flame';
import type { Palette } from './palette';

const OVERVIEW_MARKER_STRIP_PX = 8;

interface Cached {
  range: LoadedRange | undefined;
  palette: Palette;
  widthPx: number;
  heightPx: number;
  ratio: number;
  canvas: HTMLCanvasElement;
}
let cached: Cached | undefined;

export function paintOverview(
  ctx: CanvasRenderingContext2D,
  box: CanvasBox,
  model: TimelineModel,
  view: Viewport,
  palette: Palette,
): void {
  const ratio = window.devicePixelRatio || 1;
  const fresh =
    cached !== undefined &&
    cached.range === model.overview &&
    cached.palette === palette &&
    cached.widthPx === box.widthPx &&
    cached.heightPx === box.heightPx &&
    cached.ratio === ratio;
  if (!fresh)
    cached = {
      range: model.overview,
      palette,
      widthPx: box.widthPx,
      heightPx: box.heightPx,
      ratio,
      canvas: drawChart(box, ratio, model, palette),
    };
  ctx.drawImage((cached as Cached).canvas, 0, 0, box.widthPx, box.heightPx);
  const whole = wholeRun(model.totalSteps);
  const x0 = Math.floor(stepToX(view.startStep, whole, box.widthPx));
  const x1 = Math.max(x0 + 3, Math.ceil(stepToX(view.endStep, whole, box.widthPx)));
  ctx.fillStyle = palette.viewportFill;
  ctx.fillRect(x0, 0, x1 - x0, box.heightPx);
  ctx.strokeStyle = palette.viewportBorder;
  ctx.strokeRect(x0 + 0.5, 0.5, x1 - x0 - 1, box.heightPx - 1);
}

function drawChart(box: CanvasBox, ratio: number, model: TimelineModel, palette: Palette): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.widthPx * ratio);
  canvas.height = Math.round(box.heightPx * ratio);
  const ctx = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, box.widthPx, box.heightPx);
  const overview = model.overview;
  if (overview === undefined) return canvas;
  const whole = wholeRun(model.totalSteps);
  const flame = { xPx: 0, yPx: 0, widthPx: box.widthPx, heightPx: box.heightPx - OVERVIEW_MARKER_STRIP_PX };
  const rows = flameRows(overview.body.buckets, flame.heightPx, 6);
  drawFlame(
    ctx,
    flame,
    { buckets: overview.body.buckets, functions: model.functions, view: whole, rows, labels: false },
    { ...palette, contrastBorder: undefined },
  );
  for (const marker of overview.body.markers) {
    ctx.fillStyle = palette.markers[marker.kind];
    ctx.fillRect(
      Math.floor(stepToX(marker.step, whole, box.widthPx)),
      flame.heightPx + 1,
      2,
      OVERVIEW_MARKER_STRIP_PX - 2,
    );
  }
  return canvas;
}
