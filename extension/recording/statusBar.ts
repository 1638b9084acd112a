// The status bar item shown while a Rewind session records: events recorded, its size and events lost, fed
// by the adapter's custom DAP event `rewind/recordingStats { events, lost, running, bytes, held }` (a held live program shows a pause icon). Hidden when
// no session records. Knows nothing about how the adapter counts.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../config/provider';
import { parseRecordingStats, RECORDING_STATS_EVENT, type RecordingStats } from './stats';

function megabytes(bytes: number): string {
  return `${(bytes / (1 << 20)).toFixed(1)} MB`;
}

export function registerRecordingStatus(subscriptions: vscode.Disposable[]): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('rewind.recording', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Rewind Recording';
  const recording = new Map<string, RecordingStats>(); // by session id
  const render = (): void => {
    const running = [...recording.values()].filter((stats) => stats.running);
    if (running.length === 0) return item.hide();
    const events = running.reduce((sum, s) => sum + s.events, 0);
    const lost = running.reduce((sum, s) => sum + s.lost, 0);
    const bytes = running.reduce((sum, s) => sum + (s.bytes ?? 0), 0);
    // A live program stopped at a breakpoint is not recording: the icon says so (issue 13).
    const icon = running.every((stats) => stats.held) ? '$(debug-pause)' : '$(record)';
    item.text =
      `${icon} Rewind: ${events.toLocaleString('en-US')} events` +
      (bytes > 0 ? ` · ${megabytes(bytes)}` : '') +
      (lost > 0 ? ` · $(warning) ${lost.toLocaleString('en-US')} lost` : '');
    const files = running.flatMap((stats) => (stats.tracePath ? [stats.tracePath] : []));
    item.tooltip =
      (lost > 0
        ? `Recording. ${lost} events were lost (buffer overflow); they show as gaps in the history. Consider "rewind.overflow": "block" or a larger "rewind.bufferEvents".`
        : 'Recording: every event so far was kept.') +
      // Should the debugger die, this file still holds the recording (`rewind info` or a trace launch opens it).
      (files.length > 0 ? ` Written as it arrives to ${files.join(', ')}.` : '');
    item.backgroundColor = lost > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
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
