// Launches Debian's Chromium through playwright-core with the flags E2E.md found to work here
// (the /usr/bin/chromium wrapper is broken, so the real binary is launched directly).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.REWIND_CHROMIUM ?? '/usr/lib/chromium/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Waits until the workbench is drawn and the extension host has loaded its extensions. */
export async function untilWorkbenchReady(page, timeoutMs = 90_000) {
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  await page.waitForFunction(() => performance.getEntriesByName('code/didLoadExtensions').length > 0, undefined, {
    timeout: timeoutMs,
  });
}
