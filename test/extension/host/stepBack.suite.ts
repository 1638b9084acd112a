// The heart of the journey through the debug API: F5 on the fixture's launch configuration stops
// at a breakpoint, `workbench.action.debug.stepBack` moves to the previous statement, and the
// variable shows its earlier value — all as VS Code itself sees it.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it, before, after } from 'mocha';
import { DapWatcher, stopAll, topFrame, untilFocused, variableValue } from './dap';
import { fixtureFile, fixtureFolder } from './workspace';

// loop.js: line 4 `total = total + i;`, line 5 `console.log('total is', total);`
const ASSIGN_LINE = 4;
const LOG_LINE = 5;

export function defineStepBackSuite(): void {
  describe('step back in a real VS Code', () => {
    let watcher: DapWatcher;
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(fixtureFile('loop.js'), new vscode.Position(LOG_LINE - 1, 0)),
    );

    before(() => {
      watcher = new DapWatcher();
      vscode.debug.addBreakpoints([breakpoint]);
    });
    after(async () => {
      vscode.debug.removeBreakpoints([breakpoint]);
      await stopAll();
      watcher.dispose();
    });

    it('stops at the breakpoint, steps back to the previous statement and shows the earlier value', async () => {
      const mark = watcher.mark();
      assert.equal(await vscode.debug.startDebugging(fixtureFolder(), 'Rewind: loop'), true);
      const firstStop = await watcher.waitFor('stopped', mark, 60_000);
      const session = firstStop.session;
      const threadId = Number(firstStop.message.body?.threadId);

      const atBreakpoint = await topFrame(session, threadId);
      assert.equal(atBreakpoint.line, LOG_LINE, 'first stop is the breakpoint line');
      assert.equal(await variableValue(session, atBreakpoint.id, 'total'), '1');

      await untilFocused();
      const beforeStepBack = watcher.mark();
      await vscode.commands.executeCommand('workbench.action.debug.stepBack');
      await watcher.waitFor('stopped', beforeStepBack);
      const previous = await topFrame(session, threadId);
      assert.equal(previous.line, ASSIGN_LINE, 'step back lands on the previous statement');
      assert.equal(await variableValue(session, previous.id, 'total'), '0', 'total before the first assignment');
    });
  });
}
