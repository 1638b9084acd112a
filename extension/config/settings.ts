// Reads the `rewind.*` settings the user actually set (any scope) into the plain object the
// vscode-free defaults logic takes. Unset settings stay absent so the adapter's defaults apply.
// Which settings exist is the launch-attribute table's (protocol/launchAttributes.ts).
// In Restricted Mode VS Code itself withholds workspace values of restricted settings (SEC-01).
import * as vscode from 'vscode';
import { CAPTURE_LIMITS, SETTING_ATTRIBUTES } from '../../protocol/launchAttributes';
import type { RewindSettings } from './defaults';

export function readSettings(scope: vscode.ConfigurationScope | undefined): RewindSettings {
  const configuration = vscode.workspace.getConfiguration('rewind', scope);
  const explicit = (key: string): unknown => {
    const inspected = configuration.inspect(key);
    const set =
      inspected &&
      [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].some((v) => v !== undefined);
    return set ? configuration.get(key) : undefined;
  };
  const settings: RewindSettings = {};
  for (const { name, setting } of SETTING_ATTRIBUTES) {
    if (name !== 'capture') settings[name] = explicit(setting);
  }
  const capture: NonNullable<RewindSettings['capture']> = {};
  for (const limit of CAPTURE_LIMITS) {
    const value = explicit(`capture.${limit}`);
    if (value !== undefined) capture[limit] = value;
  }
  settings.capture = capture;
  return settings;
}
