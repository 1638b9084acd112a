// Reads the `rewind.*` settings the user actually set (any scope) into the plain object the
// vscode-free defaults logic takes. Unset settings stay absent so the adapter's defaults apply.
// In Restricted Mode VS Code itself withholds workspace values of restricted settings (SEC-01).
import * as vscode from 'vscode';
import { CAPTURE_LIMITS } from './attributes';
import type { RewindSettings } from './defaults';

export function readSettings(scope: vscode.ConfigurationScope | undefined): RewindSettings {
  const configuration = vscode.workspace.getConfiguration('rewind', scope);
  const explicit = (key: string): unknown => {
    const inspected = configuration.inspect(key);
    const set = inspected && [inspected.globalValue, inspected.workspaceValue, inspected.workspaceFolderValue].some((v) => v !== undefined);
    return set ? configuration.get(key) : undefined;
  };
  const capture: NonNullable<RewindSettings['capture']> = {};
  for (const limit of CAPTURE_LIMITS) {
    const value = explicit(`capture.${limit}`);
    if (value !== undefined) capture[limit] = value;
  }
  return {
    level: explicit('level'),
    include: explicit('include'),
    exclude: explicit('exclude'),
    overflow: explicit('overflow'),
    bufferEvents: explicit('bufferEvents'),
    capture,
  };
}
