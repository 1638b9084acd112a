// "Rewind: Open Recording…": replays a saved trace file (launch with `trace`, no program runs).
// Still gated by trust: the adapter is a process, and SEC-02 says none is spawned untrusted.
// Takes an optional Uri so tests and other extensions can skip the dialog.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { DEBUG_TYPE } from '../config/provider';
import { requireTrust } from '../trust';
import { RECORDING_FILTERS } from './recordingFiles';

export async function openRecording(recording?: vscode.Uri): Promise<boolean> {
  if (!requireTrust('open a recording')) return false;
  const target = recording instanceof vscode.Uri ? recording : await pickRecording();
  if (target === undefined) return false;
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Rewind: ${path.basename(target.fsPath)}`,
    trace: target.fsPath,
  });
}

async function pickRecording(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Open Rewind Recording',
    canSelectMany: false,
    canSelectFolders: false,
    filters: RECORDING_FILTERS,
  });
  return picked?.[0];
}
