// The status bar item shown while a Rewind session records: events recorded, its size and events lost, fed
// by the adapter's custom DAP event `rewind/recordingStats { events, lost, running, bytes, held }` (a held live program
// shows a pause icon). Hidden when
// no session records. Knows nothing about how the adapter counts.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../config/provider';
import { parseRecordingStats, RECORDING_STATS_EVENT, recordingStatusView, type RecordingStats } from './stats';

export function registerRecordingStatus(subscriptions: vscode.Disposable[]): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('rewind.recording', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Rewind Recording';
  const recording = new Map<string, RecordingStats>(); // by session id
  const render = (): void => {
    const view = recordingStatusView([...recording.values()]);
    if (!view) return item.hide();
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  subscriptions.push(
    item,
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== DEBUG_TYPE || event.event !== RECORDING_STATS_EVENT) return;
      const stats = parseRecordingStats(event.body);
      if (stats) recording.set(event.session.id, stats);
      render();
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (recording.delete(session.id)) render();
    }),
  );
  return item;
}
