// The timeline as an editor tab (setting `rewind.timeline.location: "editor"`): at most one,
// created or revealed on demand, revived after a window reload, opened where the user last put it
// (placement.ts), else beside the editor. The webview itself is timelineWebview.ts's. No
// retainContextWhenHidden: the webview keeps its own state (getState).
import * as vscode from 'vscode';
import { DisposableStore } from './disposables';
import { rememberColumn, rememberedColumn, type PlacementStore } from './placement';
import type { RewindSessions } from './rewindSessions';
import { TimelineWebview, webviewOptions } from './timelineWebview';

export const TIMELINE_VIEW_TYPE = 'rewind.timeline';

export class TimelinePanel {
  private static current: TimelinePanel | undefined;
  private readonly disposables = new DisposableStore();
  private disposed = false;

  static show(
    extensionUri: vscode.Uri,
    sessions: RewindSessions,
    preserveFocus: boolean,
    placement: PlacementStore,
  ): void {
    if (TimelinePanel.current !== undefined) {
      TimelinePanel.current.panel.reveal(undefined, preserveFocus);
      return;
    }
    const viewColumn = rememberedColumn(placement) ?? vscode.ViewColumn.Beside;
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'Rewind Timeline',
      { viewColumn, preserveFocus },
      { ...webviewOptions(extensionUri), enableFindWidget: false },
    );
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, sessions, placement);
  }

  /** Re-attaches to a panel VS Code restored after a reload (WebviewPanelSerializer). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    sessions: RewindSessions,
    placement: PlacementStore,
  ): void {
    TimelinePanel.current?.dispose();
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, sessions, placement);
  }

  static disposeCurrent(): void {
    TimelinePanel.current?.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    sessions: RewindSessions,
    placement: PlacementStore,
  ) {
    const timeline = new TimelineWebview(
      panel.webview,
      {
        focused: () => panel.active,
        onDidChangeFocus: (listener) => panel.onDidChangeViewState(listener),
        takeFocus: () => panel.reveal(panel.viewColumn, false),
      },
      extensionUri,
      sessions,
    );
    this.disposables.add(timeline);
    this.disposables.add(panel.onDidDispose(() => this.dispose()));
    // Moving the tab to another group fires a view-state change: that group is where it opens next time.
    rememberColumn(placement, panel.viewColumn);
    this.disposables.add(panel.onDidChangeViewState(() => rememberColumn(placement, panel.viewColumn)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    this.disposables.dispose();
  }
}
