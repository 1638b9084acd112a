// Workspace Trust gating from inside the extension host (SEC-02): in an untrusted workspace the
// commands refuse before anything is spawned — no debug session starts and no child process
// appears under the extension host. Runs only in the runner's untrusted host pass. (F5 in
// Restricted Mode meets VS Code's own trust prompt first: test/e2e/trustJourney.mjs covers it.)
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it, before, after } from 'mocha';
import { fixtureFile, rewindApi } from './workspace';

function childProcesses(): string[] {
  const table = execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim();
  return table ? table.split('\n') : [];
}

export function defineTrustSuite(): void {
  describe('Restricted Mode', () => {
    const started: vscode.DebugSession[] = [];
    let subscription: vscode.Disposable;
    before(async () => {
      assert.equal(vscode.workspace.isTrusted, false, 'this pass must run in an untrusted workspace');
      await rewindApi(); // activation itself is allowed ("limited" support)
      subscription = vscode.debug.onDidStartDebugSession((session) => started.push(session));
    });
    after(() => subscription.dispose());

    it('refuses "Record and Debug Current File"', async () => {
      assert.equal(await vscode.commands.executeCommand('rewind.recordCurrentFile', fixtureFile('loop.js')), false);
    });

    it('refuses "Open Recording…"', async () => {
      assert.equal(await vscode.commands.executeCommand('rewind.openRecording', fixtureFile('loop.js')), false);
    });

    it('started no session and spawned no process', () => {
      assert.deepEqual(
        started.map((s) => s.name),
        [],
      );
      const spawned = childProcesses().filter((args) => /debugAdapter\.js|loop\.js/.test(args));
      assert.deepEqual(spawned, []);
    });
  });
}
