// Issue 15 §5 in a real VS Code: the timeline tab opens where the user last put it — moved to a
// group, closed and shown again, it comes back in that group (right of the editor, then the editor's own).
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { sleep } from './dap';
import { fixtureFile } from './workspace';

function timelineTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('rewind.timeline'));
}

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    const value = read();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`never: ${what}`);
}

export function defineTimelinePlacementSuite(): void {
  describe('timeline placement', () => {
    it('reopens the timeline in the editor group the user moved it to', async () => {
      const existing = timelineTab();
      if (existing) await vscode.window.tabGroups.close(existing);
      await vscode.window.showTextDocument(fixtureFile('loop.js'), { viewColumn: vscode.ViewColumn.One });
      const reopenIn = async (): Promise<vscode.ViewColumn> => {
        await vscode.window.tabGroups.close(timelineTab()!);
        await until('the timeline is closed', () => (timelineTab() === undefined ? true : undefined));
        await vscode.commands.executeCommand('rewind.showTimeline');
        return (await until('the timeline is open again', () => timelineTab())).group.viewColumn;
      };
      const moveTo = async (
        command: string,
        where: (column: vscode.ViewColumn) => boolean,
      ): Promise<vscode.ViewColumn> => {
        await until('the timeline is the active tab', () =>
          timelineTab()?.isActive && timelineTab()?.group.isActive ? true : undefined,
        );
        await vscode.commands.executeCommand(command);
        const column = await until(`the timeline moved (${command})`, () =>
          timelineTab() && where(timelineTab()!.group.viewColumn) ? timelineTab()!.group.viewColumn : undefined,
        );
        await sleep(300); // the panel's view-state change reaches the extension host
        return column;
      };
      await vscode.commands.executeCommand('rewind.showTimeline');
      await until('the timeline is open', () => timelineTab());
      const right = await moveTo(
        'workbench.action.moveEditorToRightGroup',
        (column) => column !== vscode.ViewColumn.One,
      );
      assert.equal(await reopenIn(), right, 'where the user put it: a group right of the editor');
      await moveTo('workbench.action.moveEditorToFirstGroup', (column) => column === vscode.ViewColumn.One);
      assert.equal(await reopenIn(), vscode.ViewColumn.One, "where the user put it: the editor's own group");
      // Back beside the editor, as the other suites expect it.
      await moveTo('workbench.action.moveEditorToRightGroup', (column) => column !== vscode.ViewColumn.One);
    });
  });
}
