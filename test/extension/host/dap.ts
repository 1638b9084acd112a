// Test helper: watches the DAP traffic of Rewind sessions from inside the extension host (a debug
// adapter tracker) so tests can await `stopped` and other events instead of sleeping, and reads
// the top frame and variables through the ordinary debug API (customRequest).
import * as vscode from 'vscode';

export interface DapEvent {
  type: 'event';
  event: string;
  body?: Record<string, unknown>;
}
interface Seen {
  session: vscode.DebugSession;
  message: DapEvent;
  atMs: number;
}

export class DapWatcher implements vscode.Disposable {
  private readonly seen: Seen[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('rewind', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: { type?: string }) => {
          if (message.type !== 'event') return;
          this.seen.push({ session, message: message as DapEvent, atMs: Date.now() });
          for (const listener of [...this.listeners]) listener();
        },
      }),
    });
  }

  /** A position in the event log: later waits only see events after it. */
  mark(): number {
    return this.seen.length;
  }

  eventsSince(mark: number, event: string): Seen[] {
    return this.seen.slice(mark).filter((s) => s.message.event === event);
  }

  waitFor(event: string, since: number, timeoutMs = 30_000): Promise<Seen> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.eventsSince(since, event)[0];
        if (found) {
          cleanup();
          resolve(found);
        }
        return Boolean(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no DAP "${event}" event within ${timeoutMs} ms; saw: ${
              this.seen
                .slice(since)
                .map((s) => s.message.event)
                .join(', ') || 'nothing'
            }`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = (): void => void check();
      this.listeners.add(listener);
      check();
    });
  }

  dispose(): void {
    this.registration.dispose();
  }
}

export interface TopFrame {
  line: number;
  name: string;
  path?: string;
  id: number;
}

export async function topFrame(session: vscode.DebugSession, threadId: number): Promise<TopFrame> {
  const body = await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 });
  const frame = body.stackFrames[0];
  return { line: frame.line, name: frame.name, path: filePath(frame.source?.path), id: frame.id };
}

/** In a remote window VS Code hands source paths back as vscode-remote:// URIs; tests compare paths. */
function filePath(pathOrUri: string | undefined): string | undefined {
  return pathOrUri !== undefined && /^[a-z][\w+.-]*:\/\//i.test(pathOrUri)
    ? vscode.Uri.parse(pathOrUri).path
    : pathOrUri;
}

/** The value (as the Variables view shows it) of a variable in the top frame's first scopes. */
export async function variableValue(
  session: vscode.DebugSession,
  frameId: number,
  name: string,
): Promise<string | undefined> {
  const { scopes } = await session.customRequest('scopes', { frameId });
  for (const scope of scopes as Array<{ variablesReference: number; expensive?: boolean }>) {
    if (scope.expensive) continue;
    const { variables } = await session.customRequest('variables', { variablesReference: scope.variablesReference });
    const found = (variables as Array<{ name: string; value: string }>).find((v) => v.name === name);
    if (found) return found.value;
  }
  return undefined;
}

/** Resolves when VS Code's debug UI has focused a stopped thread (commands like stepBack act on it). */
export async function untilFocused(timeoutMs = 10_000): Promise<void> {
  const startedMs = Date.now();
  while (vscode.debug.activeStackItem === undefined) {
    if (Date.now() - startedMs > timeoutMs) throw new Error('VS Code never focused a stopped thread');
    await sleep(50);
  }
}

/**
 * Picks row `index` (0-based) of the quick pick that a command just started opens, as a user does
 * with Down and Enter, and returns what the command returned. The pick opens when the command has
 * asked the adapter for its rows, which takes seconds under load (a fixed 1.5 s wait lost the race
 * at load 45): Down × index and Enter are sent again every 2 s until the command settles. Before the
 * pick is open they do nothing.
 */
export async function pickRow<T>(command: Thenable<T>, index: number, timeoutMs = 60_000): Promise<T> {
  let settled = false;
  const result = Promise.resolve(command).finally(() => (settled = true));
  const startedMs = Date.now();
  while (!settled) {
    if (Date.now() - startedMs > timeoutMs) throw new Error(`the quick pick was not answered within ${timeoutMs} ms`);
    for (let down = 0; down < index; down++)
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await Promise.race([result, sleep(2_000)]);
  }
  return result;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Stops every debug session and waits until none is left. */
export async function stopAll(): Promise<void> {
  if (vscode.debug.activeDebugSession === undefined) return;
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession(() => {
      if (vscode.debug.activeDebugSession === undefined) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging();
  await Promise.race([ended, sleep(10_000)]);
}
