// Pointer input on the detail view: drag in the marker rows or flame, or the cursor's handle
// anywhere, to scrub (a click on the handle moves nothing); drag the ruler elsewhere, shift-drag or middle-drag to pan
// (the pointer shape
// shows which, pointerZone.ts); wheel zooms around the pointer (shift or horizontal wheel pans);
// hovering shows the tooltip. Translates DOM events into TimelineControls calls, nothing more.
import { panBy, stepToX, xToStep, zoomAround } from '../layout';
import { RULER_HEIGHT_PX } from '../render/detail';
import type { TimelineControls } from './controls';
import { detailZone, onHandle } from './pointerZone';

/** A scrub that grabbed the handle keeps `heldStep` (no seek) until the pointer reaches another step. */
type Drag =
  | { kind: 'scrub'; heldStep: number | undefined }
  | { kind: 'pan'; startClientX: number; startView: { startStep: number; endStep: number } };

/** `surface` receives the events; `canvas` defines the coordinates (it excludes the surface's border). */
export function attachDetailPointer(surface: HTMLElement, canvas: HTMLElement, controls: TimelineControls): void {
  let drag: Drag | undefined;
  const local = (event: PointerEvent | WheelEvent): { xPx: number; yPx: number; widthPx: number } => {
    const rect = canvas.getBoundingClientRect();
    return { xPx: event.clientX - rect.left, yPx: event.clientY - rect.top, widthPx: Math.max(1, rect.width) };
  };
  const stepAt = (event: PointerEvent | WheelEvent): number => {
    const { xPx, widthPx } = local(event);
    return xToStep(Math.min(Math.max(xPx, 0), widthPx - 1), controls.view(), widthPx, controls.totalSteps());
  };

  const cursorXAt = (widthPx: number): number | undefined =>
    controls.totalSteps() === 0 ? undefined : stepToX(controls.cursorStep() + 0.5, controls.view(), widthPx);
  const zoneAt = (event: PointerEvent) => {
    const { xPx, yPx, widthPx } = local(event);
    return detailZone(xPx, yPx, RULER_HEIGHT_PX, cursorXAt(widthPx));
  };
  /** A scrub step, unless the pointer is still on the step where it grabbed the handle. */
  const scrubTo = (event: PointerEvent, scrub: { heldStep: number | undefined }, phase: 'move' | 'end'): void => {
    const step = stepAt(event);
    if (scrub.heldStep === step) return;
    scrub.heldStep = undefined;
    controls.scrub(step, phase);
  };

  surface.addEventListener('pointerdown', (event) => {
    if (controls.totalSteps() === 0 || (event.button !== 0 && event.button !== 1)) return;
    const pan = event.button === 1 || event.shiftKey || zoneAt(event) === 'pan';
    surface.dataset.zone = pan ? 'panning' : 'scrub';
    const { xPx, widthPx } = local(event);
    drag = pan
      ? { kind: 'pan', startClientX: event.clientX, startView: controls.view() }
      : { kind: 'scrub', heldStep: onHandle(xPx, cursorXAt(widthPx)) ? stepAt(event) : undefined };
    surface.setPointerCapture(event.pointerId);
    surface.focus({ preventScroll: true });
    controls.unhover();
    if (drag.kind === 'scrub') scrubTo(event, drag, 'move');
    event.preventDefault();
  });
  surface.addEventListener('pointermove', (event) => {
    if (drag === undefined) {
      const { xPx, yPx } = local(event);
      surface.dataset.zone = controls.totalSteps() === 0 ? '' : zoneAt(event);
      return controls.hover(event.clientX, event.clientY, xPx, yPx);
    }
    if (drag.kind === 'scrub') return scrubTo(event, drag, 'move');
    const { widthPx } = local(event);
    const span = drag.startView.endStep - drag.startView.startStep;
    controls.setView(
      panBy(drag.startView, (-(event.clientX - drag.startClientX) / widthPx) * span, controls.totalSteps()),
    );
  });
  const finish = (event: PointerEvent): void => {
    if (drag?.kind === 'scrub') scrubTo(event, drag, 'end');
    drag = undefined;
    surface.dataset.zone = zoneAt(event);
  };
  surface.addEventListener('pointerup', finish);
  surface.addEventListener('pointercancel', finish);
  surface.addEventListener('pointerleave', () => {
    if (drag === undefined) controls.unhover();
  });
  surface.addEventListener(
    'wheel',
    (event) => {
      if (controls.totalSteps() === 0) return;
      event.preventDefault();
      const view = controls.view();
      const { widthPx } = local(event);
      const horizontal = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
      if (horizontal) {
        const delta = Math.abs(event.deltaX) > Math.abs(event.deltaY) ? event.deltaX : event.deltaY;
        return controls.setView(
          panBy(view, (delta / widthPx) * (view.endStep - view.startStep), controls.totalSteps()),
        );
      }
      // Exponential in the delta so trackpads (many small deltas) and wheels (few large) feel alike.
      controls.setView(zoomAround(view, stepAt(event), Math.exp(-event.deltaY * 0.002), controls.totalSteps()));
    },
    { passive: false },
  );
}
