// extension/timeline against a fake `vscode`: the command opens one panel with the strict CSP and
// local resource roots, a Rewind session opens it unless the setting says no, webview requests
// reach the session's customRequest only when they pass the closed schema, and adapter position
// events reach the webview.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter, createFakeVscode, type FakePanel } from './fakeVscode';

const fake = vi.hoisted(() => ({ current: undefined as unknown }));
// The mock resolves `vscode.x` at access time, so every test gets its own fresh fake.
vi.mock('vscode', () =>
  Object.fromEntries(
    ['Uri', 'ViewColumn', 'commands', 'window', 'workspace', 'debug'].map((key) => [
      key,
      new Proxy(
        {},
        {
          get: (_target, property) => (fake.current as Record<string, Record<string | symbol, unknown>>)[key][property],
        },
      ),
    ]),
  ),
);
let cleanup: { dispose(): void }[] = [];

async function load() {
  const vscode = createFakeVscode();
  fake.current = vscode.module;
  vi.resetModules();
  const { registerTimeline } = await import('../../../extension/timeline/index');
  const subscriptions: { dispose(): void }[] = [];
  const remembered = new Map<string, unknown>();
  const workspaceState = {
    get: (key: string) => remembered.get(key),
    update: async (key: string, value: unknown) => {
      remembered.set(key, value);
    },
  };
  registerTimeline({ extensionUri: new vscode.module.Uri('/ext'), subscriptions, workspaceState } as never);
  cleanup = subscriptions;
  return { vscode, subscriptions };
}

function rewindSession(id: string, answer: (command: string, args: unknown) => unknown = () => ({})) {
  const calls: [string, unknown][] = [];
  return {
    id,
    type: 'rewind',
    calls,
    customRequest: async (command: string, args: unknown) => {
      calls.push([command, args]);
      return answer(command, args);
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A webview view for `rewind.timelineView`, resolved by the extension's provider: what it posts and each show(). */
function resolvedPanelView(vscode: Awaited<ReturnType<typeof load>>['vscode']) {
  const receive = new Emitter<unknown>();
  const shown: boolean[] = [];
  const view = {
    webview: {
      html: '',
      options: {} as Record<string, unknown>,
      cspSource: 'vscode-resource:',
      posted: [] as unknown[],
      asWebviewUri: (uri: unknown) => uri,
      postMessage: async (message: unknown) => view.webview.posted.push(message) > 0,
      onDidReceiveMessage: receive.event,
    },
    show: (preserveFocus: boolean) => shown.push(preserveFocus),
    onDidDispose: new Emitter<void>().event,
    onDidChangeVisibility: new Emitter<void>().event,
  };
  const provider = vscode.viewProviders.get('rewind.timelineView') as { resolveWebviewView(view: unknown): void };
  provider.resolveWebviewView(view);
  return { view, receive, shown };
}
const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Past timelineWebview.ts's settle (150 ms) and late-focus guard (600 ms) after a stop is shown. */
const STOP_SHOWN_MS = 900;

describe('registerTimeline', () => {
  afterEach(() => {
    for (const subscription of cleanup) subscription.dispose();
  });

  it('registers rewind.showTimeline, which opens a single panel with a strict CSP', async () => {
    const { vscode } = await load();
    // rewind.timeline.forwardKey is internal: bound to keys only while a timeline move is shown (keysDuringMove.ts).
    expect([...vscode.commands.keys()]).toEqual(['rewind.showTimeline', 'rewind.timeline.forwardKey']);
    vscode.commands.get('rewind.showTimeline')?.();
    vscode.commands.get('rewind.showTimeline')?.();
    expect(vscode.panels).toHaveLength(1);
    const panel = vscode.panels[0] as FakePanel;
    expect(panel.revealed).toBe(1);
    expect(panel.viewType).toBe('rewind.timeline');
    expect(panel.options).toMatchObject({ enableScripts: true, localResourceRoots: [{ path: '/ext/dist/webview' }] });
    expect(panel.options.retainContextWhenHidden).toBeUndefined();
    expect(panel.webview.html).toContain(`default-src 'none'`);
    expect(panel.webview.html).toMatch(
      /<script nonce="[^"]+" src="vscode-resource:\/ext\/dist\/webview\/timeline\.js">/,
    );
  });

  it('opens with a Rewind session unless rewind.timeline.openOnSessionStart is false', async () => {
    const { vscode } = await load();
    vscode.events.start.fire({ id: 'n', type: 'node' });
    expect(vscode.panels).toHaveLength(0);
    vscode.settings['rewind.timeline.openOnSessionStart'] = false;
    vscode.events.start.fire(rewindSession('a'));
    expect(vscode.panels).toHaveLength(0);
    vscode.settings['rewind.timeline.openOnSessionStart'] = true;
    vscode.events.start.fire(rewindSession('b'));
    expect(vscode.panels).toHaveLength(1);
  });

  it('a seek from the panel keeps the focus in it while VS Code shows the stop, then lets it go', async () => {
    const { vscode } = await load();
    const session = rewindSession('s1');
    vscode.events.start.fire(session);
    const panel = vscode.panels[0] as FakePanel;
    panel.webview.receive.fire({ type: 'ready' });
    panel.webview.receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 9 } });
    await flush();
    // Each take-back also tells the webview to take the keys into its own document ('focus'):
    // VS Code can focus the webview's frame without passing the focus on (seen under load).
    const focusPosts = () =>
      panel.webview.posted.filter((message) => (message as { type?: unknown }).type === 'focus').length;
    // VS Code focuses the new stop's editor: the panel takes the focus back.
    panel.blur();
    expect(panel.active).toBe(true);
    expect(focusPosts()).toBe(1);
    // The new frame is focused (the stop is shown). The panel is active as far as VS Code says,
    // and the webview is still told (its document may not have the keys). VS Code may still focus the
    // editor just after that (the timeline journey lost the focus so): for a short settle time it is
    // taken back once more, and a loss a little later still is (the editor journey under load lost
    // its next key so); after that the focus is the user's.
    vscode.events.stackItem.fire({ session });
    expect(focusPosts()).toBe(2);
    panel.blur();
    expect(panel.active).toBe(true);
    await waitMs(400);
    panel.blur();
    expect(panel.active).toBe(true);
    await waitMs(STOP_SHOWN_MS - 400);
    const settled = focusPosts();
    panel.blur();
    expect(panel.active).toBe(false);
    // Requests other than seeks never pull the focus.
    panel.webview.receive.fire({ type: 'request', requestId: 2, command: 'rewind/search', args: { query: 'main' } });
    await flush();
    panel.active = true;
    panel.blur();
    expect(panel.active).toBe(false);
    expect(focusPosts()).toBe(settled);
  });

  it('two quick seeks: a late stop of the first does not end the wait for the second', async () => {
    const { vscode } = await load();
    const session = rewindSession('s1');
    vscode.events.start.fire(session);
    const panel = vscode.panels[0] as FakePanel;
    panel.webview.receive.fire({ type: 'ready' });
    // Two Shift+ArrowLeft presses: both seeks are answered before VS Code shows the first stop.
    panel.webview.receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 9 } });
    panel.webview.receive.fire({ type: 'request', requestId: 2, command: 'rewind/seek', args: { step: 8 } });
    await flush();
    vscode.events.stackItem.fire({ session }); // the first seek's stop
    await new Promise((resolve) => setTimeout(resolve, 250));
    // The second seek's stop focuses its editor 0.85 s later (the timeline journey's run 6): taken back.
    panel.blur();
    expect(panel.active).toBe(true);
    vscode.events.stackItem.fire({ session }); // the second seek's stop
    await waitMs(STOP_SHOWN_MS);
    panel.blur();
    expect(panel.active).toBe(false); // both stops shown: the focus is the user's again
  });

  it('a timeline key that lands in the editor while VS Code shows a seek from the timeline goes to the timeline', async () => {
    // VS Code focuses the stop's editor for a moment (0.7 s under load) before the panel takes the
    // focus back: Shift+ArrowLeft pressed then selected code instead of scrubbing (issue 15 §1).
    const { vscode } = await load();
    const session = rewindSession('s1');
    vscode.events.start.fire(session);
    const panel = vscode.panels[0] as FakePanel;
    panel.webview.receive.fire({ type: 'ready' });
    const showing = () =>
      vscode.executed.filter(([command, key]) => command === 'setContext' && key === 'rewind.timelineMoveShowing');
    const forward = vscode.commands.get('rewind.timeline.forwardKey');
    expect(forward).toBeDefined();
    const keyPosts = () => panel.webview.posted.filter((message) => (message as { type?: unknown }).type === 'key');
    // No move shown: the package.json keybindings are off (their `when` needs the context key).
    expect(showing()).toEqual([]);
    panel.webview.receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 9 } });
    await flush();
    expect(showing()).toEqual([['setContext', 'rewind.timelineMoveShowing', true]]);
    panel.blur(); // the stop's editor has the focus, and the key went there
    forward?.({ key: 'ArrowLeft', shiftKey: true });
    expect(keyPosts()).toEqual([{ type: 'key', key: 'ArrowLeft', shiftKey: true }]);
    expect(panel.active).toBe(true);
    forward?.({ key: 'Delete', shiftKey: false }); // not a timeline key: dropped
    forward?.('ArrowLeft');
    expect(keyPosts()).toHaveLength(1);
    // Once the stop is shown and settled, the keybindings are off again.
    vscode.events.stackItem.fire({ session });
    await waitMs(STOP_SHOWN_MS);
    expect(showing()).toEqual([
      ['setContext', 'rewind.timelineMoveShowing', true],
      ['setContext', 'rewind.timelineMoveShowing', false],
    ]);
  });

  it('forwards valid requests to the session, drops invalid ones, relays position events', async () => {
    const { vscode } = await load();
    const session = rewindSession('s1', (command) =>
      command === 'rewind/search' ? { matches: [], total: 0, extra: 1 } : undefined,
    );
    vscode.events.start.fire(session);
    const panel = vscode.panels[0] as FakePanel;
    panel.webview.receive.fire({ type: 'ready' });
    expect(panel.webview.posted).toEqual([{ type: 'session', state: 'active', sessionId: 's1' }]);
    panel.webview.receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 9 } });
    panel.webview.receive.fire({ type: 'request', requestId: 2, command: 'rewind/search', args: { query: 'main' } });
    panel.webview.receive.fire({
      type: 'request',
      requestId: 3,
      command: 'evaluate',
      args: { expression: 'process.exit()' },
    });
    panel.webview.receive.fire({
      type: 'request',
      requestId: 4,
      command: 'rewind/seek',
      args: { step: 9, extra: true },
    });
    await flush();
    expect(session.calls).toEqual([
      ['rewind/seek', { step: 9 }],
      ['rewind/search', { query: 'main' }],
    ]);
    expect(panel.webview.posted.slice(1)).toEqual([
      { type: 'response', requestId: 1, command: 'rewind/seek', success: true, body: {} },
      { type: 'response', requestId: 2, command: 'rewind/search', success: true, body: { matches: [], total: 0 } },
    ]);
    vscode.events.custom.fire({ session, event: 'rewind/position', body: { step: 9, totalSteps: 100 } });
    vscode.events.custom.fire({ session, event: 'rewind/position', body: { step: 'x' } });
    vscode.events.stackItem.fire({ session });
    expect(panel.webview.posted.slice(3)).toEqual([
      { type: 'event', event: 'rewind/position', body: { step: 9, totalSteps: 100 } },
      { type: 'session', state: 'stopped', sessionId: 's1' },
      { type: 'focus' }, // the seek came from the panel: the stop shown, the webview takes the keys
    ]);
    vscode.events.terminate.fire(session);
    expect(panel.webview.posted.at(-1)).toEqual({ type: 'session', state: 'none' });
  });

  it('while the program is recorded, each stats tick tells the panel to re-read the growing run', async () => {
    const { vscode } = await load();
    const session = rewindSession('s1');
    vscode.events.start.fire(session);
    const panel = vscode.panels[0] as FakePanel;
    panel.webview.receive.fire({ type: 'ready' });
    const before = panel.webview.posted.length;
    vscode.events.custom.fire({
      session,
      event: 'rewind/recordingStats',
      body: { events: 10, lost: 0, running: true },
    });
    vscode.events.custom.fire({
      session,
      event: 'rewind/recordingStats',
      body: { events: 20, lost: 0, running: false },
    });
    expect(panel.webview.posted.slice(before)).toEqual([{ type: 'session', state: 'active', sessionId: 's1' }]);
  });

  it('disposes the panel with the extension', async () => {
    const { vscode, subscriptions } = await load();
    vscode.commands.get('rewind.showTimeline')?.();
    for (const subscription of subscriptions) subscription.dispose();
    expect((vscode.panels[0] as FakePanel).disposed).toBe(true);
  });

  it('with rewind.timeline.location "panel", the same timeline lives in the bottom panel view, never a tab', async () => {
    const { vscode } = await load();
    vscode.settings['rewind.timeline.location'] = 'panel';
    const { view, receive, shown } = resolvedPanelView(vscode);
    expect(view.webview.html).toContain(`default-src 'none'`);
    expect(view.webview.options).toMatchObject({
      enableScripts: true,
      localResourceRoots: [{ path: '/ext/dist/webview' }],
    });
    vscode.commands.get('rewind.showTimeline')?.();
    const session = rewindSession('s');
    vscode.events.start.fire(session);
    expect(shown).toEqual([false, true]); // the command takes the focus; a session start leaves it
    expect(vscode.panels).toHaveLength(0);
    receive.fire({ type: 'ready' });
    expect(view.webview.posted).toContainEqual({ type: 'session', state: 'active', sessionId: 's' });
    receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 3 } });
    await flush();
    expect(session.calls).toEqual([['rewind/seek', { step: 3 }]]);
  });

  it('a panel view, which cannot say whether it has the keys, keeps them after a move by what its webview reports', async () => {
    // A webview view tells the extension only whether it is shown. Under load VS Code focused the stop's
    // editor after the settle, and the editor journey's next Shift+ArrowLeft went into the code.
    const { vscode } = await load();
    vscode.settings['rewind.timeline.location'] = 'panel';
    const { receive, shown } = resolvedPanelView(vscode);
    const session = rewindSession('s');
    vscode.events.start.fire(session);
    receive.fire({ type: 'ready' });
    receive.fire({ type: 'focusChanged', focused: true });
    const takes = () => shown.filter((preserveFocus) => !preserveFocus).length;
    const showing = () =>
      vscode.executed
        .filter(([command, key]) => command === 'setContext' && key === 'rewind.timelineMoveShowing')
        .map(([, , value]) => value);
    const before = takes();
    receive.fire({ type: 'request', requestId: 1, command: 'rewind/seek', args: { step: 3 } });
    await flush();
    // VS Code focuses the stop's editor: the webview says it lost the keys, and the view takes them back.
    receive.fire({ type: 'focusChanged', focused: false });
    expect(takes()).toBe(before + 1);
    receive.fire({ type: 'focusChanged', focused: true });
    vscode.events.stackItem.fire({ session });
    await waitMs(400);
    // After the settle, the editor takes the focus once more (late, under load): taken back, and the
    // editor's keys still go to the timeline until the webview has the focus again.
    const afterSettle = takes();
    receive.fire({ type: 'focusChanged', focused: false });
    expect(takes()).toBe(afterSettle + 1);
    await waitMs(STOP_SHOWN_MS);
    expect(showing()).toEqual([true]);
    receive.fire({ type: 'focusChanged', focused: true });
    expect(showing()).toEqual([true, false]);
    // Long after the stop, a loss of the focus is the user's: left alone.
    const settled = takes();
    receive.fire({ type: 'focusChanged', focused: false });
    expect(takes()).toBe(settled);
  });
});
