// Pointer input on the overview strip: press or drag to move the detail view's window over the
// whole run (the window keeps its width, centred on the pointer); wheel zooms like the detail view.
import { centreOn, wholeRun, xToStep, zoomAround } from '../layout';
import type { TimelineControls } from './controls';

export function attachOverviewPointer(surface: HTMLElement, canvas: HTMLElement, controls: TimelineControls): void {
  let dragging = false;
  const stepAt = (event: PointerEvent | WheelEvent): number => {
    const rect = canvas.getBoundingClientRect();
    return xToStep(event.clientX - rect.left, wholeRun(controls.totalSteps()), Math.max(1, rect.width), controls.totalSteps());
  };
  const move = (event: PointerEvent): void => controls.setView(centreOn(controls.view(), stepAt(event), controls.totalSteps()));

  surface.addEventListener('pointerdown', (event) => {
    if (controls.totalSteps() === 0 || event.button !== 0) return;
    dragging = true;
    surface.setPointerCapture(event.pointerId);
    move(event);
    event.preventDefault();
  });
  surface.addEventListener('pointermove', (event) => { if (dragging) move(event); });
  surface.addEventListener('pointerup', () => { dragging = false; });
  surface.addEventListener('pointercancel', () => { dragging = false; });
  surface.addEventListener('wheel', (event) => {
    if (controls.totalSteps() === 0) return;
    event.preventDefault();
    controls.setView(zoomAround(controls.view(), stepAt(event), Math.exp(-event.deltaY * 0.002), controls.totalSteps()));
  }, { passive: false });
}
