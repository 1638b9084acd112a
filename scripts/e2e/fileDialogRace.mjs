// A probe of VS Code's own file dialog, not part of the suite: it shows why the start journey's
// saved-recording step (test/e2e/reopenRecordingStep.mjs) waits for the dialog's start value before
// typing. In code-server, a Rewind session of loop.js is saved again and again with "Rewind: Save
// Recording As…"; each time a path is typed into the dialog a set delay after it is drawn (from a
// MutationObserver and a page timer, 0 = in the task that draws it), then Enter. It reports, per
// delay, the values the input showed and where the recording went. Exit 0 when at least one save
// went to the suggested name instead of the typed path (the behaviour the step guards against);
// exit 1 when every typed path was kept.
// Usage: node scripts/e2e/fileDialogRace.mjs [path/to/rewind.vsix]   (default: packs one)
// Knows the workbench's DOM (VS Code 1.139), not how Rewind stores a recording.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './lib/browser.mjs';
import { packageVsix } from './package.mjs';
import { inCodeServer } from '../../test/e2e/codeServerSession.mjs';
import { untilHighlightedLine } from '../../test/e2e/timelinePanel.mjs';
import { clickGutter, openFile, runCommand, untilCommandListed } from '../../test/e2e/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DONE_LINE = 7; // loop.js's last line
const DIALOG_TITLE = 'Save Rewind Recording'; // saveRecording.ts

execFileSync('bash', [join(root, 'scripts/e2e/install-code-server.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
const node24 = join(
  execFileSync('bash', [join(root, 'scripts/e2e/ensure-node24.sh')], { encoding: 'utf8' }).trim(),
  'node',
);
const vsix = process.argv[2] ? resolve(process.argv[2]) : packageVsix(root);
const scratch = mkdtempSync(join(tmpdir(), 'rewind-dialog-race-'));
const workspace = join(scratch, 'race', 'workspace');
cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
writeFileSync(
  join(workspace, '.vscode/launch.json'),
  JSON.stringify({
    version: '0.2.0',
    configurations: [{ type: 'rewind', request: 'launch', name: 'Rewind', program: '${file}', live: false }],
  }),
);
const artifacts = join(scratch, 'artifacts');
mkdirSync(artifacts);
// Delays from "in the same task" to well after the listing: the overwrite needs the typing to land
// while the listing is in flight, and the listing finishes before the typed path's own lookups.
const DELAYS_MS = [0, 5, 10, 15, 20, 30, 40, 60, 80, 120];
const SUGGESTED = /^loop-[\d-]+\.rwd$/;
const outcomes = [];
const browser = await launchBrowser();
try {
  await inCodeServer({ name: 'race', node24, browser, scratch, vsix, workspace, artifacts }, async ({ page }) => {
    await untilCommandListed(page, 'Debug: Start Debugging', 120_000);
    await openFile(page, 'loop.js');
    await clickGutter(page, DONE_LINE);
    await page.keyboard.press('F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
    await untilHighlightedLine(page, DONE_LINE, 60_000);
    // Type the path `delayMs` after the save dialog is drawn (0: in the task that draws it, so always
    // before its listing arrives), and record every value the input shows.
    await page.evaluate((title) => {
      window.dialogRace = { delayMs: 0, path: '', values: [], armed: false };
      const input = () => document.querySelector('.quick-input-widget .quick-input-box input');
      const note = () => {
        const value = input()?.value;
        if (value !== undefined && window.dialogRace.values.at(-1) !== value) window.dialogRace.values.push(value);
      };
      const type = () => {
        input().value = window.dialogRace.path;
        input().dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        note();
      };
      new MutationObserver(() => {
        // Only the save dialog, drawn and showing its first value (the widget and its title stay in
        // the page, hidden, between quick inputs).
        const widget = document.querySelector('.quick-input-widget');
        const shown = widget?.querySelector('.quick-input-title')?.textContent ?? '';
        const closing = widget?.classList.contains('quick-input-widget-closing');
        if (!widget || closing || getComputedStyle(widget).display === 'none' || !shown.includes(title)) return;
        if (!input()?.value.startsWith('/') || input().value === window.dialogRace.path) return;
        note();
        if (!window.dialogRace.armed) return;
        window.dialogRace.armed = false;
        if (window.dialogRace.delayMs === 0) type();
        else setTimeout(type, window.dialogRace.delayMs);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      setInterval(note, 5);
    }, DIALOG_TITLE);
    for (const [attempt, delayMs] of DELAYS_MS.entries()) {
      // A fresh name each time: the hidden input keeps the last dialog's value.
      const typed = join(workspace, `typed-${attempt + 1}-after-${delayMs}ms.rwd`);
      await page.evaluate(
        ({ delayMs, path }) => Object.assign(window.dialogRace, { delayMs, path, values: [], armed: true }),
        { delayMs, path: typed },
      );
      await runCommand(page, 'Rewind: Save Recording As');
      await page.waitForFunction((path) => window.dialogRace.values.includes(path), typed, { timeout: 30_000 });
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
      const values = await page.evaluate(() => window.dialogRace.values);
      const deadline = Date.now() + 15_000; // the adapter writes the file after the dialog closes
      let recordings = [];
      while (Date.now() < deadline && recordings.length === 0) {
        await page.waitForTimeout(100);
        recordings = readdirSync(workspace).filter((file) => file.endsWith('.rwd'));
      }
      const outcome = recordings.includes(basename(typed))
        ? 'kept'
        : recordings.some((f) => SUGGESTED.test(f))
          ? 'replaced'
          : 'none';
      outcomes.push(outcome);
      console.log(
        `typed ${delayMs} ms after the dialog was drawn: ${outcome} (${recordings.join(', ') || 'no file'}); the input showed ${values.map((v) => JSON.stringify(v.replace(scratch, '…'))).join(' → ')}`,
      );
      for (const file of recordings) rmSync(join(workspace, file));
    }
  });
} finally {
  await browser.close();
  rmSync(scratch, { recursive: true, force: true });
}
const replaced = outcomes.filter((outcome) => outcome === 'replaced').length;
console.log(`${replaced} of ${outcomes.length} saves went to the suggested name instead of the typed path`);
process.exit(replaced > 0 ? 0 : 1);
