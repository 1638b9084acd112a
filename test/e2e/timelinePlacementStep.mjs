// The start journey's `placement` step (issue 15 §5.6, the editor-tab timeline): the user moves the
// timeline's tab from its group beside the code into the code's own group ("View: Move Editor into
// First Group"), closes it, and opens it again with "Rewind: Show Timeline": it comes back where the
// user put it, in the group holding loop.js, not in a new group beside it.
// Knows the workbench's DOM (VS Code 1.139 editor groups and tabs), not how the placement is kept.
import { runCommand } from './workbench.mjs';

const TIMELINE_TAB = 'Rewind Timeline';

export async function runTimelinePlacementStep({ page, shot, codeFile }) {
  const timelineTab = page.locator('.tab', { hasText: TIMELINE_TAB }).first();
  await timelineTab.click();
  await page.locator('.tab.active', { hasText: TIMELINE_TAB }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await runCommand(page, 'View: Move Editor into First Group');
  await untilGroups(page, (groups) => sameGroup(groups, codeFile), `the timeline moved into ${codeFile}'s group`);
  await shot('timeline-moved-into-code-group');

  // Close it (it is the active tab), then open it again.
  await runCommand(page, 'View: Close Editor');
  await untilGroups(page, (groups) => !groups.flat().some((tab) => tab.includes(TIMELINE_TAB)), 'the timeline closed');
  await runCommand(page, 'Rewind: Show Timeline');
  const groups = await untilGroups(
    page,
    (seen) => seen.flat().some((tab) => tab.includes(TIMELINE_TAB)),
    'the timeline open again',
  );
  if (!sameGroup(groups, codeFile))
    throw new Error(`the timeline reopened away from where the user put it: ${JSON.stringify(groups)}`);
  await shot('timeline-reopened-where-put');
}

/** The timeline's tab and the code file's tab are in one editor group. */
function sameGroup(groups, codeFile) {
  return groups.some(
    (tabs) => tabs.some((tab) => tab.includes(TIMELINE_TAB)) && tabs.some((tab) => tab.includes(codeFile)),
  );
}

/** Polls the editor groups' tab labels (one array per group, left to right) until `predicate` holds. */
async function untilGroups(page, predicate, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let groups = [];
  while (Date.now() < deadline) {
    groups = await page.evaluate(() =>
      [...document.querySelectorAll('.part.editor .editor-group-container')].map((group) =>
        [...group.querySelectorAll('.tab')].map((tab) =>
          (tab.getAttribute('aria-label') ?? tab.textContent ?? '').trim(),
        ),
      ),
    );
    if (predicate(groups)) return groups;
    await page.waitForTimeout(100);
  }
  throw new Error(`never ${what} (editor groups: ${JSON.stringify(groups)})`);
}
