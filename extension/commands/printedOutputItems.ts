// The rows of "Rewind: Go to Printed Output…" (issue 15 §3): one per line the program printed —
// every thread's (the main process, child processes, workers), thread by thread, each in time
// order — its text, its step and, when the recording has more than one thread, the thread's name
// (stderr said so); and the title over them. Pure (no vscode import) so it is unit-tested; the
// quick pick and the seek are goToOutput.ts.
import type { ConsoleBody } from '../../protocol/requests';

export interface PrintedItem {
  label: string;
  description: string;
  step: number;
  /** The thread that printed it: the seek goes to that thread's step. */
  threadId?: number;
}

/** One thread's printed lines (`rewind/console` with its threadId) and its name in the Call Stack. */
export interface ThreadOutput {
  threadId: number;
  name: string;
  messages: ConsoleBody['messages'];
}

/** Longest label shown; the rest of a long line is cut (the timeline's console has it whole). */
const MAX_LABEL_CHARS = 200;

export function printedItems(messages: ConsoleBody['messages']): PrintedItem[] {
  return messages.map((message) => {
    const text = message.text.replace(/\r?\n$/, '').replace(/\r?\n/g, ' ⏎ ');
    const label = text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS)}…` : text;
    const stream = message.stream === 'stderr' ? ' · stderr' : '';
    return { label: label || '(empty line)', description: `step ${message.step}${stream}`, step: message.step };
  });
}

/** Every thread's lines, each labelled by its thread when there is more than one. */
export function printedItemsOfThreads(threads: readonly ThreadOutput[]): PrintedItem[] {
  const named = threads.length > 1;
  return threads.flatMap(({ threadId, name, messages }) =>
    printedItems(messages).map((item) => ({
      ...item,
      threadId,
      description: named ? `${name} · ${item.description}` : item.description,
    })),
  );
}

export function printedTitle(total: number, shown: number): string {
  const count = total === 1 ? '1 line printed' : `${total} lines printed`;
  return `${count}${shown < total ? ` (first ${shown} shown)` : ''} — pick one to travel to the moment it was printed`;
}
