// The timeline journey against the packaged .vsix in code-server (issue 5, §2): set a breakpoint on
// the last line of loop.js, press F5 and stop there (total = 15), let the timeline panel open with
// the session, then DRAG its cursor with the mouse back to the third execution of line 4 and check
// that the debugger followed: the cursor's step and "Step N of M" changed, the editor's current
// line is 4 (status bar and the top-stack-frame highlight) and the Variables view shows that
// moment's values (i = 3, total = 3); the highlight moves while the button is still down; the
// focus is back in the timeline, so Shift+ArrowLeft keeps scrubbing there (not in the editor); a
// click on the cursor's handle sends no seek (it moves nothing); a second Shift+ArrowLeft pressed while
// VS Code shows the first one's stop in the editor still scrubs. The
// cursor's handle drags the cursor from the ruler and the overview, and the pointer shapes say pan or
// scrub (timelineHandleStep.mjs, issue 15 §5). Then a click on a recorded console message ("total is 10")
// jumps to the moment it was printed (line 5, total = 10). Last, the `spans` step
// (timelineRequestSpans.mjs): an HTTP server's requests as spans, a click stopping in a request's
// handler. A screenshot after each step goes to artifacts/e2e/timeline-*.png.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, prepareHome, startCodeServer } from '../../scripts/e2e/lib/codeServer.mjs';
import { untilWorkbenchReady } from '../../scripts/e2e/lib/browser.mjs';
import {
  highlightedLine,
  untilCursorStep,
  untilHighlightedLine,
  untilPosition,
  untilTimelineFocused,
} from './timelinePanel.mjs';
import { runRequestSpansStep } from './timelineRequestSpans.mjs';
import { runTimelineHandleStep } from './timelineHandleStep.mjs';
import {
  clickGutter,
  cursorLine,
  focusEditorTab,
  openFile,
  runCommand,
  screenshotter,
  untilCommandListed,
  untilCursorLine,
  untilVariable,
  variableRows,
  stopSession,
} from './workbench.mjs';

// loop.js:
//   2 let total = 0;
//   3 for (let i = 1; i <= 5; i++) {
//   4   total = total + i;
//   5   console.log('total is', total);
//   6 }
//   7 console.log('done', total);
const FILE = 'loop.js';
const ASSIGN_LINE = 4;
const LOG_LINE = 5;
const DONE_LINE = 7;
const ITERATIONS = 5;
/** A step is shown before its statement runs: at line 4 in round i, total is 1 + … + (i - 1). */
const totalBefore = (round) => (round * (round - 1)) / 2;
/** At line 5 in round i the assignment has run: total is 1 + … + i. */
const totalAfter = (round) => (round * (round + 1)) / 2;
const DRAG_ROUND = 3; // drag back to line 4 in the third round: i = 3, total = 3
const CONSOLE_ROUND = 4; // click the message "total is 10": line 5 in the fourth round

/** Drag this far below the canvas's top: the top 18 px are the ruler, which pans instead of scrubbing. */
const SCRUB_Y_PX = 70;

export async function runTimelineJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  // Screenshots of an earlier run would mix with this run's (the numbering restarts at 01).
  for (const name of readdirSync(artifacts))
    if (name.startsWith('timeline-')) rmSync(join(artifacts, name), { force: true });
  const home = prepareHome(join(scratch, 'timeline'), { trust: false });
  installVsix(node24, home, vsix);
  const server = await startCodeServer(node24, home, { trust: false });
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  const shot = screenshotter(page, artifacts, 'timeline');
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const position = webview.locator('#position');
  const cursor = webview.locator('#cursor');
  // Error notifications and the panel's states are not part of the assertions; they are logged as evidence.
  const errors = new Set();
  const watcher = watchTimeline(webview);
  const focusLog = await watchFocus(page);
  const noteErrors = async () => {
    for (const text of await errorToasts(page).catch(() => [])) errors.add(text);
  };
  try {
    // The first load under a loaded machine (load average 30 seen) takes longer than Playwright's 30 s default.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
    await untilWorkbenchReady(page);
    await untilCommandListed(page, 'Rewind: Show Timeline'); // the .vsix is installed and known
    await untilCommandListed(page, 'Debug: Start Debugging');
    await openFile(page, FILE);
    await clickGutter(page, DONE_LINE);
    await shot('breakpoint-set');

    // ── a Rewind session stopped late in the run ──
    await page.keyboard.press('F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
    await untilCursorLine(page, (line) => line === DONE_LINE, `the breakpoint line ${DONE_LINE}`, 60_000);
    await untilHighlightedLine(page, DONE_LINE);
    await untilVariable(page, 'total', String(totalAfter(ITERATIONS)));
    await noteErrors();
    await shot('stopped-at-breakpoint');

    // ── the timeline: opened with the session (else by its command), rendered ──
    const opened = await position.waitFor({ state: 'attached', timeout: 20_000 }).then(
      () => true,
      () => false,
    );
    if (!opened) await runCommand(page, 'Rewind: Show Timeline');
    const before = await untilPosition(position, () => true, 'any "Step N of M"', 30_000);
    const stepBefore = await untilCursorStep(
      cursor,
      (step) => step === before.step,
      `the position's step ${before.step}`,
    );
    if (before.total < 2 * ITERATIONS) throw new Error(`the timeline says the run has only ${before.total} steps`);
    const canvas = webview.locator('#timeline-canvas');
    await canvas.waitFor({ state: 'visible', timeout: 10_000 });
    await noteErrors();
    await shot('timeline-open');

    // The state the drag must change: read from the workbench, not assumed (the status bar shows the focused editor's
    // line).
    await focusEditorTab(page, FILE);
    const lineBefore = await cursorLine(page);
    const highlightBefore = await highlightedLine(page);
    if (lineBefore !== DONE_LINE || highlightBefore !== DONE_LINE)
      throw new Error(
        `before the drag the current line is ${lineBefore} (status bar) / ${highlightBefore} (highlight), not ${DONE_LINE}`,
      );

    // ── where the third round's line 4 is: the timeline's own search lists every execution ──
    await typeIntoSearch(page, webview, `${FILE}:${ASSIGN_LINE}`);
    const results = webview.locator('#search-results .search-result[data-step]');
    await untilCount(results, ITERATIONS, `${ITERATIONS} search results for ${FILE}:${ASSIGN_LINE}`);
    const resultSteps = await results.evaluateAll((items) => items.map((item) => Number(item.dataset.step)));
    const target = resultSteps[DRAG_ROUND - 1];
    if (!resultSteps.every((step, index) => index === 0 || step > resultSteps[index - 1]) || !(target < stepBefore)) {
      throw new Error(
        `search results not in time order before the current step ${stepBefore}: ${JSON.stringify(resultSteps)}`,
      );
    }
    await shot('search-results');

    // ── DRAG the cursor from where it is to the target step ──
    const geometry = await dragGeometry(page, webview, target);
    const cursorBox = await cursor.boundingBox();
    if (!cursorBox) throw new Error('the timeline cursor is not visible');
    const fromX = cursorBox.x + cursorBox.width / 2;
    const y = geometry.canvas.y + SCRUB_Y_PX;
    await page.mouse.move(fromX, y);
    await page.mouse.down();
    const moves = 8;
    for (let index = 1; index <= moves; index++) {
      await page.mouse.move(fromX + ((geometry.targetX - fromX) * index) / moves, y, { steps: 3 });
      // Pacing only: the cursor must follow the pointer while the button is down.
      await page.waitForTimeout(60);
    }
    // Still holding the button: the cursor is on the step under the pointer.
    await untilCursorStep(
      cursor,
      (step) => step === target,
      `step ${target} under the pointer at x=${geometry.targetX.toFixed(1)} (geometry ${JSON.stringify(geometry)})`,
      // Generous: at load 45 each read of the webview took over a second and 5 s ran out (the cursor was there).
      20_000,
    );
    // The debugger follows while dragging, before the release: the editor's highlight is already on line 4.
    await untilHighlightedLine(page, ASSIGN_LINE);
    await shot('dragging');
    await page.mouse.up();

    // ── the debugger followed the drag ──
    const after = await untilPosition(position, (p) => p.step === target, `"Step ${target} of ${before.total}"`);
    if (after.total !== before.total)
      throw new Error(`the run length changed from ${before.total} to ${after.total} after the drag`);
    const stepAfter = await untilCursorStep(cursor, (step) => step === target, `the dragged-to step ${target}`);
    if (!(stepAfter < stepBefore))
      throw new Error(`the cursor's data-step did not decrease: ${stepBefore} → ${stepAfter}`);
    await untilHighlightedLine(page, ASSIGN_LINE);
    await untilVariable(page, 'total', String(totalBefore(DRAG_ROUND)));
    await untilVariable(page, 'i', String(DRAG_ROUND));
    await noteErrors();
    await shot('dragged-back');

    // The status bar shows the focused editor's cursor; the drag focused the webview, so focus loop.js's tab.
    await focusEditorTab(page, FILE);
    await untilCursorLine(page, (line) => line === ASSIGN_LINE, `line ${ASSIGN_LINE} after the drag`);
    await shot('editor-after-drag');

    // ── keyboard scrubbing stays in the timeline: a seek that starts there gives the focus back ──
    // Focus the timeline with a click on the cursor's handle on the ruler. A click there moves nothing
    // and sends no seek: a seek to the same step made VS Code show the stop again and take the keys to
    // the editor and back, and a Shift+ArrowLeft pressed meanwhile was lost (the CI flake of issue 15 §1).
    await focusLog.mark('click on the cursor handle');
    const timelineElement = webview.locator('#timeline');
    const seeksBeforeClick = await timelineElement.getAttribute('data-seeks-sent');
    const rulerBox = await webview.locator('#timeline-canvas').boundingBox();
    const handleBox = await cursor.boundingBox();
    await page.mouse.click(handleBox.x + handleBox.width / 2, rulerBox.y + 5);
    await untilTimelineFocused(page, webview, 'after a click on the cursor handle');
    const seeksAfterClick = await timelineElement.getAttribute('data-seeks-sent');
    if (seeksAfterClick !== seeksBeforeClick)
      throw new Error(
        `a click on the cursor's handle sent a seek (seeks sent: ${seeksBeforeClick} → ${seeksAfterClick})`,
      );
    const atClick = await untilCursorStep(cursor, () => true, 'any step');
    await focusLog.mark('Shift+ArrowLeft #1');
    await page.keyboard.press('Shift+ArrowLeft');
    // VS Code shows #1's stop by focusing its editor for a moment (0.3–1 s under load) before the
    // timeline takes the focus back. Press #2 in that moment, as a user scrubbing on does: it must
    // still scrub the timeline (extension/timeline/keysDuringMove.ts), not select code. Should the
    // editor not take the focus in time (a fast machine), #2 goes to the timeline directly.
    const inEditor = await page
      .waitForFunction(() => document.activeElement?.closest?.('.editor-instance .monaco-editor') != null, undefined, {
        polling: 10,
        timeout: 10_000,
      })
      .then(
        () => true,
        () => false,
      );
    await page.keyboard.press('Shift+ArrowLeft');
    await focusLog.mark(
      `Shift+ArrowLeft #2 was pressed (${inEditor ? 'while the editor had the focus' : 'the editor never took it'})`,
    );
    // Each press moves at least one step (19 steps over the canvas: exactly one).
    const scrubbed = await untilCursorStep(
      cursor,
      (step) => step <= atClick - 2,
      `at least two steps before ${atClick} after two Shift+ArrowLeft`,
    );
    await untilPosition(position, (p) => p.step === scrubbed, `"Step ${scrubbed} of ${before.total}"`);
    await untilTimelineFocused(page, webview, 'after Shift+ArrowLeft #2');
    const selection = await page
      .locator('#status\\.editor\\.selection')
      .innerText()
      .catch(() => '');
    if (/selected/i.test(selection)) throw new Error(`keyboard scrubbing selected text in the editor: "${selection}"`);
    await shot('scrubbed-by-keyboard');

    // ── the cursor's handle and the pointer shapes on the ruler and the overview (timelineHandleStep.mjs) ──
    const atAssign = (round) => ({
      step: resultSteps[round - 1],
      line: ASSIGN_LINE,
      variables: [
        ['i', String(round)],
        ['total', String(totalBefore(round))],
      ],
    });
    await runTimelineHandleStep({ page, webview, shot, totalSteps: before.total, targets: [atAssign(2), atAssign(4)] });

    // ── a recorded console message jumps to the moment it was printed ──
    const text = `total is ${totalAfter(CONSOLE_ROUND)}`;
    // The recorded text keeps console.log's newline; \s*$ also keeps "total is 1" from matching "total is 10".
    const row = webview
      .locator('#console-list .console-row[data-step]', { hasText: new RegExp(`${text}\\s*$`) })
      .first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    const rowStep = Number(await row.getAttribute('data-step'));
    await row.click();
    await untilPosition(position, (p) => p.step === rowStep, `"Step ${rowStep} of ${before.total}"`);
    await untilCursorStep(cursor, (step) => step === rowStep, `the console message's step ${rowStep}`);
    await untilHighlightedLine(page, LOG_LINE);
    await untilVariable(page, 'total', String(totalAfter(CONSOLE_ROUND)));
    await untilVariable(page, 'i', String(CONSOLE_ROUND));
    await noteErrors();
    await shot('console-message-clicked');

    await stopSession(page);
    await webview.locator('#placeholder').waitFor({ state: 'visible', timeout: 10_000 });
    await shot('stopped');

    // ── the request spans of a recorded HTTP server; a click jumps into a request's handler ──
    // server.js opens in loop.js's editor group, so the timeline's group beside it stays in view.
    await focusEditorTab(page, FILE);
    await runRequestSpansStep({ page, webview, shot, workspace });
  } catch (error) {
    await noteErrors();
    await shot('failure').catch(() => {});
    const rows = await variableRows(page).catch(() => []);
    const where = await position.innerText({ timeout: 1_000 }).catch(() => '(no timeline)');
    throw new Error(
      `${error instanceof Error ? error.message : error}\n  timeline: ${where}; variables: ${JSON.stringify(rows)}`,
      { cause: error },
    );
  } finally {
    const states = await watcher.stop();
    const log = [
      'error notifications:',
      ...[...errors].map((text) => `  ${text}`),
      'timeline panel states (time since the journey started):',
      ...states.map((state) => `  ${state}`),
      "the workbench's keyboard focus from the keyboard scrubbing on (time since the journey started):",
      ...(await focusLog.read().catch((error) => [`(not readable: ${error}`])).map((line) => `  ${line}`),
    ];
    writeFileSync(join(artifacts, 'timeline-journey.log'), `${log.join('\n')}\n`);
    if (errors.size > 0)
      console.warn(
        `e2e: timeline: ${errors.size} error notification(s) during the journey (see artifacts/e2e/timeline-journey.log):\n  ${[...errors].join('\n  ')}`,
      );
    await context.close();
    await server.stop();
  }
}

/**
 * Page coordinates of the target step in the detail canvas. Playwright's boxes of elements inside
 * iframes are already in page coordinates; the sum of the two iframe boxes and the canvas's own
 * client rect is checked against them, so a mismatch cannot send the pointer to the wrong place.
 */
async function dragGeometry(page, webview, step) {
  const outer = await page.locator('iframe.webview.ready').boundingBox();
  const inner = await page.frameLocator('iframe.webview.ready').locator('#active-frame').boundingBox();
  const canvas = await webview.locator('#timeline-canvas').boundingBox();
  const local = await webview.locator('#timeline-canvas').evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
  const frameOffset = await page
    .frameLocator('iframe.webview.ready')
    .locator('#active-frame')
    .evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return { x: rect.x, y: rect.y };
    });
  if (!outer || !inner || !canvas) throw new Error('the timeline webview or its canvas has no bounding box');
  const summedX = outer.x + frameOffset.x + local.x;
  const summedY = outer.y + frameOffset.y + local.y;
  if (Math.abs(summedX - canvas.x) > 2 || Math.abs(summedY - canvas.y) > 2) {
    throw new Error(
      `canvas position mismatch: iframe boxes + client rect = (${summedX}, ${summedY}), Playwright box = (${canvas.x}, ${canvas.y})`,
    );
  }
  if (canvas.height < SCRUB_Y_PX + 5) throw new Error(`the timeline canvas is only ${canvas.height} px high`);
  const timeline = webview.locator('#timeline');
  const viewStart = Number(await timeline.getAttribute('data-view-start'));
  const viewEnd = Number(await timeline.getAttribute('data-view-end'));
  if (!(step >= viewStart && step < viewEnd))
    throw new Error(`step ${step} is outside the visible range [${viewStart}, ${viewEnd})`);
  // The middle of the step's column (the webview maps x to floor(start + x / width * span)).
  const targetX = canvas.x + ((step + 0.5 - viewStart) / (viewEnd - viewStart)) * canvas.width;
  return { canvas, viewStart, viewEnd, targetX };
}

/**
 * Records where the workbench's keyboard focus goes (editor, the webview's frame, elsewhere), with
 * the journey's own marks between, so a lost key can be read from timeline-journey.log. Evidence only.
 */
async function watchFocus(page) {
  const startedMs = Date.now();
  const install = () =>
    page.evaluate((originMs) => {
      if (window.__rewindFocusLog) return;
      const log = [];
      window.__rewindFocusLog = log;
      const where = () => {
        const active = document.activeElement;
        if (active?.closest?.('.editor-instance .monaco-editor')) return 'editor';
        if (active?.tagName === 'IFRAME') return 'webview frame';
        return String(active?.className || active?.tagName || 'nothing').slice(0, 60);
      };
      let last = '';
      const note = () => {
        const now = where();
        if (now !== last) log.push(`+${((Date.now() - originMs) / 1000).toFixed(2)} s ${now}`);
        last = now;
      };
      document.addEventListener('focusin', note, true);
      document.addEventListener('focusout', () => setTimeout(note, 0), true);
      note();
    }, startedMs);
  let installed = false;
  return {
    mark: async (what) => {
      if (!installed)
        await install().then(
          () => (installed = true),
          () => undefined,
        );
      await page
        .evaluate(
          ([text, originMs]) =>
            window.__rewindFocusLog?.push(`+${((Date.now() - originMs) / 1000).toFixed(2)} s — ${text}`),
          [what, startedMs],
        )
        .catch(() => undefined);
    },
    read: () => page.evaluate(() => window.__rewindFocusLog ?? []),
  };
}

async function untilCount(locator, count, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    seen = await locator.count();
    if (seen === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${what}, saw ${seen}`);
}

/**
 * Types into the timeline's search box only once it has focus. A bare fill() once raced the
 * editor taking focus back, and the text went into loop.js instead.
 */
async function typeIntoSearch(page, webview, text) {
  const input = webview.locator('#search-input');
  await input.click();
  const deadline = Date.now() + 10_000;
  while (!(await input.evaluate((element) => element.ownerDocument.activeElement === element))) {
    if (Date.now() > deadline) throw new Error('the timeline search box never took focus');
    await page.waitForTimeout(100);
    await input.click();
  }
  await input.fill(text);
  const typed = await input.inputValue();
  if (typed !== text)
    throw new Error(`the timeline search box holds ${JSON.stringify(typed)}, not ${JSON.stringify(text)}`);
}

/** The texts of the error toasts on screen (the workbench draws toasts without the smoke-test driver). */
async function errorToasts(page) {
  return page
    .locator('.notification-toast .notification-list-item')
    .evaluateAll((items) =>
      items
        .filter((item) => item.querySelector('.codicon-error, .codicon-notifications-error') !== null)
        .map((item) => (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim()),
    );
}

/** Records every change of the panel's position line, console header and placeholder, in the background. */
function watchTimeline(webview) {
  const states = [];
  const startedMs = Date.now();
  let running = true;
  const loop = (async () => {
    let last = '';
    while (running) {
      const state = await webview
        .locator('#rewind-timeline')
        .evaluate(
          () => {
            const text = (id) => document.getElementById(id)?.textContent ?? '';
            return `position="${text('position')}" console="${text('console-header')}" placeholder=${document.getElementById('placeholder')?.hidden === false ? 'shown' : 'hidden'}`;
          },
          undefined,
          { timeout: 500 },
        )
        .catch(() => '(no timeline panel)');
      if (state !== last) states.push(`+${((Date.now() - startedMs) / 1000).toFixed(1)} s ${state}`);
      last = state;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return states;
    },
  };
}
