// The timeline as a view in the bottom panel (setting `rewind.timeline.location: "panel"`, like
// Replay's timeline under the code): a WebviewViewProvider for the `rewind.timelineView` view of
// the `rewind` panel container. The webview itself is timelineWebview.ts's, the same as the tab's.
// Knows nothing of editor groups.
import * as vscode from 'vscode';
import type { RewindSessions } from './rewindSessions';
import { TimelineWebview } from './timelineWebview';

export const TIMELINE_PANEL_VIEW_ID = 'rewind.timelineView';

export class TimelineViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: RewindSessions,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const timeline = new TimelineWebview(
      view.webview,
      {
        // A view says whether it is shown, never whether it has the keyboard.
        focused: () => undefined,
        onDidChangeFocus: (listener) => view.onDidChangeVisibility(listener),
        takeFocus: () => view.show(false),
      },
      this.extensionUri,
      this.sessions,
    );
    view.onDidDispose(() => {
      timeline.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  /** Resolved and visible (a collapsed panel or another view in front hides it). */
  get visible(): boolean {
    return this.view?.visible === true;
  }

  /** Shows the view; the first time VS Code creates it through the view's own focus command. */
  async show(preserveFocus: boolean): Promise<void> {
    if (this.view) {
      this.view.show(preserveFocus);
      return;
    }
    await vscode.commands.executeCommand(`${TIMELINE_PANEL_VIEW_ID}.focus`, { preserveFocus });
  }
}
