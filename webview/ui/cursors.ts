// Places the cursor elements (detail and overview) and writes the position line. The cursors are
// DOM elements over the canvases so that scrubbing moves them without repainting any chart.
import { stepToX, wholeRun, type Viewport } from '../layout';
import type { TimelineModel } from '../model';
import { formatMs } from './hoverInfo';
import type { Skeleton } from './skeleton';

export function placeCursors(dom: Skeleton, model: TimelineModel, view: Viewport, step: number): void {
  place(dom.cursor, step, view, dom.canvas.clientWidth);
  place(dom.overviewCursor, step, wholeRun(model.totalSteps), dom.overviewCanvas.clientWidth);
}

function place(cursor: HTMLElement, step: number, view: Viewport, widthPx: number): void {
  // The cursor sits in the middle of its step, which matters once a step is many pixels wide.
  const xPx = stepToX(step + 0.5, view, widthPx);
  const visible = xPx >= 0 && xPx <= widthPx;
  cursor.hidden = !visible;
  cursor.dataset.step = String(step);
  if (visible) cursor.style.transform = `translateX(${Math.round(xPx) - 1}px)`;
}

export function positionText(model: TimelineModel, step: number): string {
  if (model.totalSteps === 0) return 'Empty recording';
  const timeMs = model.sinceStartAt(step);
  const time = timeMs === undefined ? '' : ` · t = ${formatMs(timeMs)}`;
  return `Step ${step.toLocaleString('en-US')} of ${model.totalSteps.toLocaleString('en-US')}${time}`;
}
