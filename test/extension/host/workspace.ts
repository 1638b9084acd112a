// Test helper: the fixture workspace (test/fixtures/workspace, copied by the runner) and Rewind's
// exported API. Fails loudly when the tests run without the fixture folder open.
import * as vscode from 'vscode';
import * as assert from 'node:assert/strict';
import type { RewindApi } from '../../../extension/api';

export const EXTENSION_ID = 'rewind-dev.rewind';

export function fixtureFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the extension-host tests need the fixture workspace open');
  return folder;
}

export function fixtureFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(fixtureFolder().uri, name);
}

export async function rewindApi(): Promise<RewindApi> {
  const extension = vscode.extensions.getExtension<RewindApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

/** Starts a launch and reports whether it started and, if rejected, the message the user saw. */
export async function tryLaunch(
  config: Partial<vscode.DebugConfiguration>,
): Promise<{ started: boolean; rejection?: string }> {
  const api = await rewindApi();
  let rejection: string | undefined;
  const sub = api.onDidRejectConfiguration((message) => {
    rejection = message;
  });
  try {
    const started = await vscode.debug.startDebugging(fixtureFolder(), {
      type: 'rewind',
      request: 'launch',
      name: 'test',
      ...config,
    });
    return { started, rejection };
  } finally {
    sub.dispose();
  }
}
