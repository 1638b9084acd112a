// "Rewind: Save Recording As…": asks the active Rewind session's adapter to write its trace to a
// file the user picks (custom DAP request `rewind/saveTrace { path }`). The adapter owns the bytes
// and their permissions (SEC-10); this command only chooses the path and reports the outcome.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { RewindRequest, type SaveTraceArgs } from '../../protocol/requests';
import { DEBUG_TYPE } from '../config/provider';
import { RECORDING_EXTENSION, RECORDING_FILTERS } from './recordingFiles';

export async function saveRecording(destination?: vscode.Uri): Promise<boolean> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) {
    void vscode.window.showErrorMessage('Rewind: no Rewind debug session is active, so there is no recording to save.');
    return false;
  }
  const target = destination instanceof vscode.Uri ? destination : await pickDestination(session);
  if (target === undefined) return false;
  try {
    await session.customRequest(RewindRequest.SAVE_TRACE, { path: target.fsPath } satisfies SaveTraceArgs);
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Rewind could not save the recording: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
  void vscode.window.showInformationMessage(`Rewind: recording saved to ${target.fsPath}`);
  return true;
}

function pickDestination(session: vscode.DebugSession): Thenable<vscode.Uri | undefined> {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
  const program =
    typeof session.configuration.program === 'string' ? path.parse(session.configuration.program).name : 'recording';
  const folder = session.workspaceFolder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${program}-${stamp}.${RECORDING_EXTENSION}`;
  return vscode.window.showSaveDialog({
    title: 'Save Rewind Recording',
    filters: RECORDING_FILTERS,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
  });
}
