// The commands end to end: "Record and Debug Current File" starts a session on the file,
// "Save Recording As…" asks the adapter to write the trace (rewind/saveTrace), and
// "Open Recording…" replays that file without running anything.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { describe, it, before, after, afterEach } from 'mocha';
import { DapWatcher, stopAll, topFrame } from './dap';
import { fixtureFile } from './workspace';

export function defineCommandsSuite(): void {
  describe('commands', () => {
    let watcher: DapWatcher;
    let scratch: string;
    before(() => {
      watcher = new DapWatcher();
      scratch = mkdtempSync(path.join(os.tmpdir(), 'rewind-commands-'));
    });
    afterEach(stopAll);
    after(async () => {
      watcher.dispose();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('records the current file, saves the recording, and opens it again', async () => {
      await vscode.window.showTextDocument(fixtureFile('loop.js'));
      let mark = watcher.mark();
      assert.equal(await vscode.commands.executeCommand('rewind.recordCurrentFile'), true);
      const recorded = await watcher.waitFor('stopped', mark, 60_000);
      assert.equal(recorded.session.configuration.program, fixtureFile('loop.js').fsPath);

      const saved = vscode.Uri.file(path.join(scratch, 'loop.rwd'));
      assert.equal(await vscode.commands.executeCommand('rewind.saveRecording', saved), true);
      assert.ok(existsSync(saved.fsPath) && statSync(saved.fsPath).size > 0, 'the recording was written');
      await stopAll();

      mark = watcher.mark();
      assert.equal(await vscode.commands.executeCommand('rewind.openRecording', saved), true);
      const replayed = await watcher.waitFor('stopped', mark, 60_000);
      assert.equal(replayed.session.configuration.trace, saved.fsPath);
      const frame = await topFrame(replayed.session, Number(replayed.message.body?.threadId));
      assert.equal(frame.path, fixtureFile('loop.js').fsPath, 'the replay shows the recorded program');
    });

    it('refuses to record a file that is not JavaScript or TypeScript', async () => {
      assert.equal(await vscode.commands.executeCommand('rewind.recordCurrentFile', fixtureFile('README.md')), false);
      assert.equal(vscode.debug.activeDebugSession, undefined);
    });
  });
}
