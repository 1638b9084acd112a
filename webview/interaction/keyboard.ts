// Keyboard input on the focused timeline. Arrows pan, +/- zoom around the cursor, Home/End show
// the start/end of the run, 0 shows the whole run; Shift+Arrows move the cursor (seek) by one
// pixel's worth of steps, Shift+Home/End seek to the first/last step, Enter seeks to the view's centre.
import { centreOn, clampView, panBy, zoomAround } from '../layout';
import type { TimelineControls } from './controls';

export const KEYBOARD_HELP =
  'Arrows pan, plus and minus zoom, Home and End show the start and end, 0 shows the whole run. Shift+Arrows move the cursor, Shift+Home and Shift+End jump to the first and last step, Enter jumps to the centre of the view.';
export const KEY_SHORTCUTS =
  'ArrowLeft ArrowRight + - 0 Home End Shift+ArrowLeft Shift+ArrowRight Shift+Home Shift+End Enter';

const PAN_FRACTION = 0.1;
const ZOOM_FACTOR = 1.5;

/** What of a key press the timeline reads: a DOM KeyboardEvent, or one the host handed over (a `key` message). */
export type TimelineKey = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

export function handleTimelineKey(event: TimelineKey, controls: TimelineControls, widthPx: number): boolean {
  const total = controls.totalSteps();
  if (total === 0 || event.ctrlKey || event.metaKey || event.altKey) return false;
  const view = controls.view();
  const span = view.endStep - view.startStep;
  const direction = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
  if (direction !== 0 && event.shiftKey) {
    const stepPerPx = Math.max(1, Math.round(span / Math.max(1, widthPx)));
    controls.jumpTo(Math.min(total - 1, Math.max(0, controls.cursorStep() + direction * stepPerPx)));
  } else if (direction !== 0) {
    controls.setView(panBy(view, direction * span * PAN_FRACTION, total));
  } else if (event.key === '+' || event.key === '=') {
    controls.setView(zoomAround(view, anchor(controls), ZOOM_FACTOR, total));
  } else if (event.key === '-' || event.key === '_') {
    controls.setView(zoomAround(view, anchor(controls), 1 / ZOOM_FACTOR, total));
  } else if (event.key === '0') {
    controls.setView(clampView({ startStep: 0, endStep: total }, total));
  } else if (event.key === 'Home' || event.key === 'End') {
    const step = event.key === 'Home' ? 0 : total - 1;
    if (event.shiftKey) controls.jumpTo(step);
    else controls.setView(centreOn(view, step, total));
  } else if (event.key === 'Enter') {
    controls.jumpTo(Math.floor((view.startStep + view.endStep) / 2));
  } else {
    return false;
  }
  return true;
}

/** Zoom keeps the cursor in place when it is on screen, else the centre. */
function anchor(controls: TimelineControls): number {
  const view = controls.view();
  const cursor = controls.cursorStep();
  return cursor >= view.startStep && cursor < view.endStep ? cursor : (view.startStep + view.endStep) / 2;
}
