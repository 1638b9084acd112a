// Pure geometry of the timeline: steps ↔ pixels, bucket rectangles, depth rows, zoom and pan.
// Knows nothing about the DOM, canvas or messages, so every off-by-one lives here and is unit-tested.
// A viewport is a half-open step range [startStep, endStep) that may be fractional while zooming.
import { LIMITS, type TimelineArgs } from '../protocol/requests';

export interface Viewport {
  startStep: number;
  endStep: number;
}
export interface Span {
  xPx: number;
  widthPx: number;
}

/** The fewest steps a view may show: zooming further only spreads single steps wider. */
export const MIN_VISIBLE_STEPS = 16;

export function stepToX(step: number, view: Viewport, widthPx: number): number {
  return ((step - view.startStep) / (view.endStep - view.startStep)) * widthPx;
}

/** The step drawn under pixel column xPx, clamped to an existing step. */
export function xToStep(xPx: number, view: Viewport, widthPx: number, totalSteps: number): number {
  const step = Math.floor(view.startStep + (xPx / widthPx) * (view.endStep - view.startStep));
  return clamp(step, 0, Math.max(0, totalSteps - 1));
}

/**
 * Pixel span of a bucket covering [startStep, endStep). Edges are snapped to whole pixels, so
 * neighbours share an edge (no seams, no overlap), and every bucket is at least one pixel wide.
 */
export function bucketSpan(startStep: number, endStep: number, view: Viewport, widthPx: number): Span {
  const x0 = Math.round(stepToX(startStep, view, widthPx));
  const x1 = Math.round(stepToX(Math.max(endStep, startStep + 1), view, widthPx));
  return { xPx: x0, widthPx: Math.max(1, x1 - x0) };
}

export interface RowLayout {
  rowHeightPx: number;
  visibleRows: number;
  hiddenRows: number;
}

/** Depth rows shrink to fit deep stacks down to minRowPx; rows beyond that are reported as hidden. */
export function rowLayout(maxDepth: number, heightPx: number, maxRowPx = 18, minRowPx = 3): RowLayout {
  const rows = Math.max(1, maxDepth + 1);
  const rowHeightPx = clamp(Math.floor(heightPx / rows), minRowPx, maxRowPx);
  const visibleRows = Math.min(rows, Math.max(1, Math.floor(heightPx / rowHeightPx)));
  return { rowHeightPx, visibleRows, hiddenRows: rows - visibleRows };
}

export function depthAtY(yPx: number, rows: RowLayout): number | undefined {
  const depth = Math.floor(yPx / rows.rowHeightPx);
  return depth >= 0 && depth < rows.visibleRows ? depth : undefined;
}

/** Keeps a view inside [0, totalSteps] with at least MIN_VISIBLE_STEPS (or the whole run if shorter). */
export function clampView(view: Viewport, totalSteps: number): Viewport {
  const total = Math.max(1, totalSteps);
  const span = clamp(view.endStep - view.startStep, Math.min(MIN_VISIBLE_STEPS, total), total);
  const startStep = clamp(view.startStep, 0, total - span);
  return { startStep, endStep: startStep + span };
}

/** Zoom by `factor` (>1 zooms in) keeping `anchorStep` at the same pixel. */
export function zoomAround(view: Viewport, anchorStep: number, factor: number, totalSteps: number): Viewport {
  const span = view.endStep - view.startStep;
  const newSpan = span / factor;
  const fraction = span > 0 ? (anchorStep - view.startStep) / span : 0.5;
  const startStep = anchorStep - fraction * newSpan;
  const zoomed = clampView({ startStep, endStep: startStep + newSpan }, totalSteps);
  // Clamping the span may move the anchor; re-centre on it as far as the bounds allow.
  if (zoomed.endStep - zoomed.startStep === newSpan) return zoomed;
  const clampedSpan = zoomed.endStep - zoomed.startStep;
  return clampView(
    { startStep: anchorStep - fraction * clampedSpan, endStep: anchorStep + (1 - fraction) * clampedSpan },
    totalSteps,
  );
}

export function panBy(view: Viewport, deltaSteps: number, totalSteps: number): Viewport {
  return clampView({ startStep: view.startStep + deltaSteps, endStep: view.endStep + deltaSteps }, totalSteps);
}

export function centreOn(view: Viewport, step: number, totalSteps: number): Viewport {
  const span = view.endStep - view.startStep;
  return clampView({ startStep: step - span / 2, endStep: step + span / 2 }, totalSteps);
}

export function wholeRun(totalSteps: number): Viewport {
  return { startStep: 0, endStep: Math.max(1, totalSteps) };
}

/** What the timeline asks the adapter for: the `rewind/timeline` arguments, as the contract declares them. */
export type BucketRequest = TimelineArgs;

/**
 * What to ask the adapter for to draw `view` at `widthPx`: the visible range plus a margin on each
 * side (so short pans need no round trip), with about one bucket per pixel and never more buckets
 * than steps.
 */
export function bucketRequestFor(
  view: Viewport,
  widthPx: number,
  totalSteps: number,
  marginFraction = 0.25,
  maxBuckets: number = LIMITS.bucketCount,
): BucketRequest {
  const span = view.endStep - view.startStep;
  const startStep = Math.max(0, Math.floor(view.startStep - span * marginFraction));
  const endStep = Math.min(totalSteps, Math.ceil(view.endStep + span * marginFraction));
  const pixels = Math.round(Math.max(1, widthPx) * ((endStep - startStep) / Math.max(1, span)));
  const bucketCount = clamp(Math.min(pixels, endStep - startStep), 1, maxBuckets);
  return { startStep, endStep: Math.max(endStep, startStep + 1), bucketCount };
}

/** Whether data fetched for `have` can still draw `view` sharply: it covers the view at a resolution within 2x. */
export function coversView(have: BucketRequest, view: Viewport, widthPx: number): boolean {
  if (view.startStep < have.startStep || view.endStep > have.endStep) return false;
  const haveStepsPerBucket = (have.endStep - have.startStep) / have.bucketCount;
  const wantStepsPerPixel = Math.max(1, (view.endStep - view.startStep) / Math.max(1, widthPx));
  return haveStepsPerBucket <= wantStepsPerPixel * 2 && haveStepsPerBucket * 2 >= wantStepsPerPixel;
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
