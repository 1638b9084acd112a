// The DebugConfigurationProvider for type "rewind": before ${variable} substitution it checks trust
// and fills defaults (defaults.ts); after substitution it validates (validate.ts). Bad input stops
// the launch with one message naming every problem. Also offers "Rewind: current file" as a
// dynamic configuration. The rules live in the vscode-free modules; this file only adapts.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { requireTrust } from '../trust';
import { checkSettings, fillDefaults, CURRENT_FILE_NAME } from './defaults';
import { currentOrLastFile } from './lastEditor';
import { readSettings } from './settings';
import { validateLaunch } from './validate';

export const DEBUG_TYPE = 'rewind';

export class RewindConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly onRejected: (message: string) => void) {}

  resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    if (!requireTrust('start a debug session')) return undefined;
    const settings = readSettings(folder?.uri);
    const settingProblems = checkSettings(settings);
    if (settingProblems.length > 0) return this.reject(config, settingProblems);
    return fillDefaults(config, { activeFile: currentOrLastFile(), settings }) as vscode.DebugConfiguration;
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    const others = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.toString() !== folder?.uri.toString());
    const workspaceFolders = [folder, ...others].flatMap((f) => (f && f.uri.scheme === 'file' ? [f.uri.fsPath] : []));
    const result = validateLaunch(config, { workspaceFolders, exists: existsSync });
    return result.ok ? (result.config as vscode.DebugConfiguration) : this.reject(config, result.problems);
  }

  private reject(config: vscode.DebugConfiguration, problems: string[]): undefined {
    const message = `Rewind cannot start "${String(config.name ?? CURRENT_FILE_NAME)}": ${problems.join(' ')}`;
    this.onRejected(message);
    void vscode.window.showErrorMessage(message, 'Open launch.json').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.debug.configure');
    });
    return undefined; // undefined aborts the launch quietly (null would open launch.json unasked)
  }
}

/** "Rewind: current file" in the Run and Debug dropdown, without any launch.json. */
export class CurrentFileConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: CURRENT_FILE_NAME, program: '${file}' }];
  }
}
