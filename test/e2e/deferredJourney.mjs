// Deferred recording in a real VS Code (code-server + Chromium): F5 on a `"deferred": true` launch
// of deferred.js, which reads a clock, randomness and a file and prints them. Its output reaches the
// Debug Console while it runs, unstopped; when it ends, the recording is expanded (the progress
// notification may be too brief to see: nothing here waits for it) and the session stops at the
// breakpoint set before F5; the Debug Console says "Expanded from a deferred recording". Continue
// reaches the breakpoint after the random read, where the Variables view holds exactly the values
// the program printed; Step Back moves into the past. Last, a launch of a program in a folder that
// does not exist says which path is missing (missingProgramStep.mjs, issue 15 §6.2).
// Screenshots: artifacts/e2e/deferred-*.png.
import {
  clickGutter,
  openFile,
  runCommand,
  startConfiguration,
  stopSession,
  untilCommandListed,
  untilCursorLine,
  untilVariable,
  variableRows,
} from './workbench.mjs';
import { inCodeServer } from './codeServerSession.mjs';
import { runMissingProgramStep } from './missingProgramStep.mjs';

// deferred.js: line 4 reads the clock (the first breakpoint), line 6 reads the file, line 7 prints
// the clock and the random number (the second breakpoint, after both reads).
const STAMP_LINE = 4;
const READ_LINE = 6;
const PRINT_LINE = 7;

export async function runDeferredJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  await inCodeServer(
    { name: 'deferred', node24, browser, scratch, vsix, workspace, artifacts },
    async ({ page, shot }) => {
      await untilCommandListed(page, 'Debug: Start Debugging');
      await openFile(page, 'deferred.js');
      await clickGutter(page, STAMP_LINE);
      await clickGutter(page, PRINT_LINE);
      await startConfiguration(page, 'Rewind: deferred');
      await runCommand(page, 'Focus on Debug Console View');

      // While it runs (it waits 2 s before its last line), its output is already in the Debug Console.
      const printed = page.locator('.repl .monaco-list-row', { hasText: /stamp \d+ rand / }).first();
      await printed.waitFor({ state: 'visible', timeout: 30_000 });
      const match = /stamp (\d+) rand (\S+)/.exec(await printed.innerText());
      if (!match) throw new Error(`the Debug Console line "${await printed.innerText()}" does not hold the values`);
      const [, stamp, rand] = match;
      await page.locator('.repl .monaco-list-row', { hasText: 'read contents-of-deferred-input' }).first().waitFor();
      if (await page.locator('.debug-toolbar .action-label.codicon-debug-continue').isVisible())
        throw new Error('the session was stopped while the deferred program was still running');
      await shot('output-while-running');

      // It ends, is expanded, and stops at the first breakpoint; the Debug Console says where it came from.
      await untilCursorLine(page, (line) => line === STAMP_LINE, `the first breakpoint's line ${STAMP_LINE}`, 90_000);
      await page
        .locator('.repl .monaco-list-row', { hasText: 'Expanded from a deferred recording' })
        .first()
        .waitFor({ state: 'visible', timeout: 15_000 });
      await shot('expanded-and-stopped');

      // Continue to the breakpoint after the random read: the replay holds what the program printed.
      await runCommand(page, 'Debug: Continue');
      await untilCursorLine(page, (line) => line === PRINT_LINE, `the second breakpoint's line ${PRINT_LINE}`);
      await untilVariable(page, 'rand', rand);
      await untilVariable(page, 'stamp', stamp);
      await untilVariable(page, 'text', "'contents-of-deferred-input'");
      await shot('variables-hold-printed-values');

      // Step Back: the statement before, the file read, not yet made: `text` is gone, `rand` the same.
      await page.locator('.debug-toolbar .action-label.codicon-debug-step-back').click();
      await untilCursorLine(page, (line) => line === READ_LINE, `the file read's line ${READ_LINE}`);
      await untilVariableGone(page, 'text', 'rand');
      await untilVariable(page, 'rand', rand);
      await shot('stepped-back');
      await stopSession(page);

      // A launch whose program does not exist names the missing path (issue 15 §6.2).
      await runMissingProgramStep({ page, shot, workspace });
    },
  );
}

/** Until the Variables view lists `shown` (it is drawn) but no longer `name`. */
async function untilVariableGone(page, name, shown, timeoutMs = 15_000) {
  const named = (n) => (row) => new RegExp(`^${n}\\s*[:=]`).test(row);
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await variableRows(page).catch(() => undefined);
    if (rows && rows.some(named(shown)) && !rows.some(named(name))) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the Variables view still shows ${name} (rows: ${JSON.stringify(rows)})`);
}
