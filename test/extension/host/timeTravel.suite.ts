// Issue 15 §2 and §6 in a real VS Code: the reverse moves are commands (palette + keybindings) that
// move a Rewind session; their keybindings collide with none of VS Code's defaults; F5 while the
// timeline (not an editor) has focus records the last active text editor's file.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it, before, after, afterEach } from 'mocha';
import { DapWatcher, sleep, stopAll, topFrame, untilFocused, variableValue } from './dap';
import { fixtureFile, fixtureFolder } from './workspace';

// loop.js: line 2 `let total = 0;`, 4 `total = total + i;`, 5 `console.log('total is', total);`, 7 `console.log('done',
// total);`
const FIRST_LINE = 2;
const ASSIGN_LINE = 4;
const LOG_LINE = 5;
const DONE_LINE = 7;

interface Keybinding {
  command: string;
  key: string;
  mac?: string;
  when?: string;
}

export function defineTimeTravelSuite(): void {
  describe('time travel commands', () => {
    let watcher: DapWatcher;
    const breakpoint = new vscode.SourceBreakpoint(
      new vscode.Location(fixtureFile('loop.js'), new vscode.Position(LOG_LINE - 1, 0)),
    );
    before(() => {
      watcher = new DapWatcher();
    });
    afterEach(async () => {
      vscode.debug.removeBreakpoints([breakpoint]);
      await stopAll();
    });
    after(() => watcher.dispose());

    it('Step Back, Go to End, Reverse Continue, Go to Start and Step Back Out move the session', async () => {
      vscode.debug.addBreakpoints([breakpoint]);
      let mark = watcher.mark();
      assert.equal(await vscode.debug.startDebugging(fixtureFolder(), 'Rewind: loop'), true);
      const first = await watcher.waitFor('stopped', mark, 60_000);
      const { session } = first;
      const threadId = Number(first.message.body?.threadId);
      await untilFocused();
      const move = async (command: string): Promise<{ line: number; total: string | undefined }> => {
        const before = watcher.mark();
        assert.equal(await vscode.commands.executeCommand(command), true, `${command} ran`);
        await watcher.waitFor('stopped', before);
        await untilFocused();
        const frame = await topFrame(session, threadId);
        return { line: frame.line, total: await variableValue(session, frame.id, 'total') };
      };
      assert.deepEqual(await move('rewind.stepBack'), { line: ASSIGN_LINE, total: '0' });
      assert.deepEqual(await move('rewind.goToEnd'), { line: DONE_LINE, total: '15' });
      assert.deepEqual(
        await move('rewind.reverseContinue'),
        { line: LOG_LINE, total: '15' },
        'the last hit of the breakpoint',
      );
      assert.equal((await move('rewind.goToStart')).line, FIRST_LINE);
      mark = watcher.mark();
      // At the top frame there is no call site to go back to: it stays at the start, and says so.
      await move('rewind.stepBackOut');
      assert.ok(
        watcher.eventsSince(mark, 'continued').length > 0,
        'a custom move tells VS Code the thread left its old stop',
      );
    });

    it('every keybinding is for a Rewind session only and shadows no VS Code default', async () => {
      const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'rewind');
      assert.ok(extension, 'the Rewind extension is loaded');
      const all = (extension.packageJSON.contributes.keybindings ?? []) as Keybinding[];
      // The timeline's own keys are bound only while a text editor has the focus during a timeline
      // move (keysDuringMove.ts): they shadow the editor's keys then, on purpose, and never else.
      const forwarded = all.filter((k) => k.command === 'rewind.timeline.forwardKey');
      assert.ok(forwarded.length > 0, 'the timeline keys are bound');
      for (const binding of forwarded)
        assert.equal(
          binding.when,
          'rewind.timelineMoveShowing && editorTextFocus',
          `${binding.key} is bound only then`,
        );
      const ours = all.filter((k) => k.command !== 'rewind.timeline.forwardKey');
      assert.deepEqual(ours.map((k) => k.command).sort(), [
        'rewind.goToEnd',
        'rewind.goToStart',
        'rewind.reverseContinue',
        'rewind.stepBack',
        'rewind.stepBackOut',
      ]);
      for (const binding of ours)
        assert.match(
          binding.when ?? '',
          /debugType == rewind/,
          `${binding.command} is active only in a Rewind session`,
        );
      const defaults = await defaultKeybindings();
      assert.ok(defaults.length > 100, `VS Code's default keybindings were read (${defaults.length})`);
      const platformKey = (k: Keybinding): string => normalize(process.platform === 'darwin' && k.mac ? k.mac : k.key);
      const clashes = ours.flatMap((binding) =>
        defaults
          .filter(
            (other) =>
              !other.command.startsWith('rewind.') &&
              !other.command.startsWith('-') &&
              normalize(other.key) === platformKey(binding),
          )
          .map((other) => `${platformKey(binding)}: ${binding.command} vs ${other.command}`),
      );
      assert.deepEqual(clashes, [], 'keys VS Code already uses');
    });

    it('F5 with the timeline focused records the last active text editor', async () => {
      await vscode.window.showTextDocument(fixtureFile('loop.js'));
      await vscode.commands.executeCommand('rewind.showTimeline');
      // The timeline panel takes focus (it is a webview, not a text editor).
      for (let waited = 0; vscode.window.activeTextEditor !== undefined && waited < 5_000; waited += 50)
        await sleep(50);
      assert.equal(vscode.window.activeTextEditor, undefined, 'no text editor is active while the timeline has focus');
      for (const program of [undefined, '${file}']) {
        const mark = watcher.mark();
        const config: vscode.DebugConfiguration = { type: 'rewind', request: 'launch', name: 'F5 from the timeline' };
        if (program !== undefined) config.program = program;
        assert.equal(
          await vscode.debug.startDebugging(fixtureFolder(), config),
          true,
          `started with program ${String(program)}`,
        );
        const stopped = await watcher.waitFor('stopped', mark, 60_000);
        assert.equal(stopped.session.configuration.program, fixtureFile('loop.js').fsPath);
        await stopAll();
        await vscode.commands.executeCommand('rewind.showTimeline');
      }
    });
  });
}

/** VS Code's "Default Keybindings" document, parsed (it is JSON with comments). */
async function defaultKeybindings(): Promise<Array<{ key: string; command: string }>> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  let text = '';
  for (let waited = 0; waited < 10_000 && !text.includes('"command"'); waited += 100) {
    text = vscode.window.activeTextEditor?.document.getText() ?? '';
    if (!text.includes('"command"')) await sleep(100);
  }
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  const json = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
  return JSON.parse(json) as Array<{ key: string; command: string }>;
}

function normalize(key: string): string {
  return key
    .toLowerCase()
    .split(' ')
    .map((chord) => chord.split('+').sort().join('+'))
    .join(' ');
}
