// The editor journey's `scheduling frame` step (issue 11 item 4, "reachable with one click"):
// timers.js stops in its timer's callback; the Call Stack shows a "setTimeout" label row and below
// it (once "Show 2 More Stack Frames" is clicked: VS Code folds the frames under a label)
// schedule(), the frame that scheduled the callback. One click on that row moves the debugger to
// the moment of scheduling: the row becomes the top frame (no label above it any more), the editor's
// current line (the top-frame band, not the lighter band of a merely focused frame) is the
// setTimeout line, and Local shows `phase = 'scheduling'` (the function later sets 'scheduled').
// Knows the workbench's DOM (VS Code 1.139) and the fixture's lines, not how Rewind finds origins.
import {
  clickGutter,
  openFile,
  runCommand,
  startConfiguration,
  stopSession,
  untilCursorLine,
  untilVariable,
} from './workbench.mjs';

// timers.js: line 5 `setTimeout(() => {`, line 6 the callback's `console.log(…)`.
const FILE = 'timers.js';
const SCHEDULE_LINE = 5;
const CALLBACK_LINE = 6;

export async function runSchedulingFrameStep({ page, shot }) {
  await openFile(page, FILE);
  await clickGutter(page, CALLBACK_LINE);
  await startConfiguration(page, 'Rewind: timers');
  await untilCursorLine(page, (line) => line === CALLBACK_LINE, `the callback's line ${CALLBACK_LINE}`, 90_000);
  await runCommand(page, 'Run and Debug: Focus on Call Stack View');

  const rows = page.locator('.debug-call-stack .monaco-list-row');
  const label = rows.filter({ hasText: 'setTimeout' }).filter({ hasNotText: 'timers.js' }).first();
  await label.waitFor({ state: 'visible', timeout: 15_000 });
  // VS Code lists the frames below a label row only on demand ("Show 2 More Stack Frames").
  const more = rows.filter({ hasText: /Show \d+ More Stack Frames?/ }).first();
  if (await more.isVisible().catch(() => false)) await more.click();
  // A frame row's text runs its parts together: "scheduletimers.js5:3".
  const scheduler = rows.filter({ hasText: new RegExp(`^\\s*schedule\\s*timers\\.js\\s*${SCHEDULE_LINE}:`) }).first();
  await scheduler.waitFor({ state: 'visible', timeout: 15_000 });
  if (!(await isBelow(scheduler, label))) throw new Error('schedule() is not listed below the "setTimeout" label');
  await untilTopFrame(page, new RegExp(`timers\\.js\\s*${CALLBACK_LINE}:`), 'the callback at the stop');
  await shot('scheduling-frame-listed');

  // One click, as a user selects a frame: VS Code reports the focus, the extension forwards it.
  await scheduler.click();
  await untilTopFrame(page, new RegExp(`^schedule\\s*timers\\.js\\s*${SCHEDULE_LINE}:`), 'schedule() after the click');
  await untilCursorLine(page, (line) => line === SCHEDULE_LINE, `the setTimeout line ${SCHEDULE_LINE}`);
  await untilTopFrameBand(page, SCHEDULE_LINE);
  await untilVariable(page, 'phase', "'scheduling'");
  await untilNoLabel(label, 'the "setTimeout" label is still listed: the debugger did not move');
  await shot('moved-to-scheduling-moment');
  await stopSession(page);
}

/**
 * VS Code fetches a new stop's top frame first and, until the rest arrives, lists the previous
 * stop's frames below it (to spare the view a flash), so the old label may stay a moment after the
 * top frame changed: wait for it to go, as a user would see it go.
 */
async function untilNoLabel(label, failure, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await label.isVisible().catch(() => false))) return;
    await label.page().waitForTimeout(100);
  }
  throw new Error(failure);
}

async function isBelow(lower, upper) {
  const [a, b] = await Promise.all([lower.boundingBox(), upper.boundingBox()]);
  return a !== null && b !== null && a.y > b.y;
}

/** The Call Stack's first frame row ("name timers.js L:C"; thread and label rows name no line and column). */
async function untilTopFrame(page, pattern, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    const texts = await page
      .locator('.debug-call-stack .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.innerText.replace(/\s+/g, ' ').trim()))
      .catch(() => []);
    text = texts.find((row) => /timers\.js\s*\d+:\d+/.test(row)) ?? '';
    if (pattern.test(text)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the Call Stack's top frame never became ${what} (last seen: "${text}")`);
}

/** VS Code draws the top frame's band only on the line the debugger stopped at. */
async function untilTopFrameBand(page, line1, timeoutMs = 30_000) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const band = await editor
      .locator('.view-overlays .debug-top-stack-frame-line')
      .first()
      .boundingBox()
      .catch(() => null);
    const number = await editor
      .locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^\\s*${line1}\\s*$`) })
      .first()
      .boundingBox()
      .catch(() => null);
    if (band && number && Math.abs(band.y - number.y) < 2) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the top-frame band never stood on line ${line1}`);
}
