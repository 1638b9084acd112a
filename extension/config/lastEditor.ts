// The file F5 records when no launch.json names one: the active text editor's, or — when the
// timeline, a terminal or another non-editor has focus — the last text editor that was active
// (js-debug does the same; issue 15 §6). Owns that memory only; the provider asks it.
import * as vscode from 'vscode';

let lastFile: vscode.Uri | undefined;

export function trackLastTextEditor(subscriptions: vscode.Disposable[]): void {
  remember(vscode.window.activeTextEditor);
  subscriptions.push(vscode.window.onDidChangeActiveTextEditor(remember));
}

/** Absolute path of the active (else last active) editor's saved file, if it is still open. */
export function currentOrLastFile(): string | undefined {
  const active = vscode.window.activeTextEditor?.document;
  if (active) return savedPath(active);
  if (lastFile === undefined) return undefined;
  const last = lastFile.toString();
  // Only a file still open in some editor: one the user closed is not "the file beside the timeline".
  const stillOpen =
    vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === last) ||
    vscode.workspace.textDocuments.some((document) => document.uri.toString() === last && !document.isClosed);
  return stillOpen ? lastFile.fsPath : undefined;
}

function remember(editor: vscode.TextEditor | undefined): void {
  if (editor !== undefined && savedPath(editor.document) !== undefined) lastFile = editor.document.uri;
}

function savedPath(document: vscode.TextDocument): string | undefined {
  return document.uri.scheme === 'file' && !document.isUntitled ? document.uri.fsPath : undefined;
}
