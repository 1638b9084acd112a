// What a press at a point of the detail view or the overview strip does, so the pointer shape can
// say it before the press and the handlers act on it: near the cursor line (its handle) a press
// moves the cursor everywhere; elsewhere the ruler and the overview move the view, the marker rows
// and the flame move the cursor. Pure geometry; knows no DOM events.

export type PointerZone = 'scrub' | 'pan';

/** How near the cursor line (px, either side) a press grabs the cursor rather than the view. */
export const CURSOR_GRAB_PX = 6;

/**
 * A press here grabs the cursor's handle. A grab moves nothing until the pointer reaches another
 * step: a click on the handle is not a seek to where the cursor already is.
 */
export function onHandle(xPx: number, cursorXPx: number | undefined): boolean {
  return cursorXPx !== undefined && Math.abs(xPx - cursorXPx) <= CURSOR_GRAB_PX;
}

export function detailZone(
  xPx: number,
  yPx: number,
  rulerHeightPx: number,
  cursorXPx: number | undefined,
): PointerZone {
  if (onHandle(xPx, cursorXPx)) return 'scrub';
  return yPx < rulerHeightPx ? 'pan' : 'scrub';
}

export function overviewZone(xPx: number, cursorXPx: number | undefined): PointerZone {
  return onHandle(xPx, cursorXPx) ? 'scrub' : 'pan';
}
