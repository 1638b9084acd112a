// The start journey's `F5 from the timeline` step (issue 15 §6.1): throws.js is open with a
// breakpoint, the timeline is opened beside it and clicked, so the timeline's webview holds the
// keyboard and no text editor is active (the status bar shows no cursor position). A real F5 key
// press then starts a Rewind session of throws.js — the last active text editor's file, as js-debug
// does — which stops at the breakpoint; no "No program to debug" error is shown. The launch
// configuration's program is `${file}` (startJourney.mjs writes it), which VS Code alone cannot
// resolve while a webview has the focus.
// Knows the workbench's DOM (VS Code 1.139) and the webview's element ids, not how Rewind picks the file.
import { untilHighlightedLine } from './timelinePanel.mjs';
import { clickGutter, openFile, runCommand, untilCommandListed } from './workbench.mjs';

// throws.js: line 7 `const twice = double(21);` (the breakpoint), line 9 throws.
const FILE = 'throws.js';
const BREAKPOINT_LINE = 7;

export async function runF5FromTimelineStep({ page, webview, shot }) {
  await untilCommandListed(page, 'Rewind: Show Timeline'); // the .vsix is installed and known
  await untilCommandListed(page, 'Debug: Start Debugging'); // F5 starts debugging only from now (E2E.md)
  await openFile(page, FILE);
  await clickGutter(page, BREAKPOINT_LINE);

  // The timeline beside the editor, focused by a click into it, as a user does.
  await runCommand(page, 'Rewind: Show Timeline');
  const placeholder = webview.locator('#placeholder');
  await placeholder.waitFor({ state: 'visible', timeout: 30_000 });
  await placeholder.click();
  await untilWebviewFocused(page, webview, 'after a click into the timeline');
  // No text editor is active: the status bar's "Ln N, Col M" belongs to a focused text editor only.
  await page.locator('#status\\.editor\\.selection').waitFor({ state: 'hidden', timeout: 15_000 });
  await shot('timeline-focused');

  // ── F5, pressed while the timeline holds the keyboard ──
  await page.keyboard.press('F5');
  const started = await page
    .locator('.debug-toolbar')
    .waitFor({ state: 'visible', timeout: 60_000 })
    .then(
      () => true,
      () => false,
    );
  if (!started)
    throw new Error(`F5 with the timeline focused started no session (notifications: ${await notes(page)})`);
  await untilHighlightedLine(page, BREAKPOINT_LINE, 60_000);
  const tab = page.locator('.tab.active', { hasText: FILE }).first();
  await tab.waitFor({ state: 'visible', timeout: 15_000 });
  const errors = (await notes(page)).filter((text) =>
    /no program to debug|cannot start|can not be resolved/i.test(text),
  );
  if (errors.length > 0) throw new Error(`F5 from the timeline reported: ${JSON.stringify(errors)}`);
  await shot('f5-from-timeline-stopped');
}

/** The workbench's focus is the webview's frame, and inside it the timeline's document has the focus. */
async function untilWebviewFocused(page, webview, when, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let where = '';
  while (Date.now() < deadline) {
    where = await page.evaluate(() => {
      const active = document.activeElement;
      return active?.tagName === 'IFRAME' && active.classList.contains('webview')
        ? 'webview'
        : String(active?.className || active?.tagName);
    });
    if (where === 'webview') {
      const inner = await webview
        .locator('#rewind-timeline')
        .evaluate((element) => element.ownerDocument.hasFocus())
        .catch(() => false);
      if (inner) return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`${when} the keyboard focus is not in the timeline (it is in: ${where})`);
}

/** The texts of the notification toasts and dialogs on screen (evidence when F5 did nothing). */
async function notes(page) {
  return page
    .locator('.notification-toast .notification-list-item-message, .monaco-dialog-box .dialog-message-text')
    .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()))
    .catch(() => []);
}
