// Timeline webview benchmark: loads the built bundle (dist/webview) in headless Chromium behind the
// panel's real CSP, with the fake host of test/webview serving a synthetic 10-million-step run, then
// scrubs, zooms and pans with the mouse and prints p50/p99 of
//   - frame interval while scrubbing and the main-thread work inside each animation frame,
//   - paint work per frame while zooming and panning (the charts repaint then; scrubbing moves only cursors),
//   - pointer → seek request (how stale the adapter's position is; includes the 40 ms throttle),
//   - pointer → cursor drawn (the cursor follows the pointer locally, before the adapter answers).
// Usage: node scripts/bench/webviewBench.mjs [--json]    (run `npm run build` first)
/* global window, document, MutationObserver */
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CHROMIUM = process.env.REWIND_CHROMIUM ?? '/usr/lib/chromium/chromium';
const ORIGIN = 'https://rewind-webview.test';
const json = process.argv.includes('--json');

async function bundle(entry, options) {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    logLevel: 'silent',
    ...options,
  });
  return result.outputFiles[0].text;
}

/** The built bundle if there is one; otherwise built now with scripts/build.mjs's options. */
async function webviewAssets() {
  const script = join(ROOT, 'dist/webview/timeline.js');
  const style = join(ROOT, 'dist/webview/timeline.css');
  return {
    script: existsSync(script)
      ? readFileSync(script, 'utf8')
      : await bundle('webview/main.ts', { platform: 'browser', format: 'iife', target: 'chrome120' }),
    style: existsSync(style) ? readFileSync(style, 'utf8') : await bundle('webview/timeline.css', {}),
  };
}

async function panelHtml(tempDir) {
  const file = join(tempDir, 'timelineHtml.mjs');
  writeFileSync(file, await bundle('extension/timeline/timelineHtml.ts', { platform: 'node', format: 'esm' }));
  const { timelineHtml, createNonce } = await import(pathToFileURL(file).href);
  return timelineHtml({
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/timeline.js`,
    styleUri: `${ORIGIN}/timeline.css`,
    nonce: createNonce(),
  });
}

/** Times every requestAnimationFrame callback; installed before the bundle so it sees all of them. */
function frameProbe() {
  const original = window.requestAnimationFrame.bind(window);
  window.__bench = { callbackMs: [], frameStartsMs: [], moves: [], cursorMoves: [] };
  window.requestAnimationFrame = (callback) =>
    original((time) => {
      const start = performance.now();
      callback(time);
      window.__bench.callbackMs.push(performance.now() - start);
    });
  const tick = (time) => {
    window.__bench.frameStartsMs.push(time);
    original(tick);
  };
  original(tick);
  window.addEventListener('pointermove', (event) => window.__bench.moves.push(event.timeStamp), true);
  document.addEventListener('DOMContentLoaded', () => {
    const observe = () => {
      const cursor = document.getElementById('cursor');
      if (cursor === null) return setTimeout(observe, 10);
      new MutationObserver(() =>
        window.__bench.cursorMoves.push({ atMs: performance.now(), step: Number(cursor.dataset.step) }),
      ).observe(cursor, { attributes: true, attributeFilter: ['data-step'] });
    };
    observe();
  });
}

function percentile(values, fraction) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

function summary(values) {
  return { count: values.length, p50: round(percentile(values, 0.5)), p99: round(percentile(values, 0.99)) };
}

const round = (value) => Math.round(value * 100) / 100;
const deltas = (values) => values.slice(1).map((value, index) => value - values[index]);

async function measure(page) {
  const box = await page.locator('#timeline-canvas').boundingBox();
  const y = box.y + 140;
  const reset = () =>
    page.evaluate(() => {
      window.__bench.callbackMs = [];
      window.__bench.frameStartsMs = [];
      window.__bench.moves = [];
      window.__bench.cursorMoves = [];
      window.__fake.sent = [];
    });

  // 1. Scrub: three slow sweeps across the whole 10M-step view.
  await reset();
  await page.mouse.move(box.x + 5, y);
  await page.mouse.down();
  for (let sweep = 0; sweep < 3; sweep++) {
    for (let index = 0; index <= 200; index++) {
      const fraction = sweep % 2 === 0 ? index / 200 : 1 - index / 200;
      await page.mouse.move(box.x + 5 + fraction * (box.width - 10), y);
      await page.waitForTimeout(4);
    }
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  const scrub = await page.evaluate(() => ({
    ...window.__bench,
    seeks: window.__fake.sent
      .filter((r) => r.message.command === 'rewind/seek')
      .map((r) => ({ atMs: r.atMs, step: r.message.args.step })),
  }));

  // 2. Zoom and pan: wheel in and out around moving points, then drag the ruler.
  await reset();
  for (let index = 0; index < 40; index++) {
    await page.mouse.move(box.x + box.width * (0.2 + 0.6 * (index / 40)), y);
    await page.mouse.wheel(0, index < 20 ? -240 : 240);
    await page.waitForTimeout(16);
  }
  await page.mouse.move(box.x + box.width * 0.8, box.y + 8);
  await page.mouse.down();
  for (let index = 0; index < 60; index++) {
    await page.mouse.move(box.x + box.width * (0.8 - index / 100), box.y + 8);
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  const zoom = await page.evaluate(() => window.__bench);

  // pointer → first seek sent at or after it
  const pointerToSeek = [];
  for (const moveMs of scrub.moves) {
    const seek = scrub.seeks.find((candidate) => candidate.atMs >= moveMs);
    if (seek !== undefined) pointerToSeek.push(seek.atMs - moveMs);
  }
  // pointer → cursor drawn: the first cursor move after each pointer move (what scrubbing feels like)
  const pointerToCursor = [];
  for (const moveMs of scrub.moves) {
    const shown = scrub.cursorMoves.find((move) => move.atMs >= moveMs);
    if (shown !== undefined && shown.atMs - moveMs < 1000) pointerToCursor.push(shown.atMs - moveMs);
  }
  return {
    pointerMoves: scrub.moves.length,
    seeks: scrub.seeks.length,
    scrubFrameIntervalMs: summary(deltas(scrub.frameStartsMs)),
    scrubFrameWorkMs: summary(scrub.callbackMs),
    zoomPanFrameWorkMs: summary(zoom.callbackMs),
    zoomPanFrameIntervalMs: summary(deltas(zoom.frameStartsMs)),
    pointerToSeekMs: summary(pointerToSeek),
    pointerToCursorMs: summary(pointerToCursor),
  };
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    // Not a regression, just a machine that cannot run this benchmark: say so and let the others run.
    console.log(
      `webviewBench: skipped, no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set REWIND_CHROMIUM)`,
    );
    return;
  }
  const tempDir = mkdtempSync(join(tmpdir(), 'rewind-webview-bench-'));
  const [assets, html, fakeHost] = await Promise.all([
    webviewAssets(),
    panelHtml(tempDir),
    bundle('test/webview/browser/fakeHost.ts', {
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      globalName: 'RewindFakeHost',
    }),
  ]);
  const context = await chromium.launchPersistentContext(join(tempDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 800 },
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await context.newPage();
    const files = {
      '/index.html': [html, 'text/html'],
      '/timeline.js': [assets.script, 'text/javascript'],
      '/timeline.css': [assets.style, 'text/css'],
    };
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file === undefined
        ? route.fulfill({ status: 404, body: '' })
        : route.fulfill({ status: 200, body: file[0], contentType: file[1] });
    });
    await page.addInitScript(frameProbe);
    await page.addInitScript({
      content: `${fakeHost};RewindFakeHost.installFakeHost(${JSON.stringify({ latencyMs: 0, startStep: 2_500_000, sessionId: 'bench' })});`,
    });
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(
      () =>
        window.__fake.sent.filter((r) => r.message.command === 'rewind/timeline').length >= 2 &&
        window.__fake.outstanding === 0,
    );
    await page.waitForTimeout(300);
    const result = { totalSteps: 10_000_000, viewport: '1200x800', ...(await measure(page)) };
    if (json) console.log(JSON.stringify(result));
    else print(result);
  } finally {
    await context.close();
    rmSync(tempDir, { recursive: true, force: true });
  }
}

function print(result) {
  const line = (label, stats) =>
    console.log(
      `  ${label.padEnd(34)} p50 ${String(stats.p50).padStart(7)}   p99 ${String(stats.p99).padStart(7)}   (n=${stats.count})`,
    );
  console.log(
    `webview timeline: ${result.totalSteps.toLocaleString('en-US')}-step synthetic run, headless Chromium ${result.viewport}`,
  );
  console.log(`  scrub: ${result.pointerMoves} pointer moves → ${result.seeks} seek requests`);
  line('scrub frame interval (ms)', result.scrubFrameIntervalMs);
  line('scrub work per frame (ms)', result.scrubFrameWorkMs);
  line('zoom/pan frame interval (ms)', result.zoomPanFrameIntervalMs);
  line('zoom/pan work per frame (ms)', result.zoomPanFrameWorkMs);
  line('pointer → seek request (ms)', result.pointerToSeekMs);
  line('pointer → cursor drawn (ms)', result.pointerToCursorMs);
  console.log(
    '  target (issue 5): timeline seek reflected in the editor < 100 ms = pointer → seek request + adapter seek + VS Code refresh',
  );
}

await main();
