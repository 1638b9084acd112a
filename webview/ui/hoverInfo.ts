// What the tooltip says about a point of the detail view: function, file:line, step and time in
// the flame; the marker kind and its text in the marker rows. Plain strings; tooltip.ts shows them.
import { depthAtY, xToStep, type Viewport } from '../layout';
import type { TimelineModel } from '../model';
import { MARKER_KINDS, type TimelineMarker } from '../../protocol/requests';
import { MARKER_ROW_PX, visibleMarkers, type DetailGeometry } from '../render/detail';

export function hoverLines(
  model: TimelineModel,
  geometry: DetailGeometry,
  view: Viewport,
  xPx: number,
  yPx: number,
): string[] {
  if (model.totalSteps === 0) return [];
  const step = xToStep(xPx, view, geometry.flame.widthPx, model.totalSteps);
  const when = [`step ${step.toLocaleString('en-US')}`, ...timeLine(model, step)];
  if (yPx >= geometry.flame.yPx) {
    const depth = depthAtY(yPx - geometry.flame.yPx, geometry.rows);
    const fn = depth === undefined ? undefined : model.functionAt(step, depth);
    if (fn === undefined) return when;
    return [fn.name === '' ? '(anonymous)' : fn.name, `${fn.path}:${fn.line}`, `depth ${depth}`, ...when];
  }
  if (yPx >= geometry.markers.yPx) {
    const kind = MARKER_KINDS[Math.floor((yPx - geometry.markers.yPx) / MARKER_ROW_PX)];
    const marker =
      kind === undefined ? undefined : nearestMarker(visibleMarkers(model), kind, step, stepsPerPx(view, geometry) * 4);
    if (marker !== undefined)
      return [
        markerTitle(marker),
        ...(marker.text === undefined ? [] : [marker.text]),
        `step ${marker.step.toLocaleString('en-US')}`,
        ...timeLine(model, marker.step),
      ];
  }
  return when;
}

function timeLine(model: TimelineModel, step: number): string[] {
  const timeMs = model.sinceStartAt(step);
  return timeMs === undefined ? [] : [`t = ${formatMs(timeMs)}`];
}

export function formatMs(timeMs: number): string {
  if (timeMs >= 10_000) return `${(timeMs / 1000).toFixed(2)} s`;
  if (timeMs >= 1) return `${timeMs.toFixed(2)} ms`;
  return `${(timeMs * 1000).toFixed(1)} µs`;
}

function stepsPerPx(view: Viewport, geometry: DetailGeometry): number {
  return (view.endStep - view.startStep) / Math.max(1, geometry.flame.widthPx);
}

function nearestMarker(
  markers: readonly TimelineMarker[],
  kind: TimelineMarker['kind'],
  step: number,
  maxDistanceSteps: number,
): TimelineMarker | undefined {
  let best: TimelineMarker | undefined;
  for (const marker of markers) {
    if (marker.kind !== kind) continue;
    const distance = Math.abs(marker.step - step);
    if (distance <= maxDistanceSteps && (best === undefined || distance < Math.abs(best.step - step))) best = marker;
  }
  return best;
}

const MARKER_TITLES: Record<TimelineMarker['kind'], string> = {
  breakpoint: 'Breakpoint hit',
  exception: 'Exception',
  console: 'Console output',
  logpoint: 'Logpoint',
  gap: 'Events lost here',
  emit: 'Listener run by an event',
};

function markerTitle(marker: TimelineMarker): string {
  return MARKER_TITLES[marker.kind];
}
