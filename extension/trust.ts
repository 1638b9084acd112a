// Workspace Trust gate (SEC-02): Rewind runs and instruments workspace code and spawns processes,
// so every entry point that would do either asks here first. In Restricted Mode it explains why
// nothing happens and offers the trust editor. Knows nothing about what is being started.
import * as vscode from 'vscode';

const MANAGE = 'Manage Workspace Trust';

/** True when the workspace is trusted; otherwise tells the user and returns false. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const message = `Rewind cannot ${action} in Restricted Mode: it would run and instrument code from this workspace. Trust the workspace to use Rewind.`;
  void vscode.window.showWarningMessage(message, MANAGE).then((choice) => {
    if (choice === MANAGE) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
