// The start journey's `saved recording` step (issue 15 §3.2, and §2's Step Back Out key): first, in
// the session of throws.js stopped in main(), Ctrl+Shift+F11 (Rewind's Step Back Out) goes back to
// main's call site in one move. Then loop.js is recorded with F5, saved with "Rewind: Save Recording
// As…" and, after the session ends, reopened with "Rewind: Open Recording…", both through VS Code's
// own file dialog: the reopened recording prints the program's output in the Debug Console again,
// each line linked to the statement that printed it ("loop.js:5"), and the link opens that line.
// Knows the workbench's DOM (VS Code 1.139: the file dialogs of a remote window are quick inputs
// taking a path), not how Rewind stores a recording.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { untilHighlightedLine } from './timelinePanel.mjs';
import { clickGutter, focusEditorTab, openFile, runCommand, stopSession, untilCursorLine } from './workbench.mjs';

// throws.js: the session is stopped at line 7 in main(); line 11 `main();` is its call site.
const MAIN_CALL_LINE = 11;
// loop.js: line 5 prints "total is N", line 7 is the last line (the breakpoint).
const LOG_LINE = 5;
const DONE_LINE = 7;

export async function runReopenRecordingStep({ page, shot, workspace }) {
  // ── Step Back Out from its default key, with the editor focused ──
  await focusEditorTab(page, 'throws.js');
  await page.keyboard.press('Control+Shift+F11');
  await untilHighlightedLine(page, MAIN_CALL_LINE);
  await shot('stepped-back-out-by-key');
  await stopSession(page);

  // ── record loop.js and save the recording ──
  await openFile(page, 'loop.js');
  await clickGutter(page, DONE_LINE);
  await page.keyboard.press('F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
  await untilHighlightedLine(page, DONE_LINE, 60_000);
  const saved = join(workspace, 'reopened.rwd');
  await runCommand(page, 'Rewind: Save Recording As');
  await answerFileDialog(page, saved);
  await untilFile(saved);
  await shot('recording-saved');
  await stopSession(page);

  // ── reopen it: the output is printed again, linked to where it was printed ──
  await runCommand(page, 'Rewind: Open Recording');
  await answerFileDialog(page, saved);
  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
  await runCommand(page, 'Focus on Debug Console View');
  const printed = page.locator('.repl .monaco-list-row', { hasText: 'total is 10' }).first();
  await printed.waitFor({ state: 'visible', timeout: 30_000 });
  const link = printed.locator('.source').first();
  const linkText = (await link.innerText()).trim();
  if (linkText !== `loop.js:${LOG_LINE}`)
    throw new Error(`in the reopened recording "total is 10" links to "${linkText}", not loop.js:${LOG_LINE}`);
  await shot('reopened-recording-output');
  await link.click();
  await untilCursorLine(page, (line) => line === LOG_LINE, `the printing line ${LOG_LINE} (the link was clicked)`);
  await shot('reopened-output-link-followed');
}

/**
 * VS Code's file dialog in a remote window is a quick input that takes a path: type it, then Enter.
 * The dialog fills in its start folder and lists it asynchronously and may put the folder back over
 * a path typed meanwhile (seen under load): the path is typed again until the dialog takes it.
 */
async function answerFileDialog(page, path, attempts = 4) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const widget = page.locator('.quick-input-widget');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  let typed = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.waitForFunction(
      () => (document.querySelector('.quick-input-widget .quick-input-box input')?.value ?? '').startsWith('/'),
      undefined,
      { timeout: 15_000 },
    );
    await input.fill(path);
    typed = await input.inputValue();
    if (typed === path) {
      await page.keyboard.press('Enter');
      const closed = await widget.waitFor({ state: 'hidden', timeout: 10_000 }).then(
        () => true,
        () => false,
      );
      if (closed) return;
    }
  }
  throw new Error(`the file dialog never took ${path} (it holds "${typed}")`);
}

async function untilFile(path, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && statSync(path).size > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the recording was not saved to ${path}`);
}
