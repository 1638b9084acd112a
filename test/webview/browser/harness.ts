// Runs the timeline bundle in headless Debian Chromium behind the real panel HTML and CSP (built by
// extension/timeline/timelineHtml.ts), with the fake host installed first. The bundle is built from
// source into memory with the same esbuild options as scripts/build.mjs, so a stale dist/ never
// hides a change. Served from a fake https origin through request interception: no server, no port.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, timelineHtml } from '../../../extension/timeline/timelineHtml';
import type { FakeOptions } from './fakeHost';

export const CHROMIUM_PATH = process.env.REWIND_CHROMIUM ?? '/usr/lib/chromium/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const ORIGIN = 'https://rewind-webview.test';
const ROOT = resolve(__dirname, '../../..');

export interface Assets {
  script: string;
  style: string;
  fakeHost: string;
}

async function bundle(entry: string, options: Record<string, unknown>): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    ...options,
  });
  return result.outputFiles[0].text;
}

export async function buildAssets(): Promise<Assets> {
  const [script, style, fakeHost] = await Promise.all([
    bundle('webview/main.ts', { platform: 'browser', format: 'iife', target: 'chrome120' }),
    bundle('webview/timeline.css', {}),
    bundle('test/webview/browser/fakeHost.ts', {
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      globalName: 'RewindFakeHost',
    }),
  ]);
  return { script, style, fakeHost };
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rewind-webview-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1200, height: 800 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface TimelinePage {
  page: Page;
  errors: string[];
}

/** Opens the panel page with a fake host; resolves once the first detail buckets are painted. */
export async function openTimeline(
  context: BrowserContext,
  assets: Assets,
  options: Partial<FakeOptions> = {},
): Promise<TimelinePage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  }); // CSP violations are logged as errors too
  page.on('pageerror', (error) => errors.push(String(error)));
  const html = timelineHtml({
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/timeline.js`,
    styleUri: `${ORIGIN}/timeline.css`,
    nonce: createNonce(),
  });
  const files: Record<string, { body: string; contentType: string }> = {
    '/index.html': { body: html, contentType: 'text/html' },
    '/timeline.js': { body: assets.script, contentType: 'text/javascript' },
    '/timeline.css': { body: assets.style, contentType: 'text/css' },
  };
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file === undefined
      ? route.fulfill({ status: 404, body: '' })
      : route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
  });
  const fakeOptions: FakeOptions = { latencyMs: 2, startStep: 2_500_000, sessionId: 'fake-session-1', ...options };
  await page.addInitScript({
    content: `${assets.fakeHost};RewindFakeHost.installFakeHost(${JSON.stringify(fakeOptions)});`,
  });
  await page.goto(`${ORIGIN}/index.html`);
  await waitForDetail(page);
  return { page, errors };
}

/** Waits until the run's buckets have been asked for, every request answered, and painted. */
export async function waitForDetail(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.__fake.sent.filter((record) => record.message.command === 'rewind/timeline').length >= 2,
  );
  await settle(page);
}

/** Waits until the fake adapter has answered everything, then for the frames that paint it. */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__fake.outstanding === 0);
  await nextFrames(page, 3);
  await page.waitForFunction(() => window.__fake.outstanding === 0);
  await nextFrames(page, 1);
}

export async function nextFrames(page: Page, count: number): Promise<void> {
  await page.evaluate(async (frames) => {
    for (let index = 0; index < frames; index++)
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 10)));
  }, count);
}

export async function seeks(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    window.__fake.sent
      .filter((record) => record.message.command === 'rewind/seek')
      .map((record) => record.message.args?.step as number),
  );
}

export async function viewOf(page: Page): Promise<{ startStep: number; endStep: number }> {
  return page.evaluate(() => {
    const timeline = document.getElementById('timeline') as HTMLElement;
    return { startStep: Number(timeline.dataset.viewStart), endStep: Number(timeline.dataset.viewEnd) };
  });
}
