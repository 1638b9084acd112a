// The commands end to end: "Record and Debug Current File" starts a session on the file,
// "Save Recording As…" asks the adapter to write the trace (rewind/saveTrace), and
// "Open Recording…" replays that file without running anything.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { describe, it, before, after, afterEach } from 'mocha';
import { DapWatcher, sleep, stopAll, topFrame } from './dap';
import { fixtureFile } from './workspace';

/** loop.js: line 5 is `console.log('total is', total);`. */
const LOG_LINE = 5;

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
      const threadId = Number(replayed.message.body?.threadId);
      const frame = await topFrame(replayed.session, threadId);
      assert.equal(frame.path, fixtureFile('loop.js').fsPath, 'the replay shows the recorded program');

      // The reopened recording prints the program's output again (issue 15 §3), each line linked to
      // the statement that printed it (loop.js line 5 prints "total is N") and carrying its step.
      const printedLine = (): Record<string, unknown> | undefined =>
        watcher
          .eventsSince(mark, 'output')
          .map((seen) => seen.message.body ?? {})
          .find((body) => body.category === 'stdout' && String(body.output).includes('total is 10'));
      for (let waited = 0; printedLine() === undefined && waited < 10_000; waited += 100) await sleep(100);
      const printed = printedLine();
      const outputs = watcher.eventsSince(mark, 'output').map((seen) => seen.message.body?.output);
      assert.ok(printed, `the reopened recording printed "total is 10" (output: ${JSON.stringify(outputs)})`);
      const printedPath = String((printed.source as { path?: string } | undefined)?.path);
      // In a remote window VS Code may hand the path over as a vscode-remote:// URI.
      assert.equal(
        /^[a-z][\w+.-]*:\/\//i.test(printedPath) ? vscode.Uri.parse(printedPath).path : printedPath,
        fixtureFile('loop.js').fsPath,
      );
      assert.equal(printed.line, LOG_LINE);
      const step = (printed.data as { step?: unknown } | undefined)?.step;
      assert.ok(Number.isInteger(step), `the line carries its step (data: ${JSON.stringify(printed.data)})`);
      // Its step is the moment it was printed: travelling there stands on the printing statement.
      mark = watcher.mark();
      await replayed.session.customRequest('rewind/seek', { step });
      await watcher.waitFor('stopped', mark);
      assert.equal((await topFrame(replayed.session, threadId)).line, LOG_LINE);
    });

    it('refuses to record a file that is not JavaScript or TypeScript', async () => {
      assert.equal(await vscode.commands.executeCommand('rewind.recordCurrentFile', fixtureFile('README.md')), false);
      assert.equal(vscode.debug.activeDebugSession, undefined);
    });
  });
}
