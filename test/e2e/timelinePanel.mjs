// Reading the timeline webview and the editor's current-line highlight in a journey: the panel's
// "Step N of M" line, its cursor's step, the line beside the top-stack-frame band and whether the
// timeline holds the keyboard, each polled until a predicate holds. Knows the webview's element ids, not what a journey
// checks.

/** "Step 1,234 of 5,678 · t = …" → { step, total }. */
function parsePosition(text) {
  const match = /Step ([\d,]+) of ([\d,]+)/.exec(text);
  return match ? { step: Number(match[1].replace(/,/g, '')), total: Number(match[2].replace(/,/g, '')) } : undefined;
}

/**
 * "… · t = 286.00 ms" → 286 (ms since the start of the run); undefined without a time. Units are
 * the webview's formatMs: s, ms, µs.
 */
export function sinceStartMs(text) {
  const match = /t = ([\d.]+) (s|ms|µs)\b/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * { s: 1000, ms: 1, µs: 0.001 }[match[2]];
}

export async function untilPosition(position, predicate, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await position.innerText({ timeout: 1_000 }).catch(() => '');
    const parsed = parsePosition(text);
    if (parsed && predicate(parsed)) return parsed;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the timeline's #position never showed ${what} (last seen: "${text}")`);
}

export async function untilCursorStep(cursor, predicate, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let step;
  while (Date.now() < deadline) {
    step = await cursor.getAttribute('data-step', { timeout: 1_000 }).then(Number, () => undefined);
    if (step !== undefined && predicate(step)) return step;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the timeline cursor's data-step never became ${what} (last seen: ${step})`);
}

/** The line number beside the editor's top-stack-frame highlight (the yellow current-line band). */
export async function highlightedLine(page) {
  const editor = page.locator('.editor-instance .monaco-editor').first();
  return editor.evaluate((root) => {
    const band = root.querySelector('.view-overlays .debug-top-stack-frame-line');
    if (!band) return undefined;
    const top = band.getBoundingClientRect().top;
    for (const number of root.querySelectorAll('.margin-view-overlays .line-numbers')) {
      if (Math.abs(number.getBoundingClientRect().top - top) < 2) return Number(number.textContent.trim());
    }
    return undefined;
  });
}

export async function untilHighlightedLine(page, line, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  while (Date.now() < deadline) {
    seen = await highlightedLine(page).catch(() => undefined);
    if (seen === line) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the current-line highlight never moved to line ${line} (last seen: ${seen})`);
}

/** Where the keyboard focus is: 'in the timeline', or what holds it instead (for a failure's message). */
export async function keyboardFocus(page, webview) {
  const where = await page.evaluate(() => {
    const active = document.activeElement;
    return active?.closest?.('.editor-instance')
      ? 'editor'
      : active?.tagName === 'IFRAME' && active.classList.contains('webview')
        ? 'webview'
        : String(active?.className ?? active?.tagName);
  });
  if (where !== 'webview') return where;
  const inner = await webview
    .locator('#timeline')
    .evaluate((element) => {
      const active = element.ownerDocument.activeElement;
      return `${element.ownerDocument.hasFocus() ? 'focused' : 'unfocused'} document, active ${active?.id || active?.tagName}${element.contains(active) ? ' (in the timeline)' : ''}`;
    })
    .catch((error) => String(error));
  return inner.startsWith('focused') && inner.endsWith('(in the timeline)') ? 'in the timeline' : `${where}: ${inner}`;
}

/**
 * The timeline (its webview, and inside it the timeline element) holds the keyboard focus, and
 * with `steadyMs`, has held it that long without a break: after a move, VS Code may focus the
 * stop's editor late on a loaded machine and the timeline takes the focus back (timelineWebview.ts
 * keepFocusAfterStop); a key pressed while the focus is on its way back would reach neither.
 */
export async function untilTimelineFocused(page, webview, when, timeoutMs = 10_000, steadyMs = 0) {
  const deadline = Date.now() + timeoutMs;
  let where = '';
  let focusedSinceMs;
  while (Date.now() < deadline) {
    where = await keyboardFocus(page, webview);
    if (where !== 'in the timeline') focusedSinceMs = undefined;
    else {
      focusedSinceMs ??= Date.now();
      if (Date.now() - focusedSinceMs >= steadyMs) return;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(
    `${when} the keyboard focus is not ${steadyMs ? `steadily (${steadyMs} ms) ` : ''}in the timeline (it is in: ${where})`,
  );
}
