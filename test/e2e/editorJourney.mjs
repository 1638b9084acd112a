// The editor journey against the packaged .vsix in code-server, with the timeline set to the bottom
// panel (`rewind.timeline.location: "panel"`):
//  1. a live session of loop.js stopped at its last line: each program line in the Debug Console
//     carries a link to the statement that printed it ("loop.js:5"), and clicking it opens that line
//     (issue 15 §3 for live output), and none of Rewind's own notes is there (§3.4); "Rewind: Go to
//     Printed Output…" travels to the moment a line was printed;
//  2. the timeline is a view in the bottom panel, not an editor tab, under the full-width editor;
//     Shift+ArrowLeft in it moves the debugger back and keeps the keyboard (issue 15 §5);
//  3. parent.js spawns child.js, a breakpoint in child.js stops there: the Call Stack shows the
//     child's thread "child.js (pid N)", the Variables view its locals (issue 11); "Go to Printed
//     Output…" lists both threads' lines, each naming its thread, and picking the parent's moves there;
//     then timers.js stops in a timer's callback, and one click on schedule() below the Call Stack's
//     "setTimeout" label moves the debugger to the moment it scheduled the timer (issue 11 item 4);
//  4. throws.js stops at its uncaught throw; Go to Start and a timeline seek each clear the exception
//     widget and the Call Stack's badge; Local opens with the return value first (stopStateStep.mjs).
// Screenshots go to artifacts/e2e/editor-*.png.
import { inCodeServer } from './codeServerSession.mjs';
import {
  clickGutter,
  openFile,
  runCommand,
  untilCommandListed,
  untilCursorLine,
  untilVariable,
  startConfiguration,
  stopSession,
} from './workbench.mjs';
import { keyboardFocus, untilPosition, untilTimelineFocused } from './timelinePanel.mjs';
import { runSchedulingFrameStep } from './schedulingFrameStep.mjs';
import { runStopStateStep } from './stopStateStep.mjs';

// loop.js: line 5 prints 'total is', line 7 prints 'done'.
const LOG_LINE = 5;
const DONE_LINE = 7;
/**
 * Longer than the timeline's watch after a stop (timelineWebview.ts: FOCUS_SETTLE_MS + LATE_FOCUS_GUARD_MS,
 * 750 ms): the focus it holds this long is the user's.
 */
const FOCUS_STEADY_MS = 1_000;
// child.js: line 3 is the first statement of greet(label).
const CHILD_LINE = 3;
/** parent.js: `child.on('exit', (code) => console.log('child exited with', code));` */
const PARENT_PRINT_LINE = 6;

export async function runEditorJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  await inCodeServer(
    {
      name: 'editor',
      node24,
      browser,
      scratch,
      vsix,
      workspace,
      artifacts,
      settings: { 'rewind.timeline.location': 'panel' },
    },
    async ({ page, shot }) => {
      const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await untilCommandListed(page, 'Rewind: Show Timeline');
      await untilCommandListed(page, 'Debug: Start Debugging');
      await openFile(page, 'loop.js');
      await clickGutter(page, DONE_LINE);

      // ── 1. live output links to where it was printed ──
      await startConfiguration(page, 'Rewind: loop (live)');
      await untilCursorLine(page, (line) => line === DONE_LINE, `the breakpoint line ${DONE_LINE}`, 60_000);
      // The timeline opened with the session, in the panel (the Debug Console opens there too).
      await untilPosition(webview.locator('#position'), () => true, 'a timeline opened with the session', 30_000);
      await shot('timeline-opened-with-session');
      await runCommand(page, 'Focus on Debug Console View');
      const printed = page.locator('.repl .monaco-list-row', { hasText: 'total is 10' }).first();
      await printed.waitFor({ state: 'visible', timeout: 15_000 });
      // §3.4: Rewind's own notes ("[rewind] instrumentation cache: …") go only to a verbose log, never
      // to the user's console (with "verbose": true they do appear: test/debug-adapter/dap/editorSafety.test.ts).
      const chatter = await page
        .locator('.repl .monaco-list-row')
        .evaluateAll((rows) =>
          rows.map((row) => row.textContent ?? '').filter((text) => /\[rewind\]|instrumentation cache/i.test(text)),
        );
      if (chatter.length > 0) throw new Error(`the Debug Console shows Rewind's own notes: ${JSON.stringify(chatter)}`);
      const link = printed.locator('.source').first();
      const linkText = (await link.innerText()).trim();
      if (linkText !== `loop.js:${LOG_LINE}`)
        throw new Error(`the Debug Console line "total is 10" links to "${linkText}", not loop.js:${LOG_LINE}`);
      await shot('live-output-linked');
      await link.click();
      await untilCursorLine(page, (line) => line === LOG_LINE, `the printing line ${LOG_LINE} (the link was clicked)`);
      await shot('output-link-followed');

      // ── 2. the timeline in the bottom panel ──
      await runCommand(page, 'Rewind: Show Timeline');
      const position = webview.locator('#position');
      const before = await untilPosition(position, () => true, 'any "Step N of M"', 30_000);
      if ((await page.locator('.tab', { hasText: 'Rewind Timeline' }).count()) > 0)
        throw new Error('the timeline opened as an editor tab, not in the panel');
      const frame = await page.locator('iframe.webview.ready').first().boundingBox();
      const editor = await page.locator('.part.editor').first().boundingBox();
      const panel = await page.locator('.part.panel').first().boundingBox();
      if (!frame || !editor || !panel || frame.y < editor.y + editor.height - 1 || frame.y < panel.y - 1)
        throw new Error(
          `the timeline is not in the bottom panel: ${JSON.stringify({ frame, editor, panel })} (webview, editor, panel)`,
        );
      await shot('timeline-in-panel');
      // Keyboard scrubbing in the panel: the debugger follows, the keys stay in the timeline.
      await webview.locator('#timeline').focus();
      await page.keyboard.press('Shift+ArrowLeft');
      const back = await untilPosition(position, (seen) => seen.step < before.step, 'a step before the stop');
      await untilCursorLine(page, (line) => line !== DONE_LINE, 'a line before the stop');
      // The stop is shown; the timeline takes the keyboard back and keeps it past the time VS Code
      // may still focus the stop's editor (a wait for it, not a fixed pause). A key pressed during
      // that time is the timeline journey's (timelineJourney.mjs): here the user presses after it.
      await untilTimelineFocused(
        page,
        webview,
        'after the first Shift+ArrowLeft in the panel',
        15_000,
        FOCUS_STEADY_MS,
      );
      await page.keyboard.press('Shift+ArrowLeft');
      await untilPosition(
        position,
        (seen) => seen.step < back.step,
        'a second step back, keys still in the timeline',
      ).catch(async (error) => {
        throw new Error(`${error.message}; the keyboard focus is: ${await keyboardFocus(page, webview)}`);
      });
      // Two steps before the last line: line 5 of the fifth round, and the Variables view says so.
      await untilCursorLine(page, (line) => line === LOG_LINE, `line ${LOG_LINE} of the last round`);
      await untilVariable(page, 'i', '5');
      await shot('timeline-in-panel-scrubbed');

      // From the palette, travel to the moment a line was printed: "total is 10" is line 5 of round 4.
      await runCommand(page, 'Rewind: Go to Printed Output');
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'total is 10' }).first();
      await pick.waitFor({ state: 'visible', timeout: 10_000 });
      await shot('printed-output-list');
      await pick.click();
      await untilCursorLine(page, (line) => line === LOG_LINE, `the line that printed "total is 10" (${LOG_LINE})`);
      await untilVariable(page, 'i', '4');
      await untilVariable(page, 'total', '10');
      await shot('travelled-to-printed-line');
      await stopSession(page);

      // ── 3. a stop in a child process ──
      await openFile(page, 'child.js');
      await clickGutter(page, CHILD_LINE);
      await startConfiguration(page, 'Rewind: parent and child');
      await untilCursorLine(page, (line) => line === CHILD_LINE, `the child's line ${CHILD_LINE}`, 90_000);
      await runCommand(page, 'Run and Debug: Focus on Call Stack View');
      const childThread = page.locator('.debug-call-stack .monaco-list-row', { hasText: /child\.js \(pid \d+\)/ });
      await childThread.first().waitFor({ state: 'visible', timeout: 15_000 });
      await page
        .locator('.debug-call-stack .monaco-list-row', { hasText: /parent\.js \(pid \d+\)/ })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await untilVariable(page, 'label', "'spawned'");
      await widenSideBar(page); // the thread's whole name "child.js (pid N)" beside its PAUSED badge
      await shot('child-process-stop');

      // Printed output of every thread, each row naming its thread: from the child's stop to the
      // moment the parent printed "child exited with 0" (parent.js line 6), on the parent's thread.
      await runCommand(page, 'Rewind: Go to Printed Output');
      const rows = page.locator('.quick-input-widget .monaco-list-row');
      await rows
        .filter({ hasText: /child spawned ran.*child\.js \(pid \d+\)/ })
        .first()
        .waitFor({ timeout: 10_000 });
      const parentLine = rows.filter({ hasText: /child exited with 0.*parent\.js \(pid \d+\)/ }).first();
      await parentLine.waitFor({ state: 'visible', timeout: 10_000 });
      await shot('printed-output-every-thread');
      await parentLine.click();
      await untilCursorLine(page, (line) => line === PARENT_PRINT_LINE, `parent.js line ${PARENT_PRINT_LINE}`);
      // The parent's module scope (the listener is an expression arrow: its last step is line 6's).
      await untilVariable(page, 'spawn', 'ƒ');
      await shot('travelled-to-parent-print');
      await stopSession(page);

      // ── 3b. a timer's callback: one click on its scheduling frame moves there (schedulingFrameStep.mjs) ──
      await runSchedulingFrameStep({ page, shot });

      // ── 4. an exception stop, then moves away from it (stopStateStep.mjs) ──
      await runStopStateStep({ page, webview, shot });
    },
  );
}

async function widenSideBar(page, byPx = 160) {
  const bar = await page.locator('.part.sidebar').first().boundingBox();
  if (!bar) return;
  const x = bar.x + bar.width + 1;
  const y = bar.y + bar.height / 3;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + byPx, y, { steps: 5 });
  await page.mouse.up();
}
