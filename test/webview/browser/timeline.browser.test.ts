// The timeline bundle in headless Chromium, behind the panel's real CSP, against a fake host whose
// adapter serves a synthetic 10-million-step run. Checks what a user would: it draws, dragging
// seeks, keys zoom/pan/seek, search and console jump, hostile recorded strings stay text with no
// CSP violation, malformed host messages are ignored, and the view survives hide/show.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionColor } from '../../../webview/colors';
import { xToStep } from '../../../webview/layout';
import {
  buildAssets,
  chromiumAvailable,
  CHROMIUM_PATH,
  launchChromium,
  nextFrames,
  openTimeline,
  seeks,
  settle,
  viewOf,
  waitForDetail,
  type Assets,
  type Browser,
  type TimelinePage,
} from './harness';
import { CONSOLE_TOTAL, HOSTILE_NAME, HOSTILE_SCRIPT, TOTAL_STEPS } from './syntheticRun';

if (!chromiumAvailable && process.env.CI)
  throw new Error(`Chromium missing at ${CHROMIUM_PATH}: apt-get install -y chromium`);
if (!chromiumAvailable) console.warn(`skipping webview browser tests: no Chromium at ${CHROMIUM_PATH}`);

describe.skipIf(!chromiumAvailable)('timeline webview in Chromium', () => {
  let browser: Browser;
  let assets: Assets;
  beforeAll(async () => {
    [assets, browser] = await Promise.all([buildAssets(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(options = {}): Promise<TimelinePage> {
    return openTimeline(browser.context, assets, options);
  }

  async function expectClean(opened: TimelinePage): Promise<void> {
    const state = await opened.page.evaluate(() => ({
      violations: window.__fake.violations,
      images: document.querySelectorAll('img, script:not([src])').length,
      pwned: (window as { __pwned?: unknown }).__pwned,
    }));
    expect(state).toEqual({ violations: [], images: 0, pwned: undefined });
    expect(opened.errors).toEqual([]);
  }

  it('renders the whole 10M-step run: flame colours by function, markers, cursor, no per-step data', async () => {
    const opened = await open();
    const { page } = opened;
    const pixels = await page.evaluate(() => {
      const canvas = document.getElementById('timeline-canvas') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
      const data = ctx.getImageData(0, 60, canvas.width, canvas.height - 60).data;
      let painted = 0;
      for (let index = 0; index < data.length; index += 4)
        if (data[index] !== 30 || data[index + 1] !== 30 || data[index + 2] !== 30) painted++;
      const top = ctx.getImageData(300, 62, 1, 1).data;
      return { paintedFraction: painted / (data.length / 4), top: [top[0], top[1], top[2]], width: canvas.clientWidth };
    });
    expect(pixels.paintedFraction).toBeGreaterThan(0.1);
    // Depth 0 is `main` everywhere; its colour is the hash of its name in the dark theme.
    expect(pixels.top).toEqual(
      cssColorToRgb(functionColor('main', 'dark')).map((channel) => expect.closeTo(channel, 0)),
    );
    expect(await viewOf(page)).toEqual({ startStep: 0, endStep: TOTAL_STEPS });
    expect(await page.getAttribute('#cursor', 'data-step')).toBe('2500000');
    expect(await page.textContent('#position')).toContain('Step 2,500,000 of 10,000,000');
    const timelineRequests = await page.evaluate(() =>
      window.__fake.sent
        .filter((r) => r.message.command === 'rewind/timeline')
        .map((r) => r.message.args as { bucketCount: number }),
    );
    for (const args of timelineRequests) expect(args.bucketCount).toBeLessThanOrEqual(4096);
    await page.screenshot({ path: screenshotPath('timeline-render.png') });
    await expectClean(opened);
    await page.close();
  });

  it('dragging scrubs: throttled seeks while moving, the exact step on release, cursor follows', async () => {
    const opened = await open();
    const { page } = opened;
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    const y = box.y + 120;
    await page.mouse.move(box.x + 100, y);
    await page.mouse.down();
    for (let x = 100; x <= 700; x += 10) {
      await page.mouse.move(box.x + x, y);
    }
    await page.mouse.up();
    const expected = xToStep(700, { startStep: 0, endStep: TOTAL_STEPS }, box.width, TOTAL_STEPS);
    await page.waitForFunction((step) => window.__fake.currentStep === step, expected);
    const sent = await seeks(page);
    expect(sent[0]).toBe(xToStep(100, { startStep: 0, endStep: TOTAL_STEPS }, box.width, TOTAL_STEPS));
    expect(sent.at(-1)).toBe(expected);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect([...sent].sort((a, b) => a - b)).toEqual(sent);
    // Throttled: while dragging, seeks are about the 40 ms interval apart (only the release may come
    // sooner), where unthrottled moves come 1-3 ms apart. The fake host stamps a seek when the message
    // arrives, not when the throttle decided to send it, so a loaded page shifts single stamps by a
    // few ms (38.8 ms was seen); the exact interval is test/webview/seekThrottle.test.ts's, on its clock.
    const times = await page.evaluate(() =>
      window.__fake.sent.filter((r) => r.message.command === 'rewind/seek').map((r) => r.atMs),
    );
    for (let index = 1; index < times.length - 1; index++)
      expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(30);
    await nextFrames(page, 2);
    expect(await page.getAttribute('#cursor', 'data-step')).toBe(String(expected));
    await expectClean(opened);
    await page.close();
  });

  it('after release, answers to earlier seeks of a slow adapter do not pull the cursor back', async () => {
    const opened = await open({ latencyMs: 80 });
    const { page } = opened;
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    const y = box.y + 120;
    await page.mouse.move(box.x + 100, y);
    await page.mouse.down();
    for (let x = 100; x <= 600; x += 25) await page.mouse.move(box.x + x, y);
    await page.evaluate(() => {
      const cursor = document.getElementById('cursor') as HTMLElement;
      const seen: string[] = [];
      (window as { __seen?: string[] }).__seen = seen;
      new MutationObserver(() => seen.push(cursor.dataset.step ?? '')).observe(cursor, {
        attributes: true,
        attributeFilter: ['data-step'],
      });
    });
    await page.mouse.up();
    const expected = xToStep(600, { startStep: 0, endStep: TOTAL_STEPS }, box.width, TOTAL_STEPS);
    await page.waitForFunction(
      (step) => window.__fake.currentStep === step && window.__fake.outstanding === 0,
      expected,
    );
    await nextFrames(page, 3);
    const seen = await page.evaluate(() => (window as { __seen?: string[] }).__seen ?? []);
    expect(new Set(seen)).toEqual(new Set([String(expected)]));
    await page.close();
  });

  it('keyboard zooms, pans and seeks', async () => {
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await nextFrames(page, 2);
    const zoomed = await viewOf(page);
    expect(zoomed.endStep - zoomed.startStep).toBeLessThan(TOTAL_STEPS / 2);
    expect(zoomed.startStep).toBeLessThanOrEqual(2_500_000);
    expect(zoomed.endStep).toBeGreaterThan(2_500_000);
    await page.keyboard.press('ArrowRight');
    await nextFrames(page, 2);
    const panned = await viewOf(page);
    expect(panned.startStep).toBeGreaterThan(zoomed.startStep);
    await page.keyboard.press('Shift+End');
    await page.waitForFunction(() => window.__fake.currentStep === 9_999_999);
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => window.__fake.currentStep < 9_999_999);
    await page.keyboard.press('0');
    await nextFrames(page, 2);
    expect(await viewOf(page)).toEqual({ startStep: 0, endStep: TOTAL_STEPS });
    // The zoomed views asked for buckets of their own range, not for the whole run at full detail.
    const ranges = await page.evaluate(() =>
      window.__fake.sent
        .filter((r) => r.message.command === 'rewind/timeline')
        .map((r) => r.message.args as { startStep: number; endStep: number }),
    );
    expect(ranges.some((range) => range.endStep - range.startStep < TOTAL_STEPS)).toBe(true);
    await expectClean(opened);
    await page.close();
  });

  it("a probe's answer older than a position that came after it does not pull the cursor back", async () => {
    // The editor e2e journey (CI): a stats tick's probe was answered from before the first key's seek,
    // after that seek's position event, so the cursor went back and the second key repeated the first.
    const opened = await open();
    const { page } = opened;
    await waitForDetail(page);
    await page.waitForFunction(() => window.__fake.outstanding === 0);
    const start = await page.evaluate(() => window.__fake.currentStep);
    await page.evaluate(() => {
      window.__fake.holdTimeline = true;
      window.__fake.deliver({ type: 'session', state: 'active', sessionId: 'fake-session-1' });
    });
    await page.waitForFunction(() => window.__fake.sent.at(-1)?.message.command === 'rewind/timeline');
    await page.focus('#timeline');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => window.__fake.positions.length === 1);
    const first = await page.evaluate(() => window.__fake.positions[0]);
    expect(first).toBeLessThan(start);
    const shows = (step: number) => new RegExp(`^Step ${step.toLocaleString('en-US')} `);
    await page.waitForFunction(
      (text) => document.getElementById('position')?.textContent?.startsWith(text),
      `Step ${first.toLocaleString('en-US')} `,
    );
    await page.evaluate(() => window.__fake.releaseTimeline()); // the probe's answer: the step before the seek
    await nextFrames(page, 3);
    expect(await page.textContent('#position')).toMatch(shows(first));
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => window.__fake.positions.length === 2);
    const second = await page.evaluate(() => window.__fake.positions[1]);
    expect(second).toBeLessThan(first);
    await page.close();
  });

  it('wheel zooms around the pointer', async () => {
    const opened = await open();
    const { page } = opened;
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    await page.mouse.wheel(0, -500);
    await nextFrames(page, 2);
    const view = await viewOf(page);
    expect(view.endStep - view.startStep).toBeLessThan(TOTAL_STEPS / 2);
    expect(view.startStep).toBeLessThan(TOTAL_STEPS / 2);
    expect(view.endStep).toBeGreaterThan(TOTAL_STEPS / 2);
    await page.close();
  });

  it('dragging the ruler pans without seeking', async () => {
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    for (let index = 0; index < 3; index++) await page.keyboard.press('+');
    await nextFrames(page, 2);
    const before = await viewOf(page);
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    await page.mouse.move(box.x + 600, box.y + 8);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + 8, { steps: 5 });
    await page.mouse.up();
    await nextFrames(page, 2);
    const after = await viewOf(page);
    const span = before.endStep - before.startStep;
    expect(after.startStep - before.startStep).toBeCloseTo((300 / box.width) * span, -3);
    expect(await seeks(page)).toEqual([]);
    await page.close();
  });

  it('the cursor handle drags the cursor from the ruler and the overview; the pointer shape tells pan from scrub', async () => {
    const opened = await open();
    const { page } = opened;
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    const cursorX = box.x + box.width * 0.25; // step 2,500,000 of 10M, the whole run in view
    const zoneAt = async (x: number, y: number) => {
      await page.mouse.move(x, y);
      return page.getAttribute('#timeline', 'data-zone');
    };
    expect(await zoneAt(box.x + box.width * 0.6, box.y + 8)).toBe('pan'); // the ruler
    expect(await zoneAt(box.x + box.width * 0.6, box.y + 80)).toBe('scrub'); // the flame
    expect(await zoneAt(cursorX, box.y + 8)).toBe('scrub'); // the cursor's handle on the ruler
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('timeline')!).cursor)).toBe('col-resize');
    const before = await viewOf(page);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 8, { steps: 5 });
    await page.mouse.up();
    await nextFrames(page, 2);
    expect(await viewOf(page)).toEqual(before); // the view stayed: the cursor moved
    expect((await seeks(page)).at(-1)).toBeCloseTo(TOTAL_STEPS * 0.5, -5);

    const overview = (await page.locator('#overview-canvas').boundingBox())!;
    await page.mouse.move(overview.x + overview.width * 0.5, overview.y + 10);
    expect(await page.getAttribute('#overview', 'data-zone')).toBe('scrub');
    await page.mouse.down();
    await page.mouse.move(overview.x + overview.width * 0.7, overview.y + 10, { steps: 5 });
    await page.mouse.up();
    expect((await seeks(page)).at(-1)).toBeCloseTo(TOTAL_STEPS * 0.7, -5);
    await page.mouse.move(overview.x + overview.width * 0.1, overview.y + 10);
    expect(await page.getAttribute('#overview', 'data-zone')).toBe('pan');
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('overview')!).cursor)).toBe('grab');
    await page.screenshot({ path: screenshotPath('timeline-cursor-handle.png') });
    await expectClean(opened);
    await page.close();
  });

  it("a click on the cursor's handle (ruler, flame or overview) moves nothing and sends no seek", async () => {
    // A seek to the step the debugger is already at made VS Code show that stop again and take the
    // keys to the editor and back; the timeline journey's Shift+ArrowLeft right after such a click was
    // lost (issue 15 §1). Only moving the pointer to another step seeks.
    const opened = await open();
    const { page } = opened;
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    const cursorX = box.x + box.width * 0.25; // step 2,500,000 of 10M, the whole run in view
    for (const y of [box.y + 8, box.y + 80]) {
      await page.mouse.click(cursorX + 2, y);
      await nextFrames(page, 2);
    }
    const overview = (await page.locator('#overview-canvas').boundingBox())!;
    await page.mouse.click(overview.x + overview.width * 0.25 + 1, overview.y + 10);
    await nextFrames(page, 2);
    await settle(page);
    expect(await seeks(page)).toEqual([]);
    expect(await page.getAttribute('#cursor', 'data-step')).toBe('2500000');
    // The focus went to the timeline, and its keys still seek.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('timeline');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() => window.__fake.currentStep < 2_500_000);
    // A grab that moves does seek, to the step under the pointer.
    await page.mouse.move(cursorX, box.y + 8);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + 8, { steps: 5 });
    await page.mouse.up();
    expect((await seeks(page)).at(-1)).toBeCloseTo(TOTAL_STEPS * 0.5, -5);
    await expectClean(opened);
    await page.close();
  });

  it('an exception is a wide orange triangle with a line through the flame, unlike a breakpoint dot', async () => {
    const opened = await open();
    const { page } = opened;
    const exceptionX = Math.floor(
      (3_333_333 / TOTAL_STEPS) * (await page.locator('#timeline-canvas').boundingBox())!.width,
    );
    const pixel = (x: number, y: number) =>
      page.evaluate(
        ([px, py]) => {
          const ctx = (document.getElementById('timeline-canvas') as HTMLCanvasElement).getContext(
            '2d',
          ) as CanvasRenderingContext2D;
          return Array.from(ctx.getImageData(px, py, 1, 1).data.slice(0, 3));
        },
        [x, y],
      );
    const orange = [0xd1, 0x86, 0x16];
    // Row 1 (exceptions) spans y 26–34: 4 px right of the marker is still the triangle's base.
    // Anti-aliased edges.
    const near = (rgb: number[]) => rgb.map((channel, index) => Math.abs(channel - orange[index]) <= 8);
    expect(near(await pixel(exceptionX + 3, 33))).toEqual([true, true, true]);
    expect(near(await pixel(exceptionX, 150))).toEqual([true, true, true]); // the line through the flame
    expect(near(await pixel(exceptionX + 12, 33))).not.toEqual([true, true, true]);
    await expectClean(opened);
    await page.close();
  });

  it('search lists executions and clicking one seeks there', async () => {
    const opened = await open();
    const { page } = opened;
    await page.fill('#search-input', 'handle');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results .search-result');
    expect(await page.locator('#search-results .search-result').count()).toBe(50);
    expect(await page.textContent('#search-results .search-result')).toContain('handleRequest');
    const target = page.locator('#search-results .search-result').nth(10);
    const step = Number(await target.getAttribute('data-step'));
    await target.click();
    await page.waitForFunction((wanted) => window.__fake.currentStep === wanted, step);
    await nextFrames(page, 2);
    const view = await viewOf(page);
    expect(step).toBeGreaterThanOrEqual(view.startStep);
    expect(step).toBeLessThan(view.endStep);
    expect(await page.getAttribute('#cursor', 'data-step')).toBe(String(step));
    await expectClean(opened);
    await page.close();
  });

  it('console list pages in messages and clicking one jumps to its step', async () => {
    const opened = await open();
    const { page } = opened;
    await page.waitForSelector('.console-row[data-index="5"]');
    expect(await page.textContent('#console-header')).toContain(String(CONSOLE_TOTAL));
    await page.click('.console-row[data-index="5"]');
    await page.waitForFunction(() => window.__fake.currentStep === 5 * 20_000 + 5);
    await page.close();
  });

  it('a console list opened while the program was still recorded fills once the recording stops', async () => {
    const opened = await open({ refuseConsole: true });
    const { page } = opened;
    await page.waitForFunction(() => window.__fake.sent.some((sent) => sent.message.command === 'rewind/console'));
    await settle(page);
    expect(await page.locator('.console-row').count()).toBe(0);
    await page.evaluate(() => {
      window.__fake.refuseConsole = false;
      window.__fake.deliver({ type: 'session', state: 'stopped', sessionId: 'fake-session-1' });
    });
    await page.waitForSelector('.console-row[data-index="5"]');
    expect(await page.textContent('#console-header')).toContain(String(CONSOLE_TOTAL));
    await page.close();
  });

  it('a view of the whole run keeps showing the whole run when the run grows (a live recording that ends)', async () => {
    const opened = await open();
    const { page } = opened;
    await waitForDetail(page);
    // While the run is 17 steps long the fake must not answer: its answers describe the whole
    // synthetic run, and one arriving first would grow the run before the view showed 17 steps.
    await page.waitForFunction(() => window.__fake.outstanding === 0);
    await page.evaluate(() => {
      window.__fake.respondTo = false;
      window.__fake.deliver({ type: 'event', event: 'rewind/position', body: { step: 5, totalSteps: 17 } });
    });
    await page.waitForFunction(() => document.getElementById('timeline')?.dataset.viewEnd === '17');
    await page.evaluate((total) => {
      window.__fake.respondTo = true;
      window.__fake.deliver({ type: 'event', event: 'rewind/position', body: { step: 5, totalSteps: total } });
    }, TOTAL_STEPS);
    await page
      .waitForFunction((total) => document.getElementById('timeline')?.dataset.viewEnd === String(total), TOTAL_STEPS, {
        timeout: 5_000,
      })
      .catch(() => undefined);
    expect(await viewOf(page)).toEqual({ startStep: 0, endStep: TOTAL_STEPS });
    await page.close();
  });

  it('while the program is recorded, a repeated "active" re-reads the growing run and draws it', async () => {
    const opened = await open();
    const { page } = opened;
    await waitForDetail(page);
    await page.waitForFunction(() => window.__fake.outstanding === 0);
    await page.evaluate(() => {
      window.__fake.respondTo = false;
      window.__fake.deliver({ type: 'event', event: 'rewind/position', body: { step: 5, totalSteps: 17 } });
    });
    await page.waitForFunction(() => document.getElementById('timeline')?.dataset.viewEnd === '17');
    // The host's stats tick: the same session, still active. The adapter now has the whole run.
    await page.evaluate(() => {
      window.__fake.respondTo = true;
      window.__fake.deliver({ type: 'session', state: 'active', sessionId: 'fake-session-1' });
    });
    await page
      .waitForFunction((total) => document.getElementById('timeline')?.dataset.viewEnd === String(total), TOTAL_STEPS, {
        timeout: 5_000,
      })
      .catch(() => undefined);
    expect(await viewOf(page)).toEqual({ startStep: 0, endStep: TOTAL_STEPS });
    await settle(page);
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('overview-canvas') as HTMLCanvasElement;
      const data = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
        0,
        0,
        canvas.width,
        canvas.height,
      ).data;
      let count = 0;
      for (let index = 0; index < data.length; index += 4)
        if (data[index] !== 30 || data[index + 1] !== 30 || data[index + 2] !== 30) count++;
      return count / (data.length / 4);
    });
    expect(painted).toBeGreaterThan(0.1);
    expect(await page.textContent('#position')).toContain('of 10,000,000');
    await page.close();
  });

  it('hostile recorded strings render as text, with no CSP violation and no markup', async () => {
    const opened = await open();
    const { page } = opened;
    await page.waitForSelector('.console-row[data-index="4"]');
    expect(await page.textContent('.console-row[data-index="3"] .console-text')).toBe(HOSTILE_NAME);
    expect(await page.textContent('.console-row[data-index="4"] .console-text')).toBe(HOSTILE_SCRIPT);
    await page.fill('#search-input', 'img');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results .search-result');
    expect(await page.textContent('#search-results .result-label')).toBe(HOSTILE_NAME);
    await page.fill('#search-input', 'script');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(
      (text) => document.querySelector('#search-results .result-label')?.textContent === text,
      HOSTILE_SCRIPT,
    );
    // Hover the exception marker whose text is hostile: the tooltip shows it as text.
    const box = (await page.locator('#timeline-canvas').boundingBox())!;
    const exceptionRow = 18 + 1 * 8 + 4;
    await page.mouse.move(box.x + (3_333_333 / TOTAL_STEPS) * box.width, box.y + exceptionRow);
    await page.waitForSelector('#tooltip:not([hidden])');
    expect(await page.textContent('#tooltip')).toContain(`TypeError: ${HOSTILE_NAME}`);
    // A hostile name reaches the canvas too (labels are fillText): zoom until labels show.
    await page.focus('#timeline');
    for (let index = 0; index < 12; index++) await page.keyboard.press('+');
    await nextFrames(page, 4);
    await expectClean(opened);
    await page.close();
  });

  it('drops malformed host messages and keeps working', async () => {
    const opened = await open();
    const { page } = opened;
    const bad: unknown[] = [
      'hello',
      null,
      42,
      [],
      { type: 'event', event: 'rewind/position', body: { step: -1, totalSteps: 10 } },
      {
        type: 'event',
        event: 'rewind/position',
        body: { step: 5, totalSteps: TOTAL_STEPS },
        extra: '<img src=x onerror="window.__pwned=9">',
      },
      { type: 'event', event: 'rewind/position', body: { step: '5', totalSteps: TOTAL_STEPS } },
      { type: 'event', event: 'rewind/evil', body: { step: 5, totalSteps: TOTAL_STEPS } },
      { type: 'session', state: 'hacked' },
      { type: 'response', requestId: 999_999, command: 'rewind/seek', success: true, body: {} },
      { type: 'response', requestId: 1, command: 'rewind/timeline', success: true, body: { totalSteps: 1 } },
    ];
    // Parsed inside the page: an own `__proto__` key would not survive Playwright's serialisation.
    const pollution =
      '{"type":"event","event":"rewind/position","body":{"step":5,"totalSteps":10000000},"__proto__":{"polluted":true}}';
    await page.evaluate(
      ([messages, json]) => {
        for (const message of messages) window.__fake.deliver(message);
        window.__fake.deliver(JSON.parse(json));
      },
      [bad, pollution] as const,
    );
    await nextFrames(page, 3);
    expect(await page.getAttribute('#cursor', 'data-step')).toBe('2500000');
    expect(await page.evaluate(() => (({}) as { polluted?: boolean }).polluted)).toBeUndefined();
    await page.evaluate(() =>
      window.__fake.deliver({ type: 'event', event: 'rewind/position', body: { step: 1234, totalSteps: 10_000_000 } }),
    );
    await page.waitForFunction(() => document.getElementById('cursor')?.dataset.step === '1234');
    await expectClean(opened);
    await page.close();
  });

  it("a host 'focus' message gives the keys back to the timeline element that last had them", async () => {
    // VS Code may focus the webview's frame but leave this document with only <body> focused (seen in
    // code-server under load after a seek from the timeline); the extension then sends 'focus'.
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.evaluate(() => window.__fake.deliver({ type: 'focus' }));
    await page.waitForFunction(() => document.activeElement?.id === 'timeline');
    // The keys reach it again: Shift+ArrowLeft moves the cursor back.
    const before = Number(await page.getAttribute('#cursor', 'data-step'));
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction((from) => Number(document.getElementById('cursor')?.dataset.step) < from, before);
    // Nothing else is pulled: typing in the search box stays there.
    await page.focus('#search-input');
    await page.evaluate(() => window.__fake.deliver({ type: 'focus' }));
    await nextFrames(page, 2);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
    await expectClean(opened);
    await page.close();
  });

  it('tells the host when its document gains and loses the keyboard focus (focusChanged), each change once', async () => {
    // A timeline in the bottom panel is a webview view: only these reports let the extension see VS Code
    // focus a stop's editor after a move from here. Headless Chromium keeps every page focused, so the
    // window's own focus and blur events stand in for VS Code moving the focus.
    const opened = await open();
    const { page } = opened;
    const reports = () =>
      page.evaluate(() =>
        window.__fake.sent
          .map(({ message }) => message as { type: string; focused?: boolean })
          .filter((message) => message.type === 'focusChanged')
          .map((message) => message.focused),
      );
    await page.waitForFunction(() => window.__fake.sent.some(({ message }) => message.type === 'focusChanged'));
    const first = await reports();
    expect(first).toHaveLength(1);
    await page.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
    await page.evaluate(() => window.dispatchEvent(new FocusEvent('blur')));
    await page.evaluate(() => window.dispatchEvent(new FocusEvent('focus')));
    const expected = first[0] === false ? [false, true] : [true, false, true];
    expect(await reports()).toEqual(expected);
    await expectClean(opened);
    await page.close();
  });

  it("a host 'key' message (a timeline key that reached the editor during a move) acts as if pressed here", async () => {
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(() => window.__fake.deliver({ type: 'key', key: 'ArrowLeft', shiftKey: true }));
    await page.waitForFunction(() => window.__fake.currentStep < 2_500_000);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('timeline');
    const view = await viewOf(page);
    await page.evaluate(() => window.__fake.deliver({ type: 'key', key: '+', shiftKey: false }));
    await nextFrames(page, 2);
    const zoomed = await viewOf(page);
    expect(zoomed.endStep - zoomed.startStep).toBeLessThan(view.endStep - view.startStep);
    await expectClean(opened);
    await page.close();
  });

  it('a failed search clears the results it replaced (they belonged to another query or session)', async () => {
    const opened = await open();
    const { page } = opened;
    await page.fill('#search-input', 'handle');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results .search-result');
    await page.evaluate(() => {
      window.__fake.refuseSearch = true;
    });
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() =>
      document.getElementById('search-status')?.textContent?.startsWith('Search failed'),
    );
    expect(await page.locator('#search-results .search-result').count()).toBe(0);
    await page.close();
  });

  it('restores the view and search when the webview is recreated (hidden, then shown)', async () => {
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    await page.fill('#search-input', 'render');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results .search-result');
    await page.waitForTimeout(300); // state is saved after a short debounce
    const before = await viewOf(page);
    await page.reload();
    await page.waitForFunction(() => window.__fake.sent.some((r) => r.message.command === 'rewind/timeline'));
    await nextFrames(page, 3);
    expect(await viewOf(page)).toEqual(before);
    expect(await page.inputValue('#search-input')).toBe('render');
    await page.waitForSelector('#search-results .search-result');
    await page.close();
  });

  it("follows the theme: light and high-contrast colours come from VS Code's variables and body class", async () => {
    const opened = await open();
    const { page } = opened;
    const topLeftOfMain = (): Promise<number[]> =>
      page.evaluate(() => {
        const ctx = (document.getElementById('timeline-canvas') as HTMLCanvasElement).getContext(
          '2d',
        ) as CanvasRenderingContext2D;
        return Array.from(ctx.getImageData(300, 63, 1, 1).data.slice(0, 3));
      });
    await page.evaluate(() => {
      document.body.classList.replace('vscode-dark', 'vscode-light');
    });
    await nextFrames(page, 2);
    expect(await topLeftOfMain()).toEqual(
      cssColorToRgb(functionColor('main', 'light')).map((channel) => expect.closeTo(channel, 0)),
    );
    await page.evaluate(() => {
      document.documentElement.style.setProperty('--vscode-contrastBorder', '#ff00ff');
      document.body.classList.replace('vscode-light', 'vscode-high-contrast');
    });
    await nextFrames(page, 2);
    const border = await page.evaluate(() => {
      const ctx = (document.getElementById('timeline-canvas') as HTMLCanvasElement).getContext(
        '2d',
      ) as CanvasRenderingContext2D;
      return Array.from(ctx.getImageData(300, 60, 1, 1).data.slice(0, 3));
    });
    expect(border).toEqual([255, 0, 255]); // cells are outlined in the theme's contrast border
    await page.screenshot({ path: screenshotPath('timeline-high-contrast.png') });
    await expectClean(opened);
    await page.close();
  });

  it('dragging on the overview moves the detail view over the run', async () => {
    const opened = await open();
    const { page } = opened;
    await page.focus('#timeline');
    for (let index = 0; index < 4; index++) await page.keyboard.press('+');
    await nextFrames(page, 2);
    const zoomed = await viewOf(page);
    const box = (await page.locator('#overview-canvas').boundingBox())!;
    // Not at 25%: the cursor (step 2,500,000) is there, and its handle drags the cursor instead.
    await page.mouse.move(box.x + box.width * 0.3, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + 10, { steps: 5 });
    await page.mouse.up();
    await nextFrames(page, 2);
    const moved = await viewOf(page);
    expect(moved.endStep - moved.startStep).toBeCloseTo(zoomed.endStep - zoomed.startStep, -2);
    // Within a couple of overview pixels.
    expect((moved.startStep + moved.endStep) / 2).toBeCloseTo(TOTAL_STEPS * 0.8, -5);
    expect(await seeks(page)).toEqual([]); // moving the view is not moving the debugger
    await settle(page);
    const last = await page.evaluate(
      () =>
        window.__fake.sent.filter((r) => r.message.command === 'rewind/timeline').at(-1)?.message.args as {
          startStep: number;
          endStep: number;
        },
    );
    expect(last.startStep).toBeLessThanOrEqual(moved.startStep);
    expect(last.endStep).toBeGreaterThanOrEqual(moved.endStep);
    expect(last.endStep - last.startStep).toBeLessThan(TOTAL_STEPS);
    await page.close();
  });

  it('shows a placeholder without a Rewind session', async () => {
    const opened = await open();
    const { page } = opened;
    await page.evaluate(() => window.__fake.deliver({ type: 'session', state: 'none' }));
    await page.waitForSelector('#placeholder:not([hidden])');
    expect(await page.isHidden('#timeline')).toBe(true);
    await page.close();
  });
});

/** Screenshots land where CI collects artifacts (REWIND_ARTIFACTS_DIR), else in the OS temp dir. */
function screenshotPath(name: string): string {
  const dir = process.env.REWIND_ARTIFACTS_DIR ?? join(tmpdir(), 'rewind-webview-screens');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** `hsl(h, s%, l%)` → [r, g, b] as the canvas stores it. */
function cssColorToRgb(css: string): number[] {
  const [h, s, l] = (css.match(/[\d.]+/g) ?? []).map(Number);
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
