// The timeline journey's `handle` step (issue 15 §5.3): the ruler and the overview strip pan, but
// the cursor line has a handle that scrubs from anywhere, and the pointer shape tells which before
// a press. On the real panel in code-server: over the ruler away from the cursor the pointer is
// `grab` (pan), over the flame and over the cursor's handle on the ruler it is `col-resize`
// (scrub); dragging the handle along the ruler moves the debugger (the view stays put); on the
// overview strip, the same handle drags the cursor across the whole run. Knows the webview's ids.
import { untilCursorStep, untilHighlightedLine, untilPosition } from './timelinePanel.mjs';
import { untilVariable } from './workbench.mjs';

/** The ruler is the top 18 px of the detail canvas (render/detail.ts RULER_HEIGHT_PX). */
const RULER_Y_PX = 8;
const FLAME_Y_PX = 70;

/**
 * `targets`: two moments to drag to, each { step, line, variables: [[name, value], …] } (what the
 * editor and the Variables view must show there); the first by the ruler's handle, the second by
 * the overview's.
 */
export async function runTimelineHandleStep({ page, webview, shot, totalSteps, targets: [byRuler, byOverview] }) {
  const timeline = webview.locator('#timeline');
  const cursor = webview.locator('#cursor');
  const position = webview.locator('#position');
  const canvas = await webview.locator('#timeline-canvas').boundingBox();
  if (!canvas) throw new Error('the timeline canvas has no bounding box');
  const cursorX = async () => {
    const box = await cursor.boundingBox();
    if (!box) throw new Error('the timeline cursor is not visible');
    return box.x + box.width / 2;
  };

  // ── pointer shapes before any press ──
  const here = await cursorX();
  const awayX = here - canvas.x > canvas.width / 2 ? canvas.x + canvas.width * 0.1 : canvas.x + canvas.width * 0.9;
  await expectZone(page, timeline, awayX, canvas.y + RULER_Y_PX, 'pan', 'grab', 'the ruler, away from the cursor');
  await expectZone(page, timeline, awayX, canvas.y + FLAME_Y_PX, 'scrub', 'col-resize', 'the flame');
  await expectZone(
    page,
    timeline,
    here,
    canvas.y + RULER_Y_PX,
    'scrub',
    'col-resize',
    "the cursor's handle on the ruler",
  );
  await shot('cursor-handle-hovered');

  // ── drag the handle along the ruler: the cursor moves, the view does not ──
  const viewBefore = await viewOf(timeline);
  const rulerTargetX =
    canvas.x + ((byRuler.step + 0.5 - viewBefore.start) / (viewBefore.end - viewBefore.start)) * canvas.width;
  await drag(page, here, rulerTargetX, canvas.y + RULER_Y_PX);
  await untilCursorStep(
    cursor,
    (step) => step === byRuler.step,
    `step ${byRuler.step} (dragged by the ruler's handle)`,
  );
  await untilPosition(position, (seen) => seen.step === byRuler.step, `"Step ${byRuler.step} of ${totalSteps}"`);
  const viewAfter = await viewOf(timeline);
  if (viewAfter.start !== viewBefore.start || viewAfter.end !== viewBefore.end)
    throw new Error(`dragging the cursor's handle panned the view: ${JSON.stringify({ viewBefore, viewAfter })}`);
  await untilHighlightedLine(page, byRuler.line);
  for (const [name, value] of byRuler.variables) await untilVariable(page, name, value);
  await shot('cursor-handle-dragged-on-ruler');

  // ── the overview: away from the cursor it pans (grab); its handle drags the cursor over the whole run ──
  const overviewSurface = webview.locator('#overview');
  const overview = await webview.locator('#overview-canvas').boundingBox();
  if (!overview) throw new Error('the overview strip has no bounding box');
  const overviewX = (step) => overview.x + ((step + 0.5) / totalSteps) * overview.width;
  const y = overview.y + overview.height / 2;
  const from = overviewX(byRuler.step);
  const away =
    from - overview.x > overview.width / 2 ? overview.x + overview.width * 0.1 : overview.x + overview.width * 0.9;
  await expectZone(page, overviewSurface, away, y, 'pan', 'grab', 'the overview, away from the cursor');
  await expectZone(page, overviewSurface, from, y, 'scrub', 'col-resize', "the cursor's handle on the overview");
  await drag(page, from, overviewX(byOverview.step), y);
  await untilCursorStep(
    cursor,
    (step) => step === byOverview.step,
    `step ${byOverview.step} (dragged on the overview)`,
  );
  await untilPosition(position, (seen) => seen.step === byOverview.step, `"Step ${byOverview.step} of ${totalSteps}"`);
  await untilHighlightedLine(page, byOverview.line);
  for (const [name, value] of byOverview.variables) await untilVariable(page, name, value);
  await shot('cursor-handle-dragged-on-overview');
}

/** Hovers a point; the surface's zone and the pointer shape drawn there must be the expected ones. */
async function expectZone(page, surface, x, y, zone, pointer, where) {
  await page.mouse.move(x, y, { steps: 2 });
  const seen = await surface.evaluate((element) => ({
    zone: element.dataset.zone,
    pointer: getComputedStyle(element).cursor,
  }));
  if (seen.zone !== zone || seen.pointer !== pointer)
    throw new Error(
      `over ${where} the timeline says ${JSON.stringify(seen)}, not zone ${zone} with pointer ${pointer}`,
    );
}

async function drag(page, fromX, toX, y) {
  await page.mouse.move(fromX, y);
  await page.mouse.down();
  await page.mouse.move(toX, y, { steps: 8 });
  await page.mouse.up();
}

async function viewOf(timeline) {
  return timeline.evaluate((element) => ({
    start: Number(element.dataset.viewStart),
    end: Number(element.dataset.viewEnd),
  }));
}
