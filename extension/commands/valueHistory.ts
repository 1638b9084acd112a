// "Rewind: Show Value History" from the Variables view's context menu (issue 15 §4): the adapter
// lists every write of the row's variable or property (rewind/valueHistory); a quick pick shows
// them and picking one seeks the debugger to the statement that wrote it. Resolves to the step
// travelled to (undefined when nothing was picked), so tests can await it. Knows no replay logic.
import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../config/provider';
import { seekActive } from './seekActive';
import { RewindRequest, type ValueHistoryArgs, type ValueHistoryBody } from '../../protocol/requests';
import { historyItems, historyTitle, type HistoryItem } from './valueHistoryItems';

const SHOW_VALUE_HISTORY = 'rewind.showValueHistory';

/** What VS Code passes to a `debug/variables/context` command. */
interface VariablesContext {
  sessionId?: string;
  container?: { variablesReference?: number };
  variable?: { name?: string; evaluateName?: string };
}

export function registerValueHistory(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(vscode.commands.registerCommand(SHOW_VALUE_HISTORY, showValueHistory));
}

async function showValueHistory(context?: VariablesContext): Promise<number | undefined> {
  const session = vscode.debug.activeDebugSession;
  const reference = context?.container?.variablesReference;
  const name = context?.variable?.name;
  if (
    session?.type !== DEBUG_TYPE ||
    (context?.sessionId !== undefined && context.sessionId !== session.id) ||
    !reference ||
    name === undefined
  ) {
    void vscode.window.showInformationMessage(
      'Rewind: Show Value History works on a variable or property in the Variables view of a Rewind session.',
    );
    return undefined;
  }
  let body: ValueHistoryBody;
  try {
    const args: ValueHistoryArgs = { variablesReference: reference, name };
    body = (await session.customRequest(RewindRequest.VALUE_HISTORY, args)) as ValueHistoryBody;
  } catch (error) {
    void vscode.window.showInformationMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const label = context?.variable?.evaluateName ?? name;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const picked = await vscode.window.showQuickPick<HistoryItem & vscode.QuickPickItem>(historyItems(body, folder), {
    title: historyTitle(label, body),
    placeHolder: body.total === 0 ? `${label} is never written in the recording` : 'value written · step · where',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  await seekActive(session, vscode.debug.activeStackItem?.threadId, picked.step);
  return picked.step;
}
