// Offers the recordings of editor launches whose debugger was killed (the adapter's private files,
// debug-adapter/recording/staleEditorTraces.ts): one notification, Open (the newest) or Delete
// (all of them); files left longer than a week are removed quietly. Runs once at activation.
import * as vscode from 'vscode';
import {
  deleteEditorTrace,
  orphanedTracesMessage,
  sweepEditorTraces,
  type OrphanedEditorTrace,
} from '../../debug-adapter/recording/staleEditorTraces';
import { openRecording } from '../commands/openRecording';

export function offerOrphanedTraces(): void {
  let orphaned: OrphanedEditorTrace[];
  try {
    ({ orphaned } = sweepEditorTraces());
  } catch {
    return; // a folder we cannot read: nothing to offer
  }
  if (orphaned.length === 0) return;
  void vscode.window.showWarningMessage(orphanedTracesMessage(orphaned), 'Open', 'Delete').then((choice) => {
    if (choice === 'Open') return openRecording(vscode.Uri.file(orphaned[0].path));
    if (choice === 'Delete') for (const trace of orphaned) deleteEditorTrace(trace.path);
    return undefined;
  });
}
