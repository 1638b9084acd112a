// "Rewind: Go to Printed Output…" (issue 15 §3): VS Code's Debug Console gives its lines no action
// an extension can add, so the palette lists every line the program printed — in every thread
// (children, workers), labelled by thread (rewind/console per thread) — and picking one travels to
// the moment it was printed, on the thread that printed it: the statement that printed it, before
// it runs. Resolves to the step travelled to (undefined when nothing was picked), for tests.
import * as vscode from 'vscode';
import { RewindRequest, type ConsoleArgs, type ConsoleBody } from '../../protocol/requests';
import { DEBUG_TYPE } from '../config/provider';
import { printedItemsOfThreads, printedTitle, type PrintedItem, type ThreadOutput } from './printedOutputItems';
import { seekActive } from './seekActive';

const GO_TO_OUTPUT = 'rewind.goToOutput';
/** Lines offered at most, over all threads (the timeline's console list pages through all of them). */
const MAX_LISTED = 5000;
const PAGE = 1000;

export function registerGoToOutput(subscriptions: vscode.Disposable[]): void {
  subscriptions.push(vscode.commands.registerCommand(GO_TO_OUTPUT, goToOutput));
}

/** A thread's printed lines, up to `room` of them; `total` counts them all. */
async function threadOutput(
  session: vscode.DebugSession,
  thread: { id: number; name: string },
  room: number,
): Promise<{ output: ThreadOutput; total: number }> {
  const messages: ConsoleBody['messages'] = [];
  let total: number;
  for (;;) {
    const args: ConsoleArgs & { threadId: number } = { startIndex: messages.length, count: PAGE, threadId: thread.id };
    const page = (await session.customRequest(RewindRequest.CONSOLE, args)) as ConsoleBody;
    total = page.total;
    messages.push(...page.messages);
    if (page.messages.length === 0 || messages.length >= Math.min(total, room)) break;
  }
  return { output: { threadId: thread.id, name: thread.name, messages: messages.slice(0, room) }, total };
}

async function goToOutput(): Promise<number | undefined> {
  const session = vscode.debug.activeDebugSession;
  if (session?.type !== DEBUG_TYPE) {
    void vscode.window.showInformationMessage('Rewind: no Rewind debug session is active.');
    return undefined;
  }
  const outputs: ThreadOutput[] = [];
  let total = 0;
  let listed = 0;
  try {
    const { threads } = (await session.customRequest('threads')) as { threads: Array<{ id: number; name: string }> };
    for (const thread of threads) {
      const { output, total: printed } = await threadOutput(session, thread, MAX_LISTED - listed);
      total += printed;
      listed += output.messages.length;
      outputs.push(output);
    }
  } catch (error) {
    void vscode.window.showInformationMessage(`Rewind: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick<PrintedItem & vscode.QuickPickItem>(printedItemsOfThreads(outputs), {
    title: printedTitle(total, listed),
    placeHolder: total === 0 ? 'the program printed nothing in this recording' : 'printed text · thread · step',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  await seekActive(session, picked.threadId ?? vscode.debug.activeStackItem?.threadId, picked.step);
  return picked.step;
}
