// One timeline webview, wherever it is shown (an editor tab, timelinePanel.ts, or a view in the
// bottom panel, timelineView.ts): its HTML under a strict CSP from dist/webview only (SEC-05), the
// closed message schema (SEC-07), requests forwarded to the current Rewind session, and the focus
// kept in it after a seek that started in it. Knows nothing of tabs, groups or view containers:
// a surface says whether it has the focus and takes it back.
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage } from '../../protocol/requests';
import { DisposableStore } from './disposables';
import { keysDuringMove } from './keysDuringMove';
import { forwardRequest } from './requestForwarder';
import type { RewindSessions } from './rewindSessions';
import { createNonce, timelineHtml } from './timelineHtml';

/**
 * How long a timeline seek keeps the focus in the timeline at most, before and after the adapter
 * answered: VS Code shows the stop (focusing its editor) after the answer, 1 s after it under load
 * (average 24 on 2 cores), when a 1 s wait had already let go and the editor kept the keys.
 */
const FOCUS_RETURN_WAIT_MS = 5_000;
const FOCUS_AFTER_ANSWER_MS = 5_000;

/** What a timeline is shown in, as far as the focus goes. */
export interface TimelineSurface {
  /** True while it has the focus; undefined when the surface cannot tell (a panel view). */
  focused(): boolean | undefined;
  /** Fires when it may have gained or lost the focus. */
  onDidChangeFocus(listener: () => void): vscode.Disposable;
  takeFocus(): void;
}

export class TimelineWebview {
  /** Every timeline shown now (an editor tab and a panel view may both be open). */
  private static readonly open = new Set<TimelineWebview>();
  private readonly disposables = new DisposableStore();
  private disposed = false;
  /**
   * Seeks from here that were answered and whose stop VS Code has not shown yet (a new active stack
   * item). With two quick moves, the first one's stop can be shown after the second was answered:
   * the second must not take that stop for its own and let the focus go before its own is shown.
   */
  private stopsToShow = 0;
  /** What the webview last said of its keyboard focus (a `focusChanged` message); undefined before it said. */
  private reportedFocus: boolean | undefined;
  private readonly focusReportListeners = new Set<() => void>();

  static broadcast(message: HostMessage): void {
    for (const timeline of TimelineWebview.open) timeline.post(message);
  }

  constructor(
    private readonly webview: vscode.Webview,
    private readonly surface: TimelineSurface,
    extensionUri: vscode.Uri,
    private readonly sessions: RewindSessions,
  ) {
    webview.options = webviewOptions(extensionUri);
    const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    webview.html = timelineHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'timeline.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, 'timeline.css')).toString(),
      nonce: createNonce(),
    });
    this.disposables.add(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    // Registered before any seek's watch, so it counts a shown stop before the watches look.
    this.disposables.add(
      vscode.debug.onDidChangeActiveStackItem((item) => {
        if (item !== undefined && this.stopsToShow > 0) this.stopsToShow--;
      }),
    );
    TimelineWebview.open.add(this);
  }

  post(message: HostMessage): void {
    if (!this.disposed) void this.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (message === undefined) return; // not in the closed schema: dropped, never forwarded (SEC-07)
    if (message.type === 'ready') {
      for (const update of this.sessions.snapshot()) this.post(update);
      return;
    }
    if (message.type === 'focusChanged') {
      this.reportedFocus = message.focused;
      for (const listener of [...this.focusReportListeners]) listener();
      return;
    }
    // The webview seeks only when the user acts in it (drag, keys, a click on a row): every seek is a move that starts
    // here.
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
   * the stop is being shown, each time the timeline loses the focus it takes it back.
   */
  private keepFocusAfterStop(): { answered(success: boolean): void } {
    const watch = new DisposableStore();
    this.disposables.add(watch);
    const takeBack = () => {
      if (this.disposed) return;
      if (this.focused() !== true) this.surface.takeFocus();
      // VS Code may focus the webview's frame without passing the focus on to the timeline's own
      // document (under load, seen in code-server): the keys then reach neither. The webview checks.
      this.post({ type: 'focus' });
    };
    // Until then, a timeline key that lands in the editor comes here (keysDuringMove.ts).
    const keys = keysDuringMove.begin({
      key: (key, shiftKey) => {
        this.post({ type: 'key', key, shiftKey });
        takeBack();
      },
    });
    watch.add({ dispose: () => this.releaseWhenFocused(keys) });
    watch.add(
      this.onDidChangeFocus(() => {
        if (this.focused() === false) takeBack();
      }),
    );
    let timer = setTimeout(() => watch.dispose(), FOCUS_RETURN_WAIT_MS);
    watch.add({ dispose: () => clearTimeout(timer) });
    return {
      answered: (success) => {
        if (!success) return watch.dispose();
        // The stop follows the answer. Once VS Code has shown it (the new frame is focused; normally
        // well under a second) or at the latest after FOCUS_AFTER_ANSWER_MS, the focus is the user's again.
        clearTimeout(timer);
        timer = setTimeout(() => watch.dispose(), FOCUS_AFTER_ANSWER_MS);
        // This seek's stop is the n-th stop shown from now: the ones before it are earlier seeks'.
        let stopsUntilMine = ++this.stopsToShow;
        // A stop never shown (the watch timed out) is no longer waited for.
        watch.add({
          dispose: () => {
            if (stopsUntilMine > 0 && this.stopsToShow > 0) this.stopsToShow--;
          },
        });
        watch.add(
          vscode.debug.onDidChangeActiveStackItem((item) => {
            if (item === undefined) return;
            takeBack();
            if (--stopsUntilMine > 0) return;
            // VS Code reveals (and may focus) the editor after the stack item changes, sometimes later
            // than this event: take the focus once more when that settles, then keep watching a little
            // longer — under load the editor took the focus after the settle and the next key went into
            // the code (the editor journey). A loss in that time is taken back, a key that lands in the
            // editor still comes here.
            clearTimeout(timer);
            timer = setTimeout(() => {
              takeBack();
              timer = setTimeout(() => watch.dispose(), LATE_FOCUS_GUARD_MS);
            }, FOCUS_SETTLE_MS);
          }),
        );
      },
    };
  }

  /**
   * Ends `keys` once the timeline has the focus back: taking it back is asynchronous (0.5 s under
   * load, seen in code-server), and a key pressed meanwhile still lands in the editor.
   */
  private releaseWhenFocused(keys: vscode.Disposable): void {
    if (this.disposed || this.focused() !== false) return keys.dispose();
    const waiting = new DisposableStore();
    const release = () => {
      waiting.dispose();
      keys.dispose();
    };
    waiting.add(
      this.onDidChangeFocus(() => {
        if (this.focused() !== false) release();
      }),
    );
    const timer = setTimeout(release, FOCUS_RETURN_WAIT_MS);
    waiting.add({ dispose: () => clearTimeout(timer) });
    this.disposables.add(waiting);
    this.disposables.add(keys);
  }

  /** The surface's answer, or where it cannot tell (a panel view), what the webview last reported. */
  private focused(): boolean | undefined {
    return this.surface.focused() ?? this.reportedFocus;
  }

  private onDidChangeFocus(listener: () => void): vscode.Disposable {
    const fromSurface = this.surface.onDidChangeFocus(listener);
    this.focusReportListeners.add(listener);
    return {
      dispose: () => {
        fromSurface.dispose();
        this.focusReportListeners.delete(listener);
      },
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    TimelineWebview.open.delete(this);
    this.disposables.dispose();
  }
}

/** After a stop, when VS Code has revealed its editor (it does so right after the stack item changes). */
const FOCUS_SETTLE_MS = 150;
/**
 * After the settle, how long a loss of the focus is still taken back: on a loaded machine VS Code
 * focused the stop's editor after the settle (CI's editor journey: the timeline had the focus, then
 * its next Shift+ArrowLeft never reached it).
 */
const LATE_FOCUS_GUARD_MS = 600;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}
