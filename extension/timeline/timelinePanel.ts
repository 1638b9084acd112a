// The "Rewind: Show Timeline" webview panel: at most one, created or revealed on demand, revived
// after a window reload. It loads the bundle under a strict CSP from dist/webview only (SEC-05),
// validates every webview message against the closed schema (SEC-07) and forwards requests to the
// current Rewind session. No retainContextWhenHidden: the webview keeps its own state (getState).
// It opens where the user last put it (placement.ts), else beside the editor.
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage } from '../../protocol/requests';
import { DisposableStore } from './disposables';
import { rememberColumn, rememberedColumn, type PlacementStore } from './placement';
import { forwardRequest } from './requestForwarder';
import type { RewindSessions } from './rewindSessions';
import { createNonce, timelineHtml } from './timelineHtml';

export const TIMELINE_VIEW_TYPE = 'rewind.timeline';
/** How long a timeline seek keeps the focus in the panel at most, and after the adapter answered. */
const FOCUS_RETURN_WAIT_MS = 5_000;
const FOCUS_AFTER_ANSWER_MS = 1_000;

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
      webviewOptions(extensionUri),
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
    panel.webview.options = webviewOptions(extensionUri);
    TimelinePanel.current = new TimelinePanel(panel, extensionUri, sessions, placement);
  }

  /** Sends a message to the open panel, if any. */
  static broadcast(message: HostMessage): void {
    TimelinePanel.current?.post(message);
  }

  static disposeCurrent(): void {
    TimelinePanel.current?.dispose();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly sessions: RewindSessions,
    placement: PlacementStore,
  ) {
    const webview = panel.webview;
    const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    webview.html = timelineHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'timeline.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'timeline.css')).toString(),
      nonce: createNonce(),
    });
    this.disposables.add(panel.onDidDispose(() => this.dispose()));
    // Moving the tab to another group fires a view-state change: that group is where it opens next time.
    rememberColumn(placement, panel.viewColumn);
    this.disposables.add(panel.onDidChangeViewState(() => rememberColumn(placement, panel.viewColumn)));
    this.disposables.add(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
  }

  post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (message === undefined) return; // not in the closed schema: dropped, never forwarded (SEC-07)
    if (message.type === 'ready') {
      for (const update of this.sessions.snapshot()) this.post(update);
      return;
    }
    // The webview seeks only when the user acts in it (drag, keys, a click on a row): every seek is a move that starts here.
    // The webview seeks only when the user acts in it (drag, keys, a click on a row): every seek is a move that starts here.
    const keepFocus = message.command === 'rewind/seek' ? this.keepFocusAfterStop() : undefined;
    void forwardRequest(this.sessions.current(), message).then((response) => {
      this.post(response);
      keepFocus?.answered(response.success);
    });
  }

  /**
   * A move that starts in the timeline keeps the timeline focused (issue 15 §1). VS Code focuses
   * the new stop's editor — that is how the editor reveals the line and the Variables view follows
   * (a stop with preserveFocusHint would leave the Variables view on the old frame) — so while
   * the stop is being shown, each time the panel loses the focus it takes it back.
   */
  private keepFocusAfterStop(): { answered(success: boolean): void } {
    const watch = new DisposableStore();
    this.disposables.add(watch);
    watch.add(
      this.panel.onDidChangeViewState(() => {
        if (!this.disposed && !this.panel.active) this.panel.reveal(this.panel.viewColumn, false);
      }),
    );
    let timer = setTimeout(() => watch.dispose(), FOCUS_RETURN_WAIT_MS);
    watch.add({ dispose: () => clearTimeout(timer) });
    return {
      answered: (success) => {
        if (!success) return watch.dispose();
        // The stop follows the answer. Once VS Code has shown it (the new frame is focused) or after
        // a short while, the focus is the user's again: a click elsewhere is never pulled back.
        clearTimeout(timer);
        timer = setTimeout(() => watch.dispose(), FOCUS_AFTER_ANSWER_MS);
        watch.add(
          vscode.debug.onDidChangeActiveStackItem((item) => {
            if (item === undefined) return;
            if (!this.disposed && !this.panel.active) this.panel.reveal(this.panel.viewColumn, false);
            watch.dispose();
          }),
        );
      },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.panel.dispose();
    this.disposables.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}
