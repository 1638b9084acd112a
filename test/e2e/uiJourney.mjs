// The user's journey against the packaged .vsix in code-server: open loop.js, set a breakpoint by
// clicking the gutter, press F5, stop on the breakpoint line, click Step Back (the current line
// moves to the previous statement and the Variables view shows the earlier value), click Reverse,
// click Stop. Then the editor-title button records busy.js while the status bar counts events.
// A screenshot after each step goes to artifacts/e2e/ui-*.png.
import { join } from 'node:path';
import { installVsix, prepareHome, startCodeServer } from '../../scripts/e2e/lib/codeServer.mjs';
import { untilWorkbenchReady } from '../../scripts/e2e/lib/browser.mjs';
import { clickGutter, openFile, screenshotter, topFrameHighlightVisible, untilCommandListed, untilCursorLine, untilVariable } from './workbench.mjs';

// loop.js: line 4 `total = total + i;`, line 5 `console.log('total is', total);`
const ASSIGN_LINE = 4;
const LOG_LINE = 5;

export async function runUiJourney({ node24, browser, scratch, vsix, workspace, artifacts }) {
  const home = prepareHome(join(scratch, 'ui'), { trust: false });
  installVsix(node24, home, vsix);
  const server = await startCodeServer(node24, home, { trust: false });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const shot = screenshotter(page, artifacts, 'ui');
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await untilWorkbenchReady(page);
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
    await shot('stopped-at-breakpoint');

    await page.locator('.debug-toolbar .action-label.codicon-debug-step-back').click();
    await untilCursorLine(page, (line) => line === ASSIGN_LINE, `the previous statement (line ${ASSIGN_LINE})`);
    if (!(await topFrameHighlightVisible(page))) throw new Error('no current-line highlight after Step Back');
    await untilVariable(page, 'total', '0');
    await shot('stepped-back');

    await page.locator('.debug-toolbar .action-label.codicon-debug-reverse-continue').click();
    await untilCursorLine(page, (line) => line < ASSIGN_LINE, 'a line before the loop body (start of the recording)');
    await shot('reversed-to-start');

    await page.locator('.debug-toolbar .action-label.codicon-debug-stop').click();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 });
    await shot('stopped');

    // Second journey: the editor-title button records a long run; the status bar counts events.
    await openFile(page, 'busy.js');
    // The counter shows only while the program runs, which can be shorter than a poll: watch every
    // change of the status bar from before the click, so even a brief counter is seen.
    await watchStatusBarCounter(page);
    await page.locator('.editor-actions .action-label[aria-label*="Record and Debug Current File"]').first().click();
    // \s, not a space: the status bar draws its label with non-breaking spaces.
    const counter = page.locator('.statusbar-item', { hasText: /Rewind:\s[\d,]+\sevents/ }).first();
    if (await counter.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true, () => false)) await shot('recording-status-bar');
    await untilCursorLine(page, () => true, 'any line (the end of the recording)', 120_000);
    const counterTexts = await page.evaluate(() => window.rewindCounterTexts);
    if (counterTexts.length === 0) throw new Error('the status bar never showed the recording counter "Rewind: N events"');
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 120_000 });
    await counter.waitFor({ state: 'hidden', timeout: 120_000 });
    await page.locator('.debug-toolbar .action-label.codicon-debug-stop').click();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 });
  } catch (error) {
    await shot('failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
    await server.stop();
  }
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
