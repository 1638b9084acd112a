// The configuration provider inside a real VS Code: defaults (program = active file, cwd = its
// folder, rewind.* settings copied when absent) and the clear refusals for bad input.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import { describe, it, before, afterEach } from 'mocha';
import { fixtureFile, fixtureFolder, tryLaunch } from './workspace';
import { stopAll } from './dap';

async function startedConfiguration(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration> {
  const started = new Promise<vscode.DebugSession>((resolve) => {
    const sub = vscode.debug.onDidStartDebugSession((session) => {
      sub.dispose();
      resolve(session);
    });
  });
  assert.equal(await vscode.debug.startDebugging(fixtureFolder(), config), true, 'the session should start');
  return (await started).configuration;
}

export function defineConfigurationSuite(): void {
  describe('configuration provider', () => {
    before(() => assert.equal(vscode.workspace.isTrusted, true, 'this pass must run in a trusted workspace'));
    afterEach(async () => {
      await stopAll();
      await vscode.workspace
        .getConfiguration('rewind')
        .update('level', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('refuses a launch with no program and no JS/TS editor, saying what to do', async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const { started, rejection } = await tryLaunch({});
      assert.equal(started, false);
      assert.match(rejection ?? '', /No program to debug: set "program" in the launch configuration/);
    });

    it('refuses a program that is not JavaScript or TypeScript', async () => {
      const { started, rejection } = await tryLaunch({ program: '${workspaceFolder}/README.md' });
      assert.equal(started, false);
      assert.match(rejection ?? '', /"program" must be a JavaScript or TypeScript file/);
    });

    it('refuses unknown attribute values and names them all', async () => {
      const { started, rejection } = await tryLaunch({
        program: '${workspaceFolder}/loop.js',
        level: 'max',
        overflow: 'spill',
      });
      assert.equal(started, false);
      assert.match(
        rejection ?? '',
        /"level" must be one of "full", "calls", "none"; it is "max"\..*"overflow" must be one of/,
      );
    });

    it('refuses a rewind.* setting with a bad value, naming the setting', async () => {
      await vscode.workspace.getConfiguration('rewind').update('level', 'max', vscode.ConfigurationTarget.Workspace);
      const { started, rejection } = await tryLaunch({ program: '${workspaceFolder}/loop.js' });
      assert.equal(started, false);
      assert.match(rejection ?? '', /Setting "rewind.level" must be one of "full", "calls", "none"; it is "max"/);
    });

    it('defaults program to the active file and cwd to its workspace folder', async () => {
      await vscode.window.showTextDocument(fixtureFile('loop.js'));
      const config = await startedConfiguration({ type: 'rewind', request: 'launch', name: 'defaults' });
      assert.equal(config.program, fixtureFile('loop.js').fsPath);
      assert.equal(config.cwd, fixtureFolder().uri.fsPath);
      assert.equal(config.console, 'internalConsole');
    });

    it('copies a rewind.* setting into the launch only where the configuration is silent', async () => {
      await vscode.workspace.getConfiguration('rewind').update('level', 'calls', vscode.ConfigurationTarget.Workspace);
      const silent = await startedConfiguration({
        type: 'rewind',
        request: 'launch',
        name: 'silent',
        program: '${workspaceFolder}/loop.js',
      });
      assert.equal(silent.level, 'calls');
      await stopAll();
      const explicit = await startedConfiguration({
        type: 'rewind',
        request: 'launch',
        name: 'explicit',
        program: '${workspaceFolder}/loop.js',
        level: 'full',
      });
      assert.equal(explicit.level, 'full');
    });
  });
}
