// Selecting a scheduling frame in the Call Stack moves the debugger to the moment of scheduling
// (issue 11 item 4). DAP has no "frame selected" request, but VS Code tells extensions which frame
// the user focused (debug.onDidChangeActiveStackItem), so every focus on a Rewind session's frame
// is forwarded as `rewind/gotoSchedulingPoint`: the adapter moves only for a frame below a
// callback's origin label (or a worker message's send) and answers `moved: false` for any other
// (the top frame VS Code focuses after each stop among them). Knows no replay logic.
import * as vscode from 'vscode';
import { RewindRequest, type GotoSchedulingPointArgs, type GotoSchedulingPointBody } from '../../protocol/requests';
import { DEBUG_TYPE } from '../config/provider';

export function registerSchedulingFrameSelection(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(vscode.debug.onDidChangeActiveStackItem((item) => void forwardSelection(item)));
}

/** Whether the focus on `item` moved the debugger (a Rewind frame below an origin label). */
export async function forwardSelection(
  item: vscode.DebugThread | vscode.DebugStackFrame | undefined,
): Promise<boolean> {
  if (item === undefined || !('frameId' in item) || item.session.type !== DEBUG_TYPE) return false;
  const args: GotoSchedulingPointArgs = { frameId: item.frameId };
  try {
    const body = (await item.session.customRequest(RewindRequest.GOTO_SCHEDULING_POINT, args)) as
      GotoSchedulingPointBody | undefined;
    return body?.moved === true;
  } catch {
    // A frame of a stop the session has since left (the focus raced a step or a seek): nothing to move.
    return false;
  }
}
