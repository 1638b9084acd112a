// The timeline's one entry point for activate(): registers the `rewind.showTimeline` command, the
// editor tab's serializer and the bottom panel's view provider, auto-opening when a Rewind
// session starts (setting `rewind.timeline.openOnSessionStart`) where `rewind.timeline.location`
// says, and relays debug events to every open timeline.
// Owns the wiring only; the webview, its two surfaces, session tracking and HTML live next to it.
import * as vscode from 'vscode';
import { RewindEvent } from '../../protocol/requests';
import { REWIND_DEBUG_TYPE, RewindSessions } from './rewindSessions';
import { LOCATION_SETTING, timelineLocation } from './placement';
import { TIMELINE_VIEW_TYPE, TimelinePanel } from './timelinePanel';
import { TIMELINE_PANEL_VIEW_ID, TimelineViewProvider } from './timelineView';
import { TimelineWebview } from './timelineWebview';
import { keysDuringMove } from './keysDuringMove';

const SHOW_TIMELINE_COMMAND = 'rewind.showTimeline';
const OPEN_ON_SESSION_START_SETTING = 'rewind.timeline.openOnSessionStart';

/** Returns whether the bottom panel's view is shown (for the extension's API). */
export function registerTimeline(context: vscode.ExtensionContext): () => boolean {
  const sessions = new RewindSessions();
  const { extensionUri } = context;
  const sendState = (): void => {
    for (const message of sessions.snapshot()) TimelineWebview.broadcast(message);
  };
  const panelView = new TimelineViewProvider(extensionUri, sessions);
  const show = (preserveFocus: boolean): void => {
    const location = timelineLocation(vscode.workspace.getConfiguration().get(LOCATION_SETTING));
    if (location === 'editor') TimelinePanel.show(extensionUri, sessions, preserveFocus, context.workspaceState);
    else void panelView.show(preserveFocus);
  };
  for (const session of vscode.debug.activeDebugSession ? [vscode.debug.activeDebugSession] : [])
    sessions.started(session);
  sessions.activeChanged(vscode.debug.activeDebugSession);

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, () => show(false)),
    keysDuringMove.register(),
    vscode.window.registerWebviewViewProvider(TIMELINE_PANEL_VIEW_ID, panelView),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) =>
        TimelinePanel.revive(panel, extensionUri, sessions, context.workspaceState),
    }),
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== REWIND_DEBUG_TYPE) return;
      sessions.started(session);
      sendState();
      const open = vscode.workspace.getConfiguration().get<boolean>(OPEN_ON_SESSION_START_SETTING, true);
      if (open) show(true);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      sessions.terminated(session);
      sendState();
    }),
    vscode.debug.onDidChangeActiveDebugSession((session) => {
      sessions.activeChanged(session);
      sendState();
    }),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== REWIND_DEBUG_TYPE) return;
      // While the program is recorded, each stats tick (~2/s) tells the panel to re-read the run so far.
      if (event.event === RewindEvent.RECORDING_STATS) {
        if (
          (event.body as { running?: unknown } | undefined)?.running === true &&
          sessions.current() === event.session
        ) {
          TimelineWebview.broadcast({ type: 'session', state: 'active', sessionId: event.session.id });
        }
        return;
      }
      if (event.event !== RewindEvent.POSITION) return;
      const body = sessions.position(event.session, event.body);
      if (body !== undefined && sessions.current() === event.session)
        TimelineWebview.broadcast({ type: 'event', event: RewindEvent.POSITION, body });
    }),
    // A stop the adapter did not follow with a position event (or a frame change) still refreshes the cursor.
    vscode.debug.onDidChangeActiveStackItem((item) => {
      if (item !== undefined && item.session.type === REWIND_DEBUG_TYPE && sessions.current() === item.session) {
        TimelineWebview.broadcast({ type: 'session', state: 'stopped', sessionId: item.session.id });
      }
    }),
    { dispose: () => TimelinePanel.disposeCurrent() },
  );
  return () => panelView.visible;
}
