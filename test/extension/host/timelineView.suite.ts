// Issue 15 §5 in a real VS Code: with `rewind.timeline.location: "panel"` the timeline opens as a
// view in the bottom panel (like Replay's, under the code), not as an editor tab beside the code;
// set back to "editor", it is a tab again.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { sleep } from './dap';
import { fixtureFile, rewindApi } from './workspace';

function timelineTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('rewind.timeline'));
}

async function until(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (ready()) return;
    await sleep(50);
  }
  throw new Error(`never: ${what}`);
}

export function defineTimelineViewSuite(): void {
  describe('timeline in the bottom panel', () => {
    it('opens as a panel view, no editor tab, when rewind.timeline.location is "panel"', async () => {
      const api = await rewindApi();
      const settings = vscode.workspace.getConfiguration('rewind.timeline');
      const existing = timelineTab();
      if (existing) await vscode.window.tabGroups.close(existing);
      await vscode.window.showTextDocument(fixtureFile('loop.js'), { viewColumn: vscode.ViewColumn.One });
      await settings.update('location', 'panel', vscode.ConfigurationTarget.Global);
      try {
        // The view exists once VS Code has applied the setting (its `when` clause): ask until it shows.
        for (let attempt = 0; attempt < 20 && !api.timelineViewVisible(); attempt++) {
          await vscode.commands.executeCommand('rewind.showTimeline');
          await sleep(500);
        }
        await until('the panel view is shown', () => api.timelineViewVisible());
        assert.equal(timelineTab(), undefined, 'no timeline tab beside the editor');
        await vscode.commands.executeCommand('workbench.action.closePanel');
        await until('the panel view is hidden', () => !api.timelineViewVisible());
      } finally {
        await settings.update('location', undefined, vscode.ConfigurationTarget.Global);
      }
      // Back to the default: a tab again, as the other suites expect it.
      await vscode.commands.executeCommand('rewind.showTimeline');
      await until('the timeline tab is open', () => timelineTab() !== undefined);
      assert.equal(api.timelineViewVisible(), false);
    });
  });
}
