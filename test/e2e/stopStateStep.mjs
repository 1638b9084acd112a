// The editor journey's `stop state` step (issue 15 §1.3 and §4.1): throws.js recorded with
// "Uncaught Exceptions" ticked in the Breakpoints view stops at its throw with VS Code's exception
// widget under that line and the Call Stack's red badge ("Error: twice is 42"). Every move away
// leaves VS Code showing the new moment, not the old stop: "Go to Start of Recording" from the
// palette and, after F5 (Continue) back to the throw, Shift+ArrowLeft in the timeline panel both
// remove the widget and the badge, and the Call Stack header then says "Paused on goto" (it was
// blank). The timeline's move lands just after double() returned: the
// Variables view opens Local, with the return value "double() = 42" as its first entry (no click).
// Knows the workbench's DOM for these (VS Code 1.139), not how Rewind computes them.
import { untilHighlightedLine, untilPosition } from './timelinePanel.mjs';
import { openFile, runCommand, startConfiguration, stopSession, untilCursorLine, variableRows } from './workbench.mjs';

// throws.js: line 4 `return n * 2;`, line 7 `const twice = double(21);`, line 8 `const label = …`,
// line 9 `throw new Error(label);`.
const FILE = 'throws.js';
const START_LINE = 11; // `main();`, the recording's first step
const LABEL_LINE = 8;
const THROW_LINE = 9;
const MESSAGE = 'twice is 42';

export async function runStopStateStep({ page, webview, shot }) {
  await openFile(page, FILE);
  await expectUncaughtTicked(page);
  await shot('uncaught-exceptions-ticked');

  // ── the first stop: the throw, with the widget and the badge ──
  await startConfiguration(page, 'Rewind: throws');
  await untilExceptionShown(page, 'at the first stop');
  await untilVariableRow(page, `label = '${MESSAGE}'`);
  await shot('exception-widget');

  // ── Go to Start from the palette: the widget and the badge are gone ──
  await runCommand(page, 'Rewind: Go to Start of Recording');
  await untilCursorLine(page, (line) => line === START_LINE, `the recording's first line ${START_LINE}`);
  await untilHighlightedLine(page, START_LINE);
  await untilNoStaleException(page, 'after Go to Start of Recording');
  // …and the Call Stack header says where it stopped (it was blank: VS Code's `continued` handler
  // cleared the new stop's details when both events came in one task; see debug-adapter/session/stops.ts).
  await untilHeader(page, 'Paused on goto', 'after Go to Start of Recording');
  await shot('start-no-exception-widget');

  // ── F5 (Continue) forward to the throw again ──
  await page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('F5');
  await untilExceptionShown(page, 'after F5 from the start');
  await untilVariableRow(page, `label = '${MESSAGE}'`); // the Variables view shows this moment too
  await shot('exception-widget-after-f5');

  // ── a seek from the timeline panel: one step back, to the label line ──
  const position = webview.locator('#position');
  const atThrow = await untilPosition(position, () => true, 'any "Step N of M"', 15_000);
  await webview.locator('#timeline').focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await untilPosition(position, (seen) => seen.step < atThrow.step, `a step before ${atThrow.step}`);
  await untilHighlightedLine(page, LABEL_LINE);
  await untilNoStaleException(page, 'after a seek from the timeline');
  await untilHeader(page, 'Paused on goto', 'after a seek from the timeline');

  // §4.1: right after double() returned, Local is the first scope, open, its first entry the return value.
  const rows = await untilLocalsOpenWithReturnValue(page);
  await shot('timeline-seek-no-exception-locals-open');
  if (!rows.some((row) => /^twice\s*[=:]\s*42$/.test(row)))
    throw new Error(`Local does not show twice = 42 (rows: ${JSON.stringify(rows)})`);
  await stopSession(page);
}

/** The Breakpoints view lists Rewind's "Uncaught Exceptions" filter, ticked (it is the default); ticks it if not. */
async function expectUncaughtTicked(page) {
  await runCommand(page, 'Run and Debug: Focus on Breakpoints View');
  const row = page.locator('.debug-breakpoints .monaco-list-row', { hasText: 'Uncaught Exceptions' }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  // VS Code draws its own checkbox (a toggle with aria-checked), not an <input>.
  const box = row.locator('.monaco-checkbox').first();
  const ticked = async () => (await box.getAttribute('aria-checked')) === 'true';
  if (!(await ticked())) await box.click();
  if (!(await ticked())) throw new Error('the "Uncaught Exceptions" box in the Breakpoints view cannot be ticked');
}

/** The moment shown is the uncaught throw: widget with the message under the throw line, red badge, header. */
async function untilExceptionShown(page, when, timeoutMs = 60_000) {
  await untilCursorLine(page, (line) => line === THROW_LINE, `the throw's line ${THROW_LINE} ${when}`, timeoutMs);
  await untilHighlightedLine(page, THROW_LINE);
  const widget = page.locator('.editor-instance .exception-widget').first();
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const text = (await widget.innerText()).replace(/\s+/g, ' ');
  if (!text.includes('Exception has occurred') || !text.includes(MESSAGE))
    throw new Error(`${when} the exception widget reads "${text}", not the uncaught "${MESSAGE}"`);
  // The widget is a view zone drawn right below the line that threw.
  const below = await lineTop(page, THROW_LINE + 1);
  const widgetBox = await widget.boundingBox();
  const throwTop = await lineTop(page, THROW_LINE);
  if (!widgetBox || throwTop === undefined || below === undefined || !(widgetBox.y > throwTop && widgetBox.y < below))
    throw new Error(
      `${when} the exception widget is not under line ${THROW_LINE}: ${JSON.stringify({ widgetBox, throwTop, below })}`,
    );
  await untilStateLabels(page, (labels) => labels.some((label) => label.exception && label.text.includes(MESSAGE)));
}

/**
 * Nothing of the exception stop survives a move: no widget, no red badge, no exception or "Paused on
 * breakpoint" header — and it stays so (two looks 500 ms apart), so a late redraw cannot bring it back.
 */
async function untilNoStaleException(page, when, timeoutMs = 15_000) {
  const look = async () => ({
    widgets: await page.locator('.editor-instance .exception-widget').count(),
    labels: await stateLabels(page),
  });
  const clean = ({ widgets, labels }) =>
    widgets === 0 &&
    !labels.some(
      (label) => label.exception || label.text.includes(MESSAGE) || /exception|breakpoint/i.test(label.text),
    );
  const deadline = Date.now() + timeoutMs;
  let seen;
  while (Date.now() < deadline) {
    seen = await look();
    if (clean(seen)) {
      await page.waitForTimeout(500);
      seen = await look();
      if (clean(seen)) return seen.labels;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${when} VS Code still shows the old exception stop: ${JSON.stringify(seen)}`);
}

/**
 * The Call Stack's state labels: the view header's (one session with one thread: "Error: twice is
 * 42", red when the stop is an exception) and, with more threads, each session or thread row's.
 */
async function stateLabels(page) {
  return page
    .locator('.call-stack-state-message:not([hidden]) .label, .debug-call-stack .state.label')
    .evaluateAll((labels) =>
      labels
        .filter((label) => label.offsetParent !== null && (label.textContent ?? '').trim() !== '')
        .map((label) => ({ text: (label.textContent ?? '').trim(), exception: label.classList.contains('exception') })),
    );
}

async function untilStateLabels(page, predicate, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let labels = [];
  while (Date.now() < deadline) {
    labels = await stateLabels(page);
    if (predicate(labels)) return labels;
    await page.waitForTimeout(100);
  }
  throw new Error(`the Call Stack's state labels never became as expected: ${JSON.stringify(labels)}`);
}

/**
 * The Call Stack view's header (one session, one thread) shows the stop's description, else "Paused
 * on <reason>", and keeps it (two looks 500 ms apart: the blank came a moment after the stop).
 */
async function untilHeader(page, text, when, timeoutMs = 15_000) {
  const header = async () =>
    page
      .locator('.call-stack-state-message:not([hidden]) .label')
      .evaluateAll((labels) => labels.map((label) => (label.textContent ?? '').trim()).filter(Boolean));
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await header();
    if (seen.includes(text)) {
      await page.waitForTimeout(500);
      seen = await header();
      if (seen.includes(text)) return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${when} the Call Stack header reads ${JSON.stringify(seen)}, not "${text}"`);
}

/** Until the Variables view has this exact row (untilVariable compares a value's first word only). */
async function untilVariableRow(page, text, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await variableRows(page).catch(() => []);
    if (rows.includes(text)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the Variables view never showed ${text} (rows: ${JSON.stringify(rows)})`);
}

/** The top of a line in the editor (page coordinates), from its line number in the margin. */
async function lineTop(page, line1) {
  return page
    .locator('.editor-instance .monaco-editor')
    .first()
    .evaluate((root, wanted) => {
      for (const number of root.querySelectorAll('.margin-view-overlays .line-numbers'))
        if (Number(number.textContent.trim()) === wanted) return number.getBoundingClientRect().top;
      return undefined;
    }, line1);
}

/**
 * The Variables view, as drawn without any click: its first scope is Local and open, and Local's
 * first entry is the call that just returned, "double() = 42" (issue 15 §4: not a collapsed Local
 * under a "Return value" scope). Returns Local's rows.
 */
async function untilLocalsOpenWithReturnValue(page, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  while (Date.now() < deadline) {
    seen = await page.locator('.debug-variables .monaco-list-row').evaluateAll((rows) =>
      rows.map((row) => ({
        level: Number(row.getAttribute('aria-level')),
        expanded: row.getAttribute('aria-expanded'),
        text: row.innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
    const [first, ...rest] = seen;
    const local = [];
    for (const row of rest) {
      if (row.level === 1) break;
      if (row.level === 2) local.push(row.text);
    }
    if (first?.text === 'Local' && first.expanded === 'true' && /^double\(\)\s*[=:]\s*42$/.test(local[0] ?? ''))
      return local;
    await page.waitForTimeout(100);
  }
  throw new Error(
    `the Variables view does not open Local with "double() = 42" first (rows: ${JSON.stringify(seen?.slice(0, 6))})`,
  );
}
