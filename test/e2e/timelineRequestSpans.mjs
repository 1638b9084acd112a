// The timeline journey's `spans` step (issue 11): the workspace's HTTP server recorded live, three
// requests sent by the test (127.0.0.1, each answered within a bound), then a fourth stopped at a
// breakpoint in the handler, so the timeline shows the run with one span per request. A click on
// the second request's span ("GET /beta 200") jumps to its first step: the editor stops in the
// handler (server.js line 7), the Call Stack's top frame is there and the Variables view shows that
// request's values (its `request` argument's url is '/beta'). The position line's time is relative to
// the start of the run (issue 15 §5).
import { join } from 'node:path';
import { get, untilPortFile } from './fixtureServer.mjs';
import { sinceStartMs, untilCursorStep, untilHighlightedLine, untilPosition } from './timelinePanel.mjs';
import { clickGutter, openFile, startConfiguration, stopSession, untilCursorLine } from './workbench.mjs';

// server.js: line 7 `const count = ++served;` (the handler's first step), line 8 `const reply = …`.
const SERVER = 'server.js';
const HANDLER_FIRST_LINE = 7;
const REPLY_LINE = 8;
const ANSWERED = ['/alpha', '/beta', '/gamma'];
const CLICKED = 1; // the span of '/beta': the second request
const STOPPED_PATH = '/delta';
const ANSWER_TIMEOUT_MS = 20_000;
/** This run lasts well under this (the epoch form was 1796246914.64 s). */
const RUN_BOUND_MS = 10 * 60_000;

export async function runRequestSpansStep({ page, webview, shot, workspace }) {
  const position = webview.locator('#position');
  const cursor = webview.locator('#cursor');
  await openFile(page, SERVER);
  await startConfiguration(page, 'Rewind: server (live)');
  const port = await untilPortFile(join(workspace, 'server.port'), 60_000);

  // Three requests run to their answers, one after another (the spans are then in this order).
  for (const [index, path] of ANSWERED.entries()) {
    const reply = await get(port, path).body(ANSWER_TIMEOUT_MS);
    if (reply !== `hello ${index + 1} ${path}`) throw new Error(`${path} was answered "${reply}"`);
  }
  // A fourth stops at a breakpoint in the handler: the session is stopped and the timeline shows the
  // run so far. (The stop shown is line 8's first recorded hit, request 1's, not the held request's.)
  await clickGutter(page, REPLY_LINE);
  // Held unanswered while stopped; stopping the session ends the server, so it fails then (get() expects that).
  get(port, STOPPED_PATH);
  await untilCursorLine(page, (line) => line === REPLY_LINE, `the handler's line ${REPLY_LINE}`, 60_000);

  // ── one span per request, in the order they arrived, the held one unfinished ──
  const spans = webview.locator('#request-strip .request-span');
  const labels = await untilSpanLabels(spans, ANSWERED.length + 1);
  const expected = [...ANSWERED.map((path) => `GET ${path} 200`), `GET ${STOPPED_PATH} …`];
  if (JSON.stringify(labels) !== JSON.stringify(expected))
    throw new Error(`the request spans read ${JSON.stringify(labels)}, not ${JSON.stringify(expected)}`);
  // The panel re-ran the loop session's search ("loop.js:4") for this one while the server ran: it
  // failed and left loop.js's results listed. Clear it, as a user would, so the shot shows the spans.
  await webview.locator('#search-input').fill('');
  await webview.locator('#search-results .search-result').first().waitFor({ state: 'detached', timeout: 10_000 });
  const before = await untilPosition(position, () => true, 'any "Step N of M"');
  await webview.locator('#request-spans').scrollIntoViewIfNeeded();
  await shot('request-spans');

  // ── a click on '/beta' jumps to its first step: the handler, with that request's values ──
  const span = spans.nth(CLICKED);
  if (!(await span.isVisible())) throw new Error(`the span "${expected[CLICKED]}" is not visible`);
  await span.click();
  const jumped = await untilPosition(
    position,
    (p) => p.step !== before.step && p.total === before.total,
    `a step other than ${before.step} after the click on "${expected[CLICKED]}"`,
  );
  await untilCursorStep(cursor, (step) => step === jumped.step, `the span's first step ${jumped.step}`);
  // Time is relative to the start of the run (issue 15 §5): a server run of seconds, not epoch seconds.
  const shown = await position.innerText(); // a step between two of the run's clock samples
  const sinceStart = sinceStartMs(shown);
  if (sinceStart === undefined || !(sinceStart >= 0 && sinceStart < RUN_BOUND_MS))
    throw new Error(`the timeline's time is not relative to the start of the run: "${shown}"`);
  await untilHighlightedLine(page, HANDLER_FIRST_LINE);
  const topFrame = page.locator('.debug-call-stack .monaco-list-row:has(.stack-frame)').first();
  await untilText(topFrame, new RegExp(`${SERVER}\\s*${HANDLER_FIRST_LINE}:`), 'the Call Stack top frame');
  await untilRequestUrl(page, `'${ANSWERED[CLICKED]}'`);
  await shot('request-span-clicked');

  await stopSession(page);
}

/** The spans' labels once `count` of them are drawn (the strip loads on the stop). */
async function untilSpanLabels(spans, count, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let labels = [];
  while (Date.now() < deadline) {
    labels = await spans.evaluateAll((items) => items.map((item) => item.textContent.trim())).catch(() => []);
    if (labels.length === count) return labels;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} request spans, saw ${JSON.stringify(labels)}`);
}

async function untilText(locator, pattern, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await locator.innerText({ timeout: 1_000 }).catch(() => '');
    if (pattern.test(text.replace(/\s+/g, ' '))) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} never matched ${pattern} (last seen: "${text}")`);
}

/**
 * Opens the Local scope's `request` and scrolls the Variables view until its `url` row is drawn
 * (the list draws only the rows in view; an IncomingMessage has dozens of properties before url).
 */
async function untilRequestUrl(page, value, timeoutMs = 20_000) {
  const view = page.locator('.debug-variables');
  const collapsed = page
    .locator('.debug-variables .monaco-list-row[aria-level="2"][aria-expanded="false"]', {
      hasText: /^\s*request\s*[=:]/,
    })
    .first();
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  while (Date.now() < deadline) {
    // The view redraws while the stop settles, which collapses the row again: open it until it stays open.
    await collapsed.click({ timeout: 1_000 }).catch(() => undefined);
    seen = await page
      .locator('.debug-variables .monaco-list-row[aria-level="3"]')
      .evaluateAll((rows) => rows.map((each) => each.innerText.replace(/\s+/g, ' ').trim()));
    const url = seen.find((text) => /^url\s*[=:]/.test(text));
    if (url !== undefined) {
      if (url.replace(/^url\s*[=:]\s*/, '') === value) return;
      throw new Error(`request.url reads "${url}", not ${value}`);
    }
    const box = await view.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 120);
    }
    await page.waitForTimeout(150);
  }
  throw new Error(`the Variables view never showed request.url (last rows: ${JSON.stringify(seen)})`);
}
