// The rows of "Rewind: Go to Printed Output…" (issue 15 §3): one per line the program printed, in
// time order — its text and its step (stderr said so) — and the title over them. Pure (no vscode
// import) so it is unit-tested; the quick pick and the seek are goToOutput.ts.
import type { ConsoleBody } from '../../protocol/requests';

export interface PrintedItem {
  label: string;
  description: string;
  step: number;
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

export function printedTitle(total: number, shown: number): string {
  const count = total === 1 ? '1 line printed' : `${total} lines printed`;
  return `${count}${shown < total ? ` (first ${shown} shown)` : ''} — pick one to travel to the moment it was printed`;
}
