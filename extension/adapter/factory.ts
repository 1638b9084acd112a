// Hosts the debug adapter (dist/debugAdapter.js, a standalone DAP server on stdio) for each Rewind
// session. Knows where the adapter lives and how to start it, nothing of what it says.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';

// A separate process, not inline (DebugAdapterInlineImplementation): indexing a recording of
// millions of steps is seconds of synchronous CPU work (a 4-million-step trace blocked its thread
// for 2.5 s); inline, it would run on the extension host's one thread and freeze every extension,
// our status bar included. test/extension/host/adapterHosting.suite.ts proves the host stays
// responsive with a timer. Why process.execPath: it is the Node the host itself runs on (Electron
// as Node on desktop, Node in remote/code-server) — always present, a known version, never the
// user's PATH or the debuggee's runtimeExecutable; the adapter bundle carries its own dependencies
// (SEC-03). A DebugAdapterServer would add a port to secure for no gain.
export class RewindAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly extensionPath: string) {}

  createDebugAdapterDescriptor(): vscode.DebugAdapterDescriptor {
    // Defence in depth (SEC-02): the provider already refused, but a launch can bypass providers.
    if (!vscode.workspace.isTrusted)
      throw new Error('Rewind does not run in Restricted Mode: trust the workspace first.');
    const adapterPath = vscode.Uri.joinPath(vscode.Uri.file(this.extensionPath), 'dist', 'debugAdapter.js').fsPath;
    if (!existsSync(adapterPath))
      throw new Error(
        `Rewind's debug adapter is missing at ${adapterPath}; reinstall the extension or run "npm run build".`,
      );
    return new vscode.DebugAdapterExecutable(process.execPath, [adapterPath], {
      // ELECTRON_RUN_AS_NODE makes desktop VS Code's Electron binary behave as plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
      // Run from the extension's folder, never the workspace, so nothing resolves against its files.
      cwd: this.extensionPath,
    });
  }
}
