// The start journey's `saved recording` step (issue 15 §3.2): the recording of loop.js, stopped at its
// last line, is saved with "Rewind: Save Recording As…" and, after the session ends, reopened with
// "Rewind: Open Recording…", both through VS Code's own file dialog: the reopened recording prints
// the program's output in the Debug Console again, each line linked to the statement that printed it
// ("loop.js:5"), and the link opens that line.
// Knows the workbench's DOM and the file dialog's habits (VS Code 1.139: the file dialogs of a remote
// window are quick inputs taking a path), not how Rewind stores a recording.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { untilHighlightedLine } from './timelinePanel.mjs';
import { runCommand, stopSession, untilCursorLine } from './workbench.mjs';

// loop.js: line 5 prints "total is N"; line 7, its last, holds the breakpoint.
const LOG_LINE = 5;
const DONE_LINE = 7;
// Save Recording As suggests "<program>-<UTC time>.rwd" in the workspace folder (saveRecording.ts).
const SUGGESTED_NAME = /^loop-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.rwd$/;

/** Starts in the Rewind session of loop.js stopped at its last line; ends in the reopened recording. */
export async function runReopenRecordingStep({ page, shot, workspace }) {
  // ── save the recording ──
  const saved = join(workspace, 'reopened.rwd');
  await runCommand(page, 'Rewind: Save Recording As');
  await answerFileDialog(
    page,
    saved,
    (value) => value.startsWith(`${workspace}/`) && SUGGESTED_NAME.test(value.slice(workspace.length + 1)),
  );
  await untilFile(saved);
  await shot('recording-saved');
  await stopSession(page);

  // ── reopen it: the output is printed again, linked to where it was printed ──
  await runCommand(page, 'Rewind: Open Recording');
  await answerFileDialog(page, saved, (value) => value === `${workspace}/`);
  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
  // Until the reopened recording has stopped (at the breakpoint), its stop moves the focus to the
  // editor, and a Command Palette opened meanwhile closes on losing it (a run under load failed so).
  await untilHighlightedLine(page, DONE_LINE, 60_000);
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
 * Answers VS Code's file dialog of a remote window (its SimpleFileDialog, a quick input taking a path)
 * with `path`, as a user does: once the dialog shows where it starts, type the path, press Enter.
 *
 * Why the wait: the dialog opens showing the *parent* of its start folder, lists the start folder
 * asynchronously, and when that listing lands writes the start folder (and, for a save, the suggested
 * name) into the input over whatever is there. A path typed meanwhile cancels the listing only after
 * the dialog has looked its folder up (two remote round trips); when the listing lands first, the
 * typed path is replaced and the Enter (held while the dialog is busy) accepts the suggested name.
 * That is the likely way the save was lost on quiet machines (docs/E2E.md; scripts/e2e/
 * fileDialogRace.mjs probes it). Once the input shows the start value (`isStartValue`) the dialog
 * writes nothing more of its own.
 */
async function answerFileDialog(page, path, isStartValue) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const widget = page.locator('.quick-input-widget');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  const deadline = Date.now() + 30_000;
  let startValue = await input.inputValue();
  while (!isStartValue(startValue)) {
    if (Date.now() > deadline)
      throw new Error(`the file dialog never showed its start folder (it holds "${startValue}")`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    startValue = await input.inputValue();
  }
  await input.fill(path);
  const typed = await input.inputValue();
  if (typed !== path) throw new Error(`the file dialog holds "${typed}" after ${path} was typed`);
  await page.keyboard.press('Enter');
  const closed = await widget.waitFor({ state: 'hidden', timeout: 15_000 }).then(
    () => true,
    () => false,
  );
  if (!closed)
    throw new Error(`the file dialog stayed open after Enter on ${path} (it holds "${await input.inputValue()}")`);
}

/** The file at `path`, written whole; a miss names what its folder holds (where else a save went). */
async function untilFile(path, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && statSync(path).size > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the recording was not saved to ${path}; its folder holds ${readdirSync(dirname(path)).join(', ')}`);
}
