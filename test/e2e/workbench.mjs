// Small verbs over code-server's workbench for the UI journeys, using the selectors E2E.md found
// for VS Code 1.139: open a file, run a command, read the cursor line, read the Variables view.
import { join } from 'node:path';

export function screenshotter(page, artifacts, prefix) {
  let index = 0;
  return (name) =>
    page.screenshot({ path: join(artifacts, `${prefix}-${String(++index).padStart(2, '0')}-${name}.png`) });
}

/** F5 only starts debugging once the extension host registered the debuggers (E2E.md pitfall). */
export async function untilCommandListed(page, label, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const found = await page
      .locator('.quick-input-widget .monaco-list-row', { hasText: label })
      .first()
      .waitFor({ state: 'visible', timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
    await page.keyboard.press('Escape');
    if (found) return;
  }
  throw new Error(`command "${label}" never appeared in the command palette`);
}

export async function runCommand(page, label) {
  // A quick input that is closing (accepted, or its focus lost) stays in the page a moment, inert: its
  // input must not pass for the palette's, so F1 waits until it is gone and the input is a live one.
  await page.locator('.quick-input-widget.quick-input-widget-closing').waitFor({ state: 'hidden', timeout: 15_000 });
  const input = page.locator('.quick-input-widget:not(.quick-input-widget-closing) .quick-input-box input');
  // F1 pressed while a webview (the timeline) has focus is forwarded to the workbench from inside its
  // frame, and under load that forwarding was lost once (CI: the palette never opened in 30 s), and
  // once the palette opened and closed again before the command could be typed (CI on 3e0c4d5: the
  // webview just clicked took the focus back, and a quick input closes when it loses the focus):
  // press again until the palette shows and keeps the typed command.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const shown = await input.waitFor({ state: 'visible', timeout: 10_000 }).then(
      () => true,
      () => false,
    );
    const typed =
      shown &&
      (await input.fill(`>${label}`, { timeout: 5_000 }).then(
        () => true,
        () => false,
      ));
    if (typed) break;
    if (attempt === 3)
      throw new Error(
        `the command palette did not ${shown ? 'stay open' : 'open'} for "${label}" after ${attempt} F1 presses`,
      );
  }
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
  // The palette may put recently used commands and longer names first (Enter on "View: Close Editor"
  // once closed every editor of the group): pick the row that is this command exactly (an ellipsis
  // may follow), and take the first row only when none is.
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exact = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escaped}\\s*(…|\\.\\.\\.)?\\s*$`) }) })
    .first();
  if ((await exact.count()) > 0) await exact.click();
  else await page.keyboard.press('Enter');
}

export async function openFile(page, fileName) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(fileName); // without ">" the palette is Quick Open
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: fileName })
    .first()
    .waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page
    .locator(`.tab.active[aria-label*="${fileName}"], .tab.active:has-text("${fileName}")`)
    .first()
    .waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Clicks the editor's glyph margin beside a line, as a person sets a breakpoint. */
export async function clickGutter(page, line1) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  const lineNumber = editor
    .locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^\\s*${line1}\\s*$`) })
    .first();
  const lineBox = await lineNumber.boundingBox();
  const marginBox = await editor.locator('.margin').first().boundingBox();
  if (!lineBox || !marginBox) throw new Error(`line ${line1} is not visible in the editor`);
  await page.mouse.move(marginBox.x + 8, lineBox.y + lineBox.height / 2);
  await page.mouse.click(marginBox.x + 8, lineBox.y + lineBox.height / 2);
  // Generous: under load (average 30 on 2 cores) the glyph once took more than 5 s to be drawn.
  await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** The cursor line from the status bar ("Ln 5, Col 1"). */
export async function cursorLine(page) {
  const text = await page.locator('#status\\.editor\\.selection').innerText();
  const match = /Ln (\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

export async function untilCursorLine(page, predicate, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let line;
  while (Date.now() < deadline) {
    line = await cursorLine(page).catch(() => undefined);
    if (line !== undefined && predicate(line)) return line;
    await page.waitForTimeout(100);
  }
  throw new Error(`the current line never became ${what} (last seen: ${line})`);
}

/** The Variables view's rows as text ("total = 1" in VS Code 1.139; "total: 1" in older ones). */
export async function variableRows(page) {
  return page
    .locator('.debug-variables .monaco-list-row')
    .evaluateAll((rows) => rows.map((row) => row.innerText.replace(/\s+/g, ' ').trim()));
}

export async function untilVariable(page, name, value, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await variableRows(page).catch(() => []);
    if (rows.some((row) => row.startsWith(name) && /^\s*[:=]\s*(\S+)/.exec(row.slice(name.length))?.[1] === value))
      return rows;
    // VS Code expands only the first scope; with a Block scope first (as js-debug lists them) a
    // function's own variables are in the collapsed Local scope: open it, as a user would.
    await page
      .locator('.debug-variables .monaco-list-row[aria-level="1"][aria-expanded="false"]', { hasText: /^\s*Local\s*$/ })
      .first()
      .click({ timeout: 1_000 })
      .catch(() => undefined);
    await page.waitForTimeout(100);
  }
  throw new Error(`the Variables view never showed ${name}: ${value} (rows: ${JSON.stringify(rows)})`);
}

/** The lines highlighted as the top stack frame (the yellow current-line band). */
export async function topFrameHighlightVisible(page) {
  return page.locator('.editor-instance .view-overlays .debug-top-stack-frame-line').first().isVisible();
}

/** "Debug: Select and Start Debugging", then the named launch configuration. */
export async function startConfiguration(page, name) {
  await runCommand(page, 'Debug: Select and Start Debugging');
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 60_000 });
}

/** Stops the debug session from the toolbar and waits until the toolbar is gone. */
export async function stopSession(page) {
  await page.locator('.debug-toolbar .action-label.codicon-debug-stop').click();
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 20_000 });
}

/** Clicks a file's editor tab and waits until its editor has the focus (the status bar then shows its cursor). */
export async function focusEditorTab(page, fileName) {
  await page.locator(`.tab[aria-label*="${fileName}"], .tab:has-text("${fileName}")`).first().click();
  await page.locator('#status\\.editor\\.selection').waitFor({ state: 'visible', timeout: 10_000 });
  // The editor takes focus asynchronously after the click: wait, so it cannot take it back later.
  await page
    .locator('.editor-group-container.active .monaco-editor.focused')
    .waitFor({ state: 'attached', timeout: 10_000 });
}

/** Types an expression into the Debug Console and waits for an answer matching `expected`. */
export async function replEvaluate(page, expression, expected, timeoutMs = 15_000) {
  await runCommand(page, 'Focus on Debug Console View');
  const input = page.locator('.repl .repl-input-wrapper .monaco-editor').first();
  await input.waitFor({ state: 'visible' });
  await input.click();
  await page.keyboard.type(expression);
  await page.keyboard.press('Enter');
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await page
      .locator('.repl .monaco-list-row')
      .evaluateAll((all) => all.map((row) => row.innerText.replace(/\s+/g, ' ').trim()));
    if (rows.some((row) => expected.test(row))) return;
    await page.waitForTimeout(200);
  }
  throw new Error(
    `the Debug Console never answered ${expression} with ${expected} (rows: ${JSON.stringify(rows.slice(-6))})`,
  );
}
