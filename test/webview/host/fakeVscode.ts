// A minimal stand-in for the `vscode` module, enough to drive extension/timeline in plain vitest:
// records registrations and lets tests fire debug events and webview messages by hand.
type Listener<T> = (value: T) => void;

export class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

export class FakeUri {
  constructor(readonly path: string) {}
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri([base.path, ...parts].join('/'));
  }
  toString(): string {
    return `vscode-resource:${this.path}`;
  }
}

export interface FakePanel {
  viewType: string;
  title: string;
  options: Record<string, unknown>;
  webview: {
    html: string;
    options: Record<string, unknown>;
    cspSource: string;
    posted: unknown[];
    receive: Emitter<unknown>;
    asWebviewUri(uri: FakeUri): FakeUri;
    postMessage(message: unknown): Promise<boolean>;
    onDidReceiveMessage: Emitter<unknown>['event'];
  };
  revealed: number;
  disposed: boolean;
  onDispose: Emitter<void>;
  reveal(column?: unknown, preserveFocus?: boolean): void;
  dispose(): void;
  onDidDispose: Emitter<void>['event'];
  /** Whether the panel has the focus; `blur()` moves it away as VS Code does when it focuses an editor. */
  active: boolean;
  viewColumn: number;
  viewState: Emitter<void>;
  onDidChangeViewState: Emitter<void>['event'];
  blur(): void;
}

export function createFakeVscode() {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  /** Every executeCommand call, e.g. setContext. */
  const executed: unknown[][] = [];
  const panels: FakePanel[] = [];
  const viewProviders = new Map<string, unknown>();
  const settings: Record<string, unknown> = {};
  const events = {
    start: new Emitter<unknown>(),
    terminate: new Emitter<unknown>(),
    active: new Emitter<unknown>(),
    custom: new Emitter<unknown>(),
    stackItem: new Emitter<unknown>(),
  };
  const debug = {
    activeDebugSession: undefined as unknown,
    onDidStartDebugSession: events.start.event,
    onDidTerminateDebugSession: events.terminate.event,
    onDidChangeActiveDebugSession: events.active.event,
    onDidReceiveDebugSessionCustomEvent: events.custom.event,
    onDidChangeActiveStackItem: events.stackItem.event,
  };
  const createWebviewPanel = (
    viewType: string,
    title: string,
    _column: unknown,
    options: Record<string, unknown>,
  ): FakePanel => {
    const receive = new Emitter<unknown>();
    const onDispose = new Emitter<void>();
    const viewState = new Emitter<void>();
    const panel: FakePanel = {
      viewType,
      title,
      options,
      revealed: 0,
      disposed: false,
      onDispose,
      active: true,
      viewColumn: 2,
      viewState,
      onDidChangeViewState: viewState.event,
      blur: () => {
        panel.active = false;
        viewState.fire();
      },
      webview: {
        html: '',
        options,
        cspSource: 'vscode-resource:',
        posted: [],
        receive,
        asWebviewUri: (uri) => uri,
        postMessage: async (message) => {
          panel.webview.posted.push(message);
          return true;
        },
        onDidReceiveMessage: receive.event,
      },
      reveal: (_column, preserveFocus) => {
        panel.revealed++;
        if (preserveFocus === false && !panel.active) {
          panel.active = true;
          viewState.fire();
        }
      },
      dispose: () => {
        if (!panel.disposed) {
          panel.disposed = true;
          onDispose.fire();
        }
      },
      onDidDispose: onDispose.event,
    };
    panels.push(panel);
    return panel;
  };
  const module = {
    Uri: FakeUri,
    ViewColumn: { Beside: -2, Active: -1 },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
        commands.set(id, run);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async (...args: unknown[]) => {
        executed.push(args);
      },
    },
    window: {
      createWebviewPanel,
      registerWebviewPanelSerializer: () => ({ dispose() {} }),
      registerWebviewViewProvider: (id: string, provider: unknown) => {
        viewProviders.set(id, provider);
        return { dispose: () => viewProviders.delete(id) };
      },
    },
    workspace: {
      getConfiguration: () => ({
        get: <T>(key: string, fallback: T): T => (key in settings ? (settings[key] as T) : fallback),
      }),
    },
    debug,
  };
  return { module, commands, executed, panels, settings, events, debug, viewProviders };
}
