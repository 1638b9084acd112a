// While VS Code shows the stop of a move that started in the timeline, it focuses the stop's editor
// for a moment (0.7 s under load in code-server) before the timeline takes the focus back
// (timelineWebview.ts keepFocusAfterStop). A timeline key pressed then went to the editor:
// Shift+ArrowLeft selected code instead of scrubbing, and `+`, `0` or Enter would have typed into it.
// This owns the context key that turns on package.json's keybindings for those keys (only while a
// text editor has the focus) and their command, which hands each key to the timeline the move
// started in. Knows nothing of what the keys do.
import * as vscode from 'vscode';
import { TIMELINE_KEYS, type TimelineKeyName } from '../../protocol/requests';

const FORWARD_KEY_COMMAND = 'rewind.timeline.forwardKey';
const MOVE_SHOWING_CONTEXT = 'rewind.timelineMoveShowing';

/** The timeline a move started in: takes a key as if it had been pressed there. */
export interface KeyTarget {
  key(key: TimelineKeyName, shiftKey: boolean): void;
}

class KeysDuringMove {
  /** One entry per move being shown, the latest last. */
  private readonly moves: KeyTarget[] = [];
  /** A key pressed just as the last move ended (the context key is cleared asynchronously) still goes there. */
  private lastTarget: KeyTarget | undefined;

  /** A move that started in `target` is being shown until the returned disposable is disposed. */
  begin(target: KeyTarget): vscode.Disposable {
    this.moves.push(target);
    this.lastTarget = target;
    if (this.moves.length === 1) void vscode.commands.executeCommand('setContext', MOVE_SHOWING_CONTEXT, true);
    let ended = false;
    return {
      dispose: () => {
        if (ended) return;
        ended = true;
        this.moves.splice(this.moves.indexOf(target), 1);
        if (this.moves.length === 0) void vscode.commands.executeCommand('setContext', MOVE_SHOWING_CONTEXT, false);
      },
    };
  }

  register(): vscode.Disposable {
    return vscode.commands.registerCommand(FORWARD_KEY_COMMAND, (args: unknown) => {
      const pressed = keyArgs(args);
      const target = this.moves.at(-1) ?? this.lastTarget;
      if (pressed !== undefined) target?.key(pressed.key, pressed.shiftKey);
    });
  }
}

/** The keybinding's `args`, checked: they come from package.json, or from a user's own keybinding. */
function keyArgs(args: unknown): { key: TimelineKeyName; shiftKey: boolean } | undefined {
  const { key, shiftKey } = (args ?? {}) as { key?: unknown; shiftKey?: unknown };
  if (!TIMELINE_KEYS.includes(key as TimelineKeyName)) return undefined;
  return { key: key as TimelineKeyName, shiftKey: shiftKey === true };
}

export const keysDuringMove = new KeysDuringMove();
