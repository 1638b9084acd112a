// Issue 15 §4 in a real VS Code: "Rewind: Show Value History" on a Variables row lists every write of
// it (the adapter's rewind/valueHistory) in a quick pick; picking one moves the session to the
// statement that wrote it. The package contributes it to the Variables view's context menu only.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it, before, after, afterEach } from 'mocha';
import { DapWatcher, pickRow, stopAll, topFrame, untilFocused, variableValue } from './dap';
import { fixtureFile, fixtureFolder } from './workspace';

// loop.js: line 2 `let total = 0;`, 4 `total = total + i;`, 7 `console.log('done', total);`
const ASSIGN_LINE = 4;
const DONE_LINE = 7;

export function defineValueHistorySuite(): void {
  describe('value history', () => {
    let watcher: DapWatcher;
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(fixtureFile('loop.js'), new vscode.Position(DONE_LINE - 1, 0)),
    );
    before(() => {
      watcher = new DapWatcher();
    });
    afterEach(async () => {
      vscode.debug.removeBreakpoints([breakpoint]);
      await stopAll();
    });
    after(() => watcher.dispose());

    it('lists the writes of total and travels to the one picked', async () => {
      vscode.debug.addBreakpoints([breakpoint]);
      const mark = watcher.mark();
      assert.equal(await vscode.debug.startDebugging(fixtureFolder(), 'Rewind: loop'), true);
      const first = await watcher.waitFor('stopped', mark, 60_000);
      const { session } = first;
      const threadId = Number(first.message.body?.threadId);
      await untilFocused();
      const frame = await topFrame(session, threadId);
      assert.equal(frame.line, DONE_LINE);
      const { scopes } = (await session.customRequest('scopes', { frameId: frame.id })) as {
        scopes: Array<{ name: string; variablesReference: number }>;
      };
      const container = scopes.find((scope) => scope.name.startsWith('Module') || scope.name === 'Local')!;

      // As VS Code calls it from the context menu; the quick pick opens with the writes, newest last.
      const before = watcher.mark();
      // Down twice: the third write (total = 0 + 1 + 2 → 3, at line 4).
      const step = await pickRow(
        vscode.commands.executeCommand<number | undefined>('rewind.showValueHistory', {
          sessionId: session.id,
          container,
          variable: { name: 'total', evaluateName: 'total' },
        }),
        2,
      );
      assert.equal(typeof step, 'number', 'a write was picked');
      await watcher.waitFor('stopped', before);
      await untilFocused();
      const there = await topFrame(session, threadId);
      assert.equal(there.line, ASSIGN_LINE, 'the statement that wrote it');
      assert.equal(
        await variableValue(session, there.id, 'total'),
        '1',
        'shown before it runs, as a data breakpoint stops',
      );
    });

    it('is in the Variables view context menu of Rewind sessions, not in the palette', () => {
      const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'rewind');
      const menus = extension?.packageJSON.contributes.menus as Record<
        string,
        Array<{ command: string; when?: string }>
      >;
      assert.deepEqual(
        menus['debug/variables/context'].map((entry) => [entry.command, entry.when]),
        [['rewind.showValueHistory', 'debugType == rewind']],
      );
      assert.ok(
        menus.commandPalette.some((entry) => entry.command === 'rewind.showValueHistory' && entry.when === 'false'),
      );
    });
  });
}
