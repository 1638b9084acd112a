// The start journey's Step Back Out key step (issue 15 §2): in the session of throws.js stopped in
// main(), Ctrl+Shift+F11 (Rewind's Step Back Out) goes back to main's call site in one move. Then
// loop.js is recorded with F5 and stopped at its last line, the state the saved-recording step
// (reopenRecordingStep.mjs) starts from.
// Knows the workbench's DOM (VS Code 1.139), not how Rewind stores a recording.
import { untilHighlightedLine } from './timelinePanel.mjs';
import { clickGutter, focusEditorTab, openFile, stopSession } from './workbench.mjs';

// throws.js: the session is stopped at line 7 in main(); line 11 `main();` is its call site.
const MAIN_CALL_LINE = 11;
// loop.js: line 7 is the last line (the breakpoint).
const DONE_LINE = 7;

export async function runStepBackOutKeyStep({ page, shot }) {
  await focusEditorTab(page, 'throws.js');
  await page.keyboard.press('Control+Shift+F11');
  await untilHighlightedLine(page, MAIN_CALL_LINE);
  await shot('stepped-back-out-by-key');
  await stopSession(page);

  await openFile(page, 'loop.js');
  await clickGutter(page, DONE_LINE);
  await page.keyboard.press('F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
  await untilHighlightedLine(page, DONE_LINE, 60_000);
}
