// "Rewind: Go to Printed Output…" (issue 15 §3): VS Code's Debug Console gives its lines no action
// an extension can add, so the palette lists every line the program printed (rewind/console) and
// picking one travels to the moment it was printed — the statement that printed it, before it
// runs. Resolves to the step travelled to (undefined when nothing was picked), for tests.
import * as vscode from 'vscode';
import { RewindRequest, type ConsoleArgs, type ConsoleBody } from '../../protocol/requests';
import { DEBUG_TYPE } from '../config/provider';
import { printedItems, printedTitle, type PrintedItem } from './printedOutputItems';
import { seekActive } from './seekActive';

const GO_TO_OUTPUT = 'rewind.goToOutput';
/** Lines offered at most (the timeline's console list pages through all of them). */
const MAX_LISTED = 5000;
const PAGE = 1000;

export function registerGoToOutput(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(vscode.commands.registerCommand(GO_TO_OUTPUT, goToOutput));
}

async function goToOutput(): Promise<number | undefined> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) {
    void vscode.window.showInformationMessage('Rewind: no Rewind debug session is active.');
    return undefined;
  }
  const messages: ConsoleBody['messages'] = [];
  let total: number;
  try {
    for (;;) {
      const args: ConsoleArgs = { startIndex: messages.length, count: PAGE };
      const page = (await session.customRequest(RewindRequest.CONSOLE, args)) as ConsoleBody;
      total = page.total;
      messages.push(...page.messages);
      if (page.messages.length === 0 || messages.length >= Math.min(total, MAX_LISTED)) break;
    }
  } catch (error) {
    void vscode.window.showInformationMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const listed = messages.slice(0, MAX_LISTED);
  const picked = await vscode.window.showQuickPick<PrintedItem & vscode.QuickPickItem>(printedItems(listed), {
    title: printedTitle(total, listed.length),
    placeHolder: total === 0 ? 'the program printed nothing in this recording' : 'printed text · step',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  await seekActive(session, vscode.debug.activeStackItem?.threadId, picked.step);
  return picked.step;
}
