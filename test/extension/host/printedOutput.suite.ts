// Issue 15 §3 in a real VS Code, for every thread: "Rewind: Go to Printed Output…" lists the lines
// the parent and its child process printed, each labelled by its thread, and picking the child's
// line moves the session to that thread, at the statement that printed it.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it, before, after, afterEach } from 'mocha';
import { DapWatcher, pickRow, stopAll, topFrame, untilFocused } from './dap';
import { fixtureFolder } from './workspace';

// child.js: line 4 `return message;` in greet(), the last step before line 7's console.log printed.
const LAST_STEP_BEFORE_PRINT_LINE = 4;

export function definePrintedOutputSuite(): void {
  describe('go to printed output', () => {
    let watcher: DapWatcher;
    before(() => {
      watcher = new DapWatcher();
    });
    afterEach(() => stopAll());
    after(() => watcher.dispose());

    it("lists every thread's lines by thread and travels to the child's", async () => {
      const mark = watcher.mark();
      assert.equal(await vscode.debug.startDebugging(fixtureFolder(), 'Rewind: parent and child'), true);
      const { session } = await watcher.waitFor('stopped', mark, 60_000);
      await untilFocused();
      const { threads } = (await session.customRequest('threads')) as { threads: Array<{ id: number; name: string }> };
      const child = threads.find((thread) => /^child\.js \(pid \d+\)$/.test(thread.name));
      assert.ok(child, `a child thread among ${threads.map((thread) => thread.name).join(', ')}`);

      const before = watcher.mark();
      // The rows: the parent's line first (its thread), then the child's; the second is the child's.
      const step = await pickRow(vscode.commands.executeCommand<number | undefined>('rewind.goToOutput'), 1);
      assert.equal(typeof step, 'number', 'a line was picked');
      const stopped = await watcher.waitFor('stopped', before);
      assert.equal(stopped.message.body?.threadId, child.id, "the stop is on the child's thread");
      await untilFocused();
      // In the child's code, at the moment it printed: its last step then (rewind/console's step) is
      // in greet(), which the printing statement called for its argument.
      const there = await topFrame(session, child.id);
      assert.match(there.path ?? '', /child\.js$/);
      assert.equal(there.line, LAST_STEP_BEFORE_PRINT_LINE);
    });
  });
}
