// The reverse moves as palette commands with keybindings (issue 15 §2): Step Back and Reverse
// Continue (VS Code's own actions, which exist but are neither in the palette nor bound), Step Back
// Out and Go to Start/End of Recording (the adapter's `rewind/` requests). Each acts on the active
// Rewind session and returns whether it moved, so tests can await it. Knows no replay logic.
import * as vscode from 'vscode';
import {
  RewindRequest,
  type SeekArgs,
  type StepBackOutArgs,
  type TimelineArgs,
  type TimelineBody,
} from '../../protocol/requests';
import { DEBUG_TYPE } from '../config/provider';

const TIME_TRAVEL_COMMANDS = {
  stepBack: 'rewind.stepBack',
  reverseContinue: 'rewind.reverseContinue',
  stepBackOut: 'rewind.stepBackOut',
  goToStart: 'rewind.goToStart',
  goToEnd: 'rewind.goToEnd',
} as const;

export function registerTimeTravelCommands(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.stepBack, () => builtIn('workbench.action.debug.stepBack')),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.reverseContinue, () =>
      builtIn('workbench.action.debug.reverseContinue'),
    ),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.stepBackOut, () =>
      custom(RewindRequest.STEP_BACK_OUT, {} satisfies StepBackOutArgs),
    ),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.goToStart, () =>
      custom(RewindRequest.SEEK, { step: 0 } satisfies SeekArgs),
    ),
    vscode.commands.registerCommand(TIME_TRAVEL_COMMANDS.goToEnd, async () => {
      const session = rewindSession();
      if (session === undefined) return false;
      // The recording's length, from the adapter (not a cached position that may be stale).
      const { totalSteps } = (await session.customRequest(RewindRequest.TIMELINE, {
        startStep: 0,
        endStep: 0,
        bucketCount: 1,
      } satisfies TimelineArgs)) as Pick<TimelineBody, 'totalSteps'>;
      return custom(RewindRequest.SEEK, { step: Math.max(0, totalSteps - 1) } satisfies SeekArgs);
    }),
  );
}

function rewindSession(): vscode.DebugSession | undefined {
  const session = vscode.debug.activeDebugSession;
  if (session?.type === DEBUG_TYPE) return session;
  void vscode.window.showInformationMessage('Rewind: no Rewind debug session is active.');
  return undefined;
}

/** VS Code's own action: it marks the thread running and focuses the new stop itself. */
async function builtIn(command: string): Promise<boolean> {
  if (rewindSession() === undefined) return false;
  await vscode.commands.executeCommand(command);
  return true;
}

async function custom(command: string, args: Record<string, unknown>): Promise<boolean> {
  const session = rewindSession();
  if (session === undefined) return false;
  const threadId = threadOf(vscode.debug.activeStackItem);
  try {
    await session.customRequest(command, threadId === undefined ? args : { ...args, threadId });
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

function threadOf(item: vscode.DebugThread | vscode.DebugStackFrame | undefined): number | undefined {
  return item === undefined ? undefined : item.threadId;
}
