// Pointer input on the overview strip: press or drag to move the detail view's window over the
// whole run (the window keeps its width, centred on the pointer), or, on the cursor's handle, drag
// the cursor itself (pointerZone.ts; the pointer shape shows which; a click on it moves nothing); wheel zooms like the
// detail view.
import { centreOn, stepToX, wholeRun, xToStep, zoomAround } from '../layout';
import type { TimelineControls } from './controls';
import { overviewZone } from './pointerZone';

export function attachOverviewPointer(surface: HTMLElement, canvas: HTMLElement, controls: TimelineControls): void {
  let drag: 'pan' | 'scrub' | undefined;
  /** While set, the handle was grabbed here and the pointer has not left this step: no seek yet. */
  let heldStep: number | undefined;
  const stepAt = (event: PointerEvent | WheelEvent): number => {
    const rect = canvas.getBoundingClientRect();
    const xPx = Math.min(Math.max(event.clientX - rect.left, 0), Math.max(1, rect.width) - 1);
    return xToStep(xPx, wholeRun(controls.totalSteps()), Math.max(1, rect.width), controls.totalSteps());
  };
  const zoneAt = (event: PointerEvent) => {
    const rect = canvas.getBoundingClientRect();
    const total = controls.totalSteps();
    return overviewZone(
      event.clientX - rect.left,
      total === 0 ? undefined : stepToX(controls.cursorStep() + 0.5, wholeRun(total), Math.max(1, rect.width)),
    );
  };
  const scrubTo = (event: PointerEvent, phase: 'move' | 'end'): void => {
    const step = stepAt(event);
    if (heldStep === step) return;
    heldStep = undefined;
    controls.scrub(step, phase);
  };
  const move = (event: PointerEvent): void => {
    if (drag === 'scrub') scrubTo(event, 'move');
    else controls.setView(centreOn(controls.view(), stepAt(event), controls.totalSteps()));
  };
  const finish = (event: PointerEvent): void => {
    if (drag === 'scrub') scrubTo(event, 'end');
    drag = undefined;
    heldStep = undefined;
    surface.dataset.zone = zoneAt(event);
  };

  surface.addEventListener('pointerdown', (event) => {
    if (controls.totalSteps() === 0 || event.button !== 0) return;
    drag = zoneAt(event);
    // Every scrub on the overview starts on the handle: a click there moves nothing.
    heldStep = drag === 'scrub' ? stepAt(event) : undefined;
    surface.dataset.zone = drag === 'pan' ? 'panning' : 'scrub';
    surface.setPointerCapture(event.pointerId);
    move(event);
    event.preventDefault();
  });
  surface.addEventListener('pointermove', (event) => {
    if (drag !== undefined) move(event);
    else surface.dataset.zone = controls.totalSteps() === 0 ? '' : zoneAt(event);
  });
  surface.addEventListener('pointerup', finish);
  surface.addEventListener('pointercancel', finish);
  surface.addEventListener(
    'wheel',
    (event) => {
      if (controls.totalSteps() === 0) return;
      event.preventDefault();
      controls.setView(
        zoomAround(controls.view(), stepAt(event), Math.exp(-event.deltaY * 0.002), controls.totalSteps()),
      );
    },
    { passive: false },
  );
}
