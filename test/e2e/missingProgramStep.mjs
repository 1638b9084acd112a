// The deferred journey's `missing program` step (issue 15 §6.2): "Rewind: missing program" names
// `${workspaceFolder}/no-such-folder/app.js`. Starting it shows the user an error that names that
// path, not the runtime's "spawn /usr/bin/node ENOENT", and no debug session starts.
// Knows where the workbench shows errors (a toast or a modal dialog), not how Rewind checks paths.
import { join } from 'node:path';
import { runCommand } from './workbench.mjs';

const CONFIGURATION = 'Rewind: missing program';

export async function runMissingProgramStep({ page, shot, workspace }) {
  const missing = join(workspace, 'no-such-folder/app.js');
  await runCommand(page, 'Debug: Select and Start Debugging');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: CONFIGURATION }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  const text = await untilErrorShown(page, 'no-such-folder');
  await shot('missing-program-named');
  if (!text.includes(missing)) throw new Error(`the error does not name the missing path ${missing}: "${text}"`);
  if (/ENOENT|spawn /.test(text)) throw new Error(`the error is the runtime's, not the missing path's: "${text}"`);
  if (await page.locator('.debug-toolbar').isVisible()) throw new Error('a debug session started without a program');
  await page.keyboard.press('Escape'); // close a dialog, if the error came as one
}

/** The text of the first error toast or dialog that mentions `needle`. */
async function untilErrorShown(page, needle, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await page
      .locator('.notification-toast .notification-list-item-message, .monaco-dialog-box .dialog-message-text')
      .evaluateAll((items) => items.map((item) => (item.textContent ?? '').replace(/\s+/g, ' ').trim()));
    const found = seen.find((text) => text.includes(needle));
    if (found !== undefined) return found;
    await page.waitForTimeout(200);
  }
  throw new Error(`no error toast or dialog mentions ${needle} (seen: ${JSON.stringify(seen)})`);
}
