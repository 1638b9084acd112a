// The user's journey against the packaged .vsix in code-server: open loop.js, set a breakpoint by
// clicking the gutter, press F5, stop on the breakpoint line with nothing selected, press Ctrl+F10
// (Step Back: the current line moves to the previous statement and the Variables view shows the
// earlier value), find every reverse move in the palette, run "Go to End of Recording", click
// Reverse, evaluate a call in the Debug Console and complete a name there, open a variable's value
// history and travel to a write, click Stop. Then the editor-title button records busy.js while the
// status bar counts events and the timeline panel follows the run as it grows; its console list,
// open all along, shows the program's output once it ends.
// A screenshot after each step goes to artifacts/e2e/ui-*.png.
import { inCodeServer } from './codeServerSession.mjs';
import {
  clickGutter,
  openFile,
  runCommand,
  topFrameHighlightVisible,
  untilCommandListed,
  untilCursorLine,
  untilVariable,
  replEvaluate,
  stopSession,
} from './workbench.mjs';

// loop.js: line 4 `total = total + i;`, line 5 `console.log('total is', total);`
const ASSIGN_LINE = 4;
const LOG_LINE = 5;
const DONE_LINE = 7;

export async function runUiJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  await inCodeServer(
    { name: 'ui', node24, browser, scratch, vsix, workspace, artifacts, widthPx: 1400 },
    async ({ page, shot }) => {
      await untilCommandListed(page, 'Rewind: Open Recording'); // the .vsix is installed and known
      await untilCommandListed(page, 'Debug: Start Debugging');
      await openFile(page, 'loop.js');
      await clickGutter(page, LOG_LINE);
      await shot('breakpoint-set');

      await page.keyboard.press('F5');
      await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
      await untilCursorLine(page, (line) => line === LOG_LINE, `the breakpoint line ${LOG_LINE}`, 60_000);
      if (!(await topFrameHighlightVisible(page))) throw new Error('no current-line highlight at the breakpoint');
      await untilVariable(page, 'total', '1');
      await expectNoSelection(page, 'at the breakpoint');
      // Inline values (debug.inlineValues: auto, no setting changed): the loop's lines show this moment's values.
      await untilInlineValue(page, /total\s=\s1,\si\s=\s1/); // \s: the editor draws non-breaking spaces
      await shot('stopped-at-breakpoint');

      // Step Back from the keyboard (Ctrl+F10, a Rewind keybinding), then the toolbar button's twin.
      await page
        .locator('.editor-instance .monaco-editor .view-lines')
        .first()
        .click({ position: { x: 5, y: 5 } });
      await untilCursorLine(page, (line) => line !== LOG_LINE, 'anywhere else after a click (moved off the stop)');
      await page.locator('.debug-toolbar .action-label.codicon-debug-continue').waitFor({ state: 'visible' });
      await page.keyboard.press('Control+F10');
      await untilCursorLine(
        page,
        (line) => line === ASSIGN_LINE,
        `the previous statement (line ${ASSIGN_LINE}) after Ctrl+F10`,
      );
      if (!(await topFrameHighlightVisible(page))) throw new Error('no current-line highlight after Step Back');
      await untilVariable(page, 'total', '0');
      await expectNoSelection(page, 'after Step Back');
      await shot('stepped-back-by-keyboard');
      // Every reverse move is in the palette.
      for (const title of [
        'Rewind: Step Back',
        'Rewind: Reverse Continue',
        'Rewind: Step Back Out',
        'Rewind: Go to Start of Recording',
        'Rewind: Go to End of Recording',
      ]) {
        await untilCommandListed(page, title, 10_000);
      }
      await runCommand(page, 'Rewind: Go to End of Recording');
      await untilCursorLine(page, (line) => line === DONE_LINE, `the last line ${DONE_LINE} (end of the recording)`);
      await untilVariable(page, 'total', '15');
      await shot('end-of-recording-from-palette');

      await page.locator('.debug-toolbar .action-label.codicon-debug-reverse-continue').click();
      await untilCursorLine(page, (line) => line === LOG_LINE, `the breakpoint's last hit (line ${LOG_LINE})`);
      await untilVariable(page, 'total', '15');
      await shot('reversed-to-last-hit');

      // Evaluation with calls, on copies (issue 15 §4): a lambda over a recorded value runs; a write is refused.
      await replEvaluate(page, '[1, 2, 3].map(n => n * total)', /Array\(3\) \[15, 30, 45\]/);
      await replEvaluate(page, 'total = 0', /would change total/);
      await untilVariable(page, 'total', '15');
      await shot('repl-calls-on-copies');
      // REPL completions over the names in scope (issue 15 §4): "tot" offers total; accepting it completes the input.
      await replComplete(page, 'tot', 'total', () => shot('repl-completion'));

      // Value history (issue 15 §4): the Variables row's context menu lists every write; picking one travels.
      await page
        .locator('.debug-variables .monaco-list-row', { hasText: /^\s*total/ })
        .first()
        .click({ button: 'right' });
      // The menu takes a hover then Enter (a plain click on its label did not run the command in code-server).
      await page.locator('.context-view .action-label', { hasText: 'Show Value History' }).first().hover();
      await page.keyboard.press('Enter');
      const picks = page.locator('.quick-input-widget .monaco-list-row');
      await picks.nth(5).waitFor({ state: 'visible', timeout: 10_000 }); // total = 0 and five additions
      await shot('value-history');
      const third = picks.nth(2); // in time order: 0, 1, 3, 6, 10, 15
      if (!/^\s*3\s*step 6\b/.test(await third.innerText()))
        throw new Error(`the third write is not 3: "${await third.innerText()}"`);
      await third.click();
      await untilCursorLine(page, (line) => line === ASSIGN_LINE, `the statement that wrote 3 (line ${ASSIGN_LINE})`);
      await untilVariable(page, 'total', '1');
      await shot('travelled-from-value-history');

      await stopSession(page);
      await shot('stopped');

      // Second journey: the editor-title button records a long run; the status bar counts events.
      await openFile(page, 'busy.js');
      // The counter shows only while the program runs, which can be shorter than a poll: watch every
      // change of the status bar from before the click, so even a brief counter is seen.
      await watchStatusBarCounter(page);
      await watchTimelineTotals(page);
      await page.locator('.editor-actions .action-label[aria-label*="Record and Debug Current File"]').first().click();
      // \s, not a space: the status bar draws its label with non-breaking spaces.
      const counter = page.locator('.statusbar-item', { hasText: /Rewind:\s[\d,]+\sevents/ }).first();
      if (
        await counter.waitFor({ state: 'visible', timeout: 30_000 }).then(
          () => true,
          () => false,
        )
      )
        await shot('recording-status-bar');
      // The timeline shows the run so far while it is recorded (issue 15 §5).
      if ((await timelineTotals(page)).length > 0) await shot('timeline-while-recording');
      await untilCursorLine(page, () => true, 'any line (the end of the recording)', 120_000);
      const counterTexts = await page.evaluate(() => window.rewindCounterTexts);
      if (counterTexts.length === 0)
        throw new Error('the status bar never showed the recording counter "Rewind: N events"');
      await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 120_000 });
      await counter.waitFor({ state: 'hidden', timeout: 120_000 });
      await untilWholeRunShown(page);
      // The console list of a panel open while the program was recorded is filled (issue 15 §5/§3).
      await untilConsoleRow(page, /^sum \d+\s*$/);
      // Lengths shown before the final one were shown while the program was still recorded.
      const totals = await timelineTotals(page);
      if (totals.length < 2)
        throw new Error(
          `the timeline did not follow the recording as it grew (run lengths shown: ${JSON.stringify(totals)})`,
        );
      await shot('timeline-after-recording');
      await stopSession(page);
    },
  );
}

/** Starts collecting (inside the timeline webview) every distinct run length its "Step N of M" shows. */
async function watchTimelineTotals(page) {
  await timelineFrame(page)
    .locator('#position')
    .evaluate((position) => {
      const seen = [];
      window.rewindTotals = seen;
      const look = () => {
        const total = /of ([\d,]+)/.exec(position.textContent ?? '')?.[1];
        if (total && seen.at(-1) !== total) seen.push(total);
      };
      look();
      new MutationObserver(look).observe(position, { subtree: true, childList: true, characterData: true });
    });
}

async function timelineTotals(page) {
  return timelineFrame(page)
    .locator('#position')
    .evaluate(() => window.rewindTotals ?? []);
}

function timelineFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** After a live recording the timeline shows the whole run (issue 15 §5), not the part seen last. */
async function untilWholeRunShown(page, timeoutMs = 15_000) {
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const deadline = Date.now() + timeoutMs;
  let seen;
  while (Date.now() < deadline) {
    seen = await webview
      .locator('#timeline')
      .evaluate((timeline) => ({
        start: timeline.dataset.viewStart,
        end: timeline.dataset.viewEnd,
        text: document.getElementById('position')?.textContent ?? '',
      }))
      .catch(() => undefined);
    const total = seen && /of ([\d,]+)/.exec(seen.text)?.[1]?.replace(/,/g, '');
    if (seen && seen.start === '0' && total && seen.end === total) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`the timeline does not show the whole run after the recording (seen: ${JSON.stringify(seen)})`);
}

/**
 * Types `prefix` into the Debug Console's input and asks for completions (Ctrl+Space): the suggest
 * widget must offer `name` (`whileOffered` runs then); accepting it makes the input read `name`. The
 * input is cleared after.
 */
async function replComplete(page, prefix, name, whileOffered, timeoutMs = 15_000) {
  const input = page.locator('.repl .repl-input-wrapper .monaco-editor').first();
  await input.click();
  await page.keyboard.type(prefix);
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.repl .suggest-widget .monaco-list-row', { hasText: name }).first();
  await suggestion.waitFor({ state: 'visible', timeout: timeoutMs });
  const offered = await page
    .locator('.repl .suggest-widget .monaco-list-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  await whileOffered();
  await suggestion.click();
  const typed = (await input.locator('.view-lines').innerText()).replace(/\s+/g, ' ').trim();
  if (typed !== name)
    throw new Error(`accepting the completion left "${typed}" in the Debug Console, not ${name} (offered: ${offered})`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
}

/** Waits until the timeline's console list has a row matching `pattern`. */
async function untilConsoleRow(page, pattern, timeoutMs = 15_000) {
  const rows = timelineFrame(page).locator('#console-list .console-row .console-text');
  const deadline = Date.now() + timeoutMs;
  let texts = [];
  while (Date.now() < deadline) {
    texts = await rows.evaluateAll((all) => all.map((row) => row.textContent ?? '')).catch(() => []);
    if (texts.some((text) => pattern.test(text))) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`the timeline's console list never showed ${pattern} (rows: ${JSON.stringify(texts.slice(0, 5))})`);
}

/**
 * A stop leaves a cursor, never a selection (issue 15 §1): the status bar reads "Ln N, Col M" with
 * no "(K selected)", so a stray key cannot replace the statement.
 */
async function expectNoSelection(page, when) {
  const text = await page.locator('#status\\.editor\\.selection').innerText();
  if (/selected/i.test(text)) throw new Error(`${when} the stop selected text: the status bar reads "${text}"`);
}

/** Waits until an inline value decoration in the editor matches. */
async function untilInlineValue(page, pattern, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    // Drawn as injected text (a span of its own) or as ::after content, depending on the VS Code version.
    seen = await page
      .locator('.editor-instance .monaco-editor .view-lines')
      .first()
      .evaluate((root) => [
        ...[...root.querySelectorAll('.view-line')].map((line) => line.textContent ?? ''),
        ...[...root.querySelectorAll('span')]
          .map((span) => getComputedStyle(span, '::after').content)
          .filter((content) => content && content !== 'none' && content !== 'normal'),
      ]);
    if (seen.some((content) => pattern.test(content))) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`no inline value matching ${pattern} in the editor (decorations: ${JSON.stringify(seen)})`);
}

/** Collects (in window.rewindCounterTexts) every "Rewind: N events" text the status bar shows from now on. */
async function watchStatusBarCounter(page) {
  await page.evaluate(() => {
    const seen = [];
    window.rewindCounterTexts = seen;
    const look = () => {
      for (const item of document.querySelectorAll('.statusbar-item')) {
        const text = item.textContent ?? '';
        if (/Rewind:\s[\d,]+\sevents/.test(text) && seen.at(-1) !== text) seen.push(text);
      }
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
