// One UI journey's code-server: a fresh home with the .vsix installed, the server, a browser page
// on the workspace once the workbench is ready, a failure screenshot, and everything closed after.
// Knows nothing of what a journey checks.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, prepareHome, startCodeServer } from '../../scripts/e2e/lib/codeServer.mjs';
import { untilWorkbenchReady } from '../../scripts/e2e/lib/browser.mjs';
import { screenshotter } from './workbench.mjs';

/**
 * Runs `journey({ page, shot, server })` in a code-server opened on `workspace`. `name` prefixes the
 * screenshots (an earlier run's are removed first: the numbering restarts at 01); `trust` pre-trusts
 * nothing when false; `settings` are added to the user's settings before the extension is installed.
 */
export async function inCodeServer(
  { name, node24, browser, scratch, vsix, workspace, artifacts, trust = false, widthPx = 1600, settings },
  journey,
) {
  for (const file of readdirSync(artifacts))
    if (file.startsWith(`${name}-`)) rmSync(join(artifacts, file), { force: true });
  const home = prepareHome(join(scratch, name), { trust });
  if (settings) {
    const settingsFile = join(home.userData, 'User/settings.json');
    const current = JSON.parse(readFileSync(settingsFile, 'utf8'));
    writeFileSync(settingsFile, JSON.stringify({ ...current, ...settings }, null, 2));
  }
  installVsix(node24, home, vsix);
  const server = await startCodeServer(node24, home, { trust });
  const context = await browser.newContext({ viewport: { width: widthPx, height: 900 } });
  const page = await context.newPage();
  const shot = screenshotter(page, artifacts, name);
  try {
    // The first load under a loaded machine (load average 30 seen) takes longer than Playwright's 30 s default.
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
    await untilWorkbenchReady(page);
    await journey({ page, shot, server });
  } catch (error) {
    await shot('failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
    await server.stop();
  }
}
