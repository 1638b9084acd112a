// "Rewind: Record and Debug Current File" (palette and editor-title button): records the file in
// the active editor, or the one the button was clicked on. Saves it first, since the program runs
// from disk. Returns whether a session started, so tests can await it.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { PROGRAM_EXTENSIONS } from '../../protocol/launchAttributes';
import { DEBUG_TYPE } from '../config/provider';
import { requireTrust } from '../trust';

export async function recordCurrentFile(resource?: vscode.Uri): Promise<boolean> {
  if (!requireTrust('record a program')) return false;
  const document =
    resource instanceof vscode.Uri
      ? await vscode.workspace.openTextDocument(resource)
      : vscode.window.activeTextEditor?.document;
  const problem = whyNotRecordable(document);
  if (problem !== undefined || document === undefined) {
    void vscode.window.showErrorMessage(`Rewind: ${problem ?? 'Open a JavaScript or TypeScript file first.'}`);
    return false;
  }
  if (document.isDirty && !(await document.save())) return false;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return vscode.debug.startDebugging(folder, {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Rewind: ${path.basename(document.uri.fsPath)}`,
    program: document.uri.fsPath,
  });
}

function whyNotRecordable(document: vscode.TextDocument | undefined): string | undefined {
  if (document === undefined) return 'Open a JavaScript or TypeScript file first.';
  if (document.isUntitled || document.uri.scheme !== 'file')
    return 'Save the file first: Rewind records programs from disk.';
  const extension = path.extname(document.uri.fsPath).toLowerCase();
  if (!(PROGRAM_EXTENSIONS as readonly string[]).includes(extension)) {
    return `${path.basename(document.uri.fsPath)} is not a JavaScript or TypeScript file (${PROGRAM_EXTENSIONS.join(' ')}).`;
  }
  return undefined;
}
