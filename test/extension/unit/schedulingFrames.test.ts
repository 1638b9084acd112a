// The Call Stack's frame selection reaches the adapter (extension/commands/schedulingFrames.ts): a
// focused Rewind stack frame is sent as `rewind/gotoSchedulingPoint` with its DAP frame id; a
// focused thread, another debugger's frame or no focus sends nothing; a refused (stale) frame is
// no error for the user.
import { describe, expect, it, vi } from 'vitest';

type Item = { session: { type: string; customRequest: ReturnType<typeof vi.fn> }; threadId: number; frameId?: number };
const focus = vi.hoisted(() => ({ listeners: [] as Array<(item: unknown) => void> }));
vi.mock('vscode', () => ({
  debug: {
    onDidChangeActiveStackItem: (listener: (item: unknown) => void) => {
      focus.listeners.push(listener);
      return { dispose: () => undefined };
    },
  },
}));

const { forwardSelection, registerSchedulingFrameSelection } =
  await import('../../../extension/commands/schedulingFrames');

function item(type: string, frameId: number | undefined, answer: () => Promise<unknown>): Item {
  const session = { type, customRequest: vi.fn(answer) };
  return frameId === undefined ? { session, threadId: 3 } : { session, threadId: 3, frameId };
}

describe('forwarding the Call Stack selection', () => {
  it("sends a Rewind frame's id and reports whether the debugger moved", async () => {
    const moved = item('rewind', 17, async () => ({ moved: true }));
    expect(await forwardSelection(moved as never)).toBe(true);
    expect(moved.session.customRequest).toHaveBeenCalledWith('rewind/gotoSchedulingPoint', { frameId: 17 });
    const stayed = item('rewind', 2, async () => ({ moved: false }));
    expect(await forwardSelection(stayed as never)).toBe(false);
    expect(stayed.session.customRequest).toHaveBeenCalledTimes(1);
  });

  it("sends nothing for a thread, another debugger's frame or no focus", async () => {
    const thread = item('rewind', undefined, async () => ({ moved: true }));
    const other = item('node', 5, async () => ({ moved: true }));
    expect(await forwardSelection(thread as never)).toBe(false);
    expect(await forwardSelection(other as never)).toBe(false);
    expect(await forwardSelection(undefined)).toBe(false);
    expect(thread.session.customRequest).not.toHaveBeenCalled();
    expect(other.session.customRequest).not.toHaveBeenCalled();
  });

  it('a refused frame (a stop since left) is no error', async () => {
    const stale = item('rewind', 9, () => Promise.reject(new Error('reference 9 is from an earlier stop')));
    expect(await forwardSelection(stale as never)).toBe(false);
  });

  it('is wired to the focus event', async () => {
    const subscriptions: { dispose(): void }[] = [];
    registerSchedulingFrameSelection(subscriptions as never);
    expect(subscriptions).toHaveLength(1);
    const focused = item('rewind', 4, async () => ({ moved: true }));
    for (const listener of focus.listeners) listener(focused);
    expect(focused.session.customRequest).toHaveBeenCalledWith('rewind/gotoSchedulingPoint', { frameId: 4 });
  });
});
