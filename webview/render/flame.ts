// Draws level-of-detail buckets as an icicle chart (depth 0 on top) into a rectangle of a canvas.
// Adjacent buckets showing the same function at the same depth are merged into one rectangle, so
// the cost follows what is visible, not the bucket count. Knows nothing about fetching or input.
import { functionColor, functionTextColor } from '../colors';
import { bucketSpan, rowLayout, type RowLayout, type Viewport } from '../layout';
import type { FunctionInfo, TimelineBucket } from '../../protocol/requests';
import type { Palette } from './palette';

export interface FlameArea {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
}

export interface FlameInput {
  buckets: readonly TimelineBucket[];
  functions: ReadonlyMap<number, FunctionInfo>;
  view: Viewport;
  rows: RowLayout;
  labels: boolean;
}

/** The row layout a set of buckets needs in an area of this height. */
export function flameRows(buckets: readonly TimelineBucket[], heightPx: number, maxRowPx?: number): RowLayout {
  let maxDepth = 0;
  for (const bucket of buckets) if (bucket.maxDepth > maxDepth) maxDepth = bucket.maxDepth;
  return rowLayout(maxDepth, heightPx, maxRowPx);
}

export function drawFlame(ctx: CanvasRenderingContext2D, area: FlameArea, input: FlameInput, palette: Palette): void {
  const { buckets, view, rows } = input;
  const colorCache = new Map<number, string>();
  const colorOf = (id: number): string => {
    let color = colorCache.get(id);
    if (color === undefined) {
      color = functionColor(input.functions.get(id)?.name ?? `#${id}`, palette.theme);
      colorCache.set(id, color);
    }
    return color;
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.xPx, area.yPx, area.widthPx, area.heightPx);
  ctx.clip();
  ctx.font = palette.font;
  ctx.textBaseline = 'middle';
  for (let depth = 0; depth < rows.visibleRows; depth++) {
    const yPx = area.yPx + depth * rows.rowHeightPx;
    let runId = -1;
    let runX0 = 0;
    let runX1 = 0;
    const flush = (): void => {
      if (runId >= 0) drawCell(ctx, runId, runX0, yPx, runX1 - runX0, rows.rowHeightPx, input, palette, colorOf(runId));
    };
    for (let index = 0; index < buckets.length; index++) {
      const bucket = buckets[index];
      const endStep = buckets[index + 1]?.startStep ?? bucket.endStep;
      const span = bucketSpan(bucket.startStep, endStep, view, area.widthPx);
      const x0 = area.xPx + span.xPx;
      const x1 = x0 + span.widthPx;
      if (x1 < area.xPx || x0 > area.xPx + area.widthPx) continue;
      const id = depth <= bucket.maxDepth ? (bucket.depths[depth] ?? -1) : -1;
      if (id === runId && x0 <= runX1) {
        runX1 = Math.max(runX1, x1);
        continue;
      }
      flush();
      runId = id;
      runX0 = x0;
      runX1 = x1;
    }
    flush();
  }
  ctx.restore();
}

function drawCell(
  ctx: CanvasRenderingContext2D,
  id: number,
  xPx: number,
  yPx: number,
  widthPx: number,
  heightPx: number,
  input: FlameInput,
  palette: Palette,
  fill: string,
): void {
  ctx.fillStyle = fill;
  // A one-pixel gutter between rows keeps depth readable without borders.
  const cellHeight = heightPx > 4 ? heightPx - 1 : heightPx;
  ctx.fillRect(xPx, yPx, widthPx, cellHeight);
  if (palette.contrastBorder !== undefined && widthPx > 3) {
    ctx.strokeStyle = palette.contrastBorder;
    ctx.strokeRect(xPx + 0.5, yPx + 0.5, widthPx - 1, cellHeight - 1);
  }
  if (!input.labels || widthPx < 28 || heightPx < 12) return;
  const name = input.functions.get(id)?.name;
  if (name === undefined) return;
  ctx.fillStyle = functionTextColor(palette.theme);
  // fillText draws characters, never markup (SEC-06); maxWidth squeezes rather than overflows.
  const label = fitLabel(ctx, name, widthPx - 6);
  if (label !== '') ctx.fillText(label, xPx + 3, yPx + cellHeight / 2, widthPx - 6);
}

/** The longest prefix of `name` (with an ellipsis) that fits; estimated, then measured once. */
function fitLabel(ctx: CanvasRenderingContext2D, name: string, maxWidthPx: number): string {
  const approxCharPx = 6.5;
  const fits = Math.floor(maxWidthPx / approxCharPx);
  if (fits < 3) return '';
  const label = name.length <= fits ? name : `${name.slice(0, fits - 1)}…`;
  return ctx.measureText(label).width <= maxWidthPx ? label : `${name.slice(0, Math.max(1, fits - 3))}…`;
}
