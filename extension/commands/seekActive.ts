// Moves the active Rewind session's cursor to a step (`rewind/seek`), on the thread the user is
// looking at: the one step a quick pick ends with (value history, printed output). Knows no UI.
import type * as vscode from 'vscode';
import { RewindRequest, type SeekArgs } from '../../protocol/requests';

export async function seekActive(
  session: vscode.DebugSession,
  activeThreadId: number | undefined,
  step: number,
): Promise<void> {
  // The adapter takes the thread too (the webview's contract has only the step: it seeks on the shown thread).
  const args: SeekArgs & { threadId?: number } =
    activeThreadId === undefined ? { step } : { step, threadId: activeThreadId };
  await session.customRequest(RewindRequest.SEEK, args);
}
